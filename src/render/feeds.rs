//! Atom and RSS 2.0 feeds: the site's newest articles, and a feed per
//! taxonomy term. Dates in a feed come from its articles, never the clock,
//! so an unchanged site gives byte-identical feeds.

use super::Renderer;
use super::meta::html_to_text;
use super::values::absolute_url;
use super::xml::Xml;
use crate::content::dates;

/// Categories listed per feed entry: an article with thousands of tags
/// would otherwise repeat them in every one of its thousands of term feeds.
const MAX_CATEGORIES: usize = 50;

/// `/atom.xml`
pub fn site_atom(r: &Renderer<'_>) -> Vec<u8> {
    let config = &r.site.config;
    let items = newest(r, 0..r.site.articles.len());
    atom(r, &config.title, "/atom.xml", "/", &items, false)
}

/// `/tags/<term>/atom.xml`
pub fn term_atom(r: &Renderer<'_>, t: usize, i: usize) -> Vec<u8> {
    let tax = &r.site.taxonomies[t];
    let term = &tax.terms[i];
    let path = tax.term_path(term);
    let items = newest(r, term.articles.iter().copied());
    let title = format!("{}: {}", r.site.config.title, term.name);
    atom(r, &title, &format!("{path}atom.xml"), &path, &items, true)
}

/// `/corrections/atom.xml`: one entry per correction, newest first, each
/// linking to the corrected article's notice.
pub fn corrections_atom(r: &Renderer<'_>) -> Vec<u8> {
    let site = r.site;
    let config = &site.config;
    let path = super::newsroom::CORRECTIONS_PATH;
    let self_path = format!("{path}atom.xml");
    let updated = r.corrections.first().map_or_else(
        || "1970-01-01T00:00:00Z".to_string(),
        |&(i, k)| dates::rfc3339(&site.articles[i].newsroom.corrections[k].date),
    );
    let head = FeedHead {
        title: &r.text("titles.feed_corrections", &[("site", config.title.clone())]),
        subtitle: None,
        self_path: &self_path,
        html_path: path,
        updated: &updated,
    };
    atom_feed(config, &head, |x| {
        for &(i, k) in r.corrections.iter().take(config.feeds.limit) {
            let a = &site.articles[i];
            let c = &a.newsroom.corrections[k];
            let url = config.absolute(&a.path);
            let date = dates::rfc3339(&c.date);
            x.node("entry", &[], |x| {
                x.text(
                    "title",
                    &[("type", "text")],
                    &r.text("titles.correction_entry", &[("title", a.title.clone())]),
                );
                x.empty(
                    "link",
                    &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
                );
                x.text("id", &[], &format!("{url}#correction-{date}"));
                x.text("published", &[], &date);
                x.text("updated", &[], &date);
                x.node("author", &[], |x| x.text("name", &[], &config.title));
                x.text("content", &[("type", "text")], &c.text);
            });
        }
    })
}

/// The first `feeds.limit` of `articles` (already newest first).
fn newest(r: &Renderer<'_>, articles: impl Iterator<Item = usize>) -> Vec<usize> {
    articles.take(r.site.config.feeds.limit).collect()
}

fn atom(
    r: &Renderer<'_>,
    title: &str,
    self_path: &str,
    html_path: &str,
    items: &[usize],
    term_feed: bool,
) -> Vec<u8> {
    let site = r.site;
    let config = &site.config;
    let full = config.feeds.full_content.in_feed(term_feed);
    let updated = items
        .iter()
        .filter_map(|&i| {
            let a = &site.articles[i];
            a.updated.as_ref().or(a.date.as_ref())
        })
        .max_by_key(|z| z.timestamp())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), dates::rfc3339);
    let head = FeedHead {
        title,
        subtitle: Some(config.description.as_str()).filter(|d| !d.is_empty()),
        self_path,
        html_path,
        updated: &updated,
    };
    atom_feed(config, &head, |x| {
        for &i in items {
            if term_feed {
                x.raw(r.atom_entries[i].get_or_init(|| atom_entry(r, i, full)));
            } else {
                x.raw(&atom_entry(r, i, full));
            }
        }
    })
}

/// What the head of an Atom feed says about the feed itself.
struct FeedHead<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    /// Site path of the feed (`/tags/x/atom.xml`): its `self` link and id.
    self_path: &'a str,
    /// Site path of the page the feed follows (`/tags/x/`).
    html_path: &'a str,
    /// RFC 3339 time of the newest change in the feed.
    updated: &'a str,
}

/// An Atom feed: the head every feed of the site shares, then the entries
/// `entries` writes.
fn atom_feed(
    config: &crate::config::Config,
    head: &FeedHead<'_>,
    entries: impl FnOnce(&mut Xml),
) -> Vec<u8> {
    let mut x = Xml::new();
    x.node(
        "feed",
        &[
            ("xmlns", "http://www.w3.org/2005/Atom"),
            ("xml:lang", &config.language),
        ],
        |x| {
            x.text("title", &[], head.title);
            if let Some(subtitle) = head.subtitle {
                x.text("subtitle", &[], subtitle);
            }
            for (rel, ty, path) in [
                ("self", "application/atom+xml", head.self_path),
                ("alternate", "text/html", head.html_path),
            ] {
                x.empty(
                    "link",
                    &[("rel", rel), ("type", ty), ("href", &config.absolute(path))],
                );
            }
            x.text("id", &[], &config.absolute(head.self_path));
            x.text("updated", &[], head.updated);
            x.text("generator", &[], "Gazette");
            entries(x);
        },
    );
    x.finish()
}

/// One article's `<entry>`, with or without its whole text. Term feeds
/// repeat articles, so their entries are rendered once per build and shared.
fn atom_entry(r: &Renderer<'_>, i: usize, full: bool) -> String {
    let site = r.site;
    let config = &site.config;
    let mut xml = Xml::fragment();
    let x = &mut xml;
    let a = &site.articles[i];
    let url = config.absolute(&a.path);
    let published = a.date.as_ref().map(dates::rfc3339).unwrap_or_default();
    let modified = a
        .updated
        .as_ref()
        .map(dates::rfc3339)
        .unwrap_or_else(|| published.clone());
    x.node("entry", &[], |x| {
        x.text("title", &[("type", "text")], &feed_title(a));
        x.empty(
            "link",
            &[("rel", "alternate"), ("type", "text/html"), ("href", &url)],
        );
        x.text("id", &[], &url);
        x.text("published", &[], &published);
        x.text("updated", &[], &modified);
        for name in terms(r, i, "authors") {
            x.node("author", &[], |x| x.text("name", &[], &name));
        }
        if terms(r, i, "authors").is_empty() {
            x.node("author", &[], |x| x.text("name", &[], &config.title));
        }
        if a.newsroom.is_sponsored() {
            x.empty("category", &[("term", SPONSORED)]);
        }
        for kind in ["categories", "tags"] {
            for name in terms(r, i, kind).into_iter().take(MAX_CATEGORIES) {
                x.empty("category", &[("term", &name)]);
            }
        }
        if let Some(img) = &a.image {
            let img = absolute_url(config, img);
            x.empty(
                "link",
                &[
                    ("rel", "enclosure"),
                    ("type", image_type(&img)),
                    ("href", &img),
                ],
            );
        }
        x.text(
            "summary",
            &[("type", "html")],
            &absolute_links(r, &a.summary_html),
        );
        if full {
            x.text(
                "content",
                &[("type", "html"), ("xml:base", &url)],
                &absolute_links(r, &body(a)),
            );
        }
    });
    xml.into_string()
}

/// `/rss.xml`
pub fn site_rss(r: &Renderer<'_>) -> Vec<u8> {
    let site = r.site;
    let config = &site.config;
    let items = newest(r, 0..site.articles.len());
    let full = config.feeds.full_content.in_feed(false);
    let last = items
        .iter()
        .filter_map(|&i| site.articles[i].date.as_ref())
        .max_by_key(|z| z.timestamp())
        .map(dates::rfc2822);
    let mut x = Xml::new();
    x.node(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
        |x| {
            x.node("channel", &[], |x| {
                x.text("title", &[], &config.title);
                x.text("link", &[], &config.absolute("/"));
                let description = if config.description.is_empty() {
                    &config.title
                } else {
                    &config.description
                };
                x.text("description", &[], description);
                x.text("language", &[], &config.language);
                x.text("generator", &[], "Gazette");
                if let Some(last) = &last {
                    x.text("lastBuildDate", &[], last);
                }
                x.empty(
                    "atom:link",
                    &[
                        ("href", &config.absolute("/rss.xml")),
                        ("rel", "self"),
                        ("type", "application/rss+xml"),
                    ],
                );
                for &i in &items {
                    let a = &site.articles[i];
                    let url = config.absolute(&a.path);
                    x.node("item", &[], |x| {
                        x.text("title", &[], &feed_title(a));
                        x.text("link", &[], &url);
                        x.text("guid", &[("isPermaLink", "true")], &url);
                        if let Some(d) = &a.date {
                            x.text("pubDate", &[], &dates::rfc2822(d));
                        }
                        for name in terms(r, i, "authors") {
                            x.text("dc:creator", &[], &name);
                        }
                        if a.newsroom.is_sponsored() {
                            x.text("category", &[], SPONSORED);
                        }
                        for kind in ["categories", "tags"] {
                            for name in terms(r, i, kind).into_iter().take(MAX_CATEGORIES) {
                                x.text("category", &[], &name);
                            }
                        }
                        x.text("description", &[], &html_to_text(&a.summary_html));
                        if full {
                            x.text("content:encoded", &[], &absolute_links(r, &body(a)));
                        }
                    });
                }
            });
        },
    );
    x.finish()
}

/// The category and title prefix that mark sponsored content in feeds,
/// where no label of the theme shows.
const SPONSORED: &str = "Sponsored";

/// An entry's title: `Sponsored: ...` for sponsored content.
fn feed_title(a: &crate::content::Article) -> std::borrow::Cow<'_, str> {
    if a.newsroom.is_sponsored() {
        format!("{SPONSORED}: {}", a.title).into()
    } else {
        a.title.as_str().into()
    }
}

/// The body a feed carries: for a subscribers-only article, the part
/// before the paywall marker (a feed cannot be paywalled).
fn body(a: &crate::content::Article) -> std::borrow::Cow<'_, str> {
    use super::newsroom::free_part;
    use std::borrow::Cow;
    match a.body.html() {
        Cow::Borrowed(html) => Cow::Borrowed(free_part(html, &a.newsroom)),
        Cow::Owned(html) => Cow::Owned(free_part(&html, &a.newsroom).to_string()),
    }
}

/// Article HTML with root-relative links made absolute: many feed readers
/// resolve them against the feed's host, or not at all.
fn absolute_links<'h>(r: &Renderer<'_>, html: &'h str) -> std::borrow::Cow<'h, str> {
    super::links::prefix_root_links(html, &r.site.config.edition.site_url)
}

/// Display names of article `i`'s terms in taxonomy `kind` (none if the site lacks it).
fn terms(r: &Renderer<'_>, i: usize, kind: &str) -> Vec<String> {
    r.site
        .taxonomy(kind)
        .map(|(t, _)| {
            r.site
                .terms_of(t, i)
                .map(|term| term.name.clone())
                .collect()
        })
        .unwrap_or_default()
}

fn image_type(url: &str) -> &'static str {
    let lower = url.to_ascii_lowercase();
    if lower.ends_with(".png") {
        "image/png"
    } else if lower.ends_with(".webp") {
        "image/webp"
    } else if lower.ends_with(".gif") {
        "image/gif"
    } else if lower.ends_with(".svg") {
        "image/svg+xml"
    } else {
        "image/jpeg"
    }
}
