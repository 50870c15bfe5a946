//! `sitemap.xml` (split into a sitemap index past 50,000 URLs), the Google
//! News sitemap, and `robots.txt`.

use super::xml::Xml;
use super::{Job, Renderer};
use crate::content::{Article, dates};

/// The sitemaps protocol's limit of URLs per file.
pub const URLS_PER_SITEMAP: usize = 50_000;

/// One `<url>` of the sitemap.
pub struct Entry {
    /// Absolute URL.
    loc: String,
    lastmod: Option<String>,
    /// The page's versions in every edition that has it, its own included
    /// (hreflang, absolute URL), with `x-default` last; empty when it has
    /// no translation.
    alternates: Vec<(String, String)>,
}

/// Every HTML page of the site (not aliases, not 404) with its lastmod,
/// computed once per build and shared by the sitemap and its parts.
fn entries<'r>(r: &'r Renderer<'_>) -> &'r [Entry] {
    r.sitemap_entries.get_or_init(|| all_entries(r))
}

fn all_entries(r: &Renderer<'_>) -> Vec<Entry> {
    let site = r.site;
    // An article's last change (`updated`, else `date`), as a day when
    // written as one.
    let lastmod = |a: &crate::content::Article| a.updated_iso().or_else(|| a.date_iso());
    // A list page's lastmod is that of the newest article in its list, the
    // same for each of the list's pages: found once per list, not per page.
    let newest = |list: &[usize]| -> Option<String> {
        list.iter()
            .map(|&i| &site.articles[i])
            .filter_map(|a| Some((a.updated.as_ref().or(a.date.as_ref())?.timestamp(), a)))
            .max_by_key(|&(changed, _)| changed)
            .and_then(|(_, a)| lastmod(a))
    };
    let site_newest = site.articles.first().and_then(|a| lastmod(a));
    let sections: Vec<Option<String>> = site.sections.iter().map(|s| newest(&s.articles)).collect();
    let terms: Vec<Vec<Option<String>>> = site
        .taxonomies
        .iter()
        .map(|tax| tax.terms.iter().map(|t| newest(&t.articles)).collect())
        .collect();
    // Per page of a year's list it was a scan of the whole year: minutes
    // at 1,000,000 articles.
    let years: Vec<Option<String>> = site.archives.iter().map(|y| newest(&y.articles)).collect();
    let months: Vec<Vec<Option<String>>> = site
        .archives
        .iter()
        .map(|y| y.months.iter().map(|m| newest(&m.articles)).collect())
        .collect();
    r.jobs()
        .into_iter()
        .filter_map(|job| {
            let lastmod = match job {
                Job::Article(i) => lastmod(&site.articles[i]),
                Job::Page(i) => lastmod(&site.pages[i]),
                Job::Front(_) | Job::TaxonomyIndex(_) => site_newest.clone(),
                Job::Section(s, _) => sections[s].clone(),
                Job::Term(t, i, _) => terms[t][i].clone(),
                Job::ArchiveIndex => site_newest.clone(),
                Job::Year(y, _) => years[y].clone(),
                Job::Month(y, m, _) => months[y][m].clone(),
                Job::Corrections => r
                    .corrections
                    .first()
                    .map(|&(i, k)| dates::rfc3339(&site.articles[i].newsroom.corrections[k].date)),
                // Not pages to index: redirects, the search page (it shows
                // nothing without a query), and the files without an
                // address (`Job::has_page_path`: feeds, sitemaps, search
                // files, robots.txt, the 404 page).
                _ => return None,
            };
            let path = r.page_path(job)?;
            let alternates = site.translations.alternates(site.edition_index, &path);
            let mut alternates: Vec<(String, String)> = alternates
                .iter()
                .map(|a| (a.edition.code.clone(), a.url.clone()))
                .collect();
            // In edition order: the default edition's version first, if any.
            let default = site.translations.editions.first().map(|e| &e.code);
            if let Some((_, url)) = alternates.first().filter(|a| Some(&a.0) == default) {
                alternates.push(("x-default".into(), url.clone()));
            }
            Some(Entry {
                loc: site.config.absolute(&path),
                lastmod,
                alternates,
            })
        })
        .collect()
}

/// `/sitemap.xml`: the URL set, or past the limit, an index of `sitemap-N.xml`.
pub fn sitemap(r: &Renderer<'_>) -> Vec<u8> {
    sitemap_or_index(&r.site.config, entries(r), URLS_PER_SITEMAP)
}

/// `/sitemap-N.xml` (1-based), when the site needs an index.
pub fn sitemap_part(r: &Renderer<'_>, n: usize) -> Vec<u8> {
    urlset(part(entries(r), URLS_PER_SITEMAP, n))
}

/// The URL set of `entries`, or if there are more than `per`, the index of
/// their parts of `per` URLs each.
fn sitemap_or_index(config: &crate::config::Config, entries: &[Entry], per: usize) -> Vec<u8> {
    if entries.len() <= per {
        return urlset(entries);
    }
    let mut x = Xml::new();
    x.node(
        "sitemapindex",
        &[("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")],
        |x| {
            for (n, chunk) in entries.chunks(per).enumerate() {
                x.node("sitemap", &[], |x| {
                    x.text(
                        "loc",
                        &[],
                        &config.absolute(&format!("/sitemap-{}.xml", n + 1)),
                    );
                    if let Some(last) = chunk.iter().filter_map(|e| e.lastmod.as_ref()).max() {
                        x.text("lastmod", &[], last);
                    }
                });
            }
        },
    );
    x.finish()
}

/// Part `n` (1-based) of `entries` cut in parts of `per`.
fn part(entries: &[Entry], per: usize, n: usize) -> &[Entry] {
    entries.chunks(per).nth(n.wrapping_sub(1)).unwrap_or(&[])
}

fn urlset(entries: &[Entry]) -> Vec<u8> {
    let mut x = Xml::new();
    let mut namespaces = vec![("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9")];
    // Translations are listed as Google documents it for sitemaps.
    if entries.iter().any(|e| !e.alternates.is_empty()) {
        namespaces.push(("xmlns:xhtml", "http://www.w3.org/1999/xhtml"));
    }
    x.node("urlset", &namespaces, |x| {
        for e in entries {
            x.node("url", &[], |x| {
                x.text("loc", &[], &e.loc);
                if let Some(l) = &e.lastmod {
                    x.text("lastmod", &[], l);
                }
                for (lang, href) in &e.alternates {
                    x.empty(
                        "xhtml:link",
                        &[("rel", "alternate"), ("hreflang", lang), ("href", href)],
                    );
                }
            });
        }
    });
    x.finish()
}

/// Google's limit of URLs in a news sitemap.
pub const NEWS_SITEMAP_LIMIT: usize = 1_000;

/// `/news-sitemap.xml`: articles published in the last `feeds.news_days`
/// days before the build, newest first, at most [`NEWS_SITEMAP_LIMIT`]
/// (Google reads no more), in Google's news schema.
pub fn news_sitemap(r: &Renderer<'_>) -> Vec<u8> {
    let site = r.site;
    let config = &site.config;
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
            // The model's order is newest first.
            let news = site
                .articles
                .iter()
                .filter(|a| in_news_window(site, r.now, a))
                .take(NEWS_SITEMAP_LIMIT);
            for a in news {
                let Some(date) = a.date_iso() else { continue };
                x.node("url", &[], |x| {
                    x.text("loc", &[], &config.absolute(&a.path));
                    x.node("news:news", &[], |x| {
                        x.node("news:publication", &[], |x| {
                            x.text("news:name", &[], &config.title);
                            x.text("news:language", &[], &config.language);
                        });
                        x.text("news:publication_date", &[], &date);
                        x.text("news:title", &[], &a.title);
                    });
                });
            }
        },
    );
    x.finish()
}

/// Whether article `a` belongs in the news sitemap: published in the last
/// `feeds.news_days` days before `now` (and not after it).
pub fn in_news_window(site: &crate::site::Site, now: jiff::Timestamp, a: &Article) -> bool {
    let since = now.as_second() - site.config.feeds.news_days * 86_400;
    // Google News does not take sponsored content.
    !a.newsroom.is_sponsored()
        && a.date.as_ref().is_some_and(|d| {
            let secs = d.timestamp().as_second();
            secs >= since && secs <= now.as_second()
        })
}

/// `robots.txt` pointing at the sitemaps of every edition (`editions`,
/// the default first; a site's `static/robots.txt` wins); news sitemaps
/// only where there is one (see [`Renderer::has_news`]).
pub fn robots(editions: &[Renderer<'_>]) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n\n");
    for r in editions {
        let config = &r.site.config;
        text.push_str(&format!("Sitemap: {}\n", config.absolute("/sitemap.xml")));
        if r.has_news {
            text.push_str(&format!(
                "Sitemap: {}\n",
                config.absolute("/news-sitemap.xml")
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> crate::config::Config {
        let yaml = "title: T\nbase_url: https://n.example";
        crate::config::Config::parse(std::path::Path::new("site.yaml"), yaml).unwrap()
    }

    #[test]
    fn past_the_limit_the_sitemap_is_an_index_of_parts_that_cover_every_url() {
        let entries: Vec<Entry> = (1..=5)
            .map(|i| Entry {
                loc: format!("https://n.example/a{i}/"),
                lastmod: Some(format!("2024-01-0{i}T00:00:00Z")),
                alternates: Vec::new(),
            })
            .collect();
        let small = String::from_utf8(sitemap_or_index(&config(), &entries[..2], 2)).unwrap();
        assert!(
            small.contains("<urlset") && small.contains("/a2/"),
            "{small}"
        );

        let index = String::from_utf8(sitemap_or_index(&config(), &entries, 2)).unwrap();
        assert!(index.contains("<sitemapindex"), "{index}");
        for n in 1..=3 {
            assert!(index.contains(&format!("<loc>https://n.example/sitemap-{n}.xml</loc>")));
        }
        assert!(!index.contains("sitemap-4.xml"));
        // Each part's lastmod is its newest URL's.
        assert!(index.contains("<lastmod>2024-01-05T00:00:00Z</lastmod>"));
        let urls: Vec<&str> = (1..=3)
            .flat_map(|n| part(&entries, 2, n).iter().map(|e| e.loc.as_str()))
            .collect();
        let all: Vec<&str> = entries.iter().map(|e| e.loc.as_str()).collect();
        assert_eq!(urls, all);
        assert!(part(&entries, 2, 4).is_empty() && part(&entries, 2, 0).is_empty());
    }
}
