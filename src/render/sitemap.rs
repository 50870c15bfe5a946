//! `sitemap.xml` (split into a sitemap index past 50,000 URLs), the Google
//! News sitemap, and `robots.txt`.

use super::xml::Xml;
use super::{Job, Renderer};
use crate::content::dates;

/// The sitemaps protocol's limit of URLs per file.
pub const URLS_PER_SITEMAP: usize = 50_000;

/// Every HTML page of the site (not aliases, not 404) with its lastmod.
fn entries(r: &Renderer<'_>) -> Vec<(String, Option<String>)> {
    let site = r.site;
    let newest = |list: &[usize]| -> Option<String> {
        list.iter()
            .filter_map(|&i| {
                let a = &site.articles[i];
                a.updated.as_ref().or(a.date.as_ref())
            })
            .max_by_key(|z| z.timestamp())
            .map(dates::rfc3339)
    };
    let all: Vec<usize> = (0..site.articles.len()).collect();
    r.jobs()
        .into_iter()
        .filter_map(|job| {
            let lastmod = match job {
                Job::Article(i) => {
                    let a = &site.articles[i];
                    a.updated.as_ref().or(a.date.as_ref()).map(dates::rfc3339)
                }
                Job::Page(i) => {
                    let p = &site.pages[i];
                    p.updated.as_ref().or(p.date.as_ref()).map(dates::rfc3339)
                }
                Job::Front(_) | Job::TaxonomyIndex(_) => newest(&all[..all.len().min(1)]),
                Job::Section(s, _) => newest(&site.sections[s].articles),
                Job::Term(t, i, _) => newest(&site.taxonomies[t].terms[i].articles),
                _ => return None,
            };
            Some((site.config.absolute(&r.page_path(job)?), lastmod))
        })
        .collect()
}

/// `/sitemap.xml`: the URL set, or past the limit, an index of `sitemap-N.xml`.
pub fn sitemap(r: &Renderer<'_>) -> Vec<u8> {
    let entries = entries(r);
    if entries.len() <= URLS_PER_SITEMAP {
        return urlset(&entries);
    }
    let config = &r.site.config;
    let mut x = Xml::new();
    x.node(
        "sitemapindex",
        &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")],
        |x| {
            for (n, chunk) in entries.chunks(URLS_PER_SITEMAP).enumerate() {
                x.node("sitemap", &[], |x| {
                    x.text(
                        "loc",
                        &[],
                        &config.absolute(&format!("/sitemap-{}.xml", n + 1)),
                    );
                    if let Some(last) = chunk.iter().filter_map(|e| e.1.as_ref()).max() {
                        x.text("lastmod", &[], last);
                    }
                });
            }
        },
    );
    x.finish()
}

/// `/sitemap-N.xml` (1-based), when the site needs an index.
pub fn sitemap_part(r: &Renderer<'_>, n: usize) -> Vec<u8> {
    let entries = entries(r);
    let chunk = entries.chunks(URLS_PER_SITEMAP).nth(n - 1).unwrap_or(&[]);
    urlset(chunk)
}

fn urlset(entries: &[(String, Option<String>)]) -> Vec<u8> {
    let mut x = Xml::new();
    x.node(
        "urlset",
        &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")],
        |x| {
            for (loc, lastmod) in entries {
                x.node("url", &[], |x| {
                    x.text("loc", &[], loc);
                    if let Some(l) = lastmod {
                        x.text("lastmod", &[], l);
                    }
                });
            }
        },
    );
    x.finish()
}

/// `/news-sitemap.xml`: articles published in the last `feeds.news_days`
/// days before the build, in Google's news schema.
pub fn news_sitemap(r: &Renderer<'_>) -> Vec<u8> {
    let site = r.site;
    let config = &site.config;
    let since = r.now.as_second() - config.feeds.news_days * 86_400;
    let mut x = Xml::new();
    x.node(
        "urlset",
        &[
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            (
                "xmlns:news",
                "http://www.google.com/schemas/sitemap-news/0.9",
            ),
        ],
        |x| {
            for a in &site.articles {
                let Some(date) = &a.date else { continue };
                let secs = date.timestamp().as_second();
                if secs < since || secs > r.now.as_second() {
                    continue;
                }
                x.node("url", &[], |x| {
                    x.text("loc", &[], &config.absolute(&a.path));
                    x.node("news:news", &[], |x| {
                        x.node("news:publication", &[], |x| {
                            x.text("news:name", &[], &config.title);
                            x.text("news:language", &[], &config.language);
                        });
                        x.text("news:publication_date", &[], &dates::rfc3339(date));
                        x.text("news:title", &[], &a.title);
                    });
                });
            }
        },
    );
    x.finish()
}

/// `robots.txt` pointing at the sitemaps (a site's `static/robots.txt` wins).
pub fn robots(r: &Renderer<'_>) -> String {
    let config = &r.site.config;
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        config.absolute("/sitemap.xml"),
        config.absolute("/news-sitemap.xml")
    )
}
