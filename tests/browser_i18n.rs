//! Issue 29 in a real browser: an Arabic site laid out right to left and a
//! Kazakh article in Kazakh words and dates, at desktop and phone widths,
//! saved to target/screenshots/ (i18n-*.png) to be looked at.

use crate::common;
use common::TestSite;
use common::browser::{Browser, WINDOWS, look_at, serve};
use serde_json::{Value, json};

/// A site in `lang` with two articles in the `world` section (whose index
/// gives its name), tagged, one with a quotation and a correction.
fn site_in(lang: &str, section: &str, articles: [(&str, &str); 2]) -> TestSite {
    let site = TestSite::with_broadsheet(&format!("language: {lang}\npaginate: 1"));
    site.write(
        "content/world/_index.md",
        &format!("---\ntitle: {section}\n---\n"),
    );
    for (n, (title, body)) in articles.iter().enumerate() {
        site.article(
            &format!("world/story-{n}.md"),
            title,
            &format!("2026-11-{:02}T08:30:00Z", 20 + n),
            "authors: [Layla Haddad, Ержан Сапаров]\ntags: [Economy]\n\
             corrections: [{date: 2026-11-25T10:00:00Z, text: Figure fixed.}]",
            body,
        );
    }
    site
}

/// x of the left edge of every element matching `selector`.
fn lefts(browser: &Browser, selector: &str) -> Vec<f64> {
    let v = browser.js(&format!(
        "return [...document.querySelectorAll({selector:?})].map(e => e.getBoundingClientRect().left);"
    ));
    v.as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .filter_map(Value::as_f64)
        .collect()
}

#[test]
fn an_arabic_site_is_laid_out_right_to_left() {
    let site = site_in(
        "ar",
        "العالم",
        [
            (
                "ارتفاع أسعار الوقود في المدن الكبرى",
                "قالت الحكومة إن أسعار الوقود سترتفع الشهر المقبل.\n\n> نحن نراقب الأسواق عن كثب.\n\nوأضاف المتحدث أن الدعم سيستمر للأسر ذات الدخل المحدود.",
            ),
            (
                "افتتاح ميناء جديد على الساحل",
                "افتُتح الميناء الجديد صباح اليوم بحضور الوزير.\n\nويتوقع أن يخدم الميناء آلاف السفن كل عام.",
            ),
        ],
    );
    let (_server, url) = serve(&site);
    for (name, w, h, mobile) in WINDOWS {
        let browser = Browser::start(w, h, mobile);
        browser.goto(&format!("{url}/world/story-0/"));
        assert_eq!(
            browser.js("return document.documentElement.dir"),
            json!("rtl"),
            "{}",
            browser.js("return document.documentElement.outerHTML.slice(0, 600)")
        );
        // The section bar starts at the right: "Home" (الرئيسية) right of
        // the section after it.
        let nav = lefts(&browser, ".sections__list > li");
        assert!(
            nav.len() >= 2 && nav[0] > nav[1],
            "{name}: nav order {nav:?}"
        );
        // Breadcrumb: Home at the right, the article's title to its left.
        let crumbs = lefts(&browser, ".breadcrumb li");
        assert!(
            crumbs.len() == 3 && crumbs[0] > crumbs[2],
            "{name}: crumbs {crumbs:?}"
        );
        // The quotation's rule and the correction's bar on the right side.
        let rules = browser.js(
            "var q = getComputedStyle(document.querySelector('.prose blockquote')); \
             var n = getComputedStyle(document.querySelector('.notice--correction')); \
             return [q.borderRightWidth, q.borderLeftWidth, n.borderRightWidth, n.borderLeftWidth];",
        );
        assert_eq!(rules, json!(["3px", "0px", "4px", "0px"]), "{name}");
        let text = browser.js("return document.body.textContent").to_string();
        for arabic in ["الرئيسية", "بقلم", "نوفمبر", "قد يهمك أيضًا", "تصحيح"]
        {
            assert!(text.contains(arabic), "{name}: {arabic} missing");
        }
        look_at(&browser, &format!("i18n-ar-article-{name}"));
        // A list page with pagination: "next" at the left, its arrow mirrored.
        browser.goto(&format!("{url}/world/"));
        let pager = browser.js(
            "var p = document.querySelector('.pagination__next'); var s = document.querySelector('.pagination__status'); \
             return [p.getBoundingClientRect().left < s.getBoundingClientRect().left, \
                     getComputedStyle(p.querySelector('.pagination__arrow')).transform];",
        );
        assert_eq!(pager[0], json!(true), "{name}: next page is on the left");
        assert_eq!(
            pager[1],
            json!("matrix(-1, 0, 0, 1, 0, 0)"),
            "{name}: arrow mirrored"
        );
        look_at(&browser, &format!("i18n-ar-section-{name}"));
    }
}

#[test]
fn a_kazakh_article_shows_kazakh_words_and_dates() {
    let site = site_in(
        "kk",
        "Әлем",
        [
            (
                "Алматыда жанармай бағасы өсті",
                "Қала әкімдігі жанармай бағасы келесі айда тағы өзгеруі мүмкін екенін хабарлады.\n\n> Нарықты мұқият бақылап отырмыз.\n\nСарапшылардың айтуынша, баға өсімі маусымдық сипатқа ие.",
            ),
            (
                "Ақтауда жаңа порт ашылды",
                "Жаңа порт бүгін таңертең министрдің қатысуымен ашылды.",
            ),
        ],
    );
    let (_server, url) = serve(&site);
    for (name, w, h, mobile) in WINDOWS {
        let browser = Browser::start(w, h, mobile);
        browser.goto(&format!("{url}/world/story-0/"));
        assert_eq!(
            browser.js("return document.documentElement.dir"),
            json!("ltr")
        );
        let text = browser.js("return document.body.textContent").to_string();
        for kazakh in [
            "Басты бет",
            "Автор",
            "және",
            "2026\u{202f}ж. 20 қараша",
            "Оқу уақыты",
            "Түзету",
            "Мына материалдар да қызықтыруы мүмкін",
            "Мұрағат",
        ] {
            assert!(
                text.contains(kazakh),
                "{name}: {kazakh:?} missing in {text}"
            );
        }
        for english in ["Home", "min read", "November", "You may also like"] {
            assert!(
                !text.contains(english),
                "{name}: {english:?} left in English"
            );
        }
        // Left to right: Home at the left of the section bar.
        let nav = lefts(&browser, ".sections__list > li");
        assert!(
            nav.len() >= 2 && nav[0] < nav[1],
            "{name}: nav order {nav:?}"
        );
        look_at(&browser, &format!("i18n-kk-article-{name}"));
    }
}
