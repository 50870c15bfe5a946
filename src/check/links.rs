//! The links of articles and pages: each resolved the way a browser would
//! resolve it from the article's page, then looked up among the files a
//! build would write and, for an anchor, among the ids of the page it
//! names.
//!
//! Not the place for rendering pages or finding their ids
//! ([`super::anchors`]), nor for the mapping between site paths and output
//! files, which is [`crate::base::paths`]'s, shared with render and serve.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::base::paths::{index_file, output_candidates};
use crate::config::Config;
use crate::content::{Article, markdown};
use crate::error::Diagnostic;
use crate::site::Site;

/// One link or image to check.
pub(super) struct LinkCheck<'a> {
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

/// Every link and image written in the articles and pages of every
/// edition of the site (their Markdown and the front matter's `image:`),
/// resolved. Site paths are the whole site's, whatever the edition.
pub(super) fn link_checks<'a>(root: &Path, sites: &'a [Site]) -> Vec<LinkCheck<'a>> {
    let mut checks: Vec<LinkCheck<'_>> = Vec::new();
    let site = &sites[0];
    for a in sources(sites) {
        let base = a.asset_base();
        let own_file = index_file(&a.site_path());
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
    checks
}

/// The output files an anchor of `checks` points into: the pages whose ids
/// must be found.
pub(super) fn anchored_pages(
    checks: &[LinkCheck<'_>],
    outputs: &HashSet<String>,
) -> HashSet<String> {
    checks
        .iter()
        .filter_map(|c| match &c.target {
            Target::Internal {
                candidates,
                fragment: Some(_),
                ..
            } => candidates.iter().find(|f| outputs.contains(*f)).cloned(),
            _ => None,
        })
        .collect()
}

/// The problems of `checks`, given the files a build writes and the ids of
/// its anchored pages, and how many of the links lead within the site.
pub(super) fn problems(
    checks: &[LinkCheck<'_>],
    sites: &[Site],
    outputs: &HashSet<String>,
    ids: &HashMap<String, HashSet<String>>,
) -> (Vec<Diagnostic>, usize) {
    let source_pages: HashMap<&Path, String> = sources(sites)
        .map(|a| (a.source.as_path(), a.site_path()))
        .collect();
    let mut problems = Vec::new();
    let mut links = 0;
    for c in checks {
        if let Some(d) = evaluate(c, outputs, ids, &source_pages) {
            problems.push(d);
        }
        if !matches!(c.target, Target::External | Target::Empty) {
            links += 1;
        }
    }
    (problems, links)
}

/// The articles, then the pages, of every edition: what has links to check.
fn sources(sites: &[Site]) -> impl Iterator<Item = &Article> {
    sites
        .iter()
        .flat_map(|site| site.articles.iter().chain(&site.pages))
        .map(|a| a.as_ref())
}

/// Resolves `dest` as written in an article whose relative links resolve
/// against `base` (see [`Article::asset_base`]) and whose own page is `own_file`.
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

/// The problem with one link, if any.
fn evaluate(
    c: &LinkCheck<'_>,
    outputs: &HashSet<String>,
    ids: &HashMap<String, HashSet<String>>,
    source_pages: &HashMap<&Path, String>,
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
fn md_hint(site_path: &str, source_pages: &HashMap<&Path, String>) -> Option<String> {
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
}
