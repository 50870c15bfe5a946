//! CHECK: everything `build` validates, without writing anything, plus the
//! links of articles and pages.
//!
//! The site is loaded, its templates compiled and every output file rendered
//! in memory exactly as `build` would (so content, template and output-path
//! errors are the same), then each link and image written in an article's
//! Markdown is resolved the way a browser would resolve it from the
//! article's page and looked up among the files the build would write:
//!
//! - site paths (`/world/kz/`, `/tags/russia/`, `/atom.xml`, `/world/lead.jpg`),
//!   also written as absolute URLs on the site's own `base_url`;
//! - relative paths (`../asia/x/`, `lead.jpg`), against the folder the
//!   renderer resolves them from;
//! - anchors: `#section` within the page, `/world/kz/#section` in another
//!   page, looked up among the `id`s (and `name`s) of the rendered page, so
//!   heading ids, footnotes, raw HTML anchors and the theme's own ids count;
//! - images (`![alt](x.jpg)`) and the front matter's `image:`, which must be
//!   a copied file (static/, the theme's static/, or a file beside articles).
//!
//! External links (`https://other.org`, `mailto:`) are not fetched. Links in
//! raw HTML inside Markdown (`<a href>`) and in `_index.md` bodies are not
//! checked. Each problem is a [`Diagnostic`] naming the source file and line.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::base::paths::{index_file, output_candidates, safe_join};
use crate::build::{BuildOptions, load_config};
use crate::config::Config;
use crate::content::{self, Article, LoadOptions, markdown};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::output;
use crate::render::{Plan, Renderer, templates};
use crate::site::Site;

/// What `check` found. Problems (errors) make `gazette check` exit non-zero;
/// warnings do not.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub articles: usize,
    pub pages: usize,
    /// Files a build would write (pages, feeds, copies).
    pub files: usize,
    /// Internal links, anchors and images checked.
    pub links: usize,
    /// Every problem and warning, sorted by file and line.
    pub diagnostics: Diagnostics,
}

impl CheckReport {
    /// True when nothing needs fixing (warnings allowed).
    pub fn is_ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }

    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.errors()
    }

    /// One line for the terminal: `Checked 12 articles, 3 pages, 140 files
    /// and 58 links: 2 problems, 1 warning`.
    pub fn summary(&self) -> String {
        let problems = self.diagnostics.errors().count();
        let warnings = self.diagnostics.warnings().count();
        format!(
            "Checked {} articles, {} pages, {} files and {} links: {} problem{}, {} warning{}",
            self.articles,
            self.pages,
            self.files,
            self.links,
            problems,
            if problems == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" },
        )
    }
}

/// Checks the site at `options.root` without writing anything.
///
/// `Err` with the same report `build` would give when the build would stop
/// before rendering: configuration, content, template or output-folder
/// errors, two files claiming one output path. Otherwise a report whose
/// diagnostics list every broken link, anchor and image, every page that
/// fails to render and every file that could not be copied or written,
/// with the warnings.
pub fn check(options: &BuildOptions) -> Result<CheckReport, BuildError> {
    let root = options.root.as_path();
    let mut diags = Diagnostics::default();
    if let Err(d) = output::check_output_dir(root, &options.output_dir()) {
        diags.push(d);
    }
    let config = match load_config(options) {
        Ok(c) => c,
        Err(d) => {
            diags.push(d);
            diags.sort();
            return Err(BuildError::Site(diags));
        }
    };
    // The stages of `build`, each run as far as it can so that one report
    // holds the problems of all of them.
    let now = options.now.unwrap_or_else(jiff::Timestamp::now);
    let load_options = LoadOptions {
        drafts: options.drafts,
        future: options.future,
        now,
    };
    let (content, load_diags) = content::load(root, &config, &load_options);
    diags.extend(load_diags.into_vec());
    let site = Site::build(config.clone(), content).map_err(|errs| diags.extend(errs.into_vec()));
    let templates = templates::load(root, &config).map_err(|errs| diags.extend(errs));
    let (Ok(site), Ok(templates)) = (site, templates) else {
        diags.sort();
        return Err(BuildError::Site(diags));
    };
    let renderer = Renderer::new(root, &site, std::sync::Arc::new(templates), now);
    let (Plan { jobs, copies }, plan_problems) = renderer.plan(root);
    diags.extend(plan_problems);
    if diags.has_errors() {
        diags.sort();
        return Err(BuildError::Site(diags));
    }

    // What a build would write; files it could not copy or write.
    let mut outputs: HashSet<String> = HashSet::with_capacity(jobs.len() + copies.len());
    let probe = Path::new("/output");
    for (rel, source) in &copies {
        let readable = std::fs::File::open(root.join(source)).map(|_| ());
        if let Err(e) = readable.and_then(|()| safe_join(probe, rel).map(|_| ())) {
            diags.push(Diagnostic::error(
                source,
                format!("cannot copy to output: {e}"),
                "check that the file is readable",
            ));
        }
        outputs.insert(rel.clone());
    }
    for &job in &jobs {
        let path = renderer.output_path(job);
        if let Err(e) = safe_join(probe, &path) {
            diags.push(Diagnostic::error(
                renderer.job_source(job),
                format!("cannot write {path}: {e}"),
                "change the slug, alias or term that gives this path",
            ));
        }
        outputs.insert(path);
    }

    // Links of every article and page, resolved to output files.
    let sources: Vec<&Article> = site
        .articles
        .iter()
        .chain(&site.pages)
        .map(|a| a.as_ref())
        .collect();
    let source_pages: HashMap<&Path, &str> = sources
        .iter()
        .map(|a| (a.source.as_path(), a.path.as_str()))
        .collect();
    let mut checks: Vec<LinkCheck<'_>> = Vec::new();
    for a in &sources {
        let base = asset_base(a);
        let own_file = index_file(&a.path);
        for link in &a.links {
            let line = a.body_line + link.line.saturating_sub(1);
            checks.push(LinkCheck {
                article: a,
                line: Some(line),
                dest: &link.dest,
                is_image: link.is_image,
                target: resolve(&link.dest, &base, &own_file, &site.config),
            });
        }
        if let Some(image) = a.image.as_deref() {
            checks.push(LinkCheck {
                article: a,
                line: key_line(root, &a.source, "image"),
                dest: image,
                is_image: true,
                target: resolve(image, &base, &own_file, &site.config),
            });
        }
    }
    let wanted_ids: HashSet<String> = checks
        .iter()
        .filter_map(|c| match &c.target {
            Target::Internal {
                candidates,
                fragment: Some(_),
                ..
            } => candidates.iter().find(|f| outputs.contains(*f)).cloned(),
            _ => None,
        })
        .collect();

    // Render every job as the build would, keeping the ids of linked pages.
    let render_errors = Mutex::new(Vec::new());
    let ids: HashMap<String, HashSet<String>> = jobs
        .par_iter()
        .filter_map(|&job| match renderer.render(job) {
            Ok(file) if wanted_ids.contains(&file.path) => {
                let html = String::from_utf8_lossy(&file.bytes);
                Some((file.path, html_ids(&html)))
            }
            Ok(_) => None,
            Err(d) => {
                render_errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(d);
                None
            }
        })
        .collect();
    diags.extend(
        render_errors
            .into_inner()
            .unwrap_or_else(|e| e.into_inner()),
    );

    let mut links = 0;
    for c in &checks {
        if let Some(d) = evaluate(c, &outputs, &ids, &source_pages) {
            diags.push(d);
        }
        if !matches!(c.target, Target::External | Target::Empty) {
            links += 1;
        }
    }
    diags.sort();
    Ok(CheckReport {
        articles: site.articles.len(),
        pages: site.pages.len(),
        files: outputs.len(),
        links,
        diagnostics: diags,
    })
}

/// One link or image to check.
struct LinkCheck<'a> {
    article: &'a Article,
    /// Line in the source file.
    line: Option<usize>,
    /// As written.
    dest: &'a str,
    is_image: bool,
    target: Target,
}

/// Where a link leads.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    /// Another site, or a scheme like `mailto:`: not checked.
    External,
    /// `[x]()`.
    Empty,
    /// A file of this site: the output files it may be (the first that
    /// exists wins: `/a/b` may be the file `a/b` or the page `a/b/`), and
    /// the anchor after `#`, if any.
    Internal {
        site_path: String,
        candidates: Vec<String>,
        fragment: Option<String>,
    },
    /// A path that cannot be on the site.
    Invalid(String),
}

/// Resolves `dest` as written in an article whose relative links resolve
/// against `base` (see [`asset_base`]) and whose own page is `own_file`.
fn resolve(dest: &str, base: &str, own_file: &str, config: &Config) -> Target {
    let dest = dest.trim();
    if dest.is_empty() {
        return Target::Empty;
    }
    let (before_fragment, fragment) = match dest.split_once('#') {
        Some((b, f)) => (b, Some(percent_decode(f))),
        None => (dest, None),
    };
    let path_part = before_fragment
        .split_once('?')
        .map_or(before_fragment, |(p, _)| p);
    if path_part.is_empty() {
        // `#anchor` or `?query#anchor`: this page.
        return Target::Internal {
            site_path: String::new(),
            candidates: vec![own_file.to_string()],
            fragment,
        };
    }
    let site_path = if let Some(rest) = strip_own_origin(path_part, &config.base_url) {
        rest
    } else if path_part.starts_with("//")
        || !(path_part.starts_with('/') || markdown::is_relative_path(path_part))
    {
        return Target::External;
    } else if path_part.starts_with('/') {
        let base_path = config.base_path();
        match path_part.strip_prefix(base_path) {
            Some(rest) if !base_path.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
                if rest.is_empty() {
                    "/".to_string()
                } else {
                    rest.to_string()
                }
            }
            _ => path_part.to_string(),
        }
    } else {
        format!(
            "{base}{}",
            path_part.strip_prefix("./").unwrap_or(path_part)
        )
    };
    match normalize(&percent_decode(&site_path)) {
        Ok(p) => Target::Internal {
            candidates: output_candidates(&p),
            site_path: p,
            fragment,
        },
        Err(why) => Target::Invalid(why),
    }
}

/// `https://site.example/x/` -> `/x/` when `base_url` is `https://site.example`.
fn strip_own_origin(url: &str, base_url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    for scheme in ["https:", "http:", ""] {
        let own = base_url
            .split_once("://")
            .map(|(_, rest)| format!("{scheme}//{rest}"))?;
        if lower.starts_with(&own.to_ascii_lowercase()) {
            let rest = &url[own.len()..];
            if rest.is_empty() {
                return Some("/".into());
            }
            if rest.starts_with('/') {
                return Some(rest.to_string());
            }
        }
    }
    None
}

/// Resolves `.` and `..` in a site path; keeps a trailing slash.
fn normalize(path: &str) -> Result<String, String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("goes above the site root".into());
                }
            }
            p => parts.push(p),
        }
    }
    let mut out = String::from("/");
    out.push_str(&parts.join("/"));
    let dir_like = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    if !parts.is_empty() && dir_like {
        out.push('/');
    }
    Ok(out)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// The URL folder relative links of `a` resolve against, as the loader
/// computes it: the page itself for a bundle (`index.md`), else the
/// article's folder under `content/`, as written.
fn asset_base(a: &Article) -> String {
    if a.source.file_name().is_some_and(|n| n == "index.md") {
        return a.path.clone();
    }
    let under = a.source.strip_prefix("content").unwrap_or(&a.source);
    let mut url = String::from("/");
    if let Some(parent) = under.parent() {
        for c in parent.iter() {
            url.push_str(&c.to_string_lossy());
            url.push('/');
        }
    }
    url
}

/// The problem with one link, if any.
fn evaluate(
    c: &LinkCheck<'_>,
    outputs: &HashSet<String>,
    ids: &HashMap<String, HashSet<String>>,
    source_pages: &HashMap<&Path, &str>,
) -> Option<Diagnostic> {
    let what = if c.is_image { "image" } else { "link" };
    let at = |msg: String, help: &str| {
        Some(Diagnostic::error(&c.article.source, msg, help).at_line(c.line))
    };
    match &c.target {
        Target::External => None,
        Target::Empty => Some(
            Diagnostic::warning(
                &c.article.source,
                format!("empty {what} target"),
                "write the URL between the parentheses, or remove the link",
            )
            .at_line(c.line),
        ),
        Target::Invalid(why) => at(
            format!("broken {what} {:?}: it {why}", c.dest),
            "fix the path",
        ),
        Target::Internal {
            site_path,
            candidates,
            fragment,
        } => {
            let Some(file) = candidates.iter().find(|f| outputs.contains(*f)) else {
                let help = md_hint(site_path, source_pages).unwrap_or_else(|| {
                    if c.is_image {
                        "put the image beside the article or in static/, or fix its path".into()
                    } else {
                        "fix the path; site paths look like /section/slug/ and end with `/`".into()
                    }
                });
                return at(
                    format!(
                        "broken {what} {:?}: the site has no page or file at {site_path}",
                        c.dest
                    ),
                    &help,
                );
            };
            let fragment = fragment.as_deref().filter(|f| !f.is_empty())?;
            if fragment.eq_ignore_ascii_case("top") {
                return None; // HTML: `#top` always scrolls to the top.
            }
            let page_ids = ids.get(file)?; // not an HTML page: anchors not checked
            if page_ids.contains(fragment) {
                return None;
            }
            let page = if site_path.is_empty() {
                "this page".to_string()
            } else {
                site_path.clone()
            };
            at(
                format!(
                    "broken anchor in {what} {:?}: {page} has no element with id {fragment:?}",
                    c.dest
                ),
                "headings get ids from their text (`## Vote count` -> `#vote-count`) or \
                 from `{#id}` after the heading; fix the anchor or the heading",
            )
        }
    }
}

/// `/world/kz.md` -> "link to the page /world/kz/ instead" when that is an article's source.
fn md_hint(site_path: &str, source_pages: &HashMap<&Path, &str>) -> Option<String> {
    if !site_path.ends_with(".md") {
        return None;
    }
    let source = PathBuf::from(format!("content{site_path}"));
    let page = source_pages.get(source.as_path())?;
    Some(format!(
        "this is the Markdown source of a page; link to its URL {page} instead"
    ))
}

/// Line of a top-level front matter key in `source`, by a plain scan.
fn key_line(root: &Path, source: &Path, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(root.join(source)).ok()?;
    let prefix = format!("{key}:");
    text.lines()
        .take_while({
            let mut fences = 0;
            move |l| {
                if l.trim_end().trim_start_matches('\u{feff}') == "---" {
                    fences += 1;
                }
                fences < 2
            }
        })
        .position(|l| l.starts_with(&prefix))
        .map(|i| i + 1)
}

/// Values of the `id` and `name` attributes of an HTML document: the
/// anchors a `#fragment` can name. A scan, not a parser: enough for the
/// HTML that pulldown-cmark and templates write.
fn html_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let bytes = html.as_bytes();
    for attr in ["id=", "name="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i;
            from = start + attr.len();
            let preceded_by_space = start > 0 && bytes[start - 1].is_ascii_whitespace();
            if !preceded_by_space {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                Some(_) => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
                None => None,
            };
            if let Some(v) = value {
                ids.insert(decode_entities(v));
            }
        }
    }
    ids
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(base_url: &str) -> Config {
        Config::parse(
            Path::new("site.yaml"),
            &format!("title: T\nbase_url: {base_url}\n"),
        )
        .unwrap()
    }

    fn internal(path: &str, frag: Option<&str>) -> Target {
        Target::Internal {
            site_path: path.into(),
            candidates: output_candidates(path),
            fragment: frag.map(String::from),
        }
    }

    #[test]
    fn resolves_like_a_browser() {
        let c = config("https://news.example.com");
        let r = |d: &str| resolve(d, "/world/", "world/kz/index.html", &c);
        assert_eq!(r("/world/kz/"), internal("/world/kz/", None));
        assert_eq!(r("../asia/x/"), internal("/asia/x/", None));
        assert_eq!(r("./lead.jpg"), internal("/world/lead.jpg", None));
        assert_eq!(r("lead.jpg?v=2"), internal("/world/lead.jpg", None));
        assert_eq!(
            r("/tags/russia/#top"),
            internal("/tags/russia/", Some("top"))
        );
        assert_eq!(r("/a/%C3%A9t%C3%A9/"), internal("/a/été/", None));
        assert_eq!(
            r("https://news.example.com/world/kz/#vote"),
            internal("/world/kz/", Some("vote"))
        );
        assert_eq!(r("https://NEWS.example.com"), internal("/", None));
        assert_eq!(r("//news.example.com/x/"), internal("/x/", None));
        assert_eq!(r("https://other.org/world/"), Target::External);
        assert_eq!(r("mailto:desk@news.example.com"), Target::External);
        assert_eq!(r("//cdn.example.net/x.js"), Target::External);
        assert_eq!(r(""), Target::Empty);
        assert!(matches!(r("../../../etc/passwd"), Target::Invalid(_)));
        match r("#vote-count") {
            Target::Internal {
                candidates,
                fragment,
                ..
            } => {
                assert_eq!(candidates, ["world/kz/index.html"]);
                assert_eq!(fragment.as_deref(), Some("vote-count"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn subfolder_site_paths_may_carry_the_base_path() {
        let c = config("https://x.org/news");
        let r = |d: &str| resolve(d, "/", "index.html", &c);
        assert_eq!(r("/news/world/"), internal("/world/", None));
        assert_eq!(r("/news"), internal("/", None));
        assert_eq!(r("/world/"), internal("/world/", None));
        assert_eq!(r("/newsroom/"), internal("/newsroom/", None));
        assert_eq!(r("https://x.org/news/a/"), internal("/a/", None));
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize("/a/./b/../c/").unwrap(), "/a/c/");
        assert_eq!(normalize("/a/b/..").unwrap(), "/a/");
        assert_eq!(normalize("/..").unwrap_err(), "goes above the site root");
    }

    #[test]
    fn ids_of_a_page() {
        let ids = html_ids(
            "<h2 id=\"vote-count\">V</h2><a name='old'></a><div class=x id=bare>\
             <p data-id=\"no\">x id= y</p><sup id=\"a&amp;b\">",
        );
        for id in ["vote-count", "old", "bare", "a&b"] {
            assert!(ids.contains(id), "{id} in {ids:?}");
        }
        assert!(!ids.contains("no"));
    }

    #[test]
    fn key_lines_are_found_in_front_matter_only() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.md"),
            "---\ntitle: A\nimage: x.jpg\n---\nimage: not this\n",
        )
        .unwrap();
        assert_eq!(key_line(dir.path(), Path::new("a.md"), "image"), Some(3));
        assert_eq!(key_line(dir.path(), Path::new("a.md"), "date"), None);
    }

    // ------------------------------------------------ whole sites

    const THEME: &[(&str, &str)] = &[
        (
            "base.html",
            "<html><body id=\"page-top\">{% block content %}{% endblock content %}</body></html>",
        ),
        (
            "index.html",
            "{% extends \"base.html\" %}{% block content %}front{% endblock content %}",
        ),
        (
            "article.html",
            "{% extends \"base.html\" %}{% block content %}<h1>{{ article.title }}</h1>\
             {{ article.content | safe }}<section id=\"comments\"></section>{% endblock content %}",
        ),
        (
            "page.html",
            "{% extends \"base.html\" %}{% block content %}{{ page.content | safe }}{% endblock content %}",
        ),
        (
            "list.html",
            "{% extends \"base.html\" %}{% block content %}{{ list.title }}{% endblock content %}",
        ),
        (
            "taxonomy.html",
            "{% extends \"base.html\" %}{% block content %}{{ taxonomy.title }}{% endblock content %}",
        ),
        (
            "404.html",
            "{% extends \"base.html\" %}{% block content %}404{% endblock content %}",
        ),
    ];

    struct Site(tempfile::TempDir);

    impl Site {
        fn new() -> Site {
            let s = Site(tempfile::tempdir().unwrap());
            s.write(
                "site.yaml",
                "title: T\nbase_url: https://news.example.com\ntheme: t\n",
            );
            for (name, text) in THEME {
                s.write(&format!("themes/t/templates/{name}"), text);
            }
            s.write("themes/t/static/theme.css", "x");
            std::fs::create_dir_all(s.0.path().join("content")).unwrap();
            s
        }

        fn write(&self, rel: &str, text: &str) {
            let p = self.0.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }

        fn check(&self) -> CheckReport {
            check(&BuildOptions::new(self.0.path()))
                .unwrap_or_else(|e| panic!("{e}: {:#?}", e.diagnostics()))
        }
    }

    /// (file, line, message) of each problem.
    fn problems(r: &CheckReport) -> Vec<(String, Option<usize>, String)> {
        r.problems()
            .map(|d| (d.file.display().to_string(), d.line, d.message.clone()))
            .collect()
    }

    #[test]
    fn good_links_pass_and_bad_ones_are_named_with_their_line() {
        let s = Site::new();
        s.write(
            "content/world/kz.md",
            "---\ntitle: KZ\ndate: 2024-01-02\ntags: [Russia]\n---\n\n## Vote count\n\nText.\n",
        );
        s.write("content/world/lead.jpg", "jpg");
        s.write("static/img/logo.png", "png");
        s.write(
            "content/world/links.md",
            "---\ntitle: Links\ndate: 2024-01-01\n---\n\
             [ok](/world/kz/) [ok](kz/) [ok](../world/kz/#vote-count) [ok](#intro)\n\
             [ok](/tags/russia/) [ok](/atom.xml) [ok](https://elsewhere.org/x) [ok](#top)\n\
             ![ok](lead.jpg) ![ok](/img/logo.png) [ok](https://news.example.com/world/)\n\
             [ok](/world/kz/#comments) [ok](mailto:a@b.c) [ok](/world/kz)\n\
             \n\
             ## Intro\n\
             \n\
             [bad](/world/nope/) [bad](/tags/belarus/)\n\
             [bad](/world/kz/#no-such) [bad](#missing)\n\
             ![bad](missing.jpg)\n\
             [bad](../../../../x/) [bad](kz.md)\n",
        );
        let r = s.check();
        let got = problems(&r);
        let f = "content/world/links.md";
        let expect = [
            (12, "/world/nope/"),
            (12, "/tags/belarus/"),
            (13, "#no-such"),
            (13, "#missing"),
            (14, "missing.jpg"),
            (15, "above the site root"),
            (15, "kz.md"),
        ];
        assert_eq!(got.len(), expect.len(), "{got:#?}");
        for (line, needle) in expect {
            assert!(
                got.iter()
                    .any(|(file, l, m)| file == f && *l == Some(line) && m.contains(needle)),
                "no problem {needle:?} at {f}:{line} in {got:#?}"
            );
        }
        assert!(!r.is_ok());
        let md = r.problems().find(|d| d.message.contains("kz.md")).unwrap();
        assert!(md.help.contains("/world/kz/"), "{}", md.help);
        assert_eq!(r.links, 19, "{}", r.summary());
        assert!(
            !s.0.path().join("output").exists(),
            "check must not write output/"
        );
        assert!(r.summary().contains("7 problems"), "{}", r.summary());
    }

    #[test]
    fn bundles_resolve_relative_to_their_page() {
        let s = Site::new();
        s.write(
            "content/world/story/index.md",
            "---\ntitle: Story\ndate: 2024-01-01\nimage: lead.jpg\n---\n![x](chart.png)\n",
        );
        s.write("content/world/story/lead.jpg", "jpg");
        s.write("content/world/story/chart.png", "png");
        let r = s.check();
        assert!(r.is_ok(), "{:#?}", problems(&r));
    }

    #[test]
    fn a_missing_lead_image_names_the_front_matter_line() {
        let s = Site::new();
        s.write(
            "content/world/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nimage: /img/nope.jpg\n---\nText.\n",
        );
        s.write(
            "content/world/b.md",
            "---\ntitle: B\ndate: 2024-01-01\nimage: https://cdn.example.net/x.jpg\n---\nText.\n",
        );
        let got = problems(&s.check());
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].0, "content/world/a.md");
        assert_eq!(got[0].1, Some(4));
        assert!(got[0].2.contains("image"), "{}", got[0].2);
    }

    #[test]
    fn pages_links_are_checked_too_and_crlf_lines_count() {
        let s = Site::new();
        s.write(
            "content/about.md",
            "---\r\ntitle: About\r\ntype: page\r\n---\r\n\r\nWrite to [us](/contact/).\r\n",
        );
        let got = problems(&s.check());
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(got[0].0, "content/about.md");
        assert_eq!(got[0].1, Some(6));
    }

    #[test]
    fn render_errors_are_problems() {
        let s = Site::new();
        s.write(
            "themes/t/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}\n{{ page.nope.deeper }}{% endblock content %}",
        );
        s.write(
            "content/about.md",
            "---\ntitle: About\ntype: page\n---\nx\n",
        );
        let got = problems(&s.check());
        assert!(
            got.iter()
                .any(|(f, l, _)| f == "themes/t/templates/page.html" && *l == Some(2)),
            "{got:#?}"
        );
    }

    #[test]
    fn content_template_and_output_errors_come_together() {
        let s = Site::new();
        s.write("content/a.md", "---\ntitle: [unclosed\n---\n");
        s.write("themes/t/templates/list.html", "{% if %}");
        s.write("static/404.html", "mine");
        let e = check(&BuildOptions::new(s.0.path())).unwrap_err();
        let files: Vec<String> = e
            .diagnostics()
            .unwrap()
            .errors()
            .map(|d| d.file.display().to_string())
            .collect();
        assert!(files.contains(&"content/a.md".to_string()), "{files:?}");
        assert!(
            files.contains(&"themes/t/templates/list.html".to_string()),
            "{files:?}"
        );
        let s = Site::new();
        s.write("static/404.html", "mine");
        let e = check(&BuildOptions::new(s.0.path())).unwrap_err();
        assert!(
            e.diagnostics()
                .unwrap()
                .errors()
                .any(|d| d.message.contains("404")),
            "{:?}",
            e.diagnostics()
        );
    }

    #[test]
    fn warnings_do_not_fail_the_check() {
        let s = Site::new();
        s.write(
            "content/a.md",
            "---\ntitle: A\ndate: 2024-01-01\nlayout: post\n---\n[x]() text\n",
        );
        let r = s.check();
        assert!(r.is_ok(), "{:#?}", problems(&r));
        assert_eq!(r.diagnostics.warnings().count(), 2, "{:#?}", r.diagnostics);
    }
}
