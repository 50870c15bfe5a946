//! Issue 26, datelines and paywall markup.

use crate::common;
use common::TestSite;
use common::jsonld;

#[test]
fn a_dateline_leads_the_first_paragraph_and_is_in_json_ld() {
    let site = TestSite::with_broadsheet("image: /share.png");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-05-01T10:00:00Z",
        "dateline: ALMATY",
        "The train left.\n\nMore.",
    );
    site.build();
    let html = site.page("/world/a/");
    assert!(
        html.contains(r#"<p><span class="dateline">ALMATY</span> — The train left.</p>"#),
        "{html}"
    );
    let article = jsonld::node(&html, "NewsArticle");
    assert_eq!(article["dateline"], "ALMATY");
    jsonld::assert_valid(&html);
}

#[test]
fn the_part_after_the_paywall_marker_is_marked_for_subscribers() {
    let site = TestSite::with_broadsheet("image: /share.png");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-05-01T10:00:00Z",
        "access: subscribers",
        "Free lead.\n\n<!-- paywall -->\n\nPaid detail.\n\nMore paid.",
    );
    site.build();
    let html = site.page("/world/a/");
    let free = html.find("<p>Free lead.</p>").expect("free part");
    let wrap = html
        .find(r#"<div class="paywall">"#)
        .expect("paywall element");
    let paid = html.find("<p>Paid detail.</p>").unwrap();
    assert!(free < wrap && wrap < paid, "{html}");
    // The full text is still in the page (static hosting cannot hide it).
    assert!(html.contains("<p>More paid.</p>"));
    jsonld::assert_valid(&html);
    let article = jsonld::node(&html, "NewsArticle");
    assert_eq!(article["isAccessibleForFree"], false);
    assert_eq!(article["hasPart"]["@type"], "WebPageElement");
    assert_eq!(article["hasPart"]["isAccessibleForFree"], false);
    assert_eq!(article["hasPart"]["cssSelector"], ".paywall");
    // Feeds carry only the free part.
    let rss = site.read("rss.xml");
    let body = common::xml_texts(&rss, "content:encoded").join("");
    assert!(
        body.contains("Free lead.") && !body.contains("Paid detail."),
        "{body}"
    );
}

#[test]
fn free_articles_have_no_paywall_markup_and_a_bad_access_is_an_error() {
    let site = TestSite::with_broadsheet("");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-05-01T10:00:00Z",
        "",
        "Free.\n\n<!-- paywall -->\n\nStill free.",
    );
    site.build();
    let html = site.page("/world/a/");
    assert!(!html.contains(r#"class="paywall""#));
    assert!(
        jsonld::node(&html, "NewsArticle")
            .get("isAccessibleForFree")
            .is_none()
    );
    site.md(
        "world/b.md",
        "title: B\ndate: 2024-05-01\naccess: members",
        "x",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("content/world/b.md:4")
        .stderr_has("access: members");
}

#[test]
fn the_example_site_shows_every_newsroom_feature() {
    let site = TestSite::example();
    site.build();
    let corrected = site.page("/business/battery-plant-approved/");
    assert!(corrected.contains("notice--correction"));
    let opinion = site.page("/politics/port-levy-opinion/");
    assert_eq!(
        jsonld::node(&opinion, "OpinionNewsArticle")["headline"],
        "The port levy is the right idea, sold the wrong way"
    );
    let paid = site.page("/business/central-bank-holds/");
    assert!(paid.contains(r#"<div class="paywall">"#));
    assert!(
        site.page("/world/steppe-rail-corridor/")
            .contains(r#"<span class="dateline">ALMATY</span>"#)
    );
    assert!(site.page_exists("/corrections/"));
    for path in [
        "/",
        "/business/battery-plant-approved/",
        "/politics/port-levy-opinion/",
        "/business/central-bank-holds/",
        "/world/steppe-rail-corridor/",
        "/business/partner-home-energy/",
        "/authors/amara-okonjo/",
    ] {
        jsonld::assert_valid(&site.page(path));
    }
}
