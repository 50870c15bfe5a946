//! Hostile and broken sites (issue 6): a catalogue of inputs that newsrooms
//! really produce (imports from other tools, word-processor pastes, typos at
//! 2 a.m.) and of inputs crafted to escape the output folder, each with its
//! expected outcome, run through the real `gazette` binary.
//!
//! Every case runs on a site of its own in a temporary folder (the site is
//! `<tmp>/site`, so `<tmp>` is "outside the site"):
//!
//! 1. a good baseline site (one article, the minimal theme written below)
//!    is built, so a previous `output/` exists;
//! 2. the case's setup breaks the site;
//! 3. `gazette --root <site> build` (or the case's own arguments) runs.
//!
//! and, whatever the case, these must hold:
//!
//! - no panic (`panicked` never appears in stderr) and no death by signal;
//! - the exit code is the expected one: 0 ok, 1 content/template/output
//!   errors, 2 usage (clap);
//! - every expected diagnostic is printed as `error: FILE:LINE: ...` (or
//!   `warning: ...`), so editors can jump to it;
//! - nothing was created, changed or removed anywhere under `<tmp>` except
//!   `output/`, its staging folder (`.output.staging`) and its state
//!   folder (`.output.state`);
//! - a failed build leaves the previous `output/` byte for byte as it was;
//! - a successful build leaves a complete `output/`: `index.html`, and every
//!   file its manifest lists.
//!
//! The catalogue is one table ([`catalogue`]); `HOSTILE_CASE=a,b cargo test
//! --test hostile` runs just those cases, `HOSTILE_SKIP=a,b` all but those. Below it: cases that need more than
//! a table row (a file vanishing during a build, the default theme), and
//! `gazette check` on hostile sites through the library.

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::common;

use common::{BASE_URL, Run, TestSite};

/// What a hostile title, summary or tag tries to inject.
const PAYLOAD: &str = "</title><script>alert(1)</script><!--";
/// What must never appear unescaped in any output file.
const INJECTED: &str = "<script>alert(1)";

// ================================================================ harness

/// The baseline site: at `<tmp>/site`, with the minimal theme `t` written
/// below and one good article.
fn hostile_site() -> TestSite {
    let site = TestSite::new_in_subfolder("");
    site.theme("t", THEME, &[("theme.css", "body { color: black }\n")]);
    site.write(
        "content/base/base.md",
        "---\ntitle: Baseline\ndate: 2024-01-01\ntags: [Base]\n---\n\nThe baseline article.\n",
    );
    site
}

/// What the catalogue checks of output/ beyond the common readers.
trait OutputChecks {
    fn output_problems(&self) -> Vec<String>;
    fn output_texts(&self) -> Vec<(String, String)>;
}

impl OutputChecks for TestSite {
    /// Problems with output/ as a finished build must leave it.
    fn output_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if !self.exists("index.html") {
            problems.push("output/index.html is missing".to_string());
        }
        if self.exists(gazette::output::LEGACY_MANIFEST) {
            problems.push("the manifest is inside output/".to_string());
        }
        let manifest = gazette::output::manifest_of(&self.output())
            .ok_or("output/ has no manifest in the state folder")
            .and_then(|path| std::fs::read_to_string(path).map_err(|_| "unreadable manifest"));
        match manifest {
            Err(e) => problems.push(e.to_string()),
            Ok(manifest) => {
                // A header line, then `hash size fingerprint path`.
                for line in manifest.lines().skip(1) {
                    let rel = line.splitn(4, '\t').nth(3).unwrap_or("");
                    if !self.output().join(rel).is_file() {
                        problems.push(format!("the manifest lists {rel}, which is missing"));
                    }
                }
            }
        }
        problems
    }

    /// Text of every output file, for "never unescaped anywhere" checks.
    fn output_texts(&self) -> Vec<(String, String)> {
        self.output_files()
            .into_iter()
            .map(|rel| {
                let bytes = std::fs::read(self.output().join(&rel)).unwrap();
                (rel, String::from_utf8_lossy(&bytes).into_owned())
            })
            .collect()
    }
}

/// A diagnostic expected in stderr: `KIND: LOC...` then `text` on that line.
/// `LOC` is a file, `{root}`/`{top}` replaced; `file:N` names line N,
/// `file:#` some line, a bare `file` any line or none.
#[derive(Clone, Copy)]
struct Msg {
    loc: &'static str,
    text: &'static str,
}

/// `at!(loc, text)`: a [`Msg`] (a macro, so that `&[at!(..)]` is a constant).
macro_rules! at {
    ($loc:expr, $text:expr) => {
        Msg {
            loc: $loc,
            text: $text,
        }
    };
}

#[derive(Clone, Copy)]
enum Expect {
    /// Exit 0; these warnings printed.
    Ok(&'static [Msg]),
    /// Exit 1; these errors printed; the previous output untouched.
    Fail(&'static [Msg]),
    /// Exit 1 with these texts somewhere in stderr (errors without a file).
    FailSaying(&'static [&'static str]),
    /// Exit 2 (clap).
    Usage,
}

type Setup = fn(&TestSite);

#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    setup: Setup,
    /// Arguments after `--root <site>`; default `build`.
    args: Option<fn(&TestSite) -> Vec<String>>,
    expect: Expect,
    /// More assertions after the run.
    verify: Option<fn(&TestSite, &Run)>,
}

fn case(name: &'static str, setup: Setup) -> Case {
    Case {
        name,
        setup,
        args: None,
        expect: Expect::Ok(&[]),
        verify: None,
    }
}

impl Case {
    fn ok(mut self) -> Self {
        self.expect = Expect::Ok(&[]);
        self
    }
    fn warns(mut self, msgs: &'static [Msg]) -> Self {
        self.expect = Expect::Ok(msgs);
        self
    }
    fn fails(mut self, msgs: &'static [Msg]) -> Self {
        self.expect = Expect::Fail(msgs);
        self
    }
    fn fails_saying(mut self, texts: &'static [&'static str]) -> Self {
        self.expect = Expect::FailSaying(texts);
        self
    }
    fn usage(mut self) -> Self {
        self.expect = Expect::Usage;
        self
    }
    fn args(mut self, args: fn(&TestSite) -> Vec<String>) -> Self {
        self.args = Some(args);
        self
    }
    fn then(mut self, verify: fn(&TestSite, &Run)) -> Self {
        self.verify = Some(verify);
        self
    }
}

fn expand(s: &str, site: &TestSite) -> String {
    s.replace("{root}", &site.root().display().to_string())
        .replace("{top}", &site.top().display().to_string())
}

/// Does stderr hold a `kind` diagnostic at `msg.loc` mentioning `msg.text`?
fn has_diagnostic(stderr: &str, kind: &str, msg: &Msg, site: &TestSite) -> bool {
    let loc = expand(msg.loc, site);
    let explicit_line = loc
        .rsplit_once(':')
        .is_some_and(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    stderr.lines().any(|line| {
        let Some(rest) = line.strip_prefix(&format!("{kind}: ")) else {
            return false;
        };
        if !line.contains(msg.text) {
            return false;
        }
        if let Some(file) = loc.strip_suffix(":#") {
            rest.strip_prefix(file)
                .and_then(|r| r.strip_prefix(':'))
                .is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()))
        } else if explicit_line {
            rest.strip_prefix(&loc).is_some_and(|r| r.starts_with(':'))
        } else {
            rest.starts_with(&loc)
        }
    })
}

/// Runs one case; returns what went wrong, if anything.
fn run_case(c: &Case) -> Result<(), String> {
    let site = hostile_site();
    let baseline = site.build_with(&[]);
    if baseline.code() != Some(0) {
        return Err(format!(
            "the baseline site does not build: {}",
            baseline.describe()
        ));
    }
    let before_output = site.snapshot();
    (c.setup)(&site);
    let before = site.outside();
    let args = c
        .args
        .map_or_else(|| vec!["build".to_string()], |f| f(&site));
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    // A case may name a root of its own.
    let run = if argv.first() == Some(&"--root") {
        let mut cmd = common::gazette();
        cmd.args(&argv);
        common::run(cmd)
    } else {
        site.run(&argv)
    };
    let mut problems = Vec::new();

    if run.stderr.contains("panicked") || run.stderr.contains("RUST_BACKTRACE") {
        problems.push("gazette panicked".to_string());
    }
    let want_code = match c.expect {
        Expect::Ok(_) => 0,
        Expect::Fail(_) | Expect::FailSaying(_) => 1,
        Expect::Usage => 2,
    };
    if run.code() != Some(want_code) {
        problems.push(format!("expected exit {want_code}, got {:?}", run.code()));
    }
    match c.expect {
        Expect::Ok(msgs) => {
            for m in msgs {
                if !has_diagnostic(&run.stderr, "warning", m, &site) {
                    problems.push(format!("no warning at {} mentioning {:?}", m.loc, m.text));
                }
            }
            if run.code() == Some(0) {
                problems.extend(site.output_problems());
            }
        }
        Expect::Fail(msgs) => {
            for m in msgs {
                if !has_diagnostic(&run.stderr, "error", m, &site) {
                    problems.push(format!("no error at {} mentioning {:?}", m.loc, m.text));
                }
            }
        }
        Expect::FailSaying(texts) => {
            for t in texts {
                let t = expand(t, &site);
                if !run.stderr.contains(&t) {
                    problems.push(format!("stderr does not mention {t:?}"));
                }
            }
        }
        Expect::Usage => {}
    }
    if want_code != 0 && site.snapshot() != before_output {
        problems.push("a failed build changed the previous output/".to_string());
    }
    if args.first().is_some_and(|a| a == "check") && site.snapshot() != before_output {
        problems.push("`gazette check` changed output/".to_string());
    }
    let after = site.outside();
    if after != before {
        let mut diff = Vec::new();
        for (k, v) in &after {
            if before.get(k) != Some(v) {
                diff.push(format!("  + {k}: {v}"));
            }
        }
        for k in before.keys().filter(|k| !after.contains_key(*k)) {
            diff.push(format!("  - {k}"));
        }
        problems.push(format!(
            "files outside output/ changed:\n{}",
            diff.join("\n")
        ));
    }
    if let Some(verify) = c.verify {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| verify(&site, &run)));
        if let Err(e) = result {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            problems.push(format!("verify: {msg}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n{}", problems.join("\n"), run.describe()))
    }
}

/// The whole table, on two threads; one report of every failing case.
#[test]
fn catalogue_of_hostile_sites() {
    let cases = catalogue();
    let only = std::env::var("HOSTILE_CASE").ok();
    let skip = std::env::var("HOSTILE_SKIP").unwrap_or_default();
    let selected: Vec<&Case> = cases
        .iter()
        .filter(|c| {
            only.as_deref()
                .is_none_or(|o| o.split(',').any(|o| c.name == o))
        })
        .filter(|c| !skip.split(',').any(|k| c.name == k))
        .collect();
    assert!(!selected.is_empty(), "no case named {only:?}");
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(c) = selected.get(i) else { break };
                    let start = Instant::now();
                    let result = std::panic::catch_unwind(|| run_case(c))
                        .unwrap_or_else(|_| Err("the test harness panicked".into()));
                    eprintln!(
                        "case {:<40} {:>6.1} s {}",
                        c.name,
                        start.elapsed().as_secs_f64(),
                        if result.is_ok() { "ok" } else { "FAILED" }
                    );
                    if let Err(e) = result {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("=== case {}: {e}", c.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        selected.len(),
        failures.join("\n\n")
    );
}

#[test]
fn the_catalogue_has_at_least_40_distinct_cases() {
    let cases = catalogue();
    let names: std::collections::BTreeSet<_> = cases.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), cases.len(), "case names must be unique");
    assert!(cases.len() >= 40, "only {} cases", cases.len());
}

// ================================================================ the catalogue

fn args_output(site: &TestSite, out: &Path) -> Vec<String> {
    let _ = site;
    vec!["build".into(), "--output".into(), out.display().to_string()]
}

/// Asserts that every output file is free of the injected markup, and
/// that feeds and sitemaps are well-formed XML.
fn assert_escaped_everywhere(site: &TestSite) {
    let texts = site.output_texts();
    assert!(texts.len() > 10, "too few files: {texts:?}");
    for (rel, text) in &texts {
        assert!(
            !text.contains(INJECTED),
            "output/{rel} holds unescaped markup:\n{text}"
        );
        if rel.ends_with(".xml") {
            let mut reader = quick_xml::Reader::from_str(text);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("output/{rel} is not well-formed XML: {e}\n{text}"),
                }
            }
        }
    }
}

/// The JSON-LD of an article page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    serde_json::from_str(&common::json_ld(html).expect("a JSON-LD script")).expect("valid JSON-LD")
}

use common::xml_texts;

fn hostile_article(site: &TestSite) {
    let y = serde_json::to_string(PAYLOAD).unwrap();
    // Recent, so that the article is in the news sitemap too.
    let date = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1))
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string();
    site.md(
        "world/x.md",
        &format!(
            "title: {y}\ndate: {date}\nsummary: {y}\ntags: [{y}, Plain]\nauthor: {y}\ncategory: {y}\nimage: \"/x.jpg\\\" onerror=\\\"alert(1)\"\n"
        ),
        "Body text.\n",
    );
}

fn verify_hostile_article(site: &TestSite, _: &Run) {
    assert_escaped_everywhere(site);
    let page = site.read("world/x/index.html");
    let ld = json_ld(&page);
    let graph = ld["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["headline"], PAYLOAD);
    assert_eq!(graph[0]["description"], PAYLOAD);
    assert_eq!(graph[0]["author"][0]["name"], PAYLOAD);
    assert!(
        !page.contains("onerror=\"alert"),
        "image attribute injection:\n{page}"
    );
    let atom = site.read("atom.xml");
    assert!(
        xml_texts(&atom, "title").iter().any(|t| t == PAYLOAD),
        "{atom}"
    );
    let rss = site.read("rss.xml");
    assert!(
        xml_texts(&rss, "title").iter().any(|t| t == PAYLOAD),
        "{rss}"
    );
    assert!(
        xml_texts(&site.read("news-sitemap.xml"), "news:title")
            .iter()
            .any(|t| t == PAYLOAD)
    );
}

fn catalogue() -> Vec<Case> {
    vec![
        // ------------------------------------------------ front matter: YAML syntax
        case("yaml_unclosed_flow_list", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntags: [Russia, CSTO", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "invalid front matter")]),
        case("yaml_unclosed_block_list_item", |s| {
            s.md("world/a.md", "title: A\ntags:\n  - [Russia\n  - CSTO\ndate: 2024-01-01", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "invalid front matter")]),
        case("yaml_bad_indentation", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntags:\n    - a\n  - b", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "invalid front matter")]),
        case("yaml_tab_indentation", |s| {
            s.md("world/a.md", "title: A\ntags:\n\t- a\ndate: 2024-01-01", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "invalid front matter")])
        .then(|_, r| assert!(r.stderr.contains("tabs"), "the help should mention tabs")),
        case("yaml_unquoted_colon_in_title", |s| {
            s.md("world/a.md", "title: Breaking: vote: count\ndate: 2024-01-01", "Body\n")
        })
        .fails(&[at!("content/world/a.md:2", "invalid front matter")]),
        case("yaml_duplicate_keys", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntitle: B", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "duplicate")]),
        case("yaml_front_matter_is_a_list", |s| {
            s.md("world/a.md", "- title\n- date", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "key: value")]),
        case("yaml_nesting_bomb", |s| {
            let deep = format!("{}{}", "[".repeat(20_000), "]".repeat(20_000));
            s.md("world/a.md", &format!("title: A\ndate: 2024-01-01\nextra: {deep}"), "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "invalid front matter")]),
        case("yaml_billion_laughs", |s| {
            let mut fm = String::from("title: A\ndate: 2024-01-01\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
            for w in names.windows(2) {
                let refs = vec![format!("*{}", w[0]); 9].join(",");
                fm.push_str(&format!("  {}: &{} [{refs}]\n", w[1], w[1]));
            }
            s.md("world/a.md", fm.trim_end(), "Body\n")
        })
        .fails(&[at!("content/world/a.md", "")]),
        // issue 21: a 1 MB anchor referenced 3,000 times (a 1 MB file) that
        // expanded to 3 GB and aborted the build after allocating 6 GB.
        case("yaml_alias_expansion_bomb", |s| {
            let anchor = "x".repeat(1_000_000);
            let refs = vec!["*big"; 3000].join(", ");
            s.md(
                "world/a.md",
                &format!("title: A\ndate: 2024-01-01\nextra:\n  big: &big \"{anchor}\"\n  copies: [{refs}]"),
                "Body\n",
            )
        })
        .fails(&[at!("content/world/a.md:#", "expands to more than")]),
        case("front_matter_larger_than_1_mib", |s| {
            let long = "y".repeat(1_100_000);
            s.md("world/a.md", &format!("title: A\ndate: 2024-01-01\nsummary: {long}"), "Body\n")
        })
        .fails(&[at!("content/world/a.md:2", "more than the 1024 KiB")]),
        // issue 21: a 20 MB table took 4.95 GB to render.
        case("markdown_table_of_20_mb", |s| {
            let mut body = String::from("| a | b |\n|---|---|\n");
            body.push_str(&"| x | y |\n".repeat(2_000_000));
            s.md("world/a.md", "title: A\ndate: 2024-01-01", &body)
        })
        .fails(&[at!("content/world/a.md:#", "MiB of memory to render")]),
        case("markdown_memory_limit_is_configurable", |s| {
            let mut body = String::from("| a | b |\n|---|---|\n");
            body.push_str(&"| x | y |\n".repeat(20_000));
            s.md("world/a.md", "title: A\ndate: 2024-01-01", &body);
            s.write(
                "site.yaml",
                &format!("title: Hostile Times\nbase_url: {BASE_URL}\ntheme: t\nlimits: {{markdown_memory_mb: 4}}\n"),
            );
        })
        .fails(&[at!("content/world/a.md:#", "more than 4 MiB of memory")]),
        case("expires_at_the_end_of_time", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\nexpires: 9999-12-31", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "outside the dates Gazette can handle")])
        .then(|_, r| assert!(!r.stderr.contains("overflow"), "library jargon")),
        // ------------------------------------------------ file names
        // issue 21: `\xff.txt` and `\xfe.txt` both became `�.txt`, one lost.
        case("static_names_not_utf8", |s| {
            use std::os::unix::ffi::OsStrExt;
            for name in [&b"\xff.txt"[..], b"\xfe.txt"] {
                let p = s.path("static").join(std::ffi::OsStr::from_bytes(name));
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, name).unwrap();
            }
        })
        .fails(&[at!("static/", "not valid UTF-8")])
        .then(|_, r| assert_eq!(r.stderr.matches("not valid UTF-8").count(), 2, "one error per file")),
        case("content_name_not_utf8", |s| {
            use std::os::unix::ffi::OsStrExt;
            let p = s.path("content/world").join(std::ffi::OsStr::from_bytes(b"photo-\xff.jpg"));
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "jpeg").unwrap();
        })
        .fails(&[at!("content/world/", "not valid UTF-8")]),
        // issue 21: a folder named with CRLF was written to output/ (and
        // served as an empty 200).
        case("content_folder_named_with_crlf", |s| {
            s.md("world/a\r\nb/index.md", "title: A\ndate: 2024-01-01", "Body\n")
        })
        .fails(&[at!("content/world/a", "control character")]),
        // issue 21: `static/.htaccess` and `.nojekyll` were dropped silently.
        case("static_dotfiles_are_published", |s| {
            s.write("static/.htaccess", "ErrorDocument 404 /404.html\n");
            s.write("static/.nojekyll", "");
            s.write("static/.well-known/security.txt", "Contact: mailto:x@example.com\n");
            s.write("static/.git/config", "[core]\n");
            s.write("static/css/.site.css.swp", "swap");
        })
        .ok()
        .then(|s, _| {
            assert!(s.exists(".htaccess") && s.exists(".nojekyll"));
            assert!(s.exists(".well-known/security.txt"));
            assert!(!s.exists(".git") && !s.exists("css/.site.css.swp"));
        }),
        // ------------------------------------------------ front matter: fences
        case("front_matter_never_closed", |s| {
            s.write("content/world/a.md", "---\ntitle: A\ndate: 2024-01-01\n\nBody that goes on.\n")
        })
        .fails(&[at!("content/world/a.md:1", "never closed")]),
        case("no_front_matter_at_all", |s| {
            s.write("content/world/a.md", "# Just a heading\n\nBody.\n")
        })
        .fails(&[at!("content/world/a.md:1", "front matter")]),
        case("broken_toml_front_matter", |s| {
            s.write(
                "content/world/a.md",
                "+++\ntitle = \"A\"\ndate = 2024-01-01\ntags = [\"a\"\n+++\nBody\n",
            )
        })
        .fails(&[at!("content/world/a.md:#", "invalid TOML front matter")]),
        case("empty_file", |s| s.write("content/world/a.md", ""))
            .fails(&[at!("content/world/a.md:1", "front matter")]),
        case("empty_front_matter", |s| s.write("content/world/a.md", "---\n---\nBody\n"))
            .fails(&[
                at!("content/world/a.md:1", "no title"),
                at!("content/world/a.md:1", "no date"),
            ]),
        // ------------------------------------------------ front matter: values
        case("missing_title", |s| s.md("world/a.md", "date: 2024-01-01", "Body\n"))
            .fails(&[at!("content/world/a.md:1", "no title")]),
        case("empty_title", |s| {
            s.md("world/a.md", "date: 2024-01-01\ntitle: \"\"", "Body\n")
        })
        .fails(&[at!("content/world/a.md:3", "no title")]),
        case("blank_title", |s| {
            s.md("world/a.md", "date: 2024-01-01\ntitle: \"   \\t \"", "Body\n")
        })
        .fails(&[at!("content/world/a.md:3", "no title")]),
        case("title_is_a_map", |s| {
            s.md("world/a.md", "title: {text: A}\ndate: 2024-01-01", "Body\n")
        })
        .fails(&[at!("content/world/a.md:#", "invalid front matter")]),
        case("date_is_not_a_date", |s| {
            s.md("world/a.md", "title: A\ndate: yesterday afternoon", "Body\n")
        })
        .fails(&[at!("content/world/a.md:3", "is not a date")]),
        case("date_out_of_calendar", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-02-30", "Body\n")
        })
        .fails(&[at!("content/world/a.md:3", "date")]),
        case("date_hour_25", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01T25:00:00Z", "Body\n")
        })
        .fails(&[at!("content/world/a.md:3", "date")]),
        case("missing_date_on_an_article", |s| s.md("world/a.md", "title: A", "Body\n"))
            .fails(&[at!("content/world/a.md:1", "no date")]),
        case("tags_is_a_number", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntags: 42", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "list of names")]),
        case("tags_is_a_map", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntags: {a: 1}", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "list of names")]),
        case("draft_is_not_a_bool", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ndraft: maybe", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "invalid front matter")]),
        case("another_tools_type_is_an_article", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntype: gallery", "Body\n")
        })
        .then(|s, _| assert!(s.exists("world/a/index.html"))),
        case("unknown_front_matter_key_warns", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ncolour: red", "Body\n")
        })
        .warns(&[at!("content/world/a.md:4", "colour")])
        .then(|s, _| assert!(s.exists("world/a/index.html"))),
        case("errors_of_many_files_reported_together", |s| {
            s.md("world/a.md", "title: A\ndate: someday", "Body\n");
            s.md("world/b.md", "title: [B\ndate: 2024-01-01", "Body\n");
            s.write("content/world/c.md", "no front matter\n");
            s.md("sport/d.md", "date: 2024-01-01", "Body\n");
        })
        .fails(&[
            at!("content/world/a.md:3", "is not a date"),
            at!("content/world/b.md:#", "invalid front matter"),
            at!("content/world/c.md:1", "front matter"),
            at!("content/sport/d.md:1", "no title"),
        ]),
        case("content_and_template_errors_reported_together", |s| {
            s.md("world/a.md", "title: A\ndate: someday", "Body\n");
            s.write("themes/t/templates/list.html", "{% extends \"base.html\" %}\n{% block content %}{% if %}{% endblock content %}");
        })
        .fails(&[
            at!("content/world/a.md:3", "is not a date"),
            at!("themes/t/templates/list.html:#", "template"),
        ]),
        // ------------------------------------------------ encodings
        case("utf8_bom", |s| {
            s.write("content/world/a.md", "\u{feff}---\ntitle: Bom\ndate: 2024-01-01\n---\nBody\n")
        })
        .ok()
        .then(|s, _| {
            let page = s.read("world/a/index.html");
            assert!(page.contains("<h1 class=\"title\">Bom</h1>"), "{page}");
        }),
        case("crlf_line_endings", |s| {
            s.write(
                "content/world/a.md",
                "---\r\ntitle: Windows\r\ndate: 2024-01-01\r\ntags: [One, Two]\r\n---\r\n\r\n## Head\r\n\r\nBody line one\r\nline two.\r\n",
            );
            s.write("site.yaml", &format!("title: Hostile Times\r\nbase_url: {BASE_URL}\r\ntheme: t\r\n"));
        })
        .ok()
        .then(|s, _| {
            let page = s.read("world/a/index.html");
            assert!(page.contains("<h1 class=\"title\">Windows</h1>"), "{page}");
            assert!(s.exists("tags/two/index.html"));
            assert!(!page.contains("Windows\r"), "{page}");
        }),
        case("crlf_error_lines_are_right", |s| {
            s.write("content/world/a.md", "---\r\ntitle: A\r\n\r\ndate: never\r\n---\r\nBody\r\n")
        })
        .fails(&[at!("content/world/a.md:4", "is not a date")]),
        case("latin1_bytes", |s| {
            s.write_bytes("content/world/a.md", b"---\ntitle: Caf\xe9\ndate: 2024-01-01\n---\nBody\n")
        })
        .fails(&[at!("content/world/a.md", "not UTF-8")]),
        case("utf16_file_from_a_word_processor", |s| {
            let mut bytes = vec![0xff, 0xfe];
            for u in "---\ntitle: A\ndate: 2024-01-01\n---\nBody\n".encode_utf16() {
                bytes.extend(u.to_le_bytes());
            }
            s.write_bytes("content/world/a.md", &bytes)
        })
        .fails(&[at!("content/world/a.md", "not UTF-8")]),
        case("nul_and_control_characters", |s| {
            s.md(
                "world/a.md",
                "title: \"Nul\\0and\\x07bell\\x1b[31m\"\ndate: 2024-01-01\ntags: [\"a\\0b\"]",
                "Body with a NUL \u{0} and \u{1b}[31m escapes.\n",
            )
        })
        .ok()
        .then(|s, _| {
            for (rel, text) in s.output_texts() {
                assert!(!text.contains('\u{0}'), "output/{rel} holds a NUL");
                if rel.ends_with(".xml") {
                    // XML 1.0 forbids C0 controls but tab, CR, LF: feed readers reject the file.
                    let bad = text.chars().find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'));
                    assert!(bad.is_none(), "output/{rel} holds {bad:?}, which XML forbids");
                }
            }
        }),
        // ------------------------------------------------ size and depth
        case("article_of_50_mb", |s| {
            let para = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.\n\n";
            let body = para.repeat(50 * 1024 * 1024 / para.len() + 1);
            s.md("world/big.md", "title: Big\ndate: 2024-01-01", &body);
        })
        .ok()
        .then(|s, r| {
            assert!(std::fs::metadata(s.output().join("world/big/index.html")).unwrap().len() > 50_000_000);
            assert!(r.elapsed < Duration::from_secs(300), "took {:?}", r.elapsed);
        }),
        case("ten_thousand_tags_on_one_article", |s| {
            let tags: Vec<String> = (0..10_000).map(|i| format!("tag {i}")).collect();
            s.md("world/a.md", &format!("title: A\ndate: 2024-01-01\ntags: [{}]", tags.join(", ")), "Body\n");
        })
        .ok()
        .then(|s, r| {
            assert!(s.exists("tags/tag-9999/index.html"));
            assert!(s.exists("tags/tag-0/atom.xml"));
            let bytes: u64 = walkdir::WalkDir::new(s.output())
                .into_iter()
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum();
            assert!(bytes < 300_000_000, "10,000 tags gave {} MB of output", bytes / 1_000_000);
            assert!(r.elapsed < Duration::from_secs(180), "took {:?}", r.elapsed);
        }),
        case("deeply_nested_lists_and_quotes", |s| {
            let body = format!(
                "{}deep list\n\n{}deep quote\n\n{}\n\n{}x{}\n\n{}\n",
                "- ".repeat(50_000),
                "> ".repeat(50_000),
                (0..2_000).map(|i| format!("{}- item {i}", "  ".repeat(i))).collect::<Vec<_>>().join("\n"),
                "*".repeat(50_000),
                "*".repeat(50_000),
                "[".repeat(50_000),
            );
            s.md("world/a.md", "title: Deep\ndate: 2024-01-01", &body);
        })
        .ok()
        .then(|s, _| assert!(s.read("world/a/index.html").contains("deep quote"))),
        case("huge_title_gives_a_long_slug", |s| {
            let title = "Word ".repeat(20_000);
            s.md("world/!!!.md", &format!("title: {title}\ndate: 2024-01-01"), "Body\n");
        })
        // The slug comes from the title and is capped so the path fits a file name.
        .ok()
        .then(|s, _| {
            let slug = "word-".repeat(20).trim_end_matches('-').to_string();
            assert!(s.read(&format!("world/{slug}/index.html")).contains("Word Word"));
        }),
        case("huge_tag_name", |s| {
            let tag = "x".repeat(1_000);
            s.md("world/a.md", &format!("title: A\ndate: 2024-01-01\ntags: [{tag}]"), "Body\n");
        })
        // The term keeps its name; its slug is capped so the page fits a file name.
        .ok()
        .then(|s, _| {
            let page = s.read(&format!("tags/{}/index.html", "x".repeat(100)));
            assert!(page.contains(&"x".repeat(1_000)), "the term page shows the full name");
        }),
        // ------------------------------------------------ injected markup
        case("script_in_title_summary_tags_authors", hostile_article)
            .ok()
            .then(verify_hostile_article),
        case("raw_html_in_body_stays_out_of_metadata", |s| {
            s.md(
                "world/a.md",
                "title: Raw\ndate: 2024-01-01",
                "First <b>para</b> </script><script>alert(1)</script> end.\n\nMore.\n",
            )
        })
        .ok()
        .then(|s, _| {
            let page = s.read("world/a/index.html");
            let ld = json_ld(&page);
            assert!(ld.to_string().contains("alert(1)"), "the description keeps the text");
            let (head, _) = page.split_once("<body>").unwrap();
            assert!(!head.contains(INJECTED), "{head}");
            assert!(!s.read("atom.xml").contains(INJECTED));
            assert!(!s.read("rss.xml").contains(INJECTED));
        }),
        // ------------------------------------------------ paths that try to escape
        case("slug_with_dot_dot", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\nslug: ../../../escaped", "Body\n")
        })
        .ok()
        .then(|s, _| assert!(s.exists("world/escaped/index.html"))),
        case("slug_absolute_path", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\nslug: /etc/cron.d/x", "Body\n")
        })
        .ok()
        .then(|s, _| assert!(s.exists("world/etc-cron-d-x/index.html"))),
        case("slug_backslashes", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\nslug: '..\\..\\..\\escaped'", "Body\n")
        })
        .ok()
        .then(|s, _| assert!(s.exists("world/escaped/index.html"))),
        case("slug_percent_encoded_and_nul", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\nslug: \"%2e%2e%2f%2e%2e\\0x\"", "Body\n")
        })
        .ok(),
        case("slug_of_dots_only", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\nslug: \"../..\"", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "slug")]),
        case("alias_with_dot_dot", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: [/old/../../../escaped/]", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "alias")]),
        case("alias_backslash", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: ['\\..\\..\\escaped']", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "alias")]),
        case("alias_nul", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: [\"/old\\0/x/\"]", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "alias")]),
        case("alias_percent_encoded_traversal", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: [/%2e%2e/%2e%2e/escaped/]", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "alias")]),
        case("alias_absolute_url", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: [\"https://evil.example/x/\"]", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "alias")]),
        case("alias_into_a_hidden_folder", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: [/.git/hooks/]", "Body\n")
        })
        .fails(&[at!("content/world/a.md:4", "alias")]),
        case("alias_absolute_path_stays_inside", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\naliases: [/etc/passwd, /old/page.html]", "Body\n")
        })
        .ok()
        .then(|s, _| {
            assert!(s.exists("etc/passwd/index.html"));
            assert!(s.read("old/page.html").contains("/world/a/"));
        }),
        case("folder_names_with_backslash_and_percent", |s| {
            s.md("a\\b/x.md", "title: X\ndate: 2024-01-01", "Body\n");
            s.md("%2e%2e/y.md", "title: Y\ndate: 2024-01-01", "Body\n");
        })
        .ok(),
        case("asset_in_a_folder_named_with_a_backslash", |s| {
            s.write("content/x\\..\\..\\evil/x.txt", "asset");
        })
        .fails(&[at!("content/x\\..\\..\\evil/x.txt", "output")]),
        // ------------------------------------------------ collisions
        case("two_articles_same_path", |s| {
            s.md("world/kz.md", "title: A\ndate: 2024-01-01", "Body\n");
            s.md("world/KZ.md", "title: B\ndate: 2024-01-02", "Body\n");
        })
        .fails(&[at!("content/world/kz.md", "/world/kz/")])
        .then(|_, r| assert!(r.stderr.contains("content/world/KZ.md"), "both files named")),
        case("slug_collides_with_another_article", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01", "Body\n");
            s.md("world/b.md", "title: B\ndate: 2024-01-01\nslug: a", "Body\n");
        })
        .fails(&[at!("content/world/", "/world/a/")]),
        case("alias_collides_with_an_article", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01", "Body\n");
            s.md("world/b.md", "title: B\ndate: 2024-01-01\naliases: [/world/a/]", "Body\n");
        })
        .fails(&[at!("content/world/", "/world/a/")]),
        case("section_named_like_a_taxonomy", |s| {
            s.md("tags/a.md", "title: A\ndate: 2024-01-01", "Body\n");
        })
        .fails(&[at!("site.yaml", "content/tags")]),
        case("tags_whose_slugs_collide", |s| {
            s.md("world/a.md", "title: A\ndate: 2024-01-01\ntags: [Мир]", "Body\n");
            s.md("world/b.md", "title: B\ndate: 2024-01-01\ntags: [Mir]", "Body\n");
        })
        .fails(&[at!("content/world/", "/tags/mir/")]),
        case("static_file_shadows_a_page", |s| {
            s.write("static/index.html", "<p>mine</p>");
        })
        .fails(&[at!("static/index.html", "writes /,")]),
        // ------------------------------------------------ symlinks
        case("symlink_loop_in_content", |s| {
            s.symlink("..", "content/world/loop");
            s.symlink("self", "content/self");
            s.md("world/a.md", "title: A\ndate: 2024-01-01", "Body\n");
        })
        .warns(&[at!("content/world/loop", "symbolic link"), at!("content/self", "symbolic link")])
        .then(|s, _| assert!(s.exists("world/a/index.html"))),
        case("symlink_to_a_file_outside_the_site", |s| {
            std::fs::write(s.top().join("secret.md"), "---\ntitle: SECRET-TITLE\ndate: 2024-01-01\n---\nSECRET-BODY\n").unwrap();
            s.symlink(s.top().join("secret.md"), "content/world/leak.md");
            std::fs::write(s.top().join("secret.txt"), "SECRET-STATIC").unwrap();
            s.symlink(s.top().join("secret.txt"), "static/leak.txt");
            s.symlink(s.top(), "static/up");
        })
        .warns(&[at!("content/world/leak.md", "symbolic link")])
        .then(|s, _| {
            for (rel, text) in s.output_texts() {
                assert!(!text.contains("SECRET"), "output/{rel} leaks an outside file");
            }
        }),
        case("dangling_symlink_in_content_and_static", |s| {
            s.symlink("/nonexistent/gone.md", "content/world/gone.md");
            s.symlink("/nonexistent/gone.css", "static/gone.css");
        })
        .warns(&[at!("content/world/gone.md", "symbolic link")]),
        case("symlink_in_output_never_writes_outside", |s| {
            // A deploy tool (or a person) put a symlink into output/. The old
            // output becomes the next build's staging folder: writes must not
            // follow the link.
            std::fs::create_dir_all(s.top().join("elsewhere")).unwrap();
            s.remove("output/base");
            s.symlink(s.top().join("elsewhere"), "output/base");
            s.build(); // output/ and the staging folder swap
        })
        .ok()
        .then(|s, _| {
            assert!(s.output().join("base/base/index.html").is_file());
            assert!(!s.output().join("base").is_symlink(), "output/base is still the foreign link");
        }),
        case("output_file_deleted_by_hand", |s| {
            // The old output is reused as the next staging folder; a file
            // removed from it by hand must be written again, not trusted
            // from its manifest.
            s.remove("output/index.html");
            s.remove("output/base/base/index.html");
            s.build();
        })
        .ok(),
        case("staging_debris_from_a_killed_build", |s| {
            s.write(".output.staging/junk/index.html", "half-written");
            s.write(".output.staging/index.html", "<html");
        })
        .ok()
        .then(|s, _| {
            assert!(!s.exists("junk/index.html"), "debris reached the output");
            assert!(s.read("index.html").contains("Front"));
        }),
        // ------------------------------------------------ site.yaml
        case("site_yaml_unknown_key", |s| {
            s.write("site.yaml", &format!("title: T\nbase_url: {BASE_URL}\ntheme: t\npaginte: 5\n"))
        })
        .fails(&[at!("site.yaml:4", "paginte")]),
        case("site_yaml_wrong_type", |s| {
            s.write("site.yaml", &format!("title: T\nbase_url: {BASE_URL}\ntheme: t\npaginate: ten\n"))
        })
        .fails(&[at!("site.yaml:4", "invalid site.yaml")]),
        case("site_yaml_malformed", |s| {
            s.write("site.yaml", &format!("title: T\nbase_url: {BASE_URL}\ntheme: t\ntaxonomies: [tags\n"))
        })
        .fails(&[at!("site.yaml:#", "invalid site.yaml")]),
        // A folder without site.yaml is no site: a usage error (exit 2,
        // issue 23), as for a --root that does not exist; it was exit 1.
        case("site_yaml_missing", |s| s.remove("site.yaml"))
            .usage()
            .then(|_, run| assert!(run.stderr.contains("no site.yaml in"), "{}", run.stderr)),
        case("site_yaml_bom_crlf", |s| {
            s.write("site.yaml", &format!("\u{feff}title: T\r\nbase_url: {BASE_URL}\r\ntheme: t\r\n"))
        })
        .ok(),
        case("site_yaml_base_url_not_a_url", |s| {
            s.write("site.yaml", "title: T\nbase_url: news.example.com\ntheme: t\n")
        })
        .fails(&[at!("site.yaml", "base_url")]),
        case("no_content_folder", |s| s.remove("content"))
            .fails(&[at!("content", "no content/ folder")]),
        // ------------------------------------------------ themes and templates
        case("missing_theme", |s| {
            s.write("site.yaml", &format!("title: T\nbase_url: {BASE_URL}\ntheme: gone\n"))
        })
        .fails(&[at!("site.yaml", "theme \"gone\" not found")]),
        case("theme_name_escapes", |s| {
            s.write("site.yaml", &format!("title: T\nbase_url: {BASE_URL}\ntheme: ../../t\n"))
        })
        .fails(&[at!("site.yaml", "theme")]),
        case("missing_template", |s| s.remove("themes/t/templates/list.html"))
            .fails(&[at!("themes/t/templates/list.html", "missing")]),
        case("template_syntax_error", |s| {
            s.write(
                "themes/t/templates/article.html",
                "{% extends \"base.html\" %}\n{% block content %}\n{% for x in %}\n{% endblock content %}",
            )
        })
        .fails(&[at!("themes/t/templates/article.html:3", "template")]),
        case("template_syntax_errors_in_two_files", |s| {
            s.write("themes/t/templates/article.html", "{% extends \"base.html\" %}\n{% block content %}{{ }}{% endblock content %}");
            s.write("themes/t/templates/404.html", "{% extends \"base.html\" %}\n\n{% block content %}{% endfor %}{% endblock content %}");
        })
        .fails(&[
            at!("themes/t/templates/article.html:2", "template"),
            at!("themes/t/templates/404.html:3", "template"),
        ]),
        case("template_undefined_variable", |s| {
            s.write(
                "themes/t/templates/article.html",
                "{% extends \"base.html\" %}{% block content %}\n\n{{ article.no_such_field.deeper }}{% endblock content %}",
            )
        })
        .fails(&[at!("themes/t/templates/article.html:3", "template")]),
        case("template_extends_a_missing_template", |s| {
            s.write("themes/t/templates/page.html", "{% extends \"nope.html\" %}")
        })
        .fails(&[at!("themes/t/templates/page.html", "")]),
        case("template_includes_itself", |s| {
            s.write("themes/t/templates/404.html", "{% include \"404.html\" %}")
        })
        .fails(&[at!("themes/t/templates/404.html", "")]),
        // ------------------------------------------------ output folder
        case("output_is_the_site_root", |_| {})
            .args(|s| args_output(s, s.root()))
            .fails(&[at!("{root}", "site root")]),
        case("output_is_a_parent_of_the_site", |_| {})
            .args(|s| args_output(s, s.top()))
            .fails(&[at!("{top}", "refusing")]),
        case("output_is_the_content_folder", |_| {})
            .args(|s| args_output(s, &s.path("content")))
            .fails(&[at!("{root}/content", "content/")]),
        case("output_holds_another_sites_sources", |s| {
            std::fs::create_dir_all(s.top().join("other/content")).unwrap();
            std::fs::write(s.top().join("other/site.yaml"), "title: Other\n").unwrap();
        })
        .args(|s| args_output(s, &s.top().join("other")))
        .fails(&[at!("{top}/other", "sources")]),
        case("output_is_a_foreign_folder", |s| {
            std::fs::create_dir_all(s.top().join("thesis")).unwrap();
            std::fs::write(s.top().join("thesis/chapter1.tex"), "x").unwrap();
        })
        .args(|s| args_output(s, &s.top().join("thesis")))
        .fails(&[at!("{top}/thesis", "not written by Gazette")]),
        case("output_is_a_regular_file", |s| {
            std::fs::write(s.top().join("out.txt"), "x").unwrap();
        })
        .args(|s| args_output(s, &s.top().join("out.txt")))
        .fails(&[at!("{top}/out.txt", "not a folder")]),
        // Tests run as root, so permissions cannot make a folder unwritable;
        // an output under a regular file cannot be created by anyone.
        case("output_cannot_be_created", |s| {
            std::fs::write(s.top().join("blocker"), "x").unwrap();
        })
        .args(|s| args_output(s, &s.top().join("blocker/out")))
        .fails_saying(&["{top}/blocker"]),
        // ------------------------------------------------ command line
        case("usage_unknown_flag", |_| {})
            .args(|_| vec!["build".into(), "--no-such-flag".into()])
            .usage(),
        case("usage_unknown_command", |_| {})
            .args(|_| vec!["frobnicate".into()])
            .usage(),
        // issue 21: `--base-url ''` gave a sitemap of `<loc>/news/...`.
        case("usage_base_url_empty", |_| {})
            .args(|_| vec!["build".into(), "--base-url".into(), "".into()])
            .usage(),
        case("usage_base_url_without_scheme", |_| {})
            .args(|_| vec!["build".into(), "--base-url".into(), "news.example.com".into()])
            .usage(),
        // issue 21: printed `Some("")`.
        case("new_with_an_empty_section", |_| {})
            .args(|_| vec!["new".into(), "--section".into(), "".into(), "Title".into()])
            .fails_saying(&["the section \"\" has no letters"])
            .then(|_, r| assert!(!r.stderr.contains("Some("), "{}", r.stderr)),
        case("usage_output_without_value", |_| {})
            .args(|_| vec!["build".into(), "--output".into()])
            .usage(),
        case("check_names_broken_links", |s| {
            s.md(
                "world/a.md",
                "title: A\ndate: 2024-01-01",
                "See [the vote](/world/vote/) and [below](#results).\n\n![chart](chart.png)\n",
            )
        })
        .args(|_| vec!["check".into()])
        .fails(&[
            at!("content/world/a.md:5", "/world/vote/"),
            at!("content/world/a.md:5", "#results"),
            at!("content/world/a.md:7", "chart.png"),
        ]),
        case("check_accepts_a_good_hostile_site", hostile_article)
            .args(|_| vec!["check".into()])
            .fails(&[at!("content/world/x.md:8", "image")]),
        case("check_reports_content_and_template_errors", |s| {
            s.md("world/a.md", "title: A\ndate: someday", "Body\n");
            s.write("themes/t/templates/list.html", "{% if %}");
        })
        .args(|_| vec!["check".into()])
        .fails(&[
            at!("content/world/a.md:3", "is not a date"),
            at!("themes/t/templates/list.html:#", "template"),
        ]),
        // No site to build is a usage error (exit 2, issue 23), as for
        // every command but `init`; it was exit 1 before.
        case("root_that_does_not_exist", |_| {})
            .args(|s| vec!["--root".into(), s.top().join("nope").display().to_string(), "build".into()])
            .usage()
            .then(|_, run| {
                assert!(
                    run.stderr.contains("cannot open the site folder") && run.stderr.contains("gazette init"),
                    "{}",
                    run.stderr
                );
            }),
    ]
}

// ================================================================ beyond the table

/// A file listed by the content walk and gone when it is read (deleted
/// during the build): the loader reports it by name, and nothing panics.
/// Timing a real deletion inside a build is not reproducible, so this
/// drives the loader's two steps (discover, then read) with the deletion
/// in between, as it would happen.
#[test]
fn a_file_deleted_between_listing_and_reading_is_named() {
    let site = hostile_site();
    site.md("world/a.md", "title: A\ndate: 2024-01-01", "Body\n");
    site.md("world/gone.md", "title: Gone\ndate: 2024-01-01", "Body\n");
    let config = gazette::config::Config::load(&site.path("site.yaml")).unwrap();
    let mut diags = gazette::error::Diagnostics::default();
    let files = gazette::content::discover(site.root(), &mut diags).unwrap();
    assert!(files.iter().any(|f| f.ends_with("gone.md")));
    std::fs::remove_file(site.path("content/world/gone.md")).unwrap();
    let shortcodes = gazette::content::shortcodes::Shortcodes::builtin(&config);
    let results: Vec<_> = files
        .iter()
        .filter(|f| gazette::content::is_markdown(f))
        .map(|f| {
            (
                f.clone(),
                gazette::content::read_and_parse(site.root(), f, &config, &shortcodes),
            )
        })
        .collect();
    let options = gazette::content::LoadOptions {
        drafts: false,
        future: false,
        now: jiff::Timestamp::now(),
    };
    let content = gazette::content::assemble(
        files.iter().map(std::path::PathBuf::as_path),
        results.iter().map(|(p, r)| (p, r)),
        &options,
        &mut diags,
    );
    assert_eq!(content.articles.len(), 2, "the other articles still load");
    let errors: Vec<_> = diags.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].file, Path::new("content/world/gone.md"));
    assert!(errors[0].message.contains("cannot read"), "{}", errors[0]);
}

/// The same race through the binary: files deleted while a build of a few
/// thousand articles runs. Depending on the timing the build either misses
/// them (success) or names them (exit 1); either way no panic, nothing
/// outside output/, and a complete or untouched output.
#[test]
fn files_deleted_while_a_build_runs() {
    let site = hostile_site();
    for i in 0..2_000 {
        site.md(
            &format!("world/a{i}.md"),
            &format!("title: Article {i}\ndate: 2024-01-01\ntags: [t{}]", i % 50),
            "Some body text.\n",
        );
    }
    site.build();
    let before = site.snapshot();
    let root = site.root().to_path_buf();
    let deleter = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(150));
        for i in (0..2_000).step_by(7) {
            let _ = std::fs::remove_file(root.join(format!("content/world/a{i}.md")));
        }
    });
    let run = site.build_with(&[]);
    deleter.join().unwrap();
    assert!(!run.stderr.contains("panicked"), "{}", run.describe());
    match run.code() {
        Some(0) => assert!(
            site.output_problems().is_empty(),
            "{:?}",
            site.output_problems()
        ),
        Some(1) => {
            assert!(
                run.stderr.contains("error: content/world/a"),
                "{}",
                run.describe()
            );
            assert_eq!(site.snapshot(), before, "a failed build changed output/");
        }
        other => panic!("unexpected exit {other:?}: {}", run.describe()),
    }
    site.build();
    assert!(site.output_problems().is_empty());
}

/// Hostile titles, summaries and tags through the real default theme.
#[test]
fn default_theme_escapes_everything() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/broadsheet");
    if !src.join("templates/base.html").is_file() {
        eprintln!("themes/broadsheet is not there yet; skipped");
        return;
    }
    let site = hostile_site();
    site.copy_broadsheet();
    site.site_yaml(
        "Hostile Times",
        BASE_URL,
        &format!(
            "theme: broadsheet\ndescription: {}\n",
            serde_json::to_string(PAYLOAD).unwrap()
        ),
    );
    hostile_article(&site);
    site.md(
        "about.md",
        &format!(
            "title: {}\ntype: page\nsummary: {}",
            serde_json::to_string(PAYLOAD).unwrap(),
            serde_json::to_string(PAYLOAD).unwrap()
        ),
        "About us.\n",
    );
    let run = site.build_with(&[]);
    assert_eq!(run.code(), Some(0), "{}", run.describe());
    verify_hostile_article(&site, &run);
}

// ================================================================ gazette check

fn check(site: &TestSite) -> Result<gazette::check::CheckReport, gazette::error::BuildError> {
    gazette::check::check(&gazette::BuildOptions::new(site.root()))
}

/// `check` reports what `build` reports for a broken site, and writes nothing.
#[test]
fn check_reports_build_errors_without_writing() {
    let site = hostile_site();
    site.md("world/a.md", "title: A\ndate: someday", "Body\n");
    site.md("world/b.md", "title: [B\ndate: 2024-01-01", "Body\n");
    let before = site.outside();
    let e = check(&site).expect_err("a broken site fails the check");
    let d = e.diagnostics().expect("diagnostics");
    let files: Vec<_> = d
        .errors()
        .map(|d| (d.file.display().to_string(), d.line.is_some()))
        .collect();
    assert!(
        files.contains(&("content/world/a.md".into(), true)),
        "{files:?}"
    );
    assert!(
        files.contains(&("content/world/b.md".into(), true)),
        "{files:?}"
    );
    assert_eq!(site.outside(), before);
    assert!(!site.output().exists(), "check created output/");
    assert!(!site.path(".output.staging").exists());
}

/// Broken links, anchors and images in a hostile site, each with its line;
/// traversal attempts in links are reported, not followed.
#[test]
fn check_finds_broken_links_in_hostile_articles() {
    let site = hostile_site();
    site.md(
        "world/kz.md",
        "title: KZ\ndate: 2024-01-02\ntags: [Russia]",
        "## Vote count\n\nText.\n",
    );
    site.write("content/world/lead.jpg", "jpg");
    site.md(
        "world/links.md",
        "title: Links\ndate: 2024-01-01\nimage: ../../../etc/passwd",
        "[ok](/world/kz/#vote-count) [ok](/tags/russia/) ![ok](lead.jpg) [ok](../base/base/)\n\
         [bad](../../../../../etc/passwd) [bad](/%2e%2e/%2e%2e/x)\n\
         [bad](/world/kz/#vote-cnt) [bad](/tags/belarus/) ![bad](/img/none.png)\n\
         [bad](https://news.example.com/world/gone/) [ok](https://other.example/x)\n",
    );
    site.build();
    let report = check(&site).expect("loads");
    let got: Vec<(String, Option<usize>, String)> = report
        .problems()
        .map(|d| (d.file.display().to_string(), d.line, d.message.clone()))
        .collect();
    let f = "content/world/links.md";
    let expected = [
        (4, "image"),
        (7, "etc/passwd"),
        (7, "%2e%2e"),
        (8, "vote-cnt"),
        (8, "/tags/belarus/"),
        (8, "/img/none.png"),
        (9, "/world/gone/"),
    ];
    for (line, needle) in expected {
        assert!(
            got.iter()
                .any(|(file, l, m)| file == f && *l == Some(line) && m.contains(needle)),
            "missing {needle:?} at {f}:{line}; got {got:#?}"
        );
    }
    assert_eq!(got.len(), expected.len(), "{got:#?}");
    assert!(!report.is_ok());
    assert!(
        report.summary().contains("7 problems"),
        "{}",
        report.summary()
    );
}

/// Every catalogue site that `build` accepts, `check` accepts too (no
/// broken links in them), and it never writes anything.
#[test]
fn check_agrees_with_build_on_good_hostile_sites() {
    for setup in [hostile_article as Setup, |s: &TestSite| {
        s.write(
            "content/world/a.md",
            "\u{feff}---\r\ntitle: Bom\r\ndate: 2024-01-01\r\n---\r\n[x](#head)\r\n\r\n## Head\r\n",
        )
    }] {
        let site = hostile_site();
        setup(&site);
        let before = site.outside();
        let report = check(&site).expect("loads");
        // The hostile article's lead image is not on the site: that one problem only.
        let problems: Vec<_> = report.problems().map(|d| d.to_string()).collect();
        assert!(problems.len() <= 1, "{problems:#?}");
        assert!(
            problems.iter().all(|p| p.contains("image")),
            "{problems:#?}"
        );
        assert_eq!(site.outside(), before, "check wrote files");
        assert!(!site.output().exists());
        site.build();
    }
}

// ================================================================ the test theme

/// A minimal theme that prints every field the escaping checks look at.
const THEME: &[(&str, &str)] = &[
    (
        "base.html",
        r#"<!DOCTYPE html>
<html lang="{{ config.language }}">
<head>
<meta charset="utf-8">
<title>{{ page_title }}</title>
<meta name="description" content="{{ meta.description }}">
{% if meta.image %}<meta property="og:image" content="{{ meta.image }}">{% endif %}
{% if meta.json_ld %}<script type="application/ld+json">{{ meta.json_ld | safe }}</script>{% endif %}
</head>
<body>
{% block content %}{% endblock content %}
</body>
</html>
"#,
    ),
    (
        "index.html",
        r#"{% extends "base.html" %}{% block content %}<h1>Front</h1>
<ul>{% for item in paginator.items %}<li><a href="{{ item.url }}" title="{{ item.title }}">{{ item.title }}</a>{{ item.summary | safe }}</li>{% endfor %}</ul>{% endblock content %}"#,
    ),
    (
        "article.html",
        r#"{% extends "base.html" %}{% block content %}<article>
<h1 class="title">{{ article.title }}</h1>
<div class="summary">{{ article.summary | safe }}</div>
{% if article.image %}<img src="{{ article.image }}" alt="{{ article.image_alt }}">{% endif %}
<ul>{% for t in article.tags %}<li><a href="{{ t.url }}" title="{{ t.name }}">{{ t.name }}</a></li>{% endfor %}</ul>
<p>{% for a in article.authors %}<a href="{{ a.url }}">{{ a.name }}</a>{% endfor %}</p>
<p>{% for c in article.categories %}<a href="{{ c.url }}">{{ c.name }}</a>{% endfor %}</p>
<div class="content">{{ article.content | safe }}</div>
</article>{% endblock content %}"#,
    ),
    (
        "page.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}"#,
    ),
    (
        "list.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ list.title }}</h1>
<ul>{% for item in paginator.items %}<li><a href="{{ item.url }}">{{ item.title }}</a></li>{% endfor %}</ul>{% endblock content %}"#,
    ),
    (
        "taxonomy.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ taxonomy.title }}</h1>
<ul>{% for t in taxonomy.terms %}<li><a href="{{ t.url }}" title="{{ t.name }}">{{ t.name }}</a> ({{ t.count }})</li>{% endfor %}</ul>{% endblock content %}"#,
    ),
    (
        "404.html",
        r#"{% extends "base.html" %}{% block content %}<h1>Not found</h1>{% endblock content %}"#,
    ),
];

// ================================================================ issue 21: streams and mounts

/// `gazette ARGS` on the site with stdout and stderr set up by `setup`.
fn run_with_streams(
    site: &TestSite,
    args: &[&str],
    setup: impl FnOnce(&mut std::process::Command),
) -> std::process::Output {
    let mut cmd = site.process(args);
    setup(&mut cmd);
    cmd.output().expect("run gazette")
}

/// A pipe whose reading end is closed before gazette writes to it, as in
/// `gazette build | true`.
fn closed_pipe() -> std::process::Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    writer.into()
}

/// `build | true`, `build >/dev/full`, `check 2>&1 | head` and the like
/// panicked ("failed printing to stdout", exit 101). A message that cannot
/// be printed is dropped; the command does its work and exits with its
/// own code.
#[test]
fn closed_or_full_output_streams_never_panic() {
    let site = hostile_site();
    for (what, args, code) in [
        ("build | true", vec!["build"], 0),
        ("check | true", vec!["check"], 0),
        ("new | true", vec!["new", "Piped title"], 0),
    ] {
        let out = run_with_streams(&site, &args, |c| {
            c.stdout(closed_pipe());
        });
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{what}: {stderr}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
    assert!(site.exists("index.html"));

    let full = || {
        std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap()
    };
    let out = run_with_streams(&site, &["build"], |c| {
        c.stdout(full());
    });
    assert_eq!(out.status.code(), Some(0), "build >/dev/full");

    // Both streams closed, on a failing build: the errors cannot be shown,
    // but the exit code still says the build failed.
    site.md("world/bad.md", "title: Bad\ndate: never", "Body\n");
    let out = run_with_streams(&site, &["check"], |c| {
        c.stdout(closed_pipe()).stderr(closed_pipe());
    });
    assert_eq!(
        out.status.code(),
        Some(1),
        "check 2>&1 | head on a broken site"
    );
    let out = run_with_streams(&site, &["build"], |c| {
        c.stderr(closed_pipe());
    });
    assert_eq!(out.status.code(), Some(1), "build 2>&- on a broken site");
}

/// `output/` as a mount point (a Docker volume, a tmpfs) cannot be renamed,
/// so the atomic swap failed with "Device or resource busy", no path, no
/// help. Now the build refuses it at once, naming the folder and the fix.
/// Needs root (mount); it runs in a private mount namespace (`unshare -m`),
/// so nothing stays mounted.
#[test]
fn an_output_that_is_a_mount_point_is_refused_with_the_fix() {
    if !std::process::Command::new("unshare")
        .args(["-m", "true"])
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("skipped: `unshare -m` needs root");
        return;
    }
    let site = hostile_site();
    let output = site.output();
    std::fs::create_dir_all(&output).unwrap();
    let script = format!(
        "mount -t tmpfs none '{}' && exec '{}' --root '{}' build",
        output.display(),
        common::bin().display(),
        site.root().display()
    );
    let out = std::process::Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(&output.display().to_string()), "{stderr}");
    assert!(stderr.contains("mount point"), "{stderr}");
    assert!(stderr.contains("--output"), "the fix: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
