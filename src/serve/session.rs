//! The site kept in memory between edits, and the incremental rebuild.
//!
//! A [`Session`] caches what is expensive and depends on one file only (the
//! parsed Markdown files, the compiled templates) and recomputes what depends
//! on the whole site (the model: order, taxonomies, related articles). Then it
//! plans the site's files: a page whose fingerprint (see
//! [`crate::render::fingerprint`]) is unchanged is left as it is, and a
//! changed one is rendered when it is asked for ([`Session::page`]), not
//! at once: the pages of a site are not held in memory (832 MB at 10,000
//! articles when they were), and a template edit costs the pages a reader
//! looks at, not the whole site. The result equals a full build of the same
//! sources, byte for byte; the tests check that on random edits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::config::Config;
use crate::content::schedule::{self, Change};
use crate::content::{self, ParseResult};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::pipeline::{self, BuildOptions};
use crate::render::editions::EditionsPlan;
use crate::render::fingerprint;
use crate::render::templates::{self, TemplateSet};
use crate::render::{EditionJob, Job, Renderers};
use crate::site::Site;

/// The bytes of the site: output path -> file.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// A file of the site as served.
#[derive(Debug, Clone)]
pub enum Served {
    /// A copied file, read from its source when asked for: a site's photos
    /// are not held in memory.
    File(PathBuf),
    /// Rendered from the last good model when asked for.
    Page { job: EditionJob, fingerprint: u64 },
}

/// Where the bytes of a path are, short of rendering: see [`find`].
pub enum Found<'a> {
    /// Held: a quick preview's page, or a page rendered and kept.
    Bytes(Arc<Vec<u8>>),
    /// A copied file, to read.
    File(&'a Path),
    /// A page to render (with its fingerprint, to keep it under).
    Render(EditionJob, u64),
    /// The site has no such file.
    Missing,
}

/// Looks `path` up as the server and [`Session::page`] both do: a
/// preview first, then the catalogue, then the kept pages.
pub fn find<'a>(
    catalogue: &'a Catalogue,
    kept: &KeptPages,
    previews: &Previews,
    path: &str,
) -> Found<'a> {
    let Some(served) = catalogue.get(path) else {
        return Found::Missing;
    };
    if let Some(bytes) = previews.get(path) {
        return Found::Bytes(bytes);
    }
    match served {
        Served::File(file) => Found::File(file),
        Served::Page { job, fingerprint } => match kept.get(path, *fingerprint) {
            Some(bytes) => Found::Bytes(bytes),
            None => Found::Render(*job, *fingerprint),
        },
    }
}

/// What the server answers: output path -> file. Hashed, not sorted:
/// sorting 23,000 paths at each rebuild was a sixth of a tag edit's work.
pub type Catalogue = rustc_hash::FxHashMap<String, Served>;

/// Pages rendered on request, kept while their fingerprint holds: a
/// reader's recent pages, so that a reload costs no render, and the server
/// answers them while the session is busy rebuilding.
#[derive(Debug, Default)]
pub struct KeptPages(std::sync::Mutex<HashMap<String, KeptPage>>);

/// A page's fingerprint and bytes.
type KeptPage = (u64, Arc<Vec<u8>>);

/// Pages of [`Session::preview`], served instead of the catalogue's until
/// the rebuild that follows succeeds: a small map beside the catalogue, so
/// that a preview does not copy the catalogue (23,000 paths at 10,000
/// articles).
#[derive(Debug, Default)]
pub struct Previews(std::sync::RwLock<HashMap<String, Arc<Vec<u8>>>>);

impl Previews {
    pub fn get(&self, path: &str) -> Option<Arc<Vec<u8>>> {
        let previews = self.0.read().unwrap_or_else(|e| e.into_inner());
        previews.get(path).cloned()
    }

    fn put(&self, path: String, bytes: Arc<Vec<u8>>) {
        let mut previews = self.0.write().unwrap_or_else(|e| e.into_inner());
        previews.insert(path, bytes);
    }

    fn clear(&self) {
        self.0.write().unwrap_or_else(|e| e.into_inner()).clear();
    }
}

impl KeptPages {
    /// How many are kept: a few MB at most.
    const MAX: usize = 256;

    /// The bytes of `path` rendered with `fingerprint`, if kept.
    pub fn get(&self, path: &str, fingerprint: u64) -> Option<Arc<Vec<u8>>> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.get(path)
            .filter(|(fp, _)| *fp == fingerprint)
            .map(|(_, bytes)| Arc::clone(bytes))
    }

    fn put(&self, path: &str, fingerprint: u64, bytes: &Arc<Vec<u8>>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= Self::MAX {
            kept.clear();
        }
        kept.insert(path.to_string(), (fingerprint, Arc::clone(bytes)));
    }
}

/// What one rebuild did.
#[derive(Debug, Default, Clone)]
pub struct RebuildStats {
    pub parsed: usize,
    /// Pages made anew: rendered now, or at their next request.
    pub rendered: usize,
    pub copied: usize,
    pub removed: usize,
    /// Output paths whose bytes changed.
    pub changed: Vec<String>,
    pub millis: f64,
    /// The time each stage took (`serve --timings` prints them).
    pub timings: Vec<(&'static str, std::time::Duration)>,
}

impl RebuildStats {
    /// True when the change touched only stylesheets (the browser can swap them).
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// A page's fingerprint, and whether the last catalogue has the page
/// with it (then it is served as it was).
type Fingerprint = (u64, bool);

/// Copied files: output path -> (source, size, mtime) they came from.
type Copies = HashMap<String, (PathBuf, u64, Option<SystemTime>)>;

/// What the pages of the last good build are rendered from.
struct Good {
    sites: Vec<Site>,
    templates: Arc<TemplateSet>,
    images: Arc<crate::media::Images>,
    /// The time the build was as of.
    now: jiff::Timestamp,
}

/// A site in memory, rebuilt edit by edit.
pub struct Session {
    options: BuildOptions,
    config: Option<Config>,
    content_files: BTreeSet<PathBuf>,
    /// Parsed sources by path. Keyed by the path's bytes: `Path`'s hash
    /// walks its components, 5% of a tag edit's rebuild at 10,000 articles
    /// (paths here come from the walk of `content/` and from the watcher,
    /// written the same way).
    parsed: FxHashMap<OsString, ParseResult>,
    templates: Option<Arc<TemplateSet>>,
    /// The shortcodes (built-in and the site's templates), loaded again
    /// when site.yaml or a shortcode template changes.
    shortcodes: Option<Arc<content::shortcodes::Shortcodes>>,
    /// The last good build (none before one): its pages and previews are
    /// rendered from it.
    good: Option<Good>,
    catalogue: Arc<Catalogue>,
    kept: Arc<KeptPages>,
    previews: Arc<Previews>,
    /// Rebuilds that reached planning: see [`summary_fingerprint`].
    rebuilds: u64,
    copies: Copies,
    /// The next scheduled change of the last good build, when `serve`
    /// rebuilds without an edit.
    next_change: Option<Change>,
    /// Every document's search tokens, so that an edit tokenises one again.
    search_cache: Arc<crate::render::search::Cache>,
}

impl Session {
    /// Builds the site in memory. The session exists even when the first
    /// build fails, so that fixing the file brings the site up.
    pub fn new(options: BuildOptions) -> (Session, Result<RebuildStats, BuildError>) {
        let mut session = Session {
            options,
            config: None,
            content_files: BTreeSet::new(),
            parsed: FxHashMap::default(),
            templates: None,
            shortcodes: None,
            good: None,
            catalogue: Default::default(),
            kept: Default::default(),
            previews: Default::default(),
            rebuilds: 0,
            copies: HashMap::new(),
            next_change: None,
            search_cache: Arc::new(crate::render::search::Cache::across_rebuilds()),
        };
        let result = session.rebuild(&[PathBuf::from("site.yaml")]);
        (session, result)
    }

    /// What the server answers, as of the last good build.
    pub fn catalogue(&self) -> &Arc<Catalogue> {
        &self.catalogue
    }

    /// The renderers of the last good build, for [`Session::page`] (none
    /// before one). Made once per rebuild by whoever serves the pages.
    pub fn renderers(&self) -> Option<Renderers<'_>> {
        let good = self.good.as_ref()?;
        let mut renderers = pipeline::renderers(
            &self.options.root,
            &good.sites,
            &good.templates,
            good.now,
            &good.images,
        );
        for r in &mut renderers.editions {
            r.search_cache = Arc::clone(&self.search_cache);
        }
        Some(renderers)
    }

    /// The bytes of `path` (none: the site has no such file), rendered
    /// with `renderers` (from [`Session::renderers`], made after the last
    /// rebuild) when it is a page not rendered since it changed.
    pub fn page(
        &self,
        renderers: &Renderers<'_>,
        path: &str,
    ) -> Result<Option<Arc<Vec<u8>>>, Diagnostic> {
        match find(&self.catalogue, &self.kept, &self.previews, path) {
            Found::Missing => Ok(None),
            Found::Bytes(bytes) => Ok(Some(bytes)),
            Found::File(file) => Ok(std::fs::read(file).ok().map(Arc::new)),
            Found::Render(job, fingerprint) => {
                let bytes = Arc::new(renderers.render(job)?.bytes);
                self.kept.put(path, fingerprint, &bytes);
                Ok(Some(bytes))
            }
        }
    }

    /// The pages rendered on request, shared with the server.
    pub fn kept(&self) -> Arc<KeptPages> {
        Arc::clone(&self.kept)
    }

    /// The pages of quick previews, shared with the server.
    pub fn previews(&self) -> Arc<Previews> {
        Arc::clone(&self.previews)
    }

    /// Every file of the site, every page rendered: what a full build
    /// would write (for tests and comparisons; costs a full render).
    pub fn files(&self) -> Files {
        let Some(renderers) = self.renderers() else {
            return Files::new();
        };
        self.catalogue
            .par_iter()
            .filter_map(|(path, _)| {
                let bytes = self.page(&renderers, path).ok()??;
                Some((path.clone(), bytes))
            })
            .collect()
    }

    pub fn root(&self) -> &Path {
        &self.options.root
    }

    /// The next scheduled change (publication, expiry, end of live
    /// coverage) of the site as last built.
    pub fn next_change(&self) -> Option<&Change> {
        self.next_change.as_ref()
    }

    /// Sets the time the next rebuilds are as of (none: the system clock's).
    pub fn set_now(&mut self, now: Option<jiff::Timestamp>) {
        self.options.now = now;
    }

    /// Applies changed paths (relative to the root, or absolute under it) and
    /// rebuilds what they affect. On error the previous files stay as they were.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<RebuildStats, BuildError> {
        let start = Instant::now();
        // Known again when this rebuild succeeds; a failed one must not
        // leave a change in the past for `serve` to wake up for at once.
        self.next_change = None;
        let root = self.options.root.clone();
        let rel: Vec<PathBuf> = changed
            .iter()
            .map(|p| {
                p.strip_prefix(&root)
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|_| p.clone())
            })
            .collect();
        let mut stats = RebuildStats::default();
        let mut laps = pipeline::Laps::new();

        if self.config.is_none() || rel.iter().any(|p| p == Path::new("site.yaml")) {
            self.config = None;
            self.parsed.clear();
            self.templates = None;
            self.shortcodes = None;
            let config = pipeline::load_config(&self.options)
                .map_err(|d| BuildError::Site(vec![d].into()))?;
            self.config = Some(config);
            self.rescan_content()?;
        } else {
            self.apply_content_changes(&rel);
        }
        if rel
            .iter()
            .any(|p| p.starts_with("templates") || p.starts_with("themes") || p.starts_with("i18n"))
        {
            self.templates = None;
            // A folder of shortcode templates may have come or gone whole.
            self.shortcodes = None;
        }
        let config = self.config.clone().expect("config was loaded above");
        // Articles calling a changed shortcode template must be parsed again.
        if rel.iter().any(|p| is_shortcode_template(p)) {
            self.parsed.clear();
            self.shortcodes = None;
        }
        // Kept between edits: loading compiles every shortcode template.
        if self.shortcodes.is_none() {
            let loaded = content::shortcodes::Shortcodes::load(&root, &config)
                .map_err(|e| BuildError::Site(e.into()))?;
            self.shortcodes = Some(Arc::new(loaded));
        }
        let shortcodes = Arc::clone(self.shortcodes.as_ref().expect("loaded above"));

        let todo: Vec<PathBuf> = self
            .content_files
            .iter()
            .filter(|f| content::is_markdown(f) && !self.parsed.contains_key(f.as_os_str()))
            .cloned()
            .collect();
        stats.parsed = todo.len();
        let fresh: Vec<(OsString, ParseResult)> = todo
            .into_par_iter()
            .map(|f| {
                let r = content::read_and_parse(&root, &f, &config, &shortcodes);
                (f.into_os_string(), r)
            })
            .collect();
        self.parsed.extend(fresh);
        laps.lap("parse");

        let load_options = self.options.load_options(self.options.now());
        // In the order of the files (a full build's), not sorted again.
        let sorted = self
            .content_files
            .iter()
            .filter_map(|f| Some((f, self.parsed.get(f.as_os_str())?)));
        let mut diags = Diagnostics::default();
        let files = self.content_files.iter().map(PathBuf::as_path);
        let content = content::assemble(files, sorted, &load_options, &mut diags);
        if diags.has_errors() {
            diags.sort();
            return Err(BuildError::Site(diags));
        }
        laps.lap("content");
        let published = content.articles.iter().chain(&content.pages).map(|a| &**a);
        let next_change = schedule::next_change(published, &content.left_out, load_options.now);
        // Its warnings are the build's to print; serve shows errors.
        let (mut sites, _) =
            pipeline::assemble(&self.options, &config, content).map_err(BuildError::Site)?;
        let profiles =
            Arc::new(content::authors::load(&root).map_err(|e| BuildError::Site(vec![e].into()))?);
        laps.lap("model");
        let last = self.good.as_ref().map(|g| &g.sites[..]).unwrap_or_default();
        for (e, site) in sites.iter_mut().enumerate() {
            site.profiles = Arc::clone(&profiles);
            site.relate_after(last.get(e));
        }
        laps.lap("related");

        if self.templates.is_none() {
            let set = templates::load(&root, &config).map_err(|e| BuildError::Site(e.into()))?;
            self.templates = Some(Arc::new(set));
        }
        let templates = Arc::clone(
            self.templates
                .as_ref()
                .expect("templates were loaded above"),
        );
        let now = load_options.now;
        // New or edited images are processed here (cached, so an unchanged
        // one costs a look-up); the cache is pruned by builds only.
        let (images, problems) = crate::pipeline::run_media(&self.options, &sites);
        let problems: Diagnostics = problems.into();
        if problems.has_errors() {
            return Err(BuildError::Site(problems));
        }
        let images = Arc::new(images);
        laps.lap("templates+images");
        let mut renderers = pipeline::renderers(&root, &sites, &templates, now, &images);
        for r in &mut renderers.editions {
            r.search_cache = Arc::clone(&self.search_cache);
        }
        laps.lap("renderers");
        self.rebuilds += 1;
        let (catalogue, copies) = self.plan(&renderers, &mut stats, &mut laps)?;
        drop(renderers);
        self.catalogue = Arc::new(catalogue);
        self.previews.clear();
        self.copies = copies;
        self.good = Some(Good {
            sites,
            templates,
            images,
            now,
        });
        self.next_change = next_change;
        stats.millis = start.elapsed().as_secs_f64() * 1000.0;
        stats.timings = laps.into_laps();
        Ok(stats)
    }

    /// The fast first step for the most common edit, an article's text: if
    /// `changed` is one published article whose URL, date and terms stay the
    /// same, its page is rendered at once against the last model, with
    /// `renderers` (the last good build's, from [`Session::renderers`]),
    /// and served until the next rebuild. The full [`Session::rebuild`]
    /// must follow: it recomputes the model (related lists, lists showing
    /// the new title) and converges on the exact site. Returns none when
    /// the edit is of another kind or does not parse.
    pub fn preview(&self, renderers: &Renderers<'_>, changed: &[PathBuf]) -> Option<RebuildStats> {
        let start = Instant::now();
        let root = &self.options.root;
        let [path] = changed else { return None };
        let rel = path.strip_prefix(root).unwrap_or(path);
        let good = self.good.as_ref()?;
        // Compared as bytes: `Path`'s equality walks components, and 10,000
        // of those cost milliseconds.
        let wanted = rel.as_os_str().as_encoded_bytes();
        let (e, i) = good.sites.iter().enumerate().find_map(|(e, site)| {
            let i = site
                .articles
                .iter()
                .position(|a| a.source.as_os_str().as_encoded_bytes() == wanted)?;
            Some((e, i))
        })?;
        let site = &good.sites[e];
        // Parsed as a build parses it: with the site's configuration (an
        // edition's would take `fuel.kk.md` for its default language's).
        let config = self.config.as_ref()?;
        let shortcodes = Arc::clone(self.shortcodes.as_ref()?);
        let Ok((content::ParsedFile::Article(fresh), _)) =
            content::read_and_parse(root, rel, config, &shortcodes)
        else {
            return None;
        };
        let old = &site.articles[i];
        let same_place = fresh.kind == old.kind
            && fresh.path == old.path
            && fresh.date == old.date
            && fresh.expires == old.expires
            && fresh.draft == old.draft
            && fresh.terms == old.terms
            && fresh.section == old.section
            && fresh.aliases == old.aliases;
        if !same_place {
            return None;
        }
        let mut edited = site.clone();
        edited.articles[i] = fresh;
        let renderer = renderers.editions.get(e)?.with_edited_article(&edited, i);
        let page = renderer.render(Job::Article(i)).ok()?;
        let mut stats = RebuildStats::default();
        stats.changed.push(page.path.clone());
        self.previews.put(page.path, Arc::new(page.bytes));
        stats.rendered = 1;
        stats.parsed = 1;
        stats.millis = start.elapsed().as_secs_f64() * 1000.0;
        Some(stats)
    }

    /// The catalogue of the site `renderers` render: a page whose
    /// fingerprint is unchanged keeps what the last catalogue had, a changed
    /// one is rendered on request. One changed page of each template of
    /// each edition is rendered now, so that a template's error shows at
    /// once, not at some later request.
    ///
    /// Pages without fingerprint (sitemaps, robots.txt, the corrections
    /// and archive indexes, the search index's meta file) summarise the
    /// whole site: they are rendered again at their first request after
    /// each rebuild, and are not counted as changed, since they change only
    /// with pages that are (an article's address, date or corrections).
    /// Rendering them at each rebuild cost 30 ms at 10,000 articles and a
    /// second at 100,000.
    ///
    /// Static files changed since the last rebuild are read again. All or
    /// nothing: on error the served files are left as they were.
    fn plan(
        &self,
        renderer: &Renderers<'_>,
        stats: &mut RebuildStats,
        laps: &mut pipeline::Laps,
    ) -> Result<(Catalogue, Copies), BuildError> {
        let root = self.options.root.clone();
        // Three independent parts, each on the path of every rebuild.
        let (fps, ((plan, problems), ())) = rayon::join(
            || renderer.fingerprints(),
            || rayon::join(|| renderer.plan(&root), || renderer.make_search_indexes()),
        );
        let EditionsPlan {
            jobs,
            paths,
            copies,
        } = plan;
        laps.lap("plan");
        if !problems.is_empty() {
            let mut errors: Diagnostics = problems.into();
            errors.sort();
            return Err(BuildError::Site(errors));
        }
        let old = &self.catalogue;
        // Each job with its fingerprint, and whether the last catalogue
        // has the page with that fingerprint (looked up here, on every
        // thread, once).
        let planned: Vec<(EditionJob, String, Option<Fingerprint>)> = jobs
            .into_par_iter()
            .zip(paths)
            .map(|(j, path)| {
                let fp = renderer.fingerprint(&fps, j, &path).map(|fp| {
                    let unchanged = matches!(old.get(&path), Some(Served::Page { fingerprint, .. }) if *fingerprint == fp);
                    (fp, unchanged)
                });
                (j, path, fp)
            })
            .collect();
        laps.lap("fingerprints");
        // Rendered now: pages without fingerprint, and the first changed
        // page of each (edition, template).
        let mut sampled = BTreeSet::new();
        let now: Vec<usize> = planned
            .iter()
            .enumerate()
            .filter(|(_, ((e, job), _, fp))| {
                matches!(fp, Some((_, false)))
                    && fingerprint::template_of(*job).is_some_and(|t| sampled.insert((*e, t)))
            })
            .map(|(i, _)| i)
            .collect();
        let results: Vec<Result<(usize, Vec<u8>), Diagnostic>> = now
            .par_iter()
            .map(|&i| Ok((i, renderer.render(planned[i].0)?.bytes)))
            .collect();
        let mut errors = Diagnostics::default();
        let mut rendered = FxHashMap::default();
        for r in results {
            match r {
                Ok((i, bytes)) => {
                    rendered.insert(i, bytes);
                }
                Err(d) => errors.push(d),
            }
        }
        if errors.has_errors() {
            errors.sort();
            return Err(BuildError::Site(errors));
        }
        laps.lap("render");

        let mut entries: Vec<(String, Served)> = Vec::with_capacity(planned.len() + copies.len());
        for (i, (job, path, fp)) in planned.into_iter().enumerate() {
            let fingerprint = match fp {
                Some((fingerprint, unchanged)) => {
                    if !unchanged {
                        stats.rendered += 1;
                        stats.changed.push(path.clone());
                    }
                    if let Some(bytes) = rendered.remove(&i) {
                        self.kept.put(&path, fingerprint, &Arc::new(bytes));
                    }
                    fingerprint
                }
                None => summary_fingerprint(self.rebuilds, &path),
            };
            entries.push((path, Served::Page { job, fingerprint }));
        }

        let mut new_copies = HashMap::new();
        for (out, source) in copies {
            let file = root.join(&source);
            let meta = match std::fs::metadata(&file) {
                Ok(meta) => meta,
                Err(e) => {
                    errors.push(Diagnostic::error(
                        &source,
                        format!("cannot read: {e}"),
                        "check the file",
                    ));
                    continue;
                }
            };
            let key = (source, meta.len(), meta.modified().ok());
            if self.copies.get(&out) != Some(&key) {
                stats.copied += 1;
                stats.changed.push(out.clone());
            }
            entries.push((out.clone(), Served::File(file)));
            new_copies.insert(out, key);
        }
        if errors.has_errors() {
            return Err(BuildError::Site(errors));
        }
        let catalogue: Catalogue = entries.into_iter().collect();
        for path in old.keys().filter(|p| !catalogue.contains_key(*p)) {
            stats.removed += 1;
            stats.changed.push(path.clone());
        }
        laps.lap("catalogue");
        Ok((catalogue, new_copies))
    }

    /// Walks content/ anew (after a config change or at start).
    fn rescan_content(&mut self) -> Result<(), BuildError> {
        let mut diags = Diagnostics::default();
        let files = content::discover(&self.options.root, &mut diags);
        if diags.has_errors() {
            return Err(BuildError::Site(diags));
        }
        self.content_files = files.unwrap_or_default().into_iter().collect();
        Ok(())
    }

    /// Updates the file list and drops cached parses of changed files.
    fn apply_content_changes(&mut self, rel: &[PathBuf]) {
        let root = self.options.root.clone();
        for p in rel.iter().filter(|p| p.starts_with("content")) {
            self.parsed.remove(p.as_os_str());
            let abs = root.join(p);
            // `p` itself, or a file in it when it was a folder.
            let under_p = |f: &Path| f.starts_with(p);
            if abs.is_dir() {
                let mut diags = Diagnostics::default();
                if let Some(all) = content::discover(&root, &mut diags) {
                    self.content_files = all.into_iter().collect();
                }
                self.parsed.retain(|f, _| !under_p(Path::new(f)));
            } else if abs.is_file()
                && !content::is_ignored_name(&p.file_name().unwrap_or_default().to_string_lossy())
            {
                self.content_files.insert(p.clone());
            } else {
                self.content_files.retain(|f| !under_p(f));
                self.parsed.retain(|f, _| !under_p(Path::new(f)));
            }
        }
    }
}

/// `templates/shortcodes/x.html` or `themes/t/templates/shortcodes/x.html`.
fn is_shortcode_template(rel: &Path) -> bool {
    let parts: Vec<_> = rel.iter().collect();
    parts
        .windows(2)
        .any(|w| w[0] == "templates" && w[1] == "shortcodes")
}

/// The fingerprint of a page without one (a summary of the whole site) in
/// the `rebuild`th rebuild: new at each rebuild, so that the page is
/// rendered again once after each.
fn summary_fingerprint(rebuild: u64, path: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64_with_seed(path.as_bytes(), rebuild)
}
