//! The site kept in memory between edits, and the incremental rebuild.
//!
//! A [`Session`] caches what is expensive and depends on one file only (the
//! parsed Markdown files, the compiled templates) and recomputes what depends
//! on the whole site (the model: order, taxonomies, related articles). Then it
//! renders only the jobs whose fingerprint changed (see
//! [`crate::render::fingerprint`]). The result equals a full build of the
//! same sources, byte for byte; the tests check that on random edits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::schedule::{self, Change};
use crate::content::{self, ParseResult};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::pipeline::{self, BuildOptions};
use crate::render::editions::EditionsPlan;
use crate::render::templates::{self, TemplateSet};
use crate::render::{EditionJob, Job, Renderer, Renderers};
use crate::site::Site;

/// The bytes of the site as served: output path -> file.
pub type Files = BTreeMap<String, Arc<Vec<u8>>>;

/// What one rebuild did.
#[derive(Debug, Default, Clone)]
pub struct RebuildStats {
    pub parsed: usize,
    pub rendered: usize,
    pub copied: usize,
    pub removed: usize,
    /// Output paths whose bytes changed.
    pub changed: Vec<String>,
    pub millis: f64,
}

impl RebuildStats {
    /// True when the change touched only stylesheets (the browser can swap them).
    pub fn css_only(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|p| p.ends_with(".css"))
    }
}

/// A job rendered in this rebuild.
struct Fresh {
    path: String,
    bytes: Vec<u8>,
    fingerprint: Option<u64>,
}

/// A site in memory, rebuilt edit by edit.
pub struct Session {
    options: BuildOptions,
    config: Option<Config>,
    content_files: BTreeSet<PathBuf>,
    parsed: HashMap<PathBuf, ParseResult>,
    templates: Option<Arc<TemplateSet>>,
    /// The shortcodes (built-in and the site's templates), loaded again
    /// when site.yaml or a shortcode template changes.
    shortcodes: Option<Arc<content::shortcodes::Shortcodes>>,
    /// The model of each edition of the last good build (none before
    /// one), for [`Session::preview`].
    sites: Vec<Site>,
    files: Files,
    fingerprints: HashMap<String, u64>,
    /// The last rebuild's processed images, for [`Session::preview`].
    images: Arc<crate::media::Images>,
    /// Copied files: output path -> (source, size, mtime) they came from.
    copies: HashMap<String, (PathBuf, u64, Option<SystemTime>)>,
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
            parsed: HashMap::new(),
            templates: None,
            shortcodes: None,
            sites: Vec::new(),
            files: Files::new(),
            fingerprints: HashMap::new(),
            images: Default::default(),
            copies: HashMap::new(),
            next_change: None,
            search_cache: Default::default(),
        };
        let result = session.rebuild(&[PathBuf::from("site.yaml")]);
        (session, result)
    }

    pub fn files(&self) -> &Files {
        &self.files
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
            .filter(|f| content::is_markdown(f) && !self.parsed.contains_key(*f))
            .cloned()
            .collect();
        stats.parsed = todo.len();
        let fresh: Vec<(PathBuf, ParseResult)> = todo
            .into_par_iter()
            .map(|f| {
                let r = content::read_and_parse(&root, &f, &config, &shortcodes);
                (f, r)
            })
            .collect();
        self.parsed.extend(fresh);

        let load_options = self.options.load_options(self.options.now());
        let files: Vec<PathBuf> = self.content_files.iter().cloned().collect();
        let mut sorted: Vec<(&PathBuf, &ParseResult)> = self.parsed.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut diags = Diagnostics::default();
        let content = content::assemble(&files, sorted.into_iter(), &load_options, &mut diags);
        if diags.has_errors() {
            diags.sort();
            return Err(BuildError::Site(diags));
        }
        let published = content.articles.iter().chain(&content.pages).map(|a| &**a);
        let next_change = schedule::next_change(published, &content.left_out, load_options.now);
        // Its warnings are the build's to print; serve shows errors.
        let (mut sites, _) =
            pipeline::assemble(&self.options, &config, content).map_err(BuildError::Site)?;
        let profiles =
            Arc::new(content::authors::load(&root).map_err(|e| BuildError::Site(vec![e].into()))?);
        for site in &mut sites {
            site.profiles = Arc::clone(&profiles);
            site.relate();
        }

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
        self.images = Arc::clone(&images);
        let mut renderers = pipeline::renderers(&root, &sites, &templates, now, &images);
        for r in &mut renderers.editions {
            r.search_cache = Arc::clone(&self.search_cache);
        }
        self.render_changed(&renderers, &mut stats)?;
        drop(renderers);
        self.sites = sites;
        self.next_change = next_change;
        stats.millis = start.elapsed().as_secs_f64() * 1000.0;
        Ok(stats)
    }

    /// The fast first step for the most common edit, an article's text: if
    /// `changed` is one published article whose URL, date and terms stay the
    /// same, its page is re-rendered at once against the last model. The
    /// full [`Session::rebuild`] must follow: it recomputes the model (related
    /// lists, lists showing the new title) and converges on the exact site.
    /// Returns none when the edit is of another kind or does not parse.
    pub fn preview(&mut self, changed: &[PathBuf]) -> Option<RebuildStats> {
        let start = Instant::now();
        let root = self.options.root.clone();
        let [path] = changed else { return None };
        let rel = path.strip_prefix(&root).unwrap_or(path);
        let templates = Arc::clone(self.templates.as_ref()?);
        let (site, i) = self.sites.iter().find_map(|site| {
            let i = site.articles.iter().position(|a| a.source == rel)?;
            Some((site, i))
        })?;
        // Parsed as a build parses it: with the site's configuration (an
        // edition's would take `fuel.kk.md` for its default language's).
        let config = self.config.as_ref()?;
        let shortcodes = Arc::clone(self.shortcodes.as_ref()?);
        let Ok((content::ParsedFile::Article(fresh), _)) =
            content::read_and_parse(&root, rel, config, &shortcodes)
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
        let now = self.options.now.unwrap_or_else(jiff::Timestamp::now);
        let images = Arc::clone(&self.images);
        let renderer = Renderer::new(&root, &edited, templates, now, images);
        let page = renderer.render(Job::Article(i)).ok()?;
        let mut stats = RebuildStats::default();
        self.store(page.path, page.bytes, &mut stats);
        stats.rendered = 1;
        stats.parsed = 1;
        stats.millis = start.elapsed().as_secs_f64() * 1000.0;
        Some(stats)
    }

    /// Renders jobs whose fingerprint changed, copies changed static files,
    /// and drops files the site no longer has. All or nothing: on error the
    /// served files are left as they were.
    fn render_changed(
        &mut self,
        renderer: &Renderers<'_>,
        stats: &mut RebuildStats,
    ) -> Result<(), BuildError> {
        let root = self.options.root.clone();
        let fps = renderer.fingerprints();
        let (EditionsPlan { jobs, copies }, problems) = renderer.plan(&root);
        if !problems.is_empty() {
            let mut errors: Diagnostics = problems.into();
            errors.sort();
            return Err(BuildError::Site(errors));
        }
        let planned: Vec<(EditionJob, Option<u64>)> = jobs
            .iter()
            .map(|&j| (j, renderer.fingerprint(&fps, j)))
            .collect();
        let results: Vec<Result<Option<Fresh>, Diagnostic>> = planned
            .par_iter()
            .map(|&(job, fp)| {
                let path = renderer.output_path(job);
                if let Some(fp) = fp
                    && self.fingerprints.get(&path) == Some(&fp)
                    && self.files.contains_key(&path)
                {
                    return Ok(None);
                }
                let file = renderer.render(job)?;
                Ok(Some(Fresh {
                    path: file.path,
                    bytes: file.bytes,
                    fingerprint: fp,
                }))
            })
            .collect();
        let mut errors = Diagnostics::default();
        let mut rendered = Vec::new();
        for r in results {
            match r {
                Ok(Some(x)) => rendered.push(x),
                Ok(None) => {}
                Err(d) => errors.push(d),
            }
        }
        if errors.has_errors() {
            errors.sort();
            return Err(BuildError::Site(errors));
        }

        let mut wanted: BTreeSet<String> = jobs.iter().map(|&j| renderer.output_path(j)).collect();
        let mut new_copies = HashMap::new();
        let mut copied = Vec::new();
        for (out, source) in copies {
            let meta = std::fs::metadata(root.join(&source)).ok();
            let key = (
                source.clone(),
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            );
            if self.copies.get(&out) != Some(&key) || !self.files.contains_key(&out) {
                match std::fs::read(root.join(&source)) {
                    Ok(bytes) => copied.push((out.clone(), bytes)),
                    Err(e) => errors.push(Diagnostic::error(
                        &source,
                        format!("cannot read: {e}"),
                        "check the file",
                    )),
                }
            }
            wanted.insert(out.clone());
            new_copies.insert(out, key);
        }
        if errors.has_errors() {
            return Err(BuildError::Site(errors));
        }

        for fresh in rendered {
            wanted.insert(fresh.path.clone());
            if let Some(fp) = fresh.fingerprint {
                self.fingerprints.insert(fresh.path.clone(), fp);
            }
            stats.rendered += 1;
            self.store(fresh.path, fresh.bytes, stats);
        }
        for (path, bytes) in copied {
            stats.copied += 1;
            self.store(path, bytes, stats);
        }
        self.copies = new_copies;
        let stale: Vec<String> = self
            .files
            .keys()
            .filter(|p| !wanted.contains(*p))
            .cloned()
            .collect();
        for p in stale {
            self.files.remove(&p);
            self.fingerprints.remove(&p);
            stats.removed += 1;
            stats.changed.push(p);
        }
        Ok(())
    }

    fn store(&mut self, path: String, bytes: Vec<u8>, stats: &mut RebuildStats) {
        if self.files.get(&path).is_none_or(|old| **old != bytes) {
            stats.changed.push(path.clone());
            self.files.insert(path, Arc::new(bytes));
        }
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
            self.parsed.remove(p);
            let abs = root.join(p);
            let removed_prefix = |f: &PathBuf| f.starts_with(p);
            if abs.is_dir() {
                let mut diags = Diagnostics::default();
                if let Some(all) = content::discover(&root, &mut diags) {
                    self.content_files = all.into_iter().collect();
                }
                self.parsed.retain(|f, _| !f.starts_with(p));
            } else if abs.is_file()
                && !content::is_ignored_name(&p.file_name().unwrap_or_default().to_string_lossy())
            {
                self.content_files.insert(p.clone());
            } else {
                self.content_files.retain(|f| !removed_prefix(f));
                self.parsed.retain(|f, _| !removed_prefix(f));
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
