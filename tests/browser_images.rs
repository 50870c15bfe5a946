//! Issue 25 in a real browser: at phone width, Chromium fetches a small
//! WebP variant of a photo, not the original; and `gazette serve` shows a
//! new image, and an edited one, without a restart.

use crate::common;

use std::time::Duration;

use common::TestSite;
use common::browser::{Browser, look_at, serve, wait_until};
use image::{Rgb, RgbImage};

fn photo(w: u32, h: u32, tint: u8) -> Vec<u8> {
    let img = RgbImage::from_fn(w, h, |x, y| {
        Rgb([tint, (x * 255 / w) as u8, (y * 255 / h) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .unwrap();
    out
}

/// Image resources the page fetched (their paths), once every image in
/// view has loaded.
fn fetched_images(browser: &Browser) -> Vec<String> {
    wait_until(Duration::from_secs(20), || {
        browser.js(
            "return Array.from(document.images).filter(i => i.loading !== 'lazy')\
             .every(i => i.complete && i.naturalWidth > 0);",
        ) == serde_json::json!(true)
    });
    let names = browser.js(
        "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)\
         .filter(p => /\\.(jpe?g|png|webp)$/.test(p));",
    );
    names
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_phone_fetches_a_small_variant_not_the_original() {
    let site = TestSite::with_broadsheet("");
    site.write_bytes("content/world/lead.jpg", &photo(2400, 1600, 200));
    site.article(
        "world/port.md",
        "Port reopens",
        "2024-05-01",
        "image: lead.jpg\nextra: {image_alt: \"Cranes at the port\"}",
        "The port reopened on Monday.",
    );
    let (_server, url) = serve(&site);
    let browser = Browser::start(390, 844, true);
    browser.goto(&format!("{url}/world/port/"));
    let fetched = fetched_images(&browser);
    assert!(
        fetched.iter().any(|p| p == "/world/lead-480.webp"),
        "a 390 px phone needs the 480 px variant: {fetched:?}"
    );
    assert!(
        !fetched
            .iter()
            .any(|p| p == "/world/lead.jpg" || p.ends_with("-1600.webp")),
        "the phone fetched a large file: {fetched:?}"
    );
    let shown = browser.js("var i = document.querySelector('.story__figure img'); \
         return [new URL(i.currentSrc).pathname, i.getAttribute('width'), i.getAttribute('height')];");
    assert_eq!(
        shown,
        serde_json::json!(["/world/lead-480.webp", "1600", "1067"])
    );
    look_at(&browser, "images-phone");

    // A desktop window, where the column is 42rem wide, takes a wider one.
    let wide = Browser::start(1400, 900, false);
    wide.goto(&format!("{url}/world/port/"));
    let fetched = fetched_images(&wide);
    assert!(
        fetched
            .iter()
            .any(|p| p.starts_with("/world/lead-") && p.ends_with(".webp")),
        "{fetched:?}"
    );
    assert!(
        !fetched.iter().any(|p| p == "/world/lead-480.webp"),
        "{fetched:?}"
    );
}

#[test]
fn serve_shows_a_new_and_an_edited_image_without_a_restart() {
    let site = TestSite::with_broadsheet("");
    site.article("world/port.md", "Port", "2024-05-01", "", "No picture yet.");
    let (_server, url) = serve(&site);
    let page = || {
        ureq::get(&format!("{url}/world/port/"))
            .call()
            .ok()
            .and_then(|r| r.into_string().ok())
            .unwrap_or_default()
    };
    assert!(page().contains("No picture yet."));
    site.write_bytes("content/world/new.jpg", &photo(1000, 500, 10));
    site.article(
        "world/port.md",
        "Port",
        "2024-05-01",
        "",
        "![Dock](new.jpg)",
    );
    assert!(
        wait_until(Duration::from_secs(30), || page()
            .contains("/world/new-480.webp 480w")),
        "the new image's variants reach the page: {}",
        page()
    );
    let variant = |path: &str| {
        let resp = ureq::get(&format!("{url}{path}")).call().unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut resp.into_reader(), &mut bytes).unwrap();
        image::load_from_memory(&bytes).unwrap()
    };
    assert_eq!(variant("/world/new-480.webp").width(), 480);
    // An edit of the image alone (a new size) reaches the page too.
    site.write_bytes("content/world/new.jpg", &photo(600, 600, 10));
    assert!(
        wait_until(Duration::from_secs(30), || page()
            .contains("width=\"600\" height=\"600\"")),
        "the edited image's size reaches the page: {}",
        page()
    );
    assert_eq!(variant("/world/new-480.webp").height(), 480);
}
