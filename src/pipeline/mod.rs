//! PIPELINE: the stages in the order every command walks them, so that
//! `build`, `check` and `serve` cannot drift apart:
//!
//! ```text
//! site.yaml -> load_config -> Config
//!           -> load: content (files, front matter, Markdown, terms)
//!                    -> model of each language edition (sections,
//!                       taxonomies, pagination; translations linked)
//!                    -> related lists
//!                    -> templates                          => Loaded
//!           -> Loaded::renderers + Renderers::plan: every file a build writes
//!           -> render each job: to disk (build), to memory (serve),
//!              to a link checker (check)
//! ```
//!
//! [`build()`] runs it to disk. `check` and `serve` take [`load_config`],
//! [`load`] and the renderer's plan from here; `serve` keeps the parsed files
//! between edits and re-runs only what an edit touches, with the same
//! stages. This module only strings stages together: what each stage does
//! lives in its own module.

pub mod build;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::content::body::Spill;
use crate::content::{self, LeftOut, LoadOptions};
use crate::error::{Diagnostic, Diagnostics};
use crate::media::{self, Images};
use crate::render::templates::{self, TemplateSet};
use crate::render::{Renderer, Renderers};
use crate::site::{Site, editions};

pub use build::{BuildReport, build};

/// What to build and how: the options every command shares.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; default `<root>/output`.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    /// The build's "now" (future/expired articles, news sitemap); default: the clock.
    pub now: Option<jiff::Timestamp>,
    /// Fail at once, instead of waiting, when another process is building
    /// or deploying this site or writing this output folder.
    pub no_wait: bool,
    /// Called once when the build has to wait for another process's lock
    /// (the CLI says so on stderr; the library prints nothing).
    pub on_lock_wait: Option<fn()>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            ..Default::default()
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }

    /// The build's "now": the one given, else the clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.now.unwrap_or_else(jiff::Timestamp::now)
    }

    /// Which unpublished articles the content stage keeps, as of `now`.
    pub fn load_options(&self, now: jiff::Timestamp) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts,
            future: self.future,
            now,
        }
    }
}

/// Reads `site.yaml`, applying command-line overrides.
pub fn load_config(options: &BuildOptions) -> Result<Config, Diagnostic> {
    let mut config = Config::load(&options.root.join("site.yaml")).map_err(|d| Diagnostic {
        file: PathBuf::from("site.yaml"),
        ..d
    })?;
    if let Some(url) = &options.base_url {
        crate::config::check_base_url(url).map_err(|why| {
            Diagnostic::error(
                "--base-url",
                format!("the base URL {why}"),
                "pass it like `--base-url https://preview.example.com`",
            )
        })?;
        config.base_url = url.trim_end_matches('/').to_string();
        config.edition.site_url = config.base_url.clone();
    }
    Ok(config)
}

/// The site in memory, ready to render: the model of each edition (related
/// lists included) and the compiled templates, with what was found on the way.
pub struct Loaded {
    /// Every edition's model, the default language's first (the only one
    /// of a site without `languages:`).
    pub sites: Vec<Site>,
    /// The media stage's processed images.
    pub images: Arc<Images>,
    pub templates: Arc<TemplateSet>,
    /// Warnings, and errors of single files that did not stop the model
    /// (a broken article is left out of it): the caller goes on to the plan,
    /// so that its problems are reported in the same run, and fails then.
    pub diagnostics: Diagnostics,
    /// Articles the publication rules kept out (drafts, scheduled, expired),
    /// so that the commands can say so.
    pub left_out: Vec<LeftOut>,
}

impl Loaded {
    /// The renderers of every edition, as of `now`.
    pub fn renderers(&self, root: &Path, now: jiff::Timestamp) -> Renderers<'_> {
        renderers(root, &self.sites, &self.templates, now, &self.images)
    }

    /// The default edition's model (the whole site without `languages:`).
    pub fn site(&self) -> &Site {
        &self.sites[0]
    }
}

/// The renderer of each edition of `sites`, as of `now`.
pub fn renderers<'s>(
    root: &Path,
    sites: &'s [Site],
    templates: &Arc<TemplateSet>,
    now: jiff::Timestamp,
    images: &Arc<Images>,
) -> Renderers<'s> {
    Renderers::new(
        sites
            .iter()
            .map(|site| Renderer::new(root, site, Arc::clone(templates), now, Arc::clone(images)))
            .collect(),
    )
}

/// The model of every edition of `content` (the default language's
/// first), linked by their translations, without related lists; with the
/// warnings of the linking.
pub fn assemble(
    options: &BuildOptions,
    config: &Config,
    content: content::Content,
) -> Result<(Vec<Site>, Vec<Diagnostic>), Diagnostics> {
    let configs = config.editions(options.base_url.is_none());
    let mut errors = Diagnostics::default();
    let mut sites = Vec::new();
    for (c, part) in configs
        .into_iter()
        .zip(editions::split(content, &config.edition_codes()))
    {
        match Site::assemble(c, part) {
            Ok(site) => sites.push(site),
            Err(e) => errors.extend(e.into_vec()),
        }
    }
    errors.extend(editions::folder_clashes(&sites));
    if errors.has_errors() {
        errors.sort();
        return Err(errors);
    }
    let warnings = editions::share(&mut sites);
    Ok((sites, warnings))
}

/// Content, model, related lists and templates, each run as far as it can so
/// that one run reports the problems of all of them (broken files, slug
/// collisions among the others, broken templates). Fails, with every
/// problem sorted, only when there is no model or no templates to go on
/// with; otherwise the problems travel in [`Loaded::diagnostics`]. `laps`
/// records each stage's time. With a `spill`, the content stage writes
/// articles' bodies to it instead of holding them (`build` does).
pub fn load(
    options: &BuildOptions,
    config: Config,
    now: jiff::Timestamp,
    spill: Option<&Arc<Spill>>,
    laps: &mut Laps,
) -> Result<Loaded, Diagnostics> {
    let (mut content, mut diags) =
        content::load(&options.root, &config, &options.load_options(now), spill);
    let left_out = std::mem::take(&mut content.left_out);
    // A `--base-url` (a preview, `serve`) replaces site.yaml's for this
    // build, placeholder or not: only a build that uses it is warned.
    if options.base_url.is_none() {
        diags.extend(config.base_url_warning());
    }
    laps.lap("load");
    let mut sites = assemble(options, &config, content)
        .map(|(sites, warnings)| {
            diags.extend(warnings);
            sites
        })
        .map_err(|errs| diags.extend(errs.into_vec()));
    laps.lap("model");
    if let Ok(sites) = &mut sites {
        match content::authors::load(&options.root) {
            Ok(profiles) => {
                let profiles = Arc::new(profiles);
                for site in sites.iter_mut() {
                    site.profiles = Arc::clone(&profiles);
                }
            }
            Err(e) => diags.push(e),
        }
        for site in sites.iter_mut() {
            diags.extend(site.warnings());
            site.relate();
            site.forget_text_terms();
        }
    }
    laps.lap("related");
    let mut images = Images::default();
    if let Ok(sites) = &sites {
        // The cache is pruned by `build` once its output is in place, not
        // here: `check` shares this stage and leaves the cache as it is.
        let (found, problems) = run_media(options, sites);
        diags.extend(problems);
        images = found;
    }
    laps.lap("images");
    let templates = templates::load(&options.root, &config).map_err(|errs| diags.extend(errs));
    if let Ok(t) = &templates {
        diags.extend(t.warnings.iter().cloned());
    }
    match (sites, templates) {
        (Ok(sites), Ok(templates)) => Ok(Loaded {
            sites,
            images: Arc::new(images),
            templates: Arc::new(templates),
            diagnostics: diags,
            left_out,
        }),
        _ => {
            diags.sort();
            Err(diags)
        }
    }
}

/// The image cache folder: site.yaml's `images.cache` (relative to the
/// site root), else `images/` in the state folder beside the output.
pub fn image_cache_dir(options: &BuildOptions, config: &Config) -> PathBuf {
    match &config.images.cache {
        Some(dir) => options.root.join(dir),
        None => crate::output::state_dir(&options.output_dir()).join("images"),
    }
}

/// The media stage for every edition of `sites` (their images are the
/// default edition's files, their lead images of any), with its cache
/// folder checked: never inside the output (each build replaces it) nor
/// `content/`.
pub fn run_media(options: &BuildOptions, sites: &[Site]) -> (Images, Vec<Diagnostic>) {
    let site = &sites[0];
    let cache = image_cache_dir(options, &site.config);
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let inside = |dir: &Path| absolute(&cache).starts_with(absolute(dir));
    if inside(&options.output_dir()) || inside(&options.root.join("content")) {
        let d = Diagnostic::error(
            "site.yaml",
            format!(
                "`images.cache` {} is inside the output or content folder",
                cache.display()
            ),
            "name a folder of its own, like `images: {cache: .image-cache}`, and add it to .gitignore",
        );
        return (Images::default(), vec![d]);
    }
    let leads = sites
        .iter()
        .flat_map(|s| s.articles.iter().chain(&s.pages))
        .map(|a| &**a);
    media::run(
        &options.root,
        &site.config.images,
        &site.assets,
        leads,
        &cache,
    )
}

/// Stage timer: each call to `lap` records the time since the previous one.
pub struct Laps {
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Laps {
    pub fn new() -> Self {
        Laps {
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }

    /// Every lap, in order.
    pub fn into_laps(self) -> Vec<(&'static str, Duration)> {
        self.laps
    }
}

impl Default for Laps {
    fn default() -> Self {
        Laps::new()
    }
}
