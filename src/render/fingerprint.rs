//! What each job reads, as one hash: if a job's fingerprint is the same as in
//! the previous build, its output is the same, and `serve` need not render it.
//!
//! A fingerprint covers everything [`Renderer::render`] reads for that job:
//! the template and whatever it extends or includes, the config, the
//! navigation, and the articles and terms the page shows. Pages whose
//! templates call `get_taxonomy` also depend on every term. Files that read
//! the whole site cheaply (sitemaps, robots.txt) have none: they are always
//! rendered. Tests compare incremental results with full builds byte for byte.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;

use super::{Job, Renderer};
use crate::site::{Site, paginate};

/// Per-build hashes shared by many jobs.
pub struct Fingerprints {
    /// Config and navigation: read by every HTML page.
    global: u64,
    /// Every taxonomy's terms with their counts: read by `get_taxonomy`.
    taxonomies: u64,
    /// `cards[i]`: what article `i`'s card shows (its source, terms, section).
    cards: Vec<u64>,
}

/// XXH3, as every other hash of the project: fast, and fingerprints need
/// only be stable for one binary (a new binary renders every page again).
fn hasher() -> impl Hasher {
    Collected(Vec::with_capacity(256))
}

/// The bytes a fingerprint covers, hashed at once when it is finished:
/// a fingerprint is a dozen small writes, and XXH3's streaming state
/// cost about 150 instructions a write (a sixth of a `serve` rebuild's
/// work at 10,000 articles); one-shot XXH3 of the same bytes gives the
/// same hash.
struct Collected(Vec<u8>);

impl Hasher for Collected {
    fn finish(&self) -> u64 {
        xxhash_rust::xxh3::xxh3_64(&self.0)
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

impl Fingerprints {
    pub fn new(site: &Site) -> Fingerprints {
        let mut g = hasher();
        // Debug output cannot fail, unlike a serialisation, and covers every
        // field: an edit of any setting changes it.
        format!("{:?}", site.config).hash(&mut g);
        // Author profiles show in bylines' terms and on author pages.
        format!("{:?}", site.profiles).hash(&mut g);
        // Every edition's code, name and address, in every page's switcher.
        site.translations.editions.hash(&mut g);
        for s in &site.sections {
            (&s.slug, &s.name).hash(&mut g);
        }
        let mut t = hasher();
        for tax in &site.taxonomies {
            tax.kind.hash(&mut t);
            for term in &tax.terms {
                (&term.name, &term.slug, term.articles.len()).hash(&mut t);
            }
        }
        let global = g.finish();
        let cards = (0..site.articles.len())
            .into_par_iter()
            .map(|i| {
                let a = &site.articles[i];
                let mut h = hasher();
                global.hash(&mut h);
                a.source_hash.hash(&mut h);
                // The "Live" label comes off at `live_end`, the text unchanged.
                site.is_live_open(a).hash(&mut h);
                for (ti, tax) in site.taxonomies.iter().enumerate() {
                    tax.kind.hash(&mut h);
                    for term in site.terms_of(ti, i) {
                        (&term.name, &term.slug, term.articles.len()).hash(&mut h);
                    }
                }
                h.finish()
            })
            .collect();
        Fingerprints {
            global,
            taxonomies: t.finish(),
            cards,
        }
    }
}

impl Renderer<'_> {
    /// The job's fingerprint, or none for files that are always rendered.
    /// `output_path` is the job's [`Renderer::output_path`], which the
    /// callers have made already: it stands for the page's address.
    pub fn fingerprint(&self, fp: &Fingerprints, job: Job, output_path: &str) -> Option<u64> {
        let site = self.site;
        let mut h = hasher();
        job_kind(job).hash(&mut h);
        output_path.hash(&mut h);
        if let Some(template) = template_of(job) {
            // The language switcher and `hreflang` links (none with one
            // edition: the page's address is not made again for nothing).
            if site.translations.is_multilingual() {
                site.translations.hash_alternates(
                    site.edition_index,
                    self.page_path(job).as_deref().unwrap_or_default(),
                    &mut HashInto(&mut h),
                );
            }
            let closure = self.templates.closures.get(template).copied();
            closure.hash(&mut h);
            fp.global.hash(&mut h);
            self.assets.hash.hash(&mut h);
            self.values.images.hash.hash(&mut h);
            if closure.is_some_and(|c| c.uses_taxonomies) {
                fp.taxonomies.hash(&mut h);
            }
        }
        let per = site.config.paginate;
        // Page `page` of a list of `len` articles, the `k`th being `at(k)`.
        let list = |h: &mut dyn Hasher, len: usize, at: &dyn Fn(usize) -> usize, page: usize| {
            len.hash(&mut HashInto(h));
            for k in paginate::page_range(len, per, page) {
                fp.cards[at(k)].hash(&mut HashInto(h));
            }
        };
        match job {
            Job::Article(i) => {
                fp.cards[i].hash(&mut h);
                for &r in &site.related[i] {
                    fp.cards[r].hash(&mut h);
                }
            }
            Job::Page(i) => site.pages[i].source_hash.hash(&mut h),
            Job::Front(p) => {
                list(&mut h, site.articles.len(), &|k| k, p);
                site.front
                    .as_ref()
                    .map(|f| (&f.title, &f.description, &f.content_html))
                    .hash(&mut h);
            }
            Job::Section(s, p) => {
                let section = &site.sections[s];
                list(&mut h, section.articles.len(), &|k| section.articles[k], p);
                section
                    .index
                    .as_ref()
                    .map(|f| (&f.title, &f.description, &f.content_html))
                    .hash(&mut h);
            }
            Job::Term(t, i, p) => {
                let (tax, term) = (&site.taxonomies[t], &site.taxonomies[t].terms[i]);
                (&tax.kind, &tax.title, &term.name, &term.slug).hash(&mut h);
                list(&mut h, term.articles.len(), &|k| term.articles[k], p);
            }
            Job::TaxonomyIndex(_) | Job::NotFound => fp.taxonomies.hash(&mut h),
            Job::Year(y, p) => {
                let year = &site.archives[y];
                list(&mut h, year.articles.len(), &|k| year.articles[k], p);
                for m in &year.months {
                    (m.month, m.articles.len()).hash(&mut h);
                }
            }
            Job::Month(y, m, p) => {
                let month = &site.archives[y].months[m];
                (site.archives[y].year, month.month).hash(&mut h);
                list(&mut h, month.articles.len(), &|k| month.articles[k], p);
            }
            Job::TermFeed(t, i) => {
                fp.global.hash(&mut h);
                let term = &site.taxonomies[t].terms[i];
                term.name.hash(&mut h);
                for &a in term.articles.iter().take(site.config.feeds.limit) {
                    fp.cards[a].hash(&mut h);
                }
            }
            Job::Atom | Job::Rss => {
                fp.global.hash(&mut h);
                for a in 0..site.articles.len().min(site.config.feeds.limit) {
                    fp.cards[a].hash(&mut h);
                }
            }
            Job::Alias(i, _) => {
                let n = site.articles.len();
                let target = if i < n {
                    &site.articles[i].path
                } else {
                    &site.pages[i - n].path
                };
                (fp.global, target).hash(&mut h);
            }
            Job::SearchShard(n) => self.search_index().shard_fingerprint(n).hash(&mut h),
            Job::SearchChunk(n) => self.search_index().chunk_fingerprint(n).hash(&mut h),
            Job::SearchPage => {}
            // Read every article's corrections: cheap, always rendered.
            Job::SearchMeta | Job::OpenSearch => return None,
            Job::Sitemap
            | Job::SitemapPart(_)
            | Job::NewsSitemap
            | Job::Robots
            | Job::Corrections
            | Job::CorrectionsFeed
            | Job::ArchiveIndex => return None,
        }
        Some(h.finish())
    }
}

/// Lets a `&mut dyn Hasher` be passed where `Hash::hash` wants `impl Hasher`.
struct HashInto<'a>(&'a mut dyn Hasher);

impl Hasher for HashInto<'_> {
    fn finish(&self) -> u64 {
        self.0.finish()
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0.write(bytes);
    }
}

fn job_kind(job: Job) -> u8 {
    match job {
        Job::Article(_) => 0,
        Job::Page(_) => 1,
        Job::Front(_) => 2,
        Job::Section(..) => 3,
        Job::TaxonomyIndex(_) => 4,
        Job::Term(..) => 5,
        Job::TermFeed(..) => 6,
        Job::Alias(..) => 7,
        Job::Atom => 8,
        Job::Rss => 9,
        Job::Sitemap => 10,
        Job::SitemapPart(_) => 11,
        Job::NewsSitemap => 12,
        Job::Robots => 13,
        Job::NotFound => 14,
        Job::Corrections => 15,
        Job::CorrectionsFeed => 16,
        Job::ArchiveIndex => 17,
        Job::Year(..) => 18,
        Job::Month(..) => 19,
        Job::SearchMeta => 20,
        Job::SearchShard(_) => 21,
        Job::SearchChunk(_) => 22,
        Job::SearchPage => 23,
        Job::OpenSearch => 24,
    }
}

/// The template an HTML job renders with.
pub fn template_of(job: Job) -> Option<&'static str> {
    Some(match job {
        Job::Article(_) => "article.html",
        Job::Page(_) => "page.html",
        Job::Front(_) => "index.html",
        Job::Section(..) | Job::Term(..) | Job::Corrections | Job::Year(..) | Job::Month(..) => {
            "list.html"
        }
        Job::TaxonomyIndex(_) | Job::ArchiveIndex => "taxonomy.html",
        Job::NotFound => "404.html",
        Job::SearchPage => "search.html",
        Job::TermFeed(..)
        | Job::Alias(..)
        | Job::Atom
        | Job::Rss
        | Job::Sitemap
        | Job::SitemapPart(_)
        | Job::NewsSitemap
        | Job::CorrectionsFeed
        | Job::Robots
        | Job::SearchMeta
        | Job::SearchShard(_)
        | Job::SearchChunk(_)
        | Job::OpenSearch => return None,
    })
}
