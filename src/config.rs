//! `site.yaml` -> [`Config`]: strict keys, defaults, and validation.
//!
//! Unknown keys are an error naming the key, so that a typo (`paginte: 5`)
//! never passes silently. `extra:` is free-form and handed to templates as is.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::Diagnostic;

/// The site's configuration, as read from `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    #[serde(default = "default_paginate")]
    pub paginate: usize,
    #[serde(default)]
    pub related: RelatedConfig,
    #[serde(default = "default_taxonomies")]
    pub taxonomies: Vec<String>,
    #[serde(default = "default_permalink")]
    pub permalink: String,
    #[serde(default)]
    pub feeds: FeedConfig,
    /// Section order for navigation; sections not named follow alphabetically.
    #[serde(default)]
    pub nav: Vec<String>,
    #[serde(default = "default_extra")]
    pub extra: serde_json::Value,
    #[serde(default)]
    pub deploy: Option<DeployConfig>,
    #[serde(default)]
    pub limits: Limits,
    /// IANA name of the time zone of dates written without an offset
    /// (`2024-05-01 09:00`, `2024-05-01`): `Europe/Paris`. UTC by default.
    #[serde(default = "default_timezone")]
    pub timezone: String,
    /// `timezone`, looked up once.
    #[serde(skip, default = "utc")]
    pub tz: jiff::tz::TimeZone,
    // newsroom keys (issue 26)
    /// Share image for pages without their own (`og:image`, `twitter:image`,
    /// JSON-LD `image`): a site path or URL, at least 1200 px wide.
    #[serde(default)]
    pub image: Option<String>,
    /// The publisher's logo, for the `Organization` JSON-LD: a site path or URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// Article kinds `kind:` may name, each shown as a label.
    #[serde(default = "default_kinds")]
    pub kinds: Vec<String>,
    /// Date archives `/YYYY/` and `/YYYY/MM/`.
    #[serde(default = "default_archives")]
    pub archives: bool,
    /// Settings of the built-in shortcodes (issue 27, docs/shortcodes.md).
    #[serde(default)]
    pub embeds: EmbedsConfig,
    /// Responsive images (issue 25): widths, quality, cache, limits.
    #[serde(default)]
    pub images: ImagesConfig,
    /// Site search: the static index under `/search/`, the search page and
    /// `/opensearch.xml` (issue 28). On by default.
    #[serde(default = "default_search")]
    pub search: bool,
    /// Further editions of the site, by language code (issue 29,
    /// docs/languages.md): `kk: {title: ..., description: ...}`. The
    /// default language's edition is the site itself, at the root.
    #[serde(default)]
    pub languages: std::collections::BTreeMap<String, LanguageConfig>,
    /// Which edition this configuration is of: set by [`Config::editions`],
    /// the default edition's for the configuration as read.
    #[serde(skip_deserializing)]
    pub edition: Edition,
    /// Line of each top-level key in site.yaml, for problems found after
    /// parsing (a `nav` entry that names no section).
    #[serde(skip)]
    key_lines: Vec<(String, usize)>,
}

/// One entry of `languages:` in site.yaml: what differs in that edition.
/// Unset keys take the site's own values.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language's name in itself, for the language switcher
    /// (`Қазақша`); default: the code.
    pub name: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Where the edition is published when not under the site's own
    /// `base_url` + `/<code>` (its own host: `https://kk.example.com`).
    pub base_url: Option<String>,
    /// The edition's section order, like the site's `nav` (SPEC.md calls
    /// it the edition's `menu`: both names are read).
    #[serde(alias = "menu")]
    pub nav: Option<Vec<String>>,
}

/// The edition a [`Config`] is of: its language code and where its files go.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Edition {
    /// Language code (`kk`); the site's `language` for the default edition.
    pub code: String,
    /// Folder of the edition's files under the output root: empty for the
    /// default edition, `kk/` for the others.
    pub dir: String,
    /// The whole site's base URL (the default edition's), where the files
    /// every edition shares are: static files, theme assets, images.
    pub site_url: String,
}

impl Edition {
    pub fn is_default(&self) -> bool {
        self.dir.is_empty()
    }
}

/// `deploy:` in site.yaml (what `gazette deploy` reads; the settings live
/// here with the others, so that loading them needs nothing of deploy).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DeployConfig {
    /// `s3://bucket/prefix` or `file:///path`; `--target` overrides it.
    pub target: Option<String>,
    /// Header rules, in order: for each header, the first matching rule
    /// that sets it wins; the defaults fill the rest.
    pub headers: Vec<HeaderRule>,
    /// Uploads in flight at once (default 8).
    pub concurrency: Option<usize>,
}

/// One `deploy.headers` rule in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct HeaderRule {
    /// Glob over the path under the output root, e.g. `**/*.css`.
    pub glob: String,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    /// Store the file gzip-compressed with `Content-Encoding: gzip`.
    pub gzip: Option<bool>,
}

/// `limits:` in site.yaml: how much one file may cost the build, so that a
/// hostile or broken file fails with an error instead of exhausting memory.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Memory one article's Markdown may take to render, in MiB. A long
    /// feature takes a few MiB; only machine-made bodies (a 20 MB table)
    /// come near the default.
    pub markdown_memory_mb: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            markdown_memory_mb: 512,
        }
    }
}

impl Limits {
    pub fn markdown_memory_bytes(&self) -> usize {
        self.markdown_memory_mb.saturating_mul(1 << 20)
    }
}

/// `embeds:` in site.yaml: settings of the built-in shortcodes.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct EmbedsConfig {
    /// Hosts the `iframe` shortcode may load (exact names, `https://`
    /// only). Given, the list replaces [`DEFAULT_IFRAME_HOSTS`].
    pub iframe_hosts: Option<Vec<String>>,
}

/// Hosts the `iframe` shortcode may load when site.yaml names none: the
/// chart, map and audio services newsrooms embed most.
pub const DEFAULT_IFRAME_HOSTS: &[&str] = &[
    "datawrapper.dwcdn.net",
    "flo.uri.sh",
    "public.flourish.studio",
    "e.infogram.com",
    "www.openstreetmap.org",
    "www.google.com",
    "docs.google.com",
    "open.spotify.com",
    "w.soundcloud.com",
    "bandcamp.com",
];

impl EmbedsConfig {
    /// The hosts `iframe` may load, lower-cased.
    pub fn iframe_hosts(&self) -> Vec<String> {
        match &self.iframe_hosts {
            Some(hosts) => hosts
                .iter()
                .map(|h| h.trim().to_ascii_lowercase())
                .collect(),
            None => DEFAULT_IFRAME_HOSTS.iter().map(|h| h.to_string()).collect(),
        }
    }
}

/// `images:` in site.yaml: how every photo under `content/` is turned
/// into responsive variants (docs/images.md), and how much one may cost.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Widths of the WebP variants, in pixels; none wider than the original.
    pub widths: Vec<u32>,
    /// The `sizes` attribute of body and lead images: how wide the image
    /// shows at each viewport width, so the browser picks the variant.
    pub sizes: String,
    /// Lossy quality of WebP variants and JPEG fallbacks, 1 to 100.
    pub quality: u8,
    /// The cache folder, relative to the site root; default
    /// `.<output>.state/images` beside the output.
    pub cache: Option<PathBuf>,
    /// Largest image accepted, in millions of pixels (width x height as the
    /// file declares it, checked before decoding).
    pub max_megapixels: u32,
    /// Largest image file accepted, in MiB.
    pub max_file_mb: u32,
    /// Keep the photo's credit line (EXIF Artist and Copyright) in the
    /// files made from it; all other metadata is stripped either way.
    pub keep_credit: bool,
    /// Make AVIF variants too (smaller than WebP, slower to encode).
    pub avif: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 800, 1200, 1600],
            sizes: "(min-width: 46rem) 42rem, 100vw".into(),
            quality: 80,
            cache: None,
            max_megapixels: 50,
            max_file_mb: 40,
            keep_credit: false,
            avif: false,
        }
    }
}

/// `related:` in site.yaml: how many related articles, and each signal's weight.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct RelatedConfig {
    /// Articles listed under each article; 0 turns the stage off.
    pub count: usize,
    /// Weight of shared taxonomy terms other than categories (IDF-weighted).
    pub tags: f32,
    /// Weight of a shared category.
    pub categories: f32,
    /// Weight of text similarity (TF-IDF cosine over title, summary, body).
    pub text: f32,
    /// Weight of closeness in time; a mild tie-breaker.
    pub recency: f32,
}

impl Default for RelatedConfig {
    fn default() -> Self {
        RelatedConfig {
            count: 5,
            tags: 1.0,
            categories: 0.3,
            text: 2.0,
            recency: 0.05,
        }
    }
}

/// `feeds:` in site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct FeedConfig {
    /// Entries per feed (site feeds and term feeds).
    pub limit: usize,
    /// Days of articles in the Google News sitemap, counted back from the build time.
    pub news_days: i64,
    /// Which feeds carry whole articles besides their summaries.
    pub full_content: FullContent,
}

/// `feeds.full_content`: which feeds carry each article's whole text.
///
/// The site feeds carry it by default, for people who read in a feed
/// reader; term feeds (one per tag, author, category: thousands on a large
/// site) carry summaries and links, as Hugo's do, which keeps a 10,000-article
/// site's output 28% smaller.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum FullContent {
    /// Every feed.
    All,
    /// `/atom.xml` and `/rss.xml` only.
    #[default]
    Site,
    /// No feed: summaries and links only.
    None,
}

impl FullContent {
    /// Whether a feed (a term feed or not) carries whole articles.
    pub fn in_feed(self, term_feed: bool) -> bool {
        match self {
            FullContent::All => true,
            FullContent::Site => !term_feed,
            FullContent::None => false,
        }
    }
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            limit: 20,
            news_days: 2,
            full_content: FullContent::default(),
        }
    }
}

fn default_language() -> String {
    "en".into()
}
fn default_theme() -> String {
    "broadsheet".into()
}
fn default_paginate() -> usize {
    10
}
fn default_taxonomies() -> Vec<String> {
    vec!["tags".into(), "categories".into(), "authors".into()]
}
fn default_permalink() -> String {
    "/:section/:slug/".into()
}
fn default_timezone() -> String {
    "UTC".into()
}
fn utc() -> jiff::tz::TimeZone {
    jiff::tz::TimeZone::UTC
}
fn default_kinds() -> Vec<String> {
    [
        "news",
        "opinion",
        "analysis",
        "review",
        "explainer",
        "sponsored",
    ]
    .map(String::from)
    .to_vec()
}
fn default_archives() -> bool {
    true
}
fn default_search() -> bool {
    true
}
fn default_extra() -> serde_json::Value {
    serde_json::Value::Object(Default::default())
}

/// Checks a site's base URL (site.yaml `base_url`, `build --base-url`):
/// an absolute `http(s)://host[/path]` URL, since feeds, sitemaps and
/// canonical links are built on it. The error says what is wrong.
pub fn check_base_url(url: &str) -> Result<(), String> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!(
            "must be an absolute http(s) URL with a host, got {url:?}"
        ));
    };
    let host = rest.split('/').next().unwrap_or("");
    if !matches!(scheme, "http" | "https") || host.is_empty() {
        return Err(format!(
            "must be an absolute http(s) URL with a host, got {url:?}"
        ));
    }
    if url.contains(|c: char| c.is_whitespace() || c.is_control() || "?#\\\"<>".contains(c)) {
        return Err(format!(
            "may not hold spaces, quotes, `?`, `#` or `\\`, got {url:?}"
        ));
    }
    Ok(())
}

/// The site.yaml `gazette init` writes for a site titled `title`. The
/// importers compare a site's site.yaml with it: while it is still this
/// text, nobody has edited it, and an imported configuration may replace it.
pub fn starter_site_yaml(title: &str) -> String {
    // A JSON string is a valid YAML string: quotes and backslashes in the
    // folder name are escaped.
    let title = serde_json::to_string(title).unwrap_or_else(|_| "\"Site\"".into());
    format!(
        "title: {title}\n\
         # Set base_url to the address the site will be published at, like\n\
         # https://news.yourpaper.com (with its folder if the site lives in one,\n\
         # like https://yourpaper.com/news). Canonical links, feeds and sitemaps\n\
         # are built on it; until it is set, build and check warn. To preview\n\
         # the site elsewhere, build with `gazette build --base-url URL`.\n\
         base_url: https://example.com\ndescription: \"News and analysis\"\n\
         language: en\ntheme: broadsheet\npaginate: 10\nrelated:\n  count: 5\n\
         taxonomies: [tags, categories, authors]\npermalink: \"/:section/:slug/\"\nextra: {{}}\n"
    )
}

/// Whether `text` is a site.yaml exactly as `gazette init` wrote it (for
/// whatever title it was given).
pub fn is_starter_site_yaml(text: &str) -> bool {
    let Some(first) = text.lines().next() else {
        return false;
    };
    first
        .strip_prefix("title: ")
        .and_then(|quoted| serde_json::from_str::<String>(quoted).ok())
        .is_some_and(|title| starter_site_yaml(&title) == text)
}

/// The front page text `gazette init` writes (path under the site, text).
pub const STARTER_FRONT_PAGE: (&str, &str) = (
    "content/_index.md",
    "---\ntitle: Front page\ndescription: The latest news\n---\n",
);

/// The welcome article `gazette init` writes (path, body after its front
/// matter, which carries the day it was written).
pub const STARTER_ARTICLE: (&str, &str) = (
    "content/news/welcome.md",
    "This is the first article. Edit it in `content/news/welcome.md`, or write another with `gazette new \"Title\"`.\n",
);

/// The About page `gazette init` writes (path under the site, text).
pub const STARTER_ABOUT_PAGE: (&str, &str) = (
    "content/about.md",
    "---\ntitle: About\ntype: page\n---\n\nWho we are, how to reach the newsroom, and our corrections policy.\n",
);

/// The folder is no site at all: it does not exist, or has no readable
/// site.yaml. Every command but `init` refuses to run there (the CLI exits
/// 2, as for other usage errors), so that `gazette new` in the wrong folder
/// does not write `./content/` there. Errors in site.yaml's text are not
/// this: they are the site's problems, reported with the others.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct NotASite(String);

/// Checks that `root` is a site folder with a site.yaml that can be
/// opened; returns the folder's canonical path.
pub fn find_site(root: &Path) -> Result<PathBuf, NotASite> {
    let fix = |dir: &Path| {
        format!(
            "run `gazette init {}` to create a site there, or pass --root DIR for the folder that holds site.yaml",
            dir.display()
        )
    };
    let root = root.canonicalize().map_err(|e| {
        NotASite(format!(
            "cannot open the site folder {}: {e}: {}",
            root.display(),
            fix(root)
        ))
    })?;
    let yaml = root.join("site.yaml");
    match std::fs::File::open(&yaml).and_then(|f| f.metadata()) {
        Ok(meta) if meta.is_file() => Ok(root),
        Ok(_) => Err(NotASite(format!(
            "{} is not a file: site.yaml must be the site's configuration file; \
             move that folder away, or pass --root DIR for another site",
            yaml.display()
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(NotASite(format!(
            "no site.yaml in {}: {}",
            root.display(),
            fix(&root)
        ))),
        Err(e) => Err(NotASite(format!(
            "cannot read {}: {e}: check its permissions",
            yaml.display()
        ))),
    }
}

/// Why the host of `base_url` cannot be where a site is published, or
/// none: the documentation domains (`example.com`, `.org`, `.net` and their
/// subdomains), this machine (`localhost`, `127.x.x.x`, `::1`, `0.0.0.0`)
/// and the reserved top-level domains `.test`, `.invalid`, `.example`,
/// `.localhost` (RFC 2606, RFC 6761).
pub fn placeholder_host(base_url: &str) -> Option<&'static str> {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    let authority = rest.split('/').next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or(authority);
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        v6.split(']').next().unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if ["example.com", "example.org", "example.net"]
        .iter()
        .any(|d| under(d))
    {
        Some("is a placeholder (example domains are reserved for documentation)")
    } else if under("localhost")
        || host == "::1"
        || host == "0.0.0.0"
        || (host.starts_with("127.") && host.split('.').all(|p| p.parse::<u8>().is_ok()))
    {
        Some("names this machine, which readers cannot reach")
    } else if ["test", "invalid", "example"].iter().any(|d| under(d)) {
        Some("is under a reserved top-level domain that does not resolve on the internet")
    } else {
        None
    }
}

/// Whether `name` is already a slug as the content stage makes them:
/// lowercase ASCII words of letters and digits joined by single `-`.
/// (Taxonomy names become URL folders as they are.)
fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The permalink placeholders a pattern may use.
pub const PERMALINK_PLACEHOLDERS: &[&str] = &[":year", ":month", ":day", ":slug", ":section"];

impl Config {
    /// Reads and validates `site.yaml` at `path`.
    pub fn load(path: &Path) -> Result<Config, Diagnostic> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Diagnostic::error(
                path,
                format!("cannot read site configuration: {e}"),
                "create site.yaml at the site root (`gazette init DIR` makes one)",
            )
        })?;
        Self::parse(path, &text)
    }

    /// Parses `site.yaml` text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, Diagnostic> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut config: Config = serde_yaml::from_str(text).map_err(|e| {
            let line = e.location().map(|l| l.line());
            let msg = strip_yaml_location(&e.to_string());
            let (message, help) = match unknown_name(&msg) {
                Some(unknown) => unknown.explain(),
                None => (
                    msg,
                    "fix the key or value named above; allowed keys: title, base_url, description, \
                     language, languages, theme, paginate, related, taxonomies, permalink, feeds, nav, deploy, limits, timezone, image, logo, kinds, archives, embeds, images, search, extra"
                        .to_string(),
                ),
            };
            Diagnostic::error(path, format!("invalid site.yaml: {message}"), help).at_line(line)
        })?;
        config.key_lines = top_level_keys(text);
        config.validate(path)?;
        config.tz = jiff::tz::TimeZone::get(config.timezone.trim()).map_err(|_| {
            Diagnostic::error(
                path,
                format!("`timezone` {:?} is not a time zone name", config.timezone),
                "write an IANA time zone name like `timezone: Europe/Paris`, \
                 `America/New_York` or `UTC` (the list: \
                 https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)",
            )
            .at_line(config.line_of("timezone"))
        })?;
        config.base_url = config.base_url.trim_end_matches('/').to_string();
        config.edition = Edition {
            code: config.language.clone(),
            dir: String::new(),
            site_url: config.base_url.clone(),
        };
        Ok(config)
    }

    /// The configuration of every edition, the default language's first,
    /// then `languages:` in code order. An edition's `base_url` is its own
    /// (`languages.kk.base_url`) unless `own_hosts` is false (a preview at
    /// `--base-url`, where every edition is under the preview's address),
    /// else the site's followed by `/<code>`.
    pub fn editions(&self, own_hosts: bool) -> Vec<Config> {
        // What an entry of `languages:` sets; the default language's entry
        // may set them too (its base_url is the site's own).
        let apply = |c: &mut Config, lang: &LanguageConfig| {
            if let Some(t) = &lang.title {
                c.title = t.clone();
            }
            if let Some(d) = &lang.description {
                c.description = d.clone();
            }
            if let Some(nav) = &lang.nav {
                c.nav = nav.clone();
            }
        };
        let mut default = self.clone();
        if let Some(own) = self.languages.get(&self.language) {
            apply(&mut default, own);
        }
        let mut editions = vec![default];
        for (code, lang) in &self.languages {
            if *code == self.language {
                continue;
            }
            let mut c = self.clone();
            c.language = code.clone();
            apply(&mut c, lang);
            c.base_url = match &lang.base_url {
                Some(url) if own_hosts => url.trim_end_matches('/').to_string(),
                _ => format!("{}/{code}", self.base_url),
            };
            c.edition = Edition {
                code: code.clone(),
                dir: format!("{code}/"),
                site_url: self.base_url.clone(),
            };
            editions.push(c);
        }
        editions
    }

    /// The language codes of the site's editions, the default first.
    pub fn edition_codes(&self) -> Vec<&str> {
        std::iter::once(self.language.as_str())
            .chain(
                self.languages
                    .keys()
                    .map(String::as_str)
                    .filter(|c| *c != self.language),
            )
            .collect()
    }

    /// The display name of the edition of `code`: its `name`, else the code.
    pub fn language_name(&self, code: &str) -> String {
        self.languages
            .get(code)
            .and_then(|l| l.name.clone())
            .unwrap_or_else(|| code.to_string())
    }

    /// The prefix of links to files every edition shares (static files,
    /// theme assets, content files and images): the site's base path, or
    /// its whole base URL for an edition on a host of its own.
    pub fn shared_prefix(&self) -> &str {
        shared_prefix(&self.base_url, &self.edition.site_url)
    }

    /// A warning when `base_url` is a placeholder or a host no reader can
    /// reach (see [`placeholder_host`]): every canonical link, feed and
    /// sitemap would point there. None for a real-looking address.
    pub fn base_url_warning(&self) -> Option<Diagnostic> {
        let why = placeholder_host(&self.base_url)?;
        Some(
            Diagnostic::warning(
                "site.yaml",
                format!(
                    "`base_url` {} {why}: canonical links, feeds, sitemaps and social \
                     metadata will point there",
                    self.base_url
                ),
                "set `base_url` to the address the site will be published at, like \
                 `https://news.yourpaper.com`; to preview the site elsewhere, keep it and build \
                 with `gazette build --base-url URL`",
            )
            .at_line(self.line_of("base_url")),
        )
    }

    fn validate(&self, path: &Path) -> Result<(), Diagnostic> {
        let fail = |msg: String, help: &str| Err(Diagnostic::error(path, msg, help));
        if let Err((why, help)) = check_language(&self.language) {
            return Err(Diagnostic::error(path, format!("`language` {why}"), help)
                .at_line(self.line_of("language")));
        }
        if self.title.trim().is_empty() {
            return fail("`title` is empty".into(), "give the site a title");
        }
        for (code, lang) in &self.languages {
            let problem = if let Err((why, _)) = check_language(code) {
                Some(format!("`languages`: {why}"))
            } else if code.contains(['-', '_']) || code.chars().any(|c| c.is_ascii_uppercase()) {
                Some(format!(
                    "`languages` code {code:?} must be a lowercase language code without region (it names files and folders)"
                ))
            } else {
                lang.base_url
                    .as_deref()
                    .and_then(|u| check_base_url(u).err())
                    .map(|why| format!("`languages.{code}.base_url` {why}"))
            };
            if let Some(message) = problem {
                return Err(Diagnostic::error(
                    path,
                    message,
                    "list editions by language code, like `languages: {kk: {title: \"Жаңалықтар\"}, ru: {}}`; a `base_url` is written like `https://kk.example.com`",
                )
                .at_line(self.line_of("languages")));
            }
        }
        if let Err(why) = check_base_url(&self.base_url) {
            return fail(
                format!("`base_url` {why}"),
                "write it like `base_url: https://news.example.com`",
            );
        }
        let img = &self.images;
        if img.widths.is_empty() || img.widths.iter().any(|w| !(16..=8192).contains(w)) {
            return Err(Diagnostic::error(
                path,
                format!(
                    "`images.widths` {:?} must list widths from 16 to 8192 pixels",
                    img.widths
                ),
                "write it like `widths: [480, 800, 1200, 1600]`",
            )
            .at_line(self.line_of("images")));
        }
        if !(1..=100).contains(&img.quality) || img.max_megapixels == 0 || img.max_file_mb == 0 {
            return Err(Diagnostic::error(
                path,
                "`images.quality` must be 1 to 100, and `max_megapixels` and `max_file_mb` at least 1"
                    .to_string(),
                "the defaults are `quality: 80`, `max_megapixels: 50`, `max_file_mb: 40`",
            )
            .at_line(self.line_of("images")));
        }
        if self.paginate == 0 {
            return fail(
                "`paginate` must be at least 1".into(),
                "set the number of articles per list page",
            );
        }
        if self.theme.is_empty()
            || self.theme.contains(['/', '\\', '\0'])
            || self.theme.starts_with('.')
        {
            return fail(
                format!("`theme` {:?} is not a folder name", self.theme),
                "name a folder under themes/, e.g. `theme: broadsheet`",
            );
        }
        if !self.permalink.starts_with('/') || !self.permalink.contains(":slug") {
            return fail(
                format!(
                    "`permalink` {:?} must start with `/` and contain `:slug`",
                    self.permalink
                ),
                "for example `permalink: \"/:section/:slug/\"`",
            );
        }
        for part in self.permalink.split('/').filter(|p| p.starts_with(':')) {
            if !PERMALINK_PLACEHOLDERS.contains(&part) {
                return fail(
                    format!("`permalink` uses unknown placeholder `{part}`"),
                    "use :year, :month, :day, :slug or :section",
                );
            }
        }
        for (key, value) in [("image", &self.image), ("logo", &self.logo)] {
            let Some(v) = value else { continue };
            let site_path = v.starts_with('/') && !v.starts_with("//");
            let url = v.starts_with("https://") || v.starts_with("http://");
            if !site_path && !url {
                return Err(Diagnostic::error(
                    path,
                    format!("`{key}` {v:?} is neither a site path nor a URL"),
                    format!(
                        "write a path under static/ from the site root, like `{key}: /images/{key}.png`, \
                         or a full `https://` URL"
                    ),
                )
                .at_line(self.line_of(key)));
            }
        }
        for (i, kind) in self.kinds.iter().enumerate() {
            if !is_slug(kind) || self.kinds[..i].contains(kind) {
                return Err(Diagnostic::error(
                    path,
                    format!("article kind {kind:?} is not a lowercase slug, or is listed twice"),
                    "list each kind once, like `kinds: [news, opinion, analysis]`",
                )
                .at_line(self.line_of("kinds")));
            }
        }
        for (i, kind) in self.taxonomies.iter().enumerate() {
            if !is_slug(kind) {
                return fail(
                    format!("taxonomy name {kind:?} must be a lowercase slug"),
                    "use names like `tags`, `categories`, `authors`",
                );
            }
            if self.taxonomies[..i].contains(kind) {
                return fail(format!("taxonomy {kind:?} is listed twice"), "list it once");
            }
        }
        if !self.extra.is_object() {
            return fail(
                "`extra` must be a map".into(),
                "write `extra:` followed by keys",
            );
        }
        Ok(())
    }

    /// The line of a top-level key of site.yaml, if it was written there.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, l)| *l)
    }

    /// Absolute URL for a site path (`/world/` -> `https://site/world/`).
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    /// The path prefix of `base_url` (`https://x.org/news` -> `/news`), empty at a domain root.
    pub fn base_path(&self) -> &str {
        base_path(&self.base_url)
    }
}

/// A key (or enumerated value) serde did not know, from its error message.
struct UnknownName<'a> {
    /// Where it sits: `related` for `related.cuont`, empty at the top.
    section: &'a str,
    name: &'a str,
    what: &'static str,
    expected: Vec<&'a str>,
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown
/// variant"), prefixed by the path of the section it is in.
fn unknown_name(msg: &str) -> Option<UnknownName<'_>> {
    let (at, what, rest) = [("unknown field `", "key"), ("unknown variant `", "value")]
        .into_iter()
        .find_map(|(marker, what)| {
            let at = msg.find(marker)?;
            Some((at, what, &msg[at + marker.len()..]))
        })?;
    let section = msg[..at].trim_end().trim_end_matches(':');
    let (name, rest) = rest.split_once('`')?;
    let expected = rest
        .split_once("expected")
        .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    Some(UnknownName {
        section,
        name,
        what,
        expected,
    })
}

impl UnknownName<'_> {
    /// The message (with the likely intended name) and the help (every
    /// allowed name).
    fn explain(&self) -> (String, String) {
        let place = if self.section.is_empty() {
            String::new()
        } else {
            format!("{}: ", self.section)
        };
        let near = crate::base::suggest::closest(self.name, &self.expected);
        let message = format!(
            "{place}unknown {} `{}`{}",
            self.what,
            self.name,
            near.map_or_else(String::new, |n| format!(" (did you mean `{n}`?)"))
        );
        let allowed = self.expected.join(", ");
        let within = if self.section.is_empty() {
            String::new()
        } else {
            format!(" under `{}`", self.section)
        };
        let help = match near {
            Some(n) => format!(
                "rename it to `{n}`; allowed {}s{within}: {allowed}",
                self.what
            ),
            None => format!("allowed {}s{within}: {allowed}", self.what),
        };
        (message, help)
    }
}

/// Checks `language` as a BCP 47 language tag as sites use them: a 2 or 3
/// letter language (`en`, `kk`), then subtags of letters and digits (`en-US`,
/// `zh-Hant`, `sr-Latn-RS`). Feeds, sitemaps and `<html lang>` carry it, and
/// readers and search engines ignore a value that is not one. The error
/// gives the reason and how to fix it.
pub fn check_language(tag: &str) -> Result<(), (String, String)> {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or("");
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    if primary_ok && rest_ok {
        return Ok(());
    }
    let lower = tag.trim().to_lowercase();
    let suggestion = LANGUAGE_NAMES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, code)| code.to_string())
        .or_else(|| {
            // `en_US`, the POSIX locale spelling.
            let dashed = tag.trim().replace('_', "-");
            (dashed != tag && check_language(&dashed).is_ok()).then_some(dashed)
        });
    let why = format!("{tag:?} is not a language tag");
    Err(match suggestion {
        Some(code) => (
            format!("{why} (did you mean `{code}`?)"),
            format!("write `language: {code}`"),
        ),
        None => (
            why,
            "write a BCP 47 language tag such as `en`, `en-US`, `de`, `kk` or `zh-Hant`"
                .to_string(),
        ),
    })
}

/// Language names people write instead of the tag, in English and in the
/// language itself.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("german", "de"),
    ("deutsch", "de"),
    ("french", "fr"),
    ("français", "fr"),
    ("francais", "fr"),
    ("spanish", "es"),
    ("español", "es"),
    ("espanol", "es"),
    ("italian", "it"),
    ("italiano", "it"),
    ("portuguese", "pt"),
    ("português", "pt"),
    ("dutch", "nl"),
    ("nederlands", "nl"),
    ("russian", "ru"),
    ("русский", "ru"),
    ("kazakh", "kk"),
    ("қазақша", "kk"),
    ("ukrainian", "uk"),
    ("polish", "pl"),
    ("turkish", "tr"),
    ("arabic", "ar"),
    ("chinese", "zh"),
    ("japanese", "ja"),
    ("korean", "ko"),
    ("hindi", "hi"),
    ("swedish", "sv"),
    ("norwegian", "nb"),
    ("danish", "da"),
    ("finnish", "fi"),
    ("greek", "el"),
    ("hebrew", "he"),
];

/// Top-level keys of a YAML text with their 1-based line, by a plain scan:
/// a line that starts in column 0 with `key:`. Good enough for positions
/// (site.yaml's here, front matter's in the content stage). The lines of a
/// quoted value that spans several lines are skipped: a continuation line
/// such as `event will be held from 8: 30` is no key.
pub(crate) fn top_level_keys(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    let mut open_quote: Option<char> = None;
    for (i, line) in text.lines().enumerate() {
        if let Some(q) = open_quote {
            if closes_quote(line, q) {
                open_quote = None;
            }
            continue;
        }
        if line.starts_with([' ', '\t', '#', '-']) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim_start();
        if let Some(q) = value.chars().next().filter(|c| matches!(c, '"' | '\''))
            && !closes_quote(&value[1..], q)
        {
            open_quote = Some(q);
        }
        let key = key.trim().trim_matches(['"', '\'']);
        if !key.is_empty() {
            keys.push((key.to_string(), i + 1));
        }
    }
    keys
}

/// Whether `text` (inside a YAML string quoted with `quote`) holds its
/// closing quote: `\"` does not close a double-quoted string, nor `''` a
/// single-quoted one.
fn closes_quote(text: &str, quote: char) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek() == Some(&'\'') {
                chars.next();
            } else {
                return true;
            }
        }
    }
    false
}

/// [`Config::shared_prefix`] of an edition at `base_url` of the site at
/// `site_url` (empty: the edition is the site).
pub fn shared_prefix<'u>(base_url: &'u str, site_url: &'u str) -> &'u str {
    if site_url.is_empty() || base_url.starts_with(site_url) {
        base_path(if site_url.is_empty() {
            base_url
        } else {
            site_url
        })
    } else {
        site_url
    }
}

/// The path prefix of a base URL (`https://x.org/news` -> `/news`), empty at a domain root.
pub fn base_path(base_url: &str) -> &str {
    // A byte scan, not `split_once("://")`: this runs for every link of
    // every page, and a substring search costs more to set up than the
    // few bytes it scans.
    let bytes = base_url.as_bytes();
    let Some(scheme_end) = bytes.windows(3).position(|w| w == b"://") else {
        return "";
    };
    let after_scheme = &base_url[scheme_end + 3..];
    after_scheme
        .bytes()
        .position(|b| b == b'/')
        .map_or("", |i| &after_scheme[i..])
}

/// serde_yaml appends " at line N column M" to messages; we report the line separately.
pub(crate) fn strip_yaml_location(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + " at line ".len()..];
        // Skip "N column M" (digits, " column ", digits).
        let skip = tail
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || " column".contains(c)))
            .map_or(tail.len(), |(j, _)| j);
        rest = &tail[skip..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timezone_is_looked_up_once_and_a_bad_name_names_its_line() {
        let base = "title: T\nbase_url: https://news.test.org\n";
        let c = Config::parse(Path::new("site.yaml"), base).unwrap();
        assert_eq!(c.tz, jiff::tz::TimeZone::UTC);
        let c = Config::parse(
            Path::new("site.yaml"),
            &format!("{base}timezone: Asia/Almaty\n"),
        )
        .unwrap();
        assert_eq!(c.tz.iana_name(), Some("Asia/Almaty"));
        let e = Config::parse(
            Path::new("site.yaml"),
            &format!("{base}timezone: Mars/Olympus\n"),
        )
        .unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(
            e.message
                .contains("\"Mars/Olympus\" is not a time zone name"),
            "{e}"
        );
    }

    #[test]
    fn taxonomy_names_are_slugs_as_the_content_stage_makes_them() {
        for name in ["tags", "series", "news-desk", "top10"] {
            assert!(is_slug(name), "{name}");
            assert_eq!(crate::content::slug::slugify(name), name);
        }
        for name in ["", "Tags", "news desk", "-x", "x-", "a--b", "ünï", "a_b"] {
            assert!(!is_slug(name), "{name:?}");
        }
    }

    fn parse(text: &str) -> Result<Config, Diagnostic> {
        Config::parse(Path::new("site.yaml"), text)
    }

    #[test]
    fn editions_take_their_entries_and_a_folder_each() {
        let c = parse(
            "title: Post\nbase_url: https://x.org/news\nlanguage: en\nnav: [world]\n\
             languages:\n  en: {name: English, description: News}\n  \
             kk: {name: Қазақша, title: Пошта, menu: [alem]}\n  \
             ru: {base_url: https://ru.x.org}\n",
        )
        .unwrap();
        assert_eq!(c.edition_codes(), ["en", "kk", "ru"]);
        let e = c.editions(true);
        assert_eq!(e.len(), 3);
        assert_eq!(
            (e[0].title.as_str(), e[0].description.as_str()),
            ("Post", "News")
        );
        assert!(e[0].edition.is_default() && e[0].base_url == "https://x.org/news");
        assert_eq!(
            (e[1].title.as_str(), e[1].language.as_str()),
            ("Пошта", "kk")
        );
        assert_eq!(e[1].nav, ["alem"]);
        assert_eq!(e[1].base_url, "https://x.org/news/kk");
        assert_eq!(e[1].edition.dir, "kk/");
        assert_eq!(e[1].shared_prefix(), "/news");
        assert_eq!(e[2].base_url, "https://ru.x.org");
        assert_eq!(
            e[2].shared_prefix(),
            "https://x.org/news",
            "another host links the site's files absolutely"
        );
        assert_eq!(e[2].nav, ["world"]);
        // A preview (--base-url) keeps every edition under its address.
        assert_eq!(c.editions(false)[2].base_url, "https://x.org/news/ru");
        assert_eq!(c.language_name("kk"), "Қазақша");
        assert_eq!(c.language_name("ru"), "ru");

        for bad in ["kazakh", "kk-KZ", "KK"] {
            let e = parse(&format!(
                "title: T\nbase_url: https://x.org\nlanguages:\n  {bad}: {{}}\n"
            ))
            .unwrap_err();
            assert!(e.message.starts_with("`languages`"), "{bad}: {}", e.message);
            assert_eq!(e.line, Some(3));
        }
    }

    #[test]
    fn defaults_fill_optional_keys() {
        let c = parse("title: T\nbase_url: https://x.org/\n").unwrap();
        assert_eq!(c.base_url, "https://x.org");
        assert_eq!(c.paginate, 10);
        assert_eq!(c.related.count, 5);
        assert_eq!(c.taxonomies, ["tags", "categories", "authors"]);
    }

    #[test]
    fn unknown_key_is_named() {
        let e = parse("title: T\nbase_url: https://x.org\npaginte: 3\n").unwrap_err();
        assert!(e.message.contains("paginte"), "{}", e.message);
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn unknown_keys_get_the_closest_allowed_name() {
        let e = parse("title: T\nbase_url: https://x.org\npaginte: 3\n").unwrap_err();
        assert!(
            e.message.contains("did you mean `paginate`?"),
            "{}",
            e.message
        );
        let e = parse("title: T\nbase_url: https://x.org\nrelated:\n  cuont: 3\n").unwrap_err();
        assert!(
            e.message
                .contains("related: unknown key `cuont` (did you mean `count`?)"),
            "{}",
            e.message
        );
        assert!(e.help.contains("under `related`"), "{}", e.help);
        let e =
            parse("title: T\nbase_url: https://x.org\nfeeds: {full_content: sitee}\n").unwrap_err();
        assert!(e.message.contains("did you mean `site`?"), "{}", e.message);
    }

    #[test]
    fn language_is_a_language_tag() {
        for ok in ["en", "en-US", "kk", "zh-Hant", "sr-Latn-RS", "ast"] {
            assert!(check_language(ok).is_ok(), "{ok}");
        }
        for (bad, want) in [
            ("english", Some("en")),
            ("en_US", Some("en-US")),
            ("e", None),
            ("en-", None),
            ("", None),
        ] {
            let (why, help) = check_language(bad).unwrap_err();
            match want {
                Some(code) => assert!(
                    why.contains(&format!("did you mean `{code}`?")) && help.contains(code),
                    "{why}"
                ),
                None => assert!(!why.contains("did you mean"), "{why}"),
            }
        }
        let e = parse("title: T\nbase_url: https://x.org\nlanguage: english\n").unwrap_err();
        assert_eq!(e.line, Some(3));
    }

    #[test]
    fn extra_is_free_form() {
        let c = parse("title: T\nbase_url: https://x.org\nextra: {anything: [1, 2]}\n").unwrap();
        assert_eq!(c.extra["anything"][1], 2);
    }

    #[test]
    fn bad_permalink_placeholder_is_rejected() {
        assert!(parse("title: T\nbase_url: https://x.org\npermalink: /:cat/:slug/\n").is_err());
    }

    #[test]
    fn yaml_locations_are_stripped() {
        assert_eq!(
            strip_yaml_location("bad at line 2 column 1, while parsing at line 1 column 8"),
            "bad, while parsing"
        );
    }

    #[test]
    fn placeholder_hosts() {
        for url in [
            "https://example.com",
            "https://news.example.org/x",
            "http://EXAMPLE.net.",
            "http://localhost:8000",
            "http://127.0.0.1",
            "http://[::1]:1111",
            "https://site.test",
            "https://a.invalid",
            "https://paper.example",
            "https://user@example.com:8443/news",
        ] {
            assert!(placeholder_host(url).is_some(), "{url}");
        }
        for url in [
            "https://example.co.uk",
            "https://myexample.com",
            "https://news.ledger.org",
            "https://testing.com",
            "http://127.example.io",
        ] {
            assert_eq!(placeholder_host(url), None, "{url}");
        }
    }

    #[test]
    fn base_path_of_a_subfolder_site() {
        let c = parse("title: T\nbase_url: https://x.org/news/\n").unwrap();
        assert_eq!(c.base_path(), "/news");
    }
}
