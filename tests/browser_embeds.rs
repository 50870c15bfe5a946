//! Issue 27 in a real browser (headless Chromium): an article with video
//! and social embeds loads nothing from any host but its own until the
//! reader clicks, and a click puts the platform's privacy-enhanced player
//! in place of the link. The machine has no internet: the test checks the
//! player's frame and its address, and that the browser then tried to
//! reach the platform. Screenshots of the example site's embed article,
//! desktop and phone, go to `target/screenshots/`.

use crate::common;

use std::time::Duration;

use common::browser::{Browser, WINDOWS, look_at, serve, wait_until};
use common::*;
use serde_json::{Value, json};

/// Every URL the page has loaded or tried to load: the document and each
/// resource timing entry (scripts, styles, images, fonts, frames).
const LOADED: &str =
    "return [location.href].concat(performance.getEntriesByType('resource').map(e => e.name));";

/// The URLs in `loaded` that are not on `origin` (nor `data:`/`about:`).
fn foreign(loaded: &Value, origin: &str) -> Vec<String> {
    loaded
        .as_array()
        .expect("a list of URLs")
        .iter()
        .filter_map(Value::as_str)
        .filter(|u| !u.starts_with(origin) && !u.starts_with("data:") && !u.starts_with("about:"))
        .map(str::to_string)
        .collect()
}

/// Clicks the element `css` the way a reader's primary-button click
/// reaches the page: a bubbling, cancelable `click` event on it.
fn click(browser: &Browser, css: &str) {
    let script = format!(
        "var el = document.querySelector({css:?}); if (!el) return false; el.scrollIntoView({{block: 'center', behavior: 'instant'}}); \
         el.dispatchEvent(new MouseEvent('click', {{bubbles: true, cancelable: true, button: 0, view: window}})); return true;"
    );
    assert_eq!(browser.js(&script), json!(true), "no element {css}");
}

#[test]
fn nothing_leaves_localhost_until_the_click_and_the_click_loads_the_player() {
    let site = TestSite::with_broadsheet("");
    site.article(
        "world/embeds.md",
        "Embeds",
        "2024-05-01",
        "",
        "Intro paragraph.\n\n{{< youtube dQw4w9WgXcQ >}}\n\n{{ x(user=\"CalderLanterns\", id=\"1831120456789012345\") }}\n\n\
         {{< bluesky \"https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l\" >}}\n\n\
         {{< vimeo 146022717 >}}\n\nThe end.",
    );
    let (_server, url) = serve(&site);
    let browser = Browser::start(1200, 900, false);
    browser.goto(&format!("{url}/world/embeds/"));
    assert!(wait_until(Duration::from_secs(10), || {
        browser.js("return document.readyState === 'complete';") == json!(true)
    }));
    // Give lazy loading and late scripts time to do anything they would.
    std::thread::sleep(Duration::from_millis(1500));
    let before = browser.js(LOADED);
    assert!(
        foreign(&before, &url).is_empty(),
        "requests left localhost before a click: {:?}",
        foreign(&before, &url)
    );
    let own = before.as_array().unwrap();
    assert!(
        own.iter()
            .any(|u| u.as_str().is_some_and(|u| u.contains("/js/embeds."))),
        "the embed script loads: {before}"
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('iframe').length;"),
        json!(0)
    );
    assert_eq!(
        browser
            .js("return document.querySelectorAll('a.embed__facade[href^=\"https://\"]').length;"),
        json!(4),
        "each embed is a plain link to its platform"
    );

    click(&browser, ".embed--youtube a.embed__facade");
    let src = || {
        browser.js(
            "var f = document.querySelector('.embed--youtube iframe'); return f ? f.src : null;",
        )
    };
    assert!(
        wait_until(Duration::from_secs(5), || src().is_string()),
        "no player after the click"
    );
    assert_eq!(
        src(),
        json!("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    );
    // The facade is gone, the other embeds are untouched.
    assert_eq!(
        browser.js("return document.querySelectorAll('iframe').length;"),
        json!(1)
    );
    assert_eq!(
        browser.js("return document.activeElement && document.activeElement.tagName;"),
        json!("IFRAME")
    );
    // The browser now tries the platform (and nothing else): offline, the
    // attempt still shows as the frame's resource entry.
    let tried = wait_until(Duration::from_secs(10), || {
        foreign(&browser.js(LOADED), &url)
            .iter()
            .any(|u| u.starts_with("https://www.youtube-nocookie.com/"))
    });
    let after = foreign(&browser.js(LOADED), &url);
    assert!(
        after
            .iter()
            .all(|u| u.starts_with("https://www.youtube-nocookie.com/")),
        "only the clicked platform is contacted: {after:?}"
    );
    if !tried {
        eprintln!("note: no resource entry for the offline player frame; its src was checked");
    }

    click(&browser, ".embed--x a.embed__facade");
    assert!(wait_until(Duration::from_secs(5), || {
        browser.js("var f = document.querySelector('.embed--x iframe'); return f && f.src;")
            == json!(
                "https://platform.twitter.com/embed/Tweet.html?id=1831120456789012345&dnt=true"
            )
    }));
    assert_eq!(
        browser.js("return document.querySelector('.embed--x iframe').style.height;"),
        json!("560px")
    );

    // The detector itself: offline, a third-party image the page tries to
    // load still shows in the entries, so an empty list above means that
    // nothing was tried.
    browser.js("var i = new Image(); i.src = 'https://thumbnails.example.net/t.jpg'; document.body.append(i);");
    assert!(
        wait_until(Duration::from_secs(10), || {
            foreign(&browser.js(LOADED), &url)
                .iter()
                .any(|u| u.starts_with("https://thumbnails.example.net/"))
        }),
        "a third-party request does not show in the resource entries"
    );
}

#[test]
fn example_embed_article_screenshots_desktop_and_phone() {
    let site = TestSite::example();
    let (_server, url) = serve(&site);
    for (name, w, h, mobile) in WINDOWS {
        let browser = Browser::start(w, h, mobile);
        browser.goto(&format!("{url}/culture/lantern-parade-watch/"));
        assert!(wait_until(Duration::from_secs(10), || {
            browser.js("return document.readyState === 'complete';") == json!(true)
        }));
        assert!(foreign(&browser.js(LOADED), &url).is_empty());
        browser.js("document.querySelector('.embed--youtube').scrollIntoView({block: 'center', behavior: 'instant'});");
        look_at(&browser, &format!("embeds-video-{name}"));
        browser.js("document.querySelector('.embed--x').scrollIntoView({block: 'center', behavior: 'instant'});");
        look_at(&browser, &format!("embeds-post-{name}"));
        // The facade keeps its video shape.
        let ratio = browser.js(
            "var r = document.querySelector('.embed--youtube .embed__facade').getBoundingClientRect(); return r.width / r.height;",
        );
        let ratio = ratio.as_f64().unwrap();
        assert!((ratio - 16.0 / 9.0).abs() < 0.05, "{name}: ratio {ratio}");
        click(&browser, ".embed--youtube a.embed__facade");
        std::thread::sleep(Duration::from_millis(500));
        look_at(&browser, &format!("embeds-clicked-{name}"));
    }
}
