//! Shared helpers for the integration tests: a site in a temporary folder
//! (site.yaml, articles, a small test theme written here), the real `gazette`
//! binary run on it, and readers for what it wrote.
//!
//! The test theme (`themes/t/`) prints the template variables the tests
//! assert on, in elements that are easy to find with plain string search:
//! `<li class="item" data-url="...">title</li>` for paginator items,
//! `<p class="prev">` / `<p class="next">` for pagination links (`NONE` when
//! there is none), and so on.

#![allow(dead_code)]

pub mod browser;
pub mod http;
pub mod jsonld;
pub mod moto;
pub mod serve;

pub use serve::{assert_same, full_build};

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use assert_cmd::Command;

pub const BASE_URL: &str = "https://news.example.com";

/// A site in a temporary folder. Dropping it removes the folder.
pub struct TestSite {
    pub dir: tempfile::TempDir,
    /// The temporary folder: the site root itself, or the folder holding
    /// it for [`TestSite::new_in_subfolder`].
    top: PathBuf,
    root: PathBuf,
}

impl TestSite {
    /// An empty site (content/ exists) with the test theme and a site.yaml
    /// holding `title`, `base_url`, `theme: t` and `extra_config`.
    pub fn new(extra_config: &str) -> TestSite {
        TestSite::bare().with_test_theme(extra_config)
    }

    /// As [`TestSite::new`], but the site is `<tmp>/site`, so that `<tmp>`
    /// is "outside the site": a place for targets and files the site must
    /// never touch (see [`TestSite::outside`]).
    pub fn new_in_subfolder(extra_config: &str) -> TestSite {
        TestSite::bare_in_subfolder().with_test_theme(extra_config)
    }

    /// An empty folder `<tmp>/site` (not created yet) as the site root.
    pub fn bare_in_subfolder() -> TestSite {
        let dir = TestSite::temp_dir();
        // Canonical, so that paths gazette prints compare equal to ours.
        let top = dir.path().canonicalize().unwrap();
        TestSite {
            root: top.join("site"),
            top,
            dir,
        }
    }

    /// A temporary folder with nothing in it.
    pub fn bare() -> TestSite {
        let dir = TestSite::temp_dir();
        TestSite {
            top: dir.path().to_path_buf(),
            root: dir.path().to_path_buf(),
            dir,
        }
    }

    fn temp_dir() -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix("gazette-it-")
            .tempdir()
            .expect("temp dir")
    }

    fn with_test_theme(self, extra_config: &str) -> TestSite {
        self.write_theme();
        self.config(extra_config);
        std::fs::create_dir_all(self.path("content")).unwrap();
        self
    }

    /// A site using a copy of the real default theme, `themes/broadsheet`.
    pub fn with_broadsheet(extra_config: &str) -> TestSite {
        let site = TestSite::bare();
        site.copy_broadsheet();
        site.site_yaml(
            "Broadsheet Test",
            BASE_URL,
            &format!("description: Test news\ntheme: broadsheet\n{extra_config}"),
        );
        std::fs::create_dir_all(site.path("content")).unwrap();
        site
    }

    /// A copy of the repository's example site (site.yaml, content/, themes/),
    /// so that a test never writes into the repository.
    pub fn example() -> TestSite {
        let site = TestSite::bare();
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        for part in ["content", "themes", "static", "data"] {
            if repo.join(part).is_dir() {
                copy_dir(&repo.join(part), &site.path(part));
            }
        }
        std::fs::copy(repo.join("site.yaml"), site.path("site.yaml")).unwrap();
        site
    }

    /// Copies the real default theme to `themes/broadsheet`.
    pub fn copy_broadsheet(&self) {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/broadsheet");
        copy_dir(&src, &self.path("themes/broadsheet"));
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site (the root itself unless made
    /// by [`TestSite::new_in_subfolder`]).
    pub fn top(&self) -> &Path {
        &self.top
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// (Over)writes `site.yaml` with the basics plus `extra_config` (YAML lines).
    pub fn config(&self, extra_config: &str) {
        self.site_yaml("Test Times", BASE_URL, &format!("theme: t\n{extra_config}"));
    }

    /// (Over)writes `site.yaml`: `title`, `base_url`, then the YAML lines
    /// `rest` as given (a final newline added if missing).
    pub fn site_yaml(&self, title: &str, base_url: &str, rest: &str) {
        let mut text = format!("title: {title}\nbase_url: {base_url}\n{rest}");
        if !text.ends_with('\n') {
            text.push('\n');
        }
        self.write("site.yaml", &text);
    }

    /// A site.yaml whose `base_url` has a path (`https://example.org/news`),
    /// with the default theme and two items a page: the set-up of every
    /// "links follow a base URL path" test.
    pub fn under_base_path(&self) {
        self.site_yaml(
            "Sub",
            "https://example.org/news",
            "theme: broadsheet\npaginate: 2",
        );
    }

    /// Writes a file under the site root, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// Writes `content/<rel>` with front matter `title`, `date` and the extra
    /// YAML lines `fm`, then `body`.
    pub fn article(&self, rel: &str, title: &str, date: &str, fm: &str, body: &str) {
        let mut text = format!(
            "---\ntitle: {}\ndate: {}\n",
            yaml_str(title),
            yaml_str(date)
        );
        for line in fm.lines().map(str::trim).filter(|l| !l.is_empty()) {
            text.push_str(line);
            text.push('\n');
        }
        text.push_str("---\n\n");
        text.push_str(body);
        text.push('\n');
        self.write(&format!("content/{rel}"), &text);
    }

    /// Writes `content/<rel>` as is.
    pub fn raw(&self, rel: &str, text: &str) {
        self.write(&format!("content/{rel}"), text);
    }

    /// Writes `content/<rel>`: the front matter lines `fm` as given between
    /// fences, then `body` as given (for front matter the tests break on
    /// purpose).
    pub fn md(&self, rel: &str, fm: &str, body: &str) {
        self.raw(rel, &format!("---\n{fm}\n---\n{body}"));
    }

    /// Removes a file or a folder of the site.
    pub fn remove(&self, rel: &str) {
        let p = self.path(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(p).unwrap();
        } else {
            std::fs::remove_file(p).unwrap();
        }
    }

    /// Makes `rel` a symbolic link to `target`, creating folders.
    pub fn symlink(&self, target: impl AsRef<Path>, rel: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, p).unwrap();
    }

    /// `gazette --root <site> <args...>`, to run with [`run`] (or with
    /// settings of its own first, such as environment variables).
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = gazette();
        cmd.arg("--root").arg(self.root()).args(args);
        cmd
    }

    /// The same as a `std::process::Command`, for tests that spawn gazette
    /// and watch it run, or set up its standard streams.
    pub fn process(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = process();
        cmd.arg("--root").arg(self.root()).args(args);
        cmd
    }

    /// Runs `gazette --root <site> <args...>`.
    pub fn run(&self, args: &[&str]) -> Run {
        run(self.command(args))
    }

    /// `gazette build` with extra arguments.
    pub fn build_with(&self, args: &[&str]) -> Run {
        let mut all = vec!["build"];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// `gazette build`, which must succeed.
    pub fn build(&self) -> Run {
        self.build_with(&[]).ok()
    }

    pub fn output(&self) -> PathBuf {
        self.path("output")
    }

    /// Text of `output/<rel>`; panics with a listing of the output if missing.
    pub fn read(&self, rel: &str) -> String {
        let p = self.output().join(rel);
        std::fs::read_to_string(&p).unwrap_or_else(|e| {
            panic!(
                "cannot read output/{rel}: {e}\noutput files:\n{}",
                self.output_files()
                    .into_iter()
                    .collect::<Vec<_>>()
                    .join("\n")
            )
        })
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.output().join(rel))
            .unwrap_or_else(|e| panic!("cannot read output/{rel}: {e}"))
    }

    /// Page at a site path: `/world/kz/` -> `output/world/kz/index.html`.
    pub fn page(&self, site_path: &str) -> String {
        self.read(&format!("{}index.html", site_path.trim_start_matches('/')))
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.output().join(rel).exists()
    }

    pub fn page_exists(&self, site_path: &str) -> bool {
        self.exists(&format!("{}index.html", site_path.trim_start_matches('/')))
    }

    /// Every file under output/, relative, `/`-separated.
    pub fn output_files(&self) -> BTreeSet<String> {
        files_under(&self.output())
    }

    /// Every file of output/ with its bytes.
    pub fn snapshot(&self) -> BTreeMap<String, Vec<u8>> {
        self.output_files()
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(self.output().join(&f)).unwrap();
                (f, bytes)
            })
            .collect()
    }

    /// Every entry under [`TestSite::top`] but output/, build's staging
    /// folders and its state folder (`.output.state`, the schedule and
    /// caches a build keeps beside the output): path -> what it is (a file's size and hash, a link's target,
    /// or a folder), to show that a command touched nothing else.
    pub fn outside(&self) -> BTreeMap<String, String> {
        let skip = [
            self.output(),
            self.path(".output.staging"),
            self.path(".output.staging.old"),
            self.path(".output.state"),
        ];
        let mut out = BTreeMap::new();
        let walker = walkdir::WalkDir::new(self.top())
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| !skip.iter().any(|s| e.path() == s));
        for entry in walker {
            let entry = entry.unwrap();
            let rel = entry
                .path()
                .strip_prefix(self.top())
                .unwrap()
                .display()
                .to_string();
            let ft = entry.file_type();
            let what = if ft.is_symlink() {
                format!(
                    "link -> {}",
                    std::fs::read_link(entry.path()).unwrap().display()
                )
            } else if ft.is_dir() {
                "dir".to_string()
            } else {
                let bytes = std::fs::read(entry.path()).unwrap();
                format!(
                    "file {} {:x}",
                    bytes.len(),
                    gazette::base::hash::content_hash(&bytes)
                )
            };
            out.insert(rel, what);
        }
        out
    }

    /// The test theme: minimal Tera templates that print what the tests check.
    pub fn write_theme(&self) {
        self.theme("t", THEME, &[("theme.css", "body { color: black }\n")]);
    }

    /// (Re)writes `themes/<name>/` as exactly these templates and static
    /// files (name, text), for tests whose assertions need a theme of their own.
    pub fn theme(&self, name: &str, templates: &[(&str, &str)], statics: &[(&str, &str)]) {
        let dir = self.path(&format!("themes/{name}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        for (file, text) in templates {
            self.write(&format!("themes/{name}/templates/{file}"), text);
        }
        for (file, text) in statics {
            self.write(&format!("themes/{name}/static/{file}"), text);
        }
    }
}

/// Output of a finished command, with assertions.
pub struct Run {
    pub status: std::process::ExitStatus,
    pub stdout: String,
    pub stderr: String,
    /// How long the command ran.
    pub elapsed: Duration,
}

impl Run {
    pub fn success(&self) -> bool {
        self.status.success()
    }

    /// The exit code (none after a signal).
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }

    /// Exit code, time, stdout and stderr, for failure messages.
    pub fn describe(&self) -> String {
        format!(
            "exit {:?} after {:.1} s\n--- stdout\n{}\n--- stderr\n{}",
            self.code(),
            self.elapsed.as_secs_f64(),
            self.stdout,
            self.stderr
        )
    }

    /// Panics (showing stdout and stderr) unless the command succeeded.
    pub fn ok(self) -> Run {
        assert!(
            self.status.success(),
            "gazette failed ({:?})\n--- stdout\n{}\n--- stderr\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Panics unless the command failed with a non-zero exit code.
    pub fn fails(self) -> Run {
        assert!(
            !self.status.success() && self.status.code().is_some(),
            "gazette should have failed ({:?})\n--- stdout\n{}\n--- stderr\n{}",
            self.status,
            self.stdout,
            self.stderr
        );
        self
    }

    /// Asserts stderr contains `needle`.
    pub fn stderr_has(&self, needle: &str) -> &Run {
        assert!(
            self.stderr.contains(needle),
            "stderr should mention {needle:?}\n--- stderr\n{}",
            self.stderr
        );
        self
    }
}

/// How long one command may run: generous for the big sites some tests
/// build in debug mode, but a hang still ends as a failure.
const RUN_LIMIT: Duration = Duration::from_secs(600);

/// Runs `cmd` to the end, timed.
pub fn run(mut cmd: Command) -> Run {
    cmd.timeout(RUN_LIMIT);
    let start = Instant::now();
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("run gazette");
    Run {
        status,
        stdout: String::from_utf8_lossy(&stdout).into_owned(),
        stderr: String::from_utf8_lossy(&stderr).into_owned(),
        elapsed: start.elapsed(),
    }
}

/// The `gazette` binary under test.
pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_gazette"))
}

/// A `gazette` command without `--root`, for `init` and cwd-relative runs.
pub fn gazette() -> Command {
    Command::new(bin())
}

/// The same as a `std::process::Command`, to spawn.
pub fn process() -> std::process::Command {
    std::process::Command::new(bin())
}

/// A YAML double-quoted string (JSON strings are valid YAML).
pub fn yaml_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// Files under `dir`, relative, `/`-separated (hidden files included).
pub fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if !dir.exists() {
        return out;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap();
            out.insert(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    out
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(from).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// An element of the test theme's output: attributes and inner text (raw HTML).
#[derive(Debug, Clone)]
pub struct Elem {
    pub attrs: BTreeMap<String, String>,
    pub inner: String,
}

impl Elem {
    /// Attribute value, HTML-decoded.
    pub fn attr(&self, name: &str) -> String {
        decode_html(
            self.attrs
                .get(name)
                .unwrap_or_else(|| panic!("no attribute {name} in {self:?}")),
        )
    }

    /// Inner text, HTML-decoded.
    pub fn text(&self) -> String {
        decode_html(&self.inner)
    }
}

/// Every `<tag class="class" ...>inner</tag>` in `html` (no nesting of the same tag).
pub fn elems(html: &str, tag: &str, class: &str) -> Vec<Elem> {
    let open = format!("<{tag} class=\"{class}\"");
    let close = format!("</{tag}>");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let end_of_tag = rest.find('>').expect("unclosed tag");
        let attrs = parse_attrs(&rest[..end_of_tag]);
        rest = &rest[end_of_tag + 1..];
        let end = rest.find(&close).expect("no closing tag");
        out.push(Elem {
            attrs,
            inner: rest[..end].to_string(),
        });
        rest = &rest[end + close.len()..];
    }
    out
}

/// The single `<tag class="class">` of a page; panics if there is not exactly one.
pub fn elem(html: &str, tag: &str, class: &str) -> Elem {
    let mut all = elems(html, tag, class);
    assert_eq!(
        all.len(),
        1,
        "expected one <{tag} class=\"{class}\"> in:\n{html}"
    );
    all.remove(0)
}

/// Decoded inner text of the single `<tag class="class">`.
pub fn text_of(html: &str, tag: &str, class: &str) -> String {
    elem(html, tag, class).text()
}

fn parse_attrs(s: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut rest = s;
    while let Some(eq) = rest.find("=\"") {
        let name = rest[..eq].trim().to_string();
        let after = &rest[eq + 2..];
        let end = after.find('"').expect("unclosed attribute");
        out.insert(name, after[..end].to_string());
        rest = &after[end + 1..];
    }
    out
}

/// Decodes the entities Tera and pulldown-cmark write.
pub fn decode_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&amp;", "&")
}

/// Paginator of a list page written by the test theme.
#[derive(Debug)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub total_items: usize,
    /// (url, title) of each item.
    pub items: Vec<(String, String)>,
    pub prev: Option<String>,
    pub next: Option<String>,
}

pub fn pager(html: &str) -> Pager {
    let p = elem(html, "div", "paginator");
    let link = |class: &str| {
        let t = text_of(html, "p", class);
        (t != "NONE").then_some(t)
    };
    Pager {
        current: p.attr("data-current").parse().unwrap(),
        total: p.attr("data-total").parse().unwrap(),
        total_items: p.attr("data-total-items").parse().unwrap(),
        items: elems(html, "li", "item")
            .iter()
            .map(|e| (e.attr("data-url"), e.text()))
            .collect(),
        prev: link("prev"),
        next: link("next"),
    }
}

/// The contents of the first `<script type="application/ld+json">` of a page.
pub fn json_ld(html: &str) -> Option<String> {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open)? + open.len();
    let end = html[start..].find("</script>")? + start;
    Some(html[start..end].to_string())
}

/// `<loc>`s of a sitemap (or sitemap index), parsed with quick-xml.
pub fn xml_texts(xml: &str, element: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut inside = false;
    let mut current = String::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) if e.name().as_ref() == element.as_bytes() => {
                inside = true;
                current.clear();
            }
            Event::Text(t) if inside => {
                current.push_str(&t.unescape().expect("valid escapes"));
            }
            Event::CData(t) if inside => {
                current.push_str(std::str::from_utf8(&t).unwrap());
            }
            Event::End(e) if e.name().as_ref() == element.as_bytes() => {
                inside = false;
                out.push(current.clone());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A date `hours` from now (negative: in the past), RFC 3339 in UTC.
pub fn hours_from_now(hours: i64) -> String {
    let t = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(hours);
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The templates a theme must have: those the build requires.
pub const TEMPLATE_NAMES: &[&str] = gazette::render::templates::REQUIRED;

/// Tera templates of the test theme.
pub const THEME: &[(&str, &str)] = &[
    (
        "base.html",
        r#"<!DOCTYPE html>
<html lang="{{ config.language }}">
<head>
<meta charset="utf-8">
<title>{{ page_title }}</title>
<link rel="canonical" href="{{ current_permalink }}">
<link rel="alternate" type="application/atom+xml" href="{{ feeds.atom }}">
<link rel="alternate" type="application/rss+xml" href="{{ feeds.rss }}">
{% if feeds.term_atom %}<link class="term-feed" rel="alternate" type="application/atom+xml" href="{{ feeds.term_atom }}">{% endif %}
{% if meta.json_ld %}<script type="application/ld+json">{{ meta.json_ld | safe }}</script>{% endif %}
</head>
<body>
<nav>{% for s in sections %}<a class="nav" href="{{ s.url }}">{{ s.name }}</a>{% endfor %}</nav>
<p class="current-url">{{ current_url }}</p>
{% block content %}{% endblock content %}
</body>
</html>
"#,
    ),
    (
        "pager.html",
        r#"<div class="paginator" data-current="{{ paginator.current }}" data-total="{{ paginator.total }}" data-total-items="{{ paginator.total_items }}">
<ul>
{% for item in paginator.items %}<li class="item" data-url="{{ item.url }}">{{ item.title }}</li>
{% endfor %}</ul>
<div class="summaries">{% for item in paginator.items %}<div class="card-summary">{{ item.summary | safe }}</div>{% endfor %}</div>
<p class="prev">{% if paginator.prev_url %}{{ paginator.prev_url }}{% else %}NONE{% endif %}</p>
<p class="next">{% if paginator.next_url %}{{ paginator.next_url }}{% else %}NONE{% endif %}</p>
</div>
"#,
    ),
    (
        "index.html",
        r#"{% extends "base.html" %}{% block content %}<h1 class="front">Front</h1>
{% include "pager.html" %}{% endblock content %}"#,
    ),
    (
        "article.html",
        r#"{% extends "base.html" %}{% block content %}<article>
<h1 class="title">{{ article.title }}</h1>
<p class="slug">{{ article.slug }}</p>
<p class="url">{{ article.url }}</p>
<p class="permalink">{{ article.permalink }}</p>
<p class="date">{{ article.date }}</p>
<p class="date-display">{{ article.date_display }}</p>
<p class="updated">{% if article.updated %}{{ article.updated }}{% else %}NONE{% endif %}</p>
<p class="words">{{ article.word_count }}</p>
<p class="reading-time">{{ article.reading_time }}</p>
<p class="image">{% if article.image %}{{ article.image }}{% else %}NONE{% endif %}</p>
<p class="section">{% if article.section %}{{ article.section.name }}|{{ article.section.url }}{% else %}NONE{% endif %}</p>
<div class="summary">{{ article.summary | safe }}</div>
<ul class="tags">{% for t in article.tags %}<a class="tag" href="{{ t.url }}" data-slug="{{ t.slug }}">{{ t.name }}</a>{% endfor %}</ul>
<ul class="categories">{% for t in article.categories %}<a class="category" href="{{ t.url }}">{{ t.name }}</a>{% endfor %}</ul>
<ul class="authors">{% for t in article.authors %}<a class="author" href="{{ t.url }}">{{ t.name }}</a>{% endfor %}</ul>
<div class="content">{{ article.content | safe }}</div>
<section class="related">{% for r in article.related %}<a class="rel" href="{{ r.url }}">{{ r.title }}</a>{% endfor %}</section>
</article>{% endblock content %}"#,
    ),
    (
        "page.html",
        r#"{% extends "base.html" %}{% block content %}<h1 class="page-title">{{ page.title }}</h1>
<div class="content">{{ page.content | safe }}</div>{% endblock content %}"#,
    ),
    (
        "list.html",
        r#"{% extends "base.html" %}{% block content %}<h1 class="list-title">{{ list.title }}</h1>
<p class="kind">{{ list.kind }}</p>
{% if list.term %}<p class="term" data-slug="{{ list.term.slug }}" data-count="{{ list.term.count }}" data-feed="{{ list.term.feed_url }}" data-url="{{ list.term.url }}">{{ list.term.name }}</p>{% endif %}
{% include "pager.html" %}{% endblock content %}"#,
    ),
    (
        "taxonomy.html",
        r#"{% extends "base.html" %}{% block content %}<h1 class="tax-title">{{ taxonomy.title }}</h1>
<ul>{% for t in taxonomy.terms %}<li class="term" data-url="{{ t.url }}" data-slug="{{ t.slug }}" data-count="{{ t.count }}" data-feed="{{ t.feed_url }}">{{ t.name }}</li>
{% endfor %}</ul>{% endblock content %}"#,
    ),
    (
        "404.html",
        r#"{% extends "base.html" %}{% block content %}<h1 class="notfound">Not found</h1>{% endblock content %}"#,
    ),
];
