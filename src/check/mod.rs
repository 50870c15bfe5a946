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

mod anchors;
mod authors;
mod links;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::base::paths::safe_join;
use crate::base::plural;
use crate::content::{LeftOut, left_out_summary};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::output;
use crate::pipeline::{self, BuildOptions, Laps, load_config};
use crate::render::editions::EditionsPlan;
use crate::render::{EditionJob, Renderers};

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
    /// Articles the publication rules kept out, with their files.
    pub left_out: Vec<LeftOut>,
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
    /// and 58 links, left out 1 draft (--drafts): 2 problems, 1 warning`.
    pub fn summary(&self) -> String {
        let problems = self.diagnostics.errors().count();
        let warnings = self.diagnostics.warnings().count();
        let left_out = left_out_summary(&self.left_out)
            .map(|s| format!(", left out {s}"))
            .unwrap_or_default();
        format!(
            "Checked {}, {}, {} and {}{left_out}: {}, {}",
            plural(self.articles, "article"),
            plural(self.pages, "page"),
            plural(self.files, "file"),
            plural(self.links, "link"),
            plural(problems, "problem"),
            plural(warnings, "warning"),
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
    // The stages of `build` before rendering, each run as far as it can so
    // that one report holds the problems of all of them.
    if let Err(d) = output::check_output_dir(root, &options.output_dir()) {
        diags.push(d);
    }
    let config = match load_config(options) {
        Ok(config) => config,
        Err(d) => {
            diags.push(d);
            return Err(stopped(diags));
        }
    };
    let now = options.now();
    let mut loaded = match pipeline::load(options, config, now, None, &mut Laps::new()) {
        Ok(loaded) => loaded,
        Err(errors) => {
            diags.extend(errors.into_vec());
            return Err(stopped(diags));
        }
    };
    diags.extend(std::mem::take(&mut loaded.diagnostics).into_vec());
    diags.extend(authors::missing_profiles(&loaded.sites));
    let renderer = loaded.renderers(root, now);
    let sites = &loaded.sites;
    let (EditionsPlan { jobs, copies, .. }, plan_problems) = renderer.plan(root);
    diags.extend(plan_problems);
    if diags.has_errors() {
        return Err(stopped(diags));
    }
    let outputs = planned_outputs(root, &renderer, &jobs, &copies, &mut diags);
    let checks = links::link_checks(root, sites);
    let anchored = links::anchored_pages(&checks, &outputs);
    let ids = render_all(&renderer, &jobs, &anchored, &mut diags);
    let (problems, links) = links::problems(&checks, sites, &outputs, &ids);
    diags.extend(problems);
    diags.sort();
    Ok(CheckReport {
        articles: sites.iter().map(|s| s.articles.len()).sum(),
        pages: sites.iter().map(|s| s.pages.len()).sum(),
        files: outputs.len(),
        links,
        left_out: std::mem::take(&mut loaded.left_out),
        diagnostics: diags,
    })
}

/// The report of a check that stops before rendering, as `build` gives it.
fn stopped(mut diags: Diagnostics) -> BuildError {
    diags.sort();
    BuildError::Site(diags)
}

/// What a build would write; files it could not copy or write are problems.
fn planned_outputs(
    root: &Path,
    renderer: &Renderers<'_>,
    jobs: &[EditionJob],
    copies: &[(String, PathBuf)],
    diags: &mut Diagnostics,
) -> HashSet<String> {
    let mut outputs: HashSet<String> = HashSet::with_capacity(jobs.len() + copies.len());
    // Only the path is checked, so any folder will do.
    let probe = Path::new("/output");
    for (rel, source) in copies {
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
    for &job in jobs {
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
    outputs
}

/// Renders every job as the build would, so that its errors are problems,
/// and keeps the ids of the `anchored` pages.
fn render_all(
    renderer: &Renderers<'_>,
    jobs: &[EditionJob],
    anchored: &HashSet<String>,
    diags: &mut Diagnostics,
) -> HashMap<String, HashSet<String>> {
    let render_errors = Mutex::new(Vec::new());
    let ids = jobs
        .par_iter()
        .filter_map(|&job| match renderer.render(job) {
            Ok(file) if anchored.contains(&file.path) => {
                let html = String::from_utf8_lossy(&file.bytes);
                Some((file.path, anchors::html_ids(&html)))
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
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

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
                // Not a placeholder domain, which would add a warning.
                "title: T\nbase_url: https://news.ledger.org\ntheme: t\n",
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
             ![ok](lead.jpg) ![ok](/img/logo.png) [ok](https://news.ledger.org/world/)\n\
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
            "---\ntitle: A\ndate: 2024-01-01\ncolour: red\n---\n[x]() text\n",
        );
        let r = s.check();
        assert!(r.is_ok(), "{:#?}", problems(&r));
        assert_eq!(r.diagnostics.warnings().count(), 2, "{:#?}", r.diagnostics);
    }
}
