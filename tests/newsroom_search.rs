//! Issue 26, search presence: share image and logo, large image previews,
//! the publisher on the front page, distinct titles and descriptions for
//! list pages, absolute links in feeds, no empty news sitemap, `og:locale`,
//! alt text, labelled task lists, and Markdown links under a `base_url` path.

use crate::common;
use common::jsonld;
use common::{TestSite, hours_from_now};

fn meta(html: &str, attr: &str, name: &str) -> Option<String> {
    let needle = format!("<meta {attr}=\"{name}\" content=\"");
    let start = html.find(&needle)? + needle.len();
    Some(common::decode_html(
        &html[start..start + html[start..].find('"')?],
    ))
}

fn title(html: &str) -> String {
    common::decode_html(&html[html.find("<title>").unwrap() + 7..html.find("</title>").unwrap()])
}

/// A broadsheet site with 3 articles in `world`, one with its own image.
fn site(extra: &str) -> TestSite {
    let site = TestSite::with_broadsheet(&format!("paginate: 2\n{extra}"));
    site.write_bytes("static/images/share.png", b"png");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-05-01T10:00:00Z",
        "author: Ann Lee\ntags: [Ports]\nimage: /lead.jpg\nextra: {image_alt: Cranes at dawn}",
        "See [beta](/world/beta/) and ![map](/maps/m.png).\n\n- [x] done thing\n- [ ] open thing",
    );
    site.article(
        "world/beta.md",
        "Beta",
        "2024-05-02T10:00:00Z",
        "author: Ann Lee\ntags: [Ports]",
        "Beta body.",
    );
    site.article(
        "world/c.md",
        "Gamma",
        "2024-05-03T10:00:00Z",
        "tags: [Ports]",
        "Gamma body.",
    );
    site
}

#[test]
fn pages_without_an_image_of_their_own_share_the_site_image_and_allow_large_previews() {
    let site = site("image: /images/share.png\nlogo: /images/logo.png");
    site.write_bytes("static/images/logo.png", b"png");
    site.build();
    let share = "https://news.example.com/images/share.png";
    for path in [
        "/",
        "/page/2/",
        "/world/",
        "/tags/ports/",
        "/world/beta/",
        "/tags/",
    ] {
        let html = site.page(path);
        assert_eq!(
            meta(&html, "property", "og:image").as_deref(),
            Some(share),
            "{path}"
        );
        assert_eq!(
            meta(&html, "name", "twitter:image").as_deref(),
            Some(share),
            "{path}"
        );
        assert_eq!(
            meta(&html, "name", "twitter:card").as_deref(),
            Some("summary_large_image")
        );
        assert_eq!(
            meta(&html, "name", "robots").as_deref(),
            Some("max-image-preview:large"),
            "{path}"
        );
    }
    // An article's JSON-LD image falls back too; its own image wins.
    let beta = jsonld::node(&site.page("/world/beta/"), "NewsArticle");
    assert_eq!(beta["image"][0], share);
    let alpha = site.page("/world/a/");
    assert_eq!(
        meta(&alpha, "property", "og:image").as_deref(),
        Some("https://news.example.com/lead.jpg")
    );
    assert_eq!(
        jsonld::node(&alpha, "NewsArticle")["image"][0],
        "https://news.example.com/lead.jpg"
    );
    // The publisher carries the logo, on articles and the front page.
    let logo = "https://news.example.com/images/logo.png";
    assert_eq!(
        jsonld::node(&alpha, "NewsArticle")["publisher"]["logo"]["url"],
        logo
    );
    for path in ["/world/a/", "/world/beta/", "/world/c/"] {
        jsonld::assert_valid(&site.page(path));
    }
}

#[test]
fn without_a_site_image_list_pages_have_none_and_say_so_with_a_small_card() {
    let site = site("");
    site.build();
    let html = site.page("/world/");
    assert_eq!(meta(&html, "property", "og:image"), None);
    assert_eq!(
        meta(&html, "name", "twitter:card").as_deref(),
        Some("summary")
    );
}

#[test]
fn the_front_page_describes_the_publisher_and_the_website() {
    let site = site("image: /images/share.png\nlogo: /images/logo.png");
    site.build();
    let html = site.page("/");
    let nodes = jsonld::assert_valid(&html);
    assert_eq!(
        jsonld::types(&nodes),
        ["\"NewsMediaOrganization\"", "\"WebSite\""]
    );
    let org = jsonld::node(&html, "NewsMediaOrganization");
    assert_eq!(org["name"], "Broadsheet Test");
    assert_eq!(org["url"], "https://news.example.com/");
    assert_eq!(
        org["logo"]["url"],
        "https://news.example.com/images/logo.png"
    );
    let web = jsonld::node(&html, "WebSite");
    assert_eq!(web["publisher"]["@id"], org["@id"]);
    assert_eq!(web["inLanguage"], "en");
    // Page 2 is a list, not the home page: no publisher block there.
    assert!(jsonld::nodes(&site.page("/page/2/")).is_empty());
}

#[test]
fn paginated_and_term_pages_have_titles_and_descriptions_of_their_own() {
    let site = site("");
    site.build();
    let pages = [
        "/",
        "/page/2/",
        "/world/",
        "/world/page/2/",
        "/tags/ports/",
        "/tags/ports/page/2/",
        "/authors/ann-lee/",
        "/tags/",
    ];
    let mut titles = std::collections::BTreeSet::new();
    let mut descriptions = std::collections::BTreeSet::new();
    for path in pages {
        let html = site.page(path);
        titles.insert(title(&html));
        descriptions.insert(meta(&html, "name", "description").unwrap_or_default());
    }
    assert_eq!(titles.len(), pages.len(), "{titles:#?} {descriptions:#?}");
    assert_eq!(descriptions.len(), pages.len(), "{descriptions:#?}");
    assert_eq!(title(&site.page("/page/2/")), "Page 2 – Broadsheet Test");
    assert_eq!(
        title(&site.page("/world/page/2/")),
        "Page 2 – World | Broadsheet Test"
    );
    assert_eq!(
        meta(&site.page("/authors/ann-lee/"), "name", "description").as_deref(),
        Some("Articles by Ann Lee in Broadsheet Test.")
    );
    assert_eq!(
        meta(&site.page("/tags/ports/page/2/"), "name", "description").as_deref(),
        Some("Page 2. Articles tagged “Ports” in Broadsheet Test.")
    );
}

#[test]
fn feed_content_links_are_absolute_even_under_a_base_url_path() {
    let site = site("");
    site.under_base_path();
    site.build();
    let rss = site.read("rss.xml");
    let encoded = common::xml_texts(&rss, "content:encoded").join("\n");
    assert!(
        encoded.contains(r#"href="https://example.org/news/world/beta/""#),
        "{encoded}"
    );
    assert!(
        encoded.contains(r#"src="https://example.org/news/maps/m.png""#),
        "{encoded}"
    );
    assert!(!encoded.contains(r#"="/"#), "{encoded}");
    let atom = site.read("atom.xml");
    let content = common::xml_texts(&atom, "content").join("\n");
    assert!(
        content.contains(r#"href="https://example.org/news/world/beta/""#),
        "{content}"
    );
}

#[test]
fn root_relative_markdown_links_follow_a_base_url_path_like_theme_links() {
    let site = site("");
    site.under_base_path();
    site.build();
    let html = site.page("/world/a/");
    assert!(
        html.contains(r#"<a href="/news/world/beta/">beta</a>"#),
        "{html}"
    );
    assert!(html.contains(r#"src="/news/maps/m.png""#));
    // At a domain root they stay as written.
    let root = self::site("");
    root.build();
    assert!(
        root.page("/world/a/")
            .contains(r#"<a href="/world/beta/">beta</a>"#)
    );
}

#[test]
fn the_news_sitemap_and_its_robots_line_exist_only_when_something_is_recent() {
    let site = site("");
    site.build();
    assert!(!site.exists("news-sitemap.xml"));
    assert!(!site.read("robots.txt").contains("news-sitemap"));

    site.article("world/fresh.md", "Fresh", &hours_from_now(-2), "", "Now.");
    site.build();
    let news = site.read("news-sitemap.xml");
    assert_eq!(
        common::xml_texts(&news, "loc"),
        ["https://news.example.com/world/fresh/"]
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://news.example.com/news-sitemap.xml")
    );
}

#[test]
fn og_locale_is_language_and_territory() {
    for (language, locale) in [
        ("en", "en_US"),
        ("en-GB", "en_GB"),
        ("de", "de_DE"),
        ("kk", "kk_KZ"),
    ] {
        let site = site(&format!("language: {language}"));
        site.build();
        let html = site.page("/world/a/");
        assert_eq!(
            meta(&html, "property", "og:locale").as_deref(),
            Some(locale),
            "{language}"
        );
    }
}

#[test]
fn teaser_images_are_decorative_and_lead_images_want_alt_text() {
    let site = site("");
    site.article(
        "world/d.md",
        "Delta",
        "2024-05-04T10:00:00Z",
        "image: /pics/delta.jpg",
        "Body.",
    );
    let run = site.build();
    run.stderr_has("delta.jpg has no alt text");
    assert!(run.stderr.contains("content/world/d.md"), "{}", run.stderr);
    assert!(
        !run.stderr.contains("lead.jpg"),
        "alt given: {}",
        run.stderr
    );
    // Cards repeat their headline: the image is decorative.
    let front = site.page("/");
    assert!(front.contains(r#"src="/pics/delta.jpg" alt="""#), "{front}");
    assert!(
        site.page("/world/page/2/")
            .contains(r#"src="/lead.jpg" alt="""#)
    );
    // The article's own image gets its alt text, or none, never the headline.
    assert!(
        site.page("/world/a/")
            .contains(r#"src="/lead.jpg" alt="Cranes at dawn""#)
    );
    assert!(
        site.page("/world/d/")
            .contains(r#"src="/pics/delta.jpg" alt="""#)
    );
}

#[test]
fn task_list_checkboxes_are_labelled() {
    let site = site("");
    site.build();
    let html = site.page("/world/a/");
    assert!(
        html.contains(r#"<input type="checkbox" disabled checked aria-label="Done">"#),
        "{html}"
    );
    assert!(html.contains(r#"<input type="checkbox" disabled aria-label="Not done">"#));
    assert!(!html.contains("<input disabled=\"\""));
}

#[test]
fn the_phone_navigation_wraps_instead_of_hiding_sections() {
    // The rule itself; tests/browser.rs checks every link is on screen at 390 px.
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/broadsheet/static/css/site.css"),
    )
    .unwrap();
    let rule = &css[css.find(".sections__list {").unwrap()..];
    let rule = &rule[..rule.find('}').unwrap()];
    assert!(
        rule.contains("flex-wrap: wrap") && !rule.contains("nowrap"),
        "{rule}"
    );
}

#[test]
fn a_site_image_that_is_neither_a_path_nor_a_url_is_an_error_at_its_line() {
    let site = TestSite::with_broadsheet("image: share.png");
    site.build_with(&[])
        .fails()
        .stderr_has("site.yaml:5")
        .stderr_has("`image` \"share.png\" is neither a site path nor a URL");
}

/// A date written as a day (`2024-05-01`) stays a day in the page's
/// `datetime`, in JSON-LD and in both sitemaps, instead of becoming an
/// invented `T00:00:00Z`; Atom needs a time, so it gets the day's start in
/// the site's time zone. A date with a time keeps it everywhere.
#[test]
fn dates_written_without_a_time_keep_their_day_only_meaning() {
    let site = TestSite::with_broadsheet("timezone: Asia/Almaty");
    site.article(
        "world/day.md",
        "Day only",
        "2024-05-01",
        "updated: 2024-06-02",
        "Body.",
    );
    site.article(
        "world/timed.md",
        "Timed",
        "2024-05-03T10:00:00Z",
        "",
        "Body.",
    );
    // Today in the site's zone: its midnight there is less than a day
    // ago at any hour, well inside the news sitemap's two days (the day
    // before, by the machine's clock, fell out of them late in the UTC day).
    let today = jiff::Timestamp::now()
        .in_tz("Asia/Almaty")
        .expect("the zone is known")
        .date()
        .to_string();
    site.article("world/fresh.md", "Fresh", &today, "", "Body.");
    site.build();

    let day = site.read("world/day/index.html");
    assert!(day.contains("<time datetime=\"2024-05-01\">"), "{day}");
    assert!(day.contains("<time datetime=\"2024-06-02\">"), "{day}");
    let article = jsonld::node(&day, "NewsArticle");
    assert_eq!(article["datePublished"], "2024-05-01");
    assert_eq!(article["dateModified"], "2024-06-02");
    assert!(!day.contains("T00:00:00"), "an invented midnight in {day}");

    let timed = jsonld::node(&site.read("world/timed/index.html"), "NewsArticle");
    assert_eq!(timed["datePublished"], "2024-05-03T10:00:00Z");

    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://news.example.com/world/day/</loc>\n<lastmod>2024-06-02</lastmod>"
        ),
        "{sitemap}"
    );
    let news = site.read("news-sitemap.xml");
    assert!(
        news.contains(&format!(
            "<news:publication_date>{today}</news:publication_date>"
        )),
        "{news}"
    );

    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<published>2024-05-01T00:00:00+05:00</published>"),
        "{atom}"
    );
}
