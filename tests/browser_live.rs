//! Live coverage in a real browser (issue 27): the example site's live page
//! and its card on the front page, at desktop and phone widths, saved to
//! target/screenshots/ to be looked at. The updates show newest first, the
//! "Live" label is visible, and nothing scrolls sideways on a phone.

use crate::common;
use common::TestSite;
use common::browser::{Browser, WINDOWS, look_at, serve};
use serde_json::json;

#[test]
fn live_page_and_card_screenshots_desktop_and_phone() {
    let site = TestSite::example();
    let (_server, url) = serve(&site);
    for (name, w, h, mobile) in WINDOWS {
        let browser = Browser::start(w, h, mobile);
        for (page, path) in [("front", "/"), ("page", "/world/calder-flood-watch-live/")] {
            browser.goto(&format!("{url}{path}"));
            let label = browser.js(
                "var e = document.querySelector('.label--live'); if (!e) return false; \
                 var r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.top < window.innerHeight;",
            );
            assert_eq!(label, json!(true), "{name} {page}: no Live label in view");
            look_at(&browser, &format!("live-{page}-{name}"));
        }
        // The updates, newest first by their machine-readable times.
        let times = browser.js(
            "return [...document.querySelectorAll('.live-update__time time')].map(t => t.getAttribute('datetime'));",
        );
        let times: Vec<&str> = times
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(times.len(), 6, "{times:?}");
        let mut sorted = times.clone();
        sorted.sort_by(|a, b| b.cmp(a));
        assert_eq!(times, sorted, "newest first");
        // Scrolled to the updates, for a look at the timeline.
        let scrolled = browser.js(
            "var r = document.querySelector('.live-updates').getBoundingClientRect(); \
             window.scrollTo({top: r.top + window.scrollY - 16, behavior: 'instant'}); return window.scrollY;",
        );
        assert!(
            scrolled.as_f64().unwrap_or(0.0) > 100.0,
            "{name}: not scrolled: {scrolled}"
        );
        look_at(&browser, &format!("live-updates-{name}"));
    }
}
