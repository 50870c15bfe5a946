//! RENDER: turns the [`Site`] into output files. The site is cut into
//! [`Job`]s, one per output file; each job renders independently from the
//! shared, precomputed [`Values`], so jobs run in parallel and `serve` can
//! re-run just the jobs an edit touches.

pub mod assets;
pub mod editions;
pub mod feeds;
pub mod fingerprint;
pub mod i18n;
pub mod links;
pub mod locale;
pub mod meta;
pub mod newsroom;
pub mod search;
pub mod sitemap;
pub mod templates;
pub mod values;
mod xml;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Context, Value};

use crate::base::paths::into_index_file;
use crate::content::Article;
use crate::error::Diagnostic;
use crate::media::Images;
use crate::site::editions::Alternate;
use crate::site::{Site, archives, paginate};
pub use editions::{EditionJob, Renderers};
pub use values::Values;

/// One output file to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Job {
    Article(usize),
    Page(usize),
    /// Front page, 1-based page number.
    Front(usize),
    /// Section listing: section index, page.
    Section(usize, usize),
    TaxonomyIndex(usize),
    /// Term listing: taxonomy, term, page.
    Term(usize, usize, usize),
    TermFeed(usize, usize),
    /// Redirect page: article or page (articles first, then pages), alias index.
    Alias(usize, usize),
    Atom,
    Rss,
    Sitemap,
    /// Part N (1-based) of a sitemap split past 50,000 URLs.
    SitemapPart(usize),
    NewsSitemap,
    /// `/archive/`: every year and month with articles.
    ArchiveIndex,
    /// Year archive: year index (into `Site::archives`), page.
    Year(usize, usize),
    /// Month archive: year index, month index, page.
    Month(usize, usize, usize),
    /// `/corrections/`: every correction, newest first (only when there are some).
    Corrections,
    /// `/corrections/atom.xml`
    CorrectionsFeed,
    Robots,
    NotFound,
    /// Search (issue 28): `/search/meta.json`.
    SearchMeta,
    /// Term shard N of the search index.
    SearchShard(usize),
    /// Document chunk N of the search index.
    SearchChunk(usize),
    /// The `/search/` page (when the theme has a search.html).
    SearchPage,
    /// `/opensearch.xml`, with the search page.
    OpenSearch,
}

impl Job {
    /// The job is a page with an address ([`Renderer::page_path`] gives
    /// it), told without making it: `jobs` counts the pages of a site at
    /// each `serve` rebuild, and making 23,000 addresses for a count was a
    /// twelfth of a tag edit's work at 10,000 articles.
    pub fn has_page_path(self) -> bool {
        !matches!(
            self,
            Job::CorrectionsFeed
                | Job::TermFeed(..)
                | Job::Atom
                | Job::Rss
                | Job::Sitemap
                | Job::SitemapPart(_)
                | Job::NewsSitemap
                | Job::Robots
                | Job::NotFound
                | Job::SearchMeta
                | Job::SearchShard(_)
                | Job::SearchChunk(_)
                | Job::OpenSearch
        )
    }

    /// The job reads the search index (which a build frees once these
    /// jobs are done).
    pub fn reads_search_index(self) -> bool {
        matches!(
            self,
            Job::SearchMeta | Job::SearchShard(_) | Job::SearchChunk(_)
        )
    }
}

/// A rendered file: path relative to the output root, and its bytes.
pub struct Rendered {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Templates plus the site's values: everything a job needs.
pub struct Renderer<'s> {
    pub site: &'s Site,
    pub values: Values,
    pub templates: Arc<templates::TemplateSet>,
    /// Build time, for the news sitemap window.
    pub now: jiff::Timestamp,
    /// The site has its own robots.txt in static/, so none is generated.
    pub static_robots: bool,
    /// Static files and their fingerprinted names, for `asset()`.
    pub assets: assets::AssetMap,
    /// Each article's Atom `<entry>` for term feeds, rendered on first use.
    pub atom_entries: Vec<std::sync::OnceLock<String>>,
    /// The sitemap's URLs, computed by the first sitemap job that needs them.
    pub sitemap_entries: std::sync::OnceLock<Vec<sitemap::Entry>>,
    /// Every correction as (article, correction), newest first.
    pub corrections: Vec<(usize, usize)>,
    /// Some article is recent enough for the news sitemap; without one the
    /// file (an empty `<urlset>` is invalid) and its robots.txt line are left out.
    pub has_news: bool,
    /// Search index layout and document count; none with `search: false`.
    pub search: Option<(search::Layout, usize)>,
    /// The search index, made by the first search job that needs it.
    pub search_index: std::sync::OnceLock<search::Index>,
    /// Documents' tokens from earlier builds (`serve` hands its own in).
    pub search_cache: Arc<search::Cache>,
    /// Search is on, the templates have search.html, and no page of the
    /// site is at `/search/`: the theme's search page is written.
    pub search_page: bool,
    /// `translations` of a page without translation (every edition's front
    /// page), made once: most pages of a site with editions have none.
    pub switcher: Value,
}

impl<'s> Renderer<'s> {
    /// Serialises the site's values for rendering with `templates`.
    pub fn new(
        root: &Path,
        site: &'s Site,
        templates: Arc<templates::TemplateSet>,
        now: jiff::Timestamp,
        images: Arc<Images>,
    ) -> Self {
        let mut values = Values::new(site, Arc::clone(&templates.strings));
        values.images_value = images.all_values(site.config.shared_prefix());
        values.images = images;
        let theme_static = root.join("themes").join(&site.config.theme).join("static");
        let static_robots =
            root.join("static/robots.txt").is_file() || theme_static.join("robots.txt").is_file();
        let assets = assets::AssetMap::new(root, &copied_files(root, site).0);
        values.assets = assets.value();
        let has_news = site
            .articles
            .iter()
            .any(|a| sitemap::in_news_window(site, now, a));
        let corrections = newsroom::all_corrections(site);
        let search = site.config.search.then(|| {
            let docs = search::document_count(site, now);
            (search::Layout::for_docs(docs), docs)
        });
        let search_page = search.is_some()
            && templates.closures.contains_key("search.html")
            && !site
                .pages
                .iter()
                .chain(&site.articles)
                .any(|a| a.path == search::SEARCH_PATH);
        let mut renderer = Renderer {
            search_page,
            switcher: Value::none(),
            search,
            search_index: Default::default(),
            search_cache: Default::default(),
            corrections,
            has_news,
            assets,
            atom_entries: (0..site.articles.len())
                .map(|_| Default::default())
                .collect(),
            sitemap_entries: Default::default(),
            site,
            values,
            templates,
            now,
            static_robots,
        };
        renderer.switcher = renderer.switcher_value(&[]);
        renderer
    }

    /// This renderer for `site`, which is this renderer's site with article
    /// `i` edited in place (its URL, date and terms unchanged): what
    /// depends on the whole site is taken as it is, not made again (a few
    /// milliseconds at 10,000 articles), and the article's card is made
    /// anew. For `serve`'s quick preview of the article's page only: lists
    /// and feeds may still show the old card.
    pub fn with_edited_article<'t>(&self, site: &'t Site, i: usize) -> Renderer<'t> {
        let mut values = self.values.clone();
        values.forget_card(i);
        Renderer {
            site,
            values,
            templates: Arc::clone(&self.templates),
            now: self.now,
            static_robots: self.static_robots,
            assets: self.assets.clone(),
            atom_entries: (0..site.articles.len())
                .map(|_| Default::default())
                .collect(),
            sitemap_entries: Default::default(),
            corrections: self.corrections.clone(),
            has_news: self.has_news,
            search: self.search,
            search_index: Default::default(),
            search_cache: Arc::clone(&self.search_cache),
            search_page: self.search_page,
            switcher: self.switcher.clone(),
        }
    }

    /// Every job of the site, in a stable order.
    pub fn jobs(&self) -> Vec<Job> {
        let site = self.site;
        let per = site.config.paginate;
        let mut jobs: Vec<Job> = (0..site.articles.len()).map(Job::Article).collect();
        jobs.extend((0..site.pages.len()).map(Job::Page));
        jobs.extend((1..=paginate::page_count(site.articles.len(), per)).map(Job::Front));
        for (s, section) in site.sections.iter().enumerate() {
            jobs.extend(
                (1..=paginate::page_count(section.articles.len(), per)).map(|p| Job::Section(s, p)),
            );
        }
        for (t, tax) in site.taxonomies.iter().enumerate() {
            jobs.push(Job::TaxonomyIndex(t));
            for (i, term) in tax.terms.iter().enumerate() {
                jobs.extend(
                    (1..=paginate::page_count(term.articles.len(), per))
                        .map(|p| Job::Term(t, i, p)),
                );
                jobs.push(Job::TermFeed(t, i));
            }
        }
        for (i, a) in site.articles.iter().chain(&site.pages).enumerate() {
            jobs.extend((0..a.aliases.len()).map(|k| Job::Alias(i, k)));
        }
        if !site.archives.is_empty() {
            jobs.push(Job::ArchiveIndex);
        }
        for (y, year) in site.archives.iter().enumerate() {
            jobs.extend(
                (1..=paginate::page_count(year.articles.len(), per)).map(|p| Job::Year(y, p)),
            );
            for (m, month) in year.months.iter().enumerate() {
                jobs.extend(
                    (1..=paginate::page_count(month.articles.len(), per))
                        .map(|p| Job::Month(y, m, p)),
                );
            }
        }
        if !self.corrections.is_empty() {
            jobs.extend([Job::Corrections, Job::CorrectionsFeed]);
        }
        jobs.extend([Job::Atom, Job::Rss, Job::Sitemap]);
        if self.has_news {
            jobs.push(Job::NewsSitemap);
        }
        // The host serves one 404 page, at the root.
        if self.site.config.edition.is_default() {
            jobs.push(Job::NotFound);
        }
        self.search_jobs(&mut jobs);
        let pages = jobs
            .iter()
            .filter(|j| !matches!(j, Job::Alias(..)) && j.has_page_path())
            .count();
        if pages > sitemap::URLS_PER_SITEMAP {
            jobs.extend((1..=pages.div_ceil(sitemap::URLS_PER_SITEMAP)).map(Job::SitemapPart));
        }
        if !self.static_robots && self.site.config.edition.is_default() {
            jobs.push(Job::Robots);
        }
        jobs
    }

    /// The search index's jobs, when search is on: its files, and the
    /// search page with its OpenSearch description when the templates have
    /// a search.html and no page of the site takes `/search/`.
    fn search_jobs(&self, jobs: &mut Vec<Job>) {
        let Some((layout, docs)) = self.search else {
            return;
        };
        jobs.push(Job::SearchMeta);
        jobs.extend((0..layout.shards).map(Job::SearchShard));
        jobs.extend((0..layout.chunks(docs)).map(Job::SearchChunk));
        if self.search_page {
            jobs.extend([Job::SearchPage, Job::OpenSearch]);
        }
    }

    /// The search index, made on first use.
    pub fn search_index(&self) -> &search::Index {
        self.search_index
            .get_or_init(|| search::Index::build(self.site, self.now, &self.search_cache))
    }

    /// Site path (`/world/kz/`) of an HTML job, none for other files.
    pub fn page_path(&self, job: Job) -> Option<String> {
        let site = self.site;
        Some(match job {
            Job::Article(i) => site.articles[i].path.clone(),
            Job::Page(i) => site.pages[i].path.clone(),
            Job::Front(p) => paginate::page_path("/", p),
            Job::Section(s, p) => paginate::paged(site.sections[s].path(), p),
            Job::TaxonomyIndex(t) => site.taxonomies[t].path(),
            Job::Term(t, i, p) => {
                let tax = &site.taxonomies[t];
                paginate::paged(tax.term_path(&tax.terms[i]), p)
            }
            Job::Alias(i, k) => self.aliased(i).aliases[k].clone(),
            Job::SearchPage => search::SEARCH_PATH.to_string(),
            Job::Corrections => newsroom::CORRECTIONS_PATH.to_string(),
            Job::ArchiveIndex => archives::INDEX_PATH.to_string(),
            Job::Year(y, p) => paginate::paged(site.archives[y].path(), p),
            Job::Month(y, m, p) => {
                let year = &site.archives[y];
                paginate::paged(year.month_path(&year.months[m]), p)
            }
            // Which jobs have no address is `Job::has_page_path`'s to say
            // (a test holds the two together).
            _ => return None,
        })
    }

    fn aliased(&self, i: usize) -> &Article {
        let n = self.site.articles.len();
        if i < n {
            &self.site.articles[i]
        } else {
            &self.site.pages[i - n]
        }
    }

    /// Output file of a job, relative to the output root (`world/kz/index.html`;
    /// `kk/world/kz/index.html` in the `kk` edition).
    pub fn output_path(&self, job: Job) -> String {
        let dir = &self.site.config.edition.dir;
        let path = self.path_in_edition(job);
        if dir.is_empty() {
            path
        } else {
            format!("{dir}{path}")
        }
    }

    /// Output file of a job relative to its edition's folder.
    fn path_in_edition(&self, job: Job) -> String {
        match job {
            Job::Atom => "atom.xml".into(),
            Job::Rss => "rss.xml".into(),
            Job::TermFeed(t, i) => {
                let tax = &self.site.taxonomies[t];
                let mut path = tax.term_path(&tax.terms[i]);
                path.remove(0);
                path.push_str("atom.xml");
                path
            }
            Job::Sitemap => "sitemap.xml".into(),
            Job::SitemapPart(n) => format!("sitemap-{n}.xml"),
            Job::NewsSitemap => "news-sitemap.xml".into(),
            Job::CorrectionsFeed => format!("{}atom.xml", &newsroom::CORRECTIONS_PATH[1..]),
            Job::Robots => "robots.txt".into(),
            Job::NotFound => "404.html".into(),
            Job::SearchMeta => format!("{}meta.json", &search::SEARCH_PATH[1..]),
            Job::SearchShard(n) => format!("{}t/{n}.json", &search::SEARCH_PATH[1..]),
            Job::SearchChunk(n) => format!("{}d/{n}.json", &search::SEARCH_PATH[1..]),
            Job::OpenSearch => search::OPENSEARCH_FILE.into(),
            Job::SearchPage
            | Job::Article(_)
            | Job::Page(_)
            | Job::Front(_)
            | Job::Section(..)
            | Job::TaxonomyIndex(_)
            | Job::Term(..)
            | Job::Corrections
            | Job::ArchiveIndex
            | Job::Year(..)
            | Job::Month(..)
            | Job::Alias(..) => into_index_file(self.page_path(job).unwrap_or_default()),
        }
    }

    /// The source file a job comes from, for error messages.
    pub fn job_source(&self, job: Job) -> PathBuf {
        let site = self.site;
        match job {
            Job::Article(i) => site.articles[i].source.clone(),
            Job::Page(i) => site.pages[i].source.clone(),
            Job::Alias(i, _) => self.aliased(i).source.clone(),
            Job::Section(s, _) => site.sections[s].index.as_ref().map_or_else(
                || PathBuf::from(format!("content/{}/", site.sections[s].slug)),
                |i| i.source.clone(),
            ),
            // Made from the whole site and its settings.
            Job::Front(_)
            | Job::TaxonomyIndex(_)
            | Job::Term(..)
            | Job::TermFeed(..)
            | Job::Corrections
            | Job::CorrectionsFeed
            | Job::ArchiveIndex
            | Job::Year(..)
            | Job::Month(..)
            | Job::Atom
            | Job::Rss
            | Job::Sitemap
            | Job::SitemapPart(_)
            | Job::NewsSitemap
            | Job::Robots
            | Job::NotFound
            | Job::SearchMeta
            | Job::SearchShard(_)
            | Job::SearchChunk(_)
            | Job::SearchPage
            | Job::OpenSearch => PathBuf::from("site.yaml"),
        }
    }

    /// The files copied as they are, with the problems of static/ folders:
    /// the default edition's (the others share them).
    pub fn copies(&self, root: &Path) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
        if !self.site.config.edition.is_default() {
            return (Vec::new(), Vec::new());
        }
        let (mut copies, problems) = copied_files(root, self.site);
        // A processed image's original is replaced by its stripped fallback.
        let images = &self.values.images;
        copies.retain(|(out, _)| images.get(out).is_none());
        copies.extend(
            images
                .files
                .iter()
                .map(|f| (f.output.clone(), f.source.clone())),
        );
        copies.extend(self.assets.copies());
        (copies, problems)
    }
}

impl<'s> Renderer<'s> {
    /// Renders one job.
    pub fn render(&self, job: Job) -> Result<Rendered, Diagnostic> {
        let site = self.site;
        let bytes = match job {
            Job::Atom => feeds::site_atom(self),
            Job::Rss => feeds::site_rss(self),
            Job::TermFeed(t, i) => feeds::term_atom(self, t, i),
            Job::Sitemap => sitemap::sitemap(self),
            Job::SitemapPart(n) => sitemap::sitemap_part(self, n),
            Job::NewsSitemap => sitemap::news_sitemap(self),
            Job::CorrectionsFeed => feeds::corrections_atom(self),
            Job::Robots => sitemap::robots(std::slice::from_ref(self)).into_bytes(),
            Job::NotFound => {
                let meta = meta::Meta::website(site, None);
                let ctx = self.context("/404.html", &site.config.title, meta);
                self.tera("404.html", &ctx)?
            }
            Job::SearchMeta => self.search_index().meta_json(),
            Job::SearchShard(n) => self.search_index().shard_json(n),
            Job::SearchChunk(n) => self.search_index().chunk_json(n),
            Job::OpenSearch => {
                search::opensearch(site, &self.text("search.label", &[self.site_arg()]))
            }
            Job::SearchPage => {
                let description = self.text("search.description", &[self.site_arg()]);
                let meta = meta::Meta::website(site, Some(description));
                let title = self.text("search.title", &[]);
                let ctx = self.context(search::SEARCH_PATH, &title, meta);
                self.tera("search.html", &ctx)?
            }
            Job::Alias(i, _) => {
                let path = &self.aliased(i).path;
                alias_page(
                    &site.config.absolute(path),
                    &self.url(path),
                    &self.values.local,
                )
                .into_bytes()
            }
            Job::Article(_)
            | Job::Page(_)
            | Job::Front(_)
            | Job::Section(..)
            | Job::TaxonomyIndex(_)
            | Job::Corrections
            | Job::ArchiveIndex
            | Job::Year(..)
            | Job::Month(..)
            | Job::Term(..) => {
                let path = self.page_path(job).unwrap_or_default();
                self.render_page(job, &path)?
            }
        };
        Ok(Rendered {
            path: self.output_path(job),
            bytes,
        })
    }

    fn render_page(&self, job: Job, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let per = site.config.paginate;
        match job {
            Job::Article(i) => {
                let a = &site.articles[i];
                let mut ctx = self.context(path, &a.title, meta::Meta::article(self, i));
                ctx.insert_value("article", self.article_value(i));
                self.tera("article.html", &ctx)
            }
            Job::Page(i) => {
                let p = &site.pages[i];
                let meta = meta::Meta::page(site, p, &self.values.images);
                let mut ctx = self.context(path, &p.title, meta);
                let mut map =
                    values::common_fields(site, p, &self.values.images, &self.values.local);
                map.insert("content".into(), self.site_html(&p.body.html()).into());
                ctx.insert_value("page", Value::from(map));
                self.tera("page.html", &ctx)
            }
            Job::Front(page) => {
                let items: Vec<usize> = (0..site.articles.len()).collect();
                let description = site.front.as_ref().and_then(|f| f.description.clone());
                let meta = if page == 1 {
                    meta::Meta::front(site, description)
                } else {
                    meta::Meta::website(site, description)
                };
                let mut ctx = self.context(path, &site.config.title, self.paged(meta, page));
                if page > 1 {
                    ctx.insert_value(
                        "page_title",
                        self.page_title(&site.config.title, page).into(),
                    );
                }
                ctx.insert_value("paginator", self.paginator(&items, "/", page, per));
                let section = site.front.as_ref().map_or(Value::none(), |f| {
                    Value::from_serializable(&serde_json::json!({
                        "title": f.title, "content": self.site_html(&f.content_html),
                    }))
                });
                ctx.insert_value("section", section);
                self.tera("index.html", &ctx)
            }
            Job::Section(s, page) => {
                let section = &site.sections[s];
                let description = section
                    .index
                    .as_ref()
                    .and_then(|i| i.description.clone())
                    .unwrap_or_else(|| {
                        self.text(
                            "titles.section_description",
                            &[("section", section.name.clone()), self.site_arg()],
                        )
                    });
                let mut ctx = self.context(
                    path,
                    &self.page_title(&section.name, page),
                    self.paged(meta::Meta::website(site, Some(description)), page),
                );
                ctx.insert_value(
                    "paginator",
                    self.paginator(&section.articles, &section.path(), page, per),
                );
                let list = serde_json::json!({
                    "kind": "section",
                    "title": section.name,
                    "url": self.url(&section.path()),
                    "content": section.index.as_ref().map(|i| self.site_html(&i.content_html)),
                    "term": null,
                    "taxonomy": null,
                });
                ctx.insert_value("list", Value::from_serializable(&list));
                self.tera("list.html", &ctx)
            }
            Job::TaxonomyIndex(t) => {
                let tax = &site.taxonomies[t];
                let title = self.values.local.taxonomy_title(&tax.kind, &tax.title);
                let description = self.text(
                    "titles.taxonomy_description",
                    &[("taxonomy", title.clone()), self.site_arg()],
                );
                let mut ctx =
                    self.context(path, &title, meta::Meta::website(site, Some(description)));
                ctx.insert_value("taxonomy", self.values.taxonomies[t].clone());
                self.tera("taxonomy.html", &ctx)
            }
            Job::Term(t, i, page) => {
                let tax = &site.taxonomies[t];
                let term = &tax.terms[i];
                let base = tax.term_path(term);
                let local = &self.values.local;
                let tax_title = local.taxonomy_title(&tax.kind, &tax.title);
                let title = self.text(
                    "titles.term",
                    &[
                        ("taxonomy", local.taxonomy_singular(&tax.kind, &tax_title)),
                        ("term", term.name.clone()),
                    ],
                );
                let description = self.term_description(&tax.kind, &tax_title, &term.name);
                let meta = if tax.kind == "authors" {
                    let profile = site.profiles.get(&term.slug);
                    let description = profile.and_then(|p| p.bio.clone()).unwrap_or(description);
                    meta::Meta::author(site, &base, &term.slug, &term.name, description)
                } else {
                    meta::Meta::website(site, Some(description))
                };
                let mut ctx =
                    self.context(path, &self.page_title(&title, page), self.paged(meta, page));
                ctx.insert_value(
                    "paginator",
                    self.paginator(&term.articles, &base, page, per),
                );
                let term_value = self.values.terms[t][i].clone();
                let mut list = tera::Map::new();
                list.insert("kind".into(), tax.kind.clone().into());
                list.insert("title".into(), term.name.clone().into());
                list.insert("url".into(), self.url(&base).into());
                list.insert("content".into(), Value::none());
                list.insert("term".into(), term_value);
                list.insert(
                    "taxonomy".into(),
                    Value::from_serializable(&serde_json::json!({
                        "kind": tax.kind, "title": tax_title, "url": self.url(&tax.path()),
                    })),
                );
                ctx.insert_value("list", Value::from(list));
                let mut feeds = self.feeds_value();
                feeds.insert(
                    "term_atom".into(),
                    site.config.absolute(&format!("{base}atom.xml")).into(),
                );
                feeds.insert(
                    "term_atom_path".into(),
                    self.url(&format!("{base}atom.xml")).into(),
                );
                ctx.insert_value("feeds", Value::from(feeds));
                self.tera("list.html", &ctx)
            }
            Job::Corrections => self.render_corrections(path),
            Job::ArchiveIndex => {
                let description = self.text("titles.archive_description", &[self.site_arg()]);
                let mut ctx = self.context(
                    path,
                    &self.text("titles.archive", &[]),
                    meta::Meta::website(site, Some(description)),
                );
                ctx.insert_value("taxonomy", self.values.archive.clone());
                self.tera("taxonomy.html", &ctx)
            }
            Job::Year(y, page) => {
                let year = &site.archives[y];
                self.render_archive(
                    path,
                    &year.path(),
                    &year.year.to_string(),
                    &year.articles,
                    page,
                    ArchiveLevel::Year(y),
                )
            }
            Job::Month(y, m, page) => {
                let year = &site.archives[y];
                let month = &year.months[m];
                let title = self.values.local.dates.month_year(year.year, month.month);
                self.render_archive(
                    path,
                    &year.month_path(month),
                    &title,
                    &month.articles,
                    page,
                    ArchiveLevel::Month(y),
                )
            }
            Job::TermFeed(..)
            | Job::CorrectionsFeed
            | Job::Alias(..)
            | Job::Atom
            | Job::Rss
            | Job::Sitemap
            | Job::SitemapPart(_)
            | Job::NewsSitemap
            | Job::Robots
            | Job::NotFound
            | Job::SearchMeta
            | Job::SearchShard(_)
            | Job::SearchChunk(_)
            | Job::SearchPage
            | Job::OpenSearch => unreachable!("render_page is only called for templated pages"),
        }
    }

    /// A year or month archive through list.html: `list.kind` is `"year"`
    /// or `"month"`, `list.archive` the year's `{name, url, count, months}`
    /// on year pages (none on month pages).
    fn render_archive(
        &self,
        path: &str,
        base: &str,
        title: &str,
        articles: &[usize],
        page: usize,
        level: ArchiveLevel,
    ) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let description = self.text(
            "titles.archive_period_description",
            &[("period", title.to_string()), self.site_arg()],
        );
        let mut ctx = self.context(
            path,
            &self.page_title(title, page),
            self.paged(meta::Meta::website(site, Some(description)), page),
        );
        let per = site.config.paginate;
        ctx.insert_value("paginator", self.paginator(articles, base, page, per));
        // The page one level up, as `list.taxonomy` (the kicker above the title).
        let (kind, archive, up_title, up_path) = match level {
            ArchiveLevel::Year(y) => (
                "year",
                self.values.archive_years[y].clone(),
                self.text("titles.archive", &[]),
                archives::INDEX_PATH.to_string(),
            ),
            ArchiveLevel::Month(y) => {
                let year = &site.archives[y];
                ("month", Value::none(), year.year.to_string(), year.path())
            }
        };
        let mut up = tera::Map::new();
        up.insert("kind".into(), "archive".into());
        up.insert("title".into(), up_title.into());
        up.insert("url".into(), self.url(&up_path).into());
        let mut list = tera::Map::new();
        list.insert("kind".into(), kind.into());
        list.insert("title".into(), title.into());
        list.insert("url".into(), self.url(base).into());
        list.insert("content".into(), Value::none());
        list.insert("term".into(), Value::none());
        list.insert("taxonomy".into(), Value::from(up));
        list.insert("archive".into(), archive);
        ctx.insert_value("list", Value::from(list));
        self.tera("list.html", &ctx)
    }

    /// `/corrections/`, through list.html: `list.kind` is `"corrections"`
    /// and `list.corrections` holds `{date, date_display, text, article}`
    /// newest first; the paginator lists the corrected articles on one page.
    fn render_corrections(&self, path: &str) -> Result<Vec<u8>, Diagnostic> {
        let site = self.site;
        let description = self.text("titles.corrections_description", &[self.site_arg()]);
        let title = self.text("titles.corrections", &[]);
        let mut ctx = self.context(path, &title, meta::Meta::website(site, Some(description)));
        let mut articles: Vec<usize> = Vec::new();
        for &(i, _) in &self.corrections {
            if !articles.contains(&i) {
                articles.push(i);
            }
        }
        ctx.insert_value(
            "paginator",
            self.paginator(&articles, path, 1, articles.len().max(1)),
        );
        let corrections: Vec<Value> = self
            .corrections
            .iter()
            .map(|&(i, k)| {
                let c = &site.articles[i].newsroom.corrections[k];
                let mut map = tera::Map::new();
                map.insert(
                    "date".into(),
                    crate::content::dates::rfc3339(&c.date).into(),
                );
                map.insert(
                    "date_display".into(),
                    self.values.local.date_time(&c.date).into(),
                );
                map.insert("text".into(), c.text.clone().into());
                map.insert("article".into(), self.card(i));
                Value::from(map)
            })
            .collect();
        let mut list = tera::Map::new();
        list.insert("kind".into(), "corrections".into());
        list.insert("title".into(), title.into());
        list.insert("url".into(), self.url(path).into());
        list.insert("content".into(), Value::none());
        list.insert("term".into(), Value::none());
        list.insert("taxonomy".into(), Value::none());
        list.insert("corrections".into(), corrections.into());
        ctx.insert_value("list", Value::from(list));
        let feed = format!("{path}atom.xml");
        let mut feeds = self.feeds_value();
        feeds.insert("term_atom".into(), site.config.absolute(&feed).into());
        feeds.insert("term_atom_path".into(), self.url(&feed).into());
        ctx.insert_value("feeds", Value::from(feeds));
        self.tera("list.html", &ctx)
    }

    /// An interface string in the site's language (docs/i18n.md).
    pub fn text(&self, key: &str, args: &[i18n::Arg<'_>]) -> String {
        self.values.local.text(key, args)
    }

    /// `{site}`: the site's title, for [`Renderer::text`].
    fn site_arg(&self) -> i18n::Arg<'static> {
        ("site", self.site.config.title.clone())
    }

    /// The title of page `page` of a list: `World`, then `Page 2 – World`,
    /// so that no two pages of a list share a `<title>`.
    fn page_title(&self, title: &str, page: usize) -> String {
        if page > 1 {
            self.text(
                "titles.paged",
                &[("page", page.to_string()), ("title", title.to_string())],
            )
        } else {
            title.to_string()
        }
    }

    /// The description of page `page` of a list, with the page number from
    /// page 2 on, so that search engines see distinct descriptions.
    fn paged(&self, mut meta: meta::Meta, page: usize) -> meta::Meta {
        if page > 1 {
            meta.description = self.text(
                "titles.paged_description",
                &[
                    ("page", page.to_string()),
                    ("description", meta.description.clone()),
                ],
            );
        }
        meta
    }

    /// A term page's own description: what the list holds and where
    /// (`terms.tags`...; `terms.other` for the kinds a site adds).
    fn term_description(&self, kind: &str, tax_title: &str, name: &str) -> String {
        let key = match kind {
            "authors" | "tags" | "categories" => format!("terms.{kind}"),
            _ => "terms.other".to_string(),
        };
        let singular = self.values.local.taxonomy_singular(kind, tax_title);
        self.text(
            &key,
            &[
                ("name", name.to_string()),
                ("taxonomy", singular),
                self.site_arg(),
            ],
        )
    }

    /// The card of article `i`: everything but its body.
    pub fn card(&self, i: usize) -> Value {
        self.values.card(self.site, i)
    }

    /// The article object: its card plus body and related cards.
    pub fn article_value(&self, i: usize) -> Value {
        let a = &self.site.articles[i];
        let mut map = self.values.card_map(self.site, i, 3);
        map.insert(
            "content".into(),
            newsroom::body(self.site_html(&a.body.html()), &a.newsroom).into(),
        );
        let related: Vec<Value> = self.site.related[i].iter().map(|&r| self.card(r)).collect();
        map.insert("related".into(), related.into());
        map.insert(
            "toc".into(),
            Value::from_serializable(
                &a.headings
                    .iter()
                    .map(|h| serde_json::json!({"level": h.level, "id": h.id, "title": h.text}))
                    .collect::<Vec<_>>(),
            ),
        );
        Value::from(map)
    }

    fn paginator(&self, items: &[usize], base: &str, page: usize, per: usize) -> Value {
        let total = paginate::page_count(items.len(), per);
        let range = paginate::page_range(items.len(), per, page);
        let cards: Vec<Value> = items[range].iter().map(|&i| self.card(i)).collect();
        let link = |p: usize| -> Value {
            if p >= 1 && p <= total {
                self.url(&paginate::page_path(base, p)).into()
            } else {
                Value::none()
            }
        };
        let mut map = tera::Map::new();
        map.insert("items".into(), cards.into());
        map.insert("current".into(), page.into());
        map.insert("total".into(), total.into());
        map.insert("total_items".into(), items.len().into());
        map.insert("prev_url".into(), link(page.wrapping_sub(1)));
        map.insert("next_url".into(), link(page + 1));
        map.insert("first_url".into(), link(1));
        Value::from(map)
    }

    /// Rendered Markdown with its root-relative links under `base_url`'s
    /// path (the whole site's: a site path in an edition's text is one of
    /// the site, like a link in a Markdown file). Processed images become
    /// `<picture>`s ([`Images::rewrite_body`]).
    pub fn site_html(&self, html: &str) -> String {
        let base_path = self.site.config.shared_prefix();
        let html = self.values.images.rewrite_body(html, base_path);
        links::prefix_root_links(&html, base_path).into_owned()
    }

    /// Root-relative URL of a site path (with base_url's path prefix).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_path(), path)
    }

    fn feeds_value(&self) -> tera::Map {
        let mut feeds = tera::Map::new();
        feeds.insert("atom".into(), self.site.config.absolute("/atom.xml").into());
        feeds.insert("rss".into(), self.site.config.absolute("/rss.xml").into());
        feeds.insert("term_atom".into(), Value::none());
        // Root-relative twins for links in pages, which must not leave the
        // host serving the output (a preview, a folder deploy served elsewhere).
        feeds.insert("atom_path".into(), self.url("/atom.xml").into());
        feeds.insert("rss_path".into(), self.url("/rss.xml").into());
        feeds.insert("term_atom_path".into(), Value::none());
        feeds
    }

    /// Variables every template sees.
    fn context(&self, path: &str, title: &str, meta: meta::Meta) -> Context {
        let mut ctx = Context::new();
        ctx.insert_value("config", self.values.config.clone());
        ctx.insert_value("sections", self.values.sections_nav.clone());
        ctx.insert_value("current_url", self.url(path).into());
        ctx.insert_value("current_permalink", self.site.config.absolute(path).into());
        let page_title = if title == self.site.config.title {
            title.to_string()
        } else {
            format!("{title} | {}", self.site.config.title)
        };
        ctx.insert_value("page_title", page_title.into());
        ctx.insert_value("meta", meta.into_value());
        ctx.insert_value("locale", self.values.locale.clone());
        // The page's language and writing direction, for `<html lang dir>`
        // and the `t()` function's look-ups.
        ctx.insert_value("lang", self.site.config.language.clone().into());
        ctx.insert_value("dir", locale::direction(&self.site.config.language).into());
        self.insert_editions(&mut ctx, path);
        ctx.insert_value(
            "archive_url",
            if self.site.archives.is_empty() {
                Value::none()
            } else {
                self.url(archives::INDEX_PATH).into()
            },
        );
        ctx.insert_value(
            "corrections_url",
            if self.corrections.is_empty() {
                Value::none()
            } else {
                self.url(newsroom::CORRECTIONS_PATH).into()
            },
        );
        ctx.insert_value("feeds", Value::from(self.feeds_value()));
        ctx.insert_value("live_reload", Value::none());
        // The search form's target and the OpenSearch link, when the site
        // has its search page.
        let (search_url, opensearch_url) = if self.search_page {
            (
                self.url(search::SEARCH_PATH).into(),
                self.url(&format!("/{}", search::OPENSEARCH_FILE)).into(),
            )
        } else {
            (Value::none(), Value::none())
        };
        ctx.insert_value("search_url", search_url);
        ctx.insert_value("opensearch_url", opensearch_url);
        ctx.insert_value(
            templates::TAXONOMIES_KEY,
            self.values.taxonomies_by_kind.clone(),
        );
        ctx.insert_value(templates::ASSETS_KEY, self.values.assets.clone());
        ctx.insert_value(templates::IMAGES_KEY, self.values.images_value.clone());
        ctx
    }

    /// The page's versions in other editions, for a site with several:
    /// `alternates` (`[{hreflang, url}]`, absolute, with `x-default`, for
    /// `<link rel="alternate">`; empty when no other edition has the page)
    /// and `translations` (see [`Renderer::switcher_value`]), and
    /// `default_lang`.
    fn insert_editions(&self, ctx: &mut Context, path: &str) {
        let t = &self.site.translations;
        let default_lang = t
            .editions
            .first()
            .map_or(&self.site.config.language, |e| &e.code);
        ctx.insert_value("default_lang", default_lang.as_str().into());
        let alternates = t.alternates(self.site.edition_index, path);
        if alternates.is_empty() {
            ctx.insert_value("alternates", Vec::<Value>::new().into());
            ctx.insert_value("translations", self.switcher.clone());
            return;
        }
        let mut head: Vec<Value> = alternates
            .iter()
            .map(|a| {
                let mut m = tera::Map::new();
                m.insert("hreflang".into(), a.edition.code.clone().into());
                m.insert("url".into(), a.url.clone().into());
                Value::from(m)
            })
            .collect();
        if let Some(default) = alternates.iter().find(|a| a.edition.code == *default_lang) {
            let mut m = tera::Map::new();
            m.insert("hreflang".into(), "x-default".into());
            m.insert("url".into(), default.url.clone().into());
            head.push(Value::from(m));
        }
        ctx.insert_value("alternates", head.into());
        ctx.insert_value("translations", self.switcher_value(&alternates));
    }

    /// `translations`, for a language switcher: one entry per edition
    /// (none on a site with one language), `{lang, name, url, current,
    /// translated}`, where `url` is the page's version in that edition
    /// among `alternates`, else that edition's front page.
    fn switcher_value(&self, alternates: &[Alternate<'_>]) -> Value {
        let t = &self.site.translations;
        if !t.is_multilingual() {
            return Vec::<Value>::new().into();
        }
        let entries: Vec<Value> = t
            .editions
            .iter()
            .enumerate()
            .map(|(e, edition)| {
                let version = alternates.iter().find(|a| a.edition.code == edition.code);
                let url =
                    version.map_or_else(|| format!("{}/", edition.base_url), |a| a.url.clone());
                // Named in site.yaml, else by the language's own file.
                let name = Some(&edition.name)
                    .filter(|n| **n != edition.code)
                    .cloned()
                    .or_else(|| {
                        self.values
                            .local
                            .strings
                            .own(&edition.code, "language.name")
                    })
                    .unwrap_or_else(|| edition.code.clone());
                let mut m = tera::Map::new();
                m.insert("lang".into(), edition.code.clone().into());
                m.insert("name".into(), name.into());
                m.insert("url".into(), self.link_to(&url).into());
                m.insert("current".into(), (e == self.site.edition_index).into());
                m.insert("translated".into(), version.is_some().into());
                Value::from(m)
            })
            .collect();
        entries.into()
    }

    /// A link to an absolute URL of the site, root-relative when it is on
    /// the site's own host (so that a preview or a folder deploy keeps the
    /// reader there); an edition on a host of its own keeps its URL.
    fn link_to(&self, url: &str) -> String {
        let site_url = &self.site.config.edition.site_url;
        match url.strip_prefix(site_url.as_str()) {
            Some(rest) if rest.starts_with('/') => {
                format!("{}{rest}", crate::config::base_path(site_url))
            }
            _ => url.to_string(),
        }
    }

    fn tera(&self, template: &str, ctx: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(32 * 1024);
        self.templates
            .tera
            .render_to(template, ctx, &mut out)
            .map_err(|e| templates::diagnostic(&e, &self.templates.files, template))?;
        Ok(out)
    }
}

/// Output path -> source file (relative to the root) of every file copied as
/// it is: the theme's static/, then the site's static/ (which wins), then
/// the files beside articles; and the problems found in static/ folders.
fn copied_files(root: &Path, site: &Site) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
    let (mut map, problems) = crate::content::statics::discover(root, &site.config.theme);
    for asset in &site.assets {
        map.insert(asset.output.clone(), asset.source.clone());
    }
    (map.into_iter().collect(), problems)
}

/// Which archive page [`Renderer::render_archive`] renders: a year's, or a
/// month's (with the index of its year).
#[derive(Clone, Copy)]
enum ArchiveLevel {
    Year(usize),
    Month(usize),
}

/// A redirect page for an alias: meta refresh, canonical link and a plain
/// link. Only the canonical link is absolute (search engines want one); the
/// redirect itself stays on the host serving the page, so a preview or a
/// folder deploy served elsewhere does not send readers to production.
/// Its words are in the site's language (`redirect.*`).
fn alias_page(canonical: &str, target: &str, local: &i18n::Local) -> String {
    let esc = crate::content::escape_html;
    let (c, t) = (esc(canonical), esc(target));
    // The link goes into the translated sentence where its `{link}` is.
    const MARK: &str = "\u{1}";
    let moved = esc(&local.text("redirect.moved", &[("link", MARK.to_string())]))
        .replace(MARK, &format!("<a href=\"{t}\">{c}</a>"));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n<link rel=\"canonical\" href=\"{c}\">\n\
         <meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={t}\">\n</head>\n\
         <body>\n<p>{moved}</p>\n</body>\n</html>\n",
        lang = esc(&local.lang),
        dir = locale::direction(&local.lang),
        title = esc(&local.text("redirect.title", &[])),
    )
}
