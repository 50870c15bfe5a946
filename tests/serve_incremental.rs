//! `serve`'s incremental rebuilds must give exactly what a full build gives.
//! Random edit sequences (body, tags, add, delete, rename, template, static,
//! site.yaml) are applied to a site on disk; after each edit the in-memory
//! site is compared, file by file and byte by byte, with a fresh `build`.

use std::path::{Path, PathBuf};

use gazette::BuildOptions;
use gazette::serve::session::Session;

use crate::common::{TestSite, assert_same, full_build};

/// A small deterministic generator (xorshift), so failures replay.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const TAGS: &[&str] = &[
    "Russia",
    "Energy",
    "Elections",
    "Climate",
    "Қазақстан",
    "Markets",
    "AI",
];
const SECTIONS: &[&str] = &["world", "business", "culture"];

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn article_text(rng: &mut Rng, n: usize) -> String {
    let tags: Vec<&str> = (0..1 + rng.below(3))
        .map(|_| TAGS[rng.below(TAGS.len())])
        .collect();
    let words = [
        "markets", "energy", "vote", "pipeline", "festival", "court", "storm", "chip",
    ];
    let body: Vec<&str> = (0..20 + rng.below(60))
        .map(|_| words[rng.below(words.len())])
        .collect();
    format!(
        "---\ntitle: \"Story {n} {}\"\ndate: 2026-0{}-{:02}T10:00:00Z\nauthor: Reporter {}\ntags: [{}]\n---\n\n{}.\n\n## Details\n\n{}.\n",
        words[rng.below(words.len())],
        1 + rng.below(9),
        1 + rng.below(28),
        rng.below(3),
        tags.join(", "),
        body.join(" "),
        body.iter().rev().cloned().collect::<Vec<_>>().join(" "),
    )
}

/// A site at `<tmp>/site` (`<tmp>/out` is free for full builds) with a
/// copy of the default theme and `count` articles, and the options to
/// build it at a fixed time, so that both builds agree on what is future.
fn make_site(rng: &mut Rng, count: usize) -> (TestSite, BuildOptions) {
    let site = TestSite::bare_in_subfolder();
    site.site_yaml(
        "Incremental",
        "https://inc.example.com",
        "paginate: 3\nrelated: {count: 3}",
    );
    site.copy_broadsheet();
    site.write("static/css/extra.css", "body { margin: 0; }\n");
    site.raw(
        "about.md",
        "---\ntitle: About\ntype: page\n---\nAbout us.\n",
    );
    for n in 0..count {
        let section = SECTIONS[rng.below(SECTIONS.len())];
        site.raw(&format!("{section}/story-{n}.md"), &article_text(rng, n));
    }
    let mut options = BuildOptions::new(site.root());
    options.now = Some("2026-11-01T00:00:00Z".parse().unwrap());
    (site, options)
}

fn articles(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().ends_with("about.md"))
        .map(|e| e.path().to_path_buf())
        .collect();
    v.sort();
    v
}

/// Applies one random edit and returns the paths it touched.
fn random_edit(root: &Path, rng: &mut Rng, counter: &mut usize) -> (String, Vec<PathBuf>) {
    let list = articles(root);
    let pick = |rng: &mut Rng| list[rng.below(list.len())].clone();
    match rng.below(8) {
        0 | 1 => {
            let p = pick(rng);
            let text = std::fs::read_to_string(&p).unwrap();
            write(
                &p,
                &format!(
                    "{text}\nAn added paragraph about the vote {}.\n",
                    rng.below(100)
                ),
            );
            ("edit body".into(), vec![p])
        }
        2 => {
            let p = pick(rng);
            let text = std::fs::read_to_string(&p).unwrap();
            // Another list of tags: some kept, some dropped, an existing one
            // added, or one no other article has.
            *counter += 1;
            let fresh = format!("Fresh {counter}");
            let tags: Vec<&str> = (0..rng.below(4))
                .map(|_| match rng.below(5) {
                    0 => fresh.as_str(),
                    _ => TAGS[rng.below(TAGS.len())],
                })
                .collect();
            let edited: String = text
                .lines()
                .map(|l| match l.starts_with("tags: [") {
                    true => format!("tags: [{}]\n", tags.join(", ")),
                    false => format!("{l}\n"),
                })
                .collect();
            write(&p, &edited);
            ("edit tags".into(), vec![p])
        }
        3 => {
            *counter += 1;
            let n = 1000 + *counter;
            let p = root.join(format!(
                "content/{}/new-{n}.md",
                SECTIONS[rng.below(SECTIONS.len())]
            ));
            write(&p, &article_text(rng, n));
            ("add".into(), vec![p])
        }
        4 if list.len() > 3 => {
            let p = pick(rng);
            std::fs::remove_file(&p).unwrap();
            ("delete".into(), vec![p])
        }
        5 => {
            let p = pick(rng);
            *counter += 1;
            let to = p.with_file_name(format!("renamed-{counter}.md"));
            std::fs::rename(&p, &to).unwrap();
            ("rename".into(), vec![p, to])
        }
        6 => {
            let p = root.join("themes/broadsheet/templates/partials/card.html");
            let text = std::fs::read_to_string(&p).unwrap();
            write(&p, &format!("{text}\n<!-- edit {} -->\n", rng.below(1000)));
            ("template edit".into(), vec![p])
        }
        _ => {
            let p = root.join("static/css/extra.css");
            write(&p, &format!("body {{ margin: {}px; }}\n", rng.below(50)));
            ("static edit".into(), vec![p])
        }
    }
}

#[test]
fn random_edit_sequences_match_full_builds() {
    for seed in 1..=10u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let (site, options) = make_site(&mut rng, 14);
        let root = site.root();
        let out = site.top().join("out");
        let (mut session, first) = Session::new(options.clone());
        first.expect("first build succeeds");
        assert_same(&session, &full_build(&options, &out), "the first build");
        let mut counter = 0;
        let mut history = Vec::new();
        for _ in 0..8 {
            let (what, paths) = random_edit(root, &mut rng, &mut counter);
            history.push(what.clone());
            // serve's order: the quick preview of a body edit, then the full rebuild.
            let preview = session.preview(&session.renderers().unwrap(), &paths);
            if what == "edit body" {
                assert!(preview.is_some(), "a body edit gets a quick preview");
            }
            let stats = session.rebuild(&paths).expect("rebuild succeeds");
            if what == "edit body" {
                assert!(
                    stats.rendered * 2 < session.files().len(),
                    "a body edit re-rendered {} of {} files",
                    stats.rendered,
                    session.files().len()
                );
            }
            assert_same(
                &session,
                &full_build(&options, &out),
                &format!("seed {seed}: {}", history.join(", ")),
            );
        }
    }
}

#[test]
fn config_change_and_broken_edit_recover() {
    let mut rng = Rng(42);
    let (site, options) = make_site(&mut rng, 8);
    let root = site.root();
    let out = site.top().join("out");
    let (mut session, first) = Session::new(options.clone());
    first.unwrap();

    let yaml = root.join("site.yaml");
    let text = std::fs::read_to_string(&yaml)
        .unwrap()
        .replace("paginate: 3", "paginate: 2");
    write(&yaml, &text);
    session.rebuild(std::slice::from_ref(&yaml)).unwrap();
    assert_same(&session, &full_build(&options, &out), "paginate change");

    let before = session.files();
    let broken = root.join("content/world/broken.md");
    write(&broken, "---\ntitle: [unclosed\n---\nbody\n");
    let err = session.rebuild(std::slice::from_ref(&broken)).unwrap_err();
    assert!(gazette::serve::error_text(&err).contains("broken.md"));
    assert_eq!(
        session.files(),
        before,
        "a broken edit leaves the served site as it was"
    );
    std::fs::remove_file(&broken).unwrap();
    session.rebuild(std::slice::from_ref(&broken)).unwrap();
    assert_same(
        &session,
        &full_build(&options, &out),
        "fixing the broken edit",
    );
}

/// `data/authors.yaml` (author profiles) is a source like the others: the
/// watcher passes its edits on, and the rebuilt site equals a full build,
/// the author's page showing the new profile.
#[test]
fn an_author_profile_edit_is_rebuilt_like_a_full_build() {
    let mut rng = Rng(7);
    let (site, options) = make_site(&mut rng, 6);
    let root = site.root();
    let out = site.top().join("out");
    let (mut session, first) = Session::new(options.clone());
    first.unwrap();

    let profiles = root.join("data/authors.yaml");
    assert!(gazette::serve::watch::is_source(root, &profiles));
    write(
        &profiles,
        "reporter-0:\n  name: Reporter 0\n  role: Night editor\n",
    );
    session.rebuild(std::slice::from_ref(&profiles)).unwrap();
    assert_same(&session, &full_build(&options, &out), "a profile added");
    let page = session
        .files()
        .iter()
        .find(|(k, _)| k.contains("authors/reporter-0/") && k.ends_with("index.html"))
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("the author's page");
    assert!(page.contains("Night editor"), "{page}");
}

/// A site's translation file (`i18n/en.yaml`, docs/i18n.md) is a source: an
/// edit re-renders the pages that show the string, like a full build.
#[test]
fn a_translation_edit_is_rebuilt_like_a_full_build() {
    let mut rng = Rng(11);
    let (site, options) = make_site(&mut rng, 5);
    let root = site.root();
    let out = site.top().join("out");
    let (mut session, first) = Session::new(options.clone());
    first.unwrap();
    let strings = root.join("i18n/en.yaml");
    assert!(gazette::serve::watch::is_source(root, &strings));
    write(&strings, "related:\n  title: More from the newsroom\n");
    session.rebuild(std::slice::from_ref(&strings)).unwrap();
    assert_same(&session, &full_build(&options, &out), "a translation added");
    let article = session
        .files()
        .iter()
        .find(|(k, _)| {
            k.starts_with("world/") && k.ends_with("/index.html") && k.matches('/').count() == 2
        })
        .map(|(_, v)| String::from_utf8_lossy(v).into_owned())
        .expect("an article");
    assert!(article.contains("More from the newsroom"));
}

/// Pages are rendered when asked for, yet a template that fails while
/// rendering fails the rebuild at once (one changed page of each template
/// is rendered then), and the last good site stays served; a template edit
/// renders almost nothing until pages are asked for.
#[test]
fn a_template_edit_renders_on_request_and_its_error_shows_at_once() {
    let mut rng = Rng(11);
    let (site, options) = make_site(&mut rng, 12);
    let root = site.root();
    let out = site.top().join("out");
    let (mut session, first) = Session::new(options.clone());
    first.unwrap();
    let template = root.join("themes/broadsheet/templates/article.html");
    let original = std::fs::read_to_string(&template).unwrap();

    let before = session.files();
    write(
        &template,
        &original.replacen(
            "{% block content %}",
            "{% block content %}{{ no_such_value.x }}",
            1,
        ),
    );
    let err = session
        .rebuild(std::slice::from_ref(&template))
        .unwrap_err();
    assert!(
        gazette::serve::error_text(&err).contains("article.html"),
        "{}",
        gazette::serve::error_text(&err)
    );
    assert_eq!(session.files(), before, "the last good site stays served");

    write(
        &template,
        &original.replacen("{% block content %}", "{% block content %}<p>edited</p>", 1),
    );
    let stats = session.rebuild(std::slice::from_ref(&template)).unwrap();
    let articles = articles(root).len();
    assert!(
        stats.rendered >= articles,
        "{} pages made anew",
        stats.rendered
    );
    let story = session
        .catalogue()
        .keys()
        .find(|p| p.contains("story-"))
        .cloned()
        .unwrap();
    let renderers = session.renderers().unwrap();
    let page = session.page(&renderers, &story).unwrap().unwrap();
    assert!(String::from_utf8_lossy(&page).contains("<p>edited</p>"));
    drop(renderers);
    assert_same(&session, &full_build(&options, &out), "template edit");
}
