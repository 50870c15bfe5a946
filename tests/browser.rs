//! Browser tests in real headless Chromium, driven through ChromeDriver
//! (WebDriver over HTTP; the client is `tests/common/browser.rs`):
//! screenshots of the example site at desktop and phone widths, and live
//! reload in `gazette serve` (an edit appears without a manual reload; a
//! broken edit shows the error overlay; the fix clears it).
//!
//! Needs Debian's `chromium` and `chromium-driver` (`.ci/run` installs them).

use std::time::Duration;

use serde_json::json;

use crate::common;
use common::TestSite;
use common::browser::{Browser, WINDOWS, look_at, serve, wait_until};

#[test]
fn example_site_screenshots_desktop_and_phone() {
    let site = TestSite::example();
    let (_server, url) = serve(&site);
    for (name, w, h, mobile) in WINDOWS {
        let browser = Browser::start(w, h, mobile);
        for (page, path) in [("front", "/"), ("article", "")] {
            let target = if path.is_empty() {
                browser.goto(&format!("{url}/"));
                let href = browser.js("var a = document.querySelector('main article :is(h1,h2,h3) a[href]'); return a ? a.href : null;");
                href.as_str()
                    .expect("the front page links to an article")
                    .to_string()
            } else {
                format!("{url}{path}")
            };
            browser.goto(&target);
            let text_len = browser
                .js("return document.body.innerText.trim().length;")
                .as_u64()
                .unwrap_or(0);
            assert!(
                text_len > 200,
                "{name} {page}: the page shows almost no text ({text_len} chars)"
            );
            let css_ok = browser.js(
                "return [...document.styleSheets].some(s => { try { return s.cssRules.length > 10; } \
                 catch (e) { return false; } });",
            );
            assert_eq!(css_ok, json!(true), "{name} {page}: stylesheet not applied");
            look_at(&browser, &format!("{page}-{name}"));
        }
    }
}

#[test]
fn live_reload_shows_edits_and_errors_without_manual_reload() {
    let site = TestSite::bare();
    site.copy_broadsheet();
    site.site_yaml("Live", "https://live.example.com", "");
    let front = "---\ntitle: Harbour reopens\ndate: 2026-10-01\ntags: [Ports]\n---\n\n";
    site.raw(
        "world/harbour.md",
        &format!("{front}The harbour reopened on Monday.\n"),
    );
    let article = site.path("content/world/harbour.md");

    let (_server, url) = serve(&site);
    let browser = Browser::start(1200, 900, false);
    browser.goto(&format!("{url}/world/harbour/"));
    assert!(wait_until(Duration::from_secs(10), || {
        browser.js("return document.body.innerText.includes('reopened on Monday');") == json!(true)
    }));
    // Mark the page: a manual reload would lose this.
    browser.js("window.__marker = 1; return 1;");
    // The event stream must be connected before the edit.
    assert!(wait_until(Duration::from_secs(5), || {
        browser.js("return document.documentElement.getAttribute('data-gazette-live') === '1';")
            == json!(true)
    }));

    std::fs::write(
        &article,
        format!("{front}Ferries returned on Tuesday after the storm.\n"),
    )
    .unwrap();
    assert!(
        wait_until(Duration::from_secs(10), || {
            browser.js("return document.body.innerText.includes('Ferries returned on Tuesday');")
                == json!(true)
        }),
        "the edit did not appear in the open page"
    );
    assert_eq!(
        browser.js("return window.__marker === undefined;"),
        json!(true),
        "the page reloaded by itself"
    );

    std::fs::write(&article, "---\ntitle: [unclosed\n---\nbody\n").unwrap();
    assert!(
        wait_until(Duration::from_secs(10), || {
            browser.js("var o = document.getElementById('gazette-error-overlay'); \
                 return !!o && o.innerText.includes('harbour.md');")
                == json!(true)
        }),
        "the error overlay did not appear"
    );
    // The last good page is still served underneath.
    assert_eq!(
        browser.js("return document.body.innerText.includes('Ferries returned on Tuesday');"),
        json!(true)
    );

    std::fs::write(&article, format!("{front}Fixed: the port is busy again.\n")).unwrap();
    assert!(
        wait_until(Duration::from_secs(10), || {
            browser.js(
                "return !document.getElementById('gazette-error-overlay') && \
                 document.body.innerText.includes('the port is busy again');",
            ) == json!(true)
        }),
        "fixing the file did not clear the overlay and show the page"
    );
}

/// Issue 30: on a phone a wide table scrolls inside its own box and the page
/// never scrolls sideways; nor does a long line of highlighted code or a
/// wide formula.
#[test]
fn wide_tables_code_and_math_scroll_in_their_own_box_on_a_phone() {
    let site = TestSite::with_broadsheet("");
    let header: String = (1..=12).map(|i| format!("| Column heading {i} ")).collect();
    let rule = "|---".repeat(12);
    let row: String = (1..=12)
        .map(|i| format!("| value-without-spaces-{i}-0123456789 "))
        .collect();
    let body = format!(
        "A wide table.\n\n{header}|\n{rule}|\n{row}|\n{row}|\n\n\
         ```rust\nfn a_very_long_function_name_that_goes_on(and_on: u32, and_on_again: u32, still: u64) -> u64 {{ 0 }}\n```\n\n\
         $$x_1 + x_2 + x_3 + x_4 + x_5 + x_6 + x_7 + x_8 + x_9 + x_{{10}} + x_{{11}} + x_{{12}} + x_{{13}} + x_{{14}} + x_{{15}} + x_{{16}}$$\n"
    );
    site.article("world/wide.md", "Wide", "2024-03-01", "", &body);
    let (_server, url) = serve(&site);
    let browser = Browser::start(390, 844, true);
    browser.goto(&format!("{url}/world/wide/"));
    let found = browser.js("return document.querySelectorAll('table th').length;");
    assert_eq!(found, json!(12), "the table is on the page");
    let page = browser.js("return [document.documentElement.scrollWidth, window.innerWidth];");
    let (scroll, inner) = (page[0].as_u64().unwrap(), page[1].as_u64().unwrap());
    assert!(
        scroll <= inner,
        "the page scrolls sideways on a phone: {scroll} px of content in {inner} px"
    );
    let boxed = browser.js(
        "var t = document.querySelector('table'); var b = t.closest('.table-scroll'); \
         return b ? b.scrollWidth > b.clientWidth : null;",
    );
    assert_eq!(
        boxed,
        json!(true),
        "the table sits in its own .table-scroll box, which scrolls"
    );
    // A formula is laid out as MathML, not as CSS boxes: its terms sit on
    // one line (styled `display: block`, a display formula stacked them).
    let one_line = browser.js("var m = document.querySelector('math[display=block]'); \
         var t = [...m.querySelectorAll('msub')].map(e => e.getBoundingClientRect().top); \
         return t.length > 2 && Math.max(...t) - Math.min(...t) < 2;");
    assert_eq!(one_line, json!(true), "the display formula is on one line");
}

/// Issue 26 in a real browser: an article with a correction and a dateline,
/// an opinion card on the front page, an author profile and a month
/// archive, at desktop and phone widths, saved to target/screenshots/ to
/// be looked at; and on a 390 px phone every section of the navigation is
/// on screen.
#[test]
fn newsroom_pages_screenshots_desktop_and_phone() {
    let site = TestSite::example();
    let (_server, url) = serve(&site);
    for (name, w, h, mobile) in WINDOWS {
        let browser = Browser::start(w, h, mobile);
        for (page, path, must_show) in [
            (
                "correction-dateline",
                "/world/steppe-rail-corridor/",
                ".notice--correction",
            ),
            ("front-opinion", "/", ".label--opinion"),
            ("author-profile", "/authors/amara-okonjo/", ".profile"),
            ("month-archive", "/2026/10/", ".card"),
        ] {
            browser.goto(&format!("{url}{path}"));
            let shown = browser.js(&format!(
                "var e = document.querySelector('{must_show}'); if (!e) return false; \
                 var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0;"
            ));
            assert_eq!(shown, json!(true), "{name} {page}: {must_show} not shown");
            look_at(&browser, &format!("newsroom-{page}-{name}"));
            let nav_on_screen = browser.js(
                "return [...document.querySelectorAll('.sections a')].map(a => { \
                 var r = a.getBoundingClientRect(); \
                 return r.left >= 0 && r.right <= window.innerWidth && r.height > 0; });",
            );
            let all = nav_on_screen.as_array().unwrap();
            assert!(all.len() >= 6, "{name}: {nav_on_screen}");
            assert!(
                all.iter().all(|v| v == &json!(true)),
                "{name} {page}: a section link is off screen: {nav_on_screen}"
            );
        }
    }
}
