//! Issue 28, the search index's files: what is in them and what is not,
//! how they are cut into shards and chunks, the switch in site.yaml, the
//! links every page carries, and incremental rewrites (a one-article edit
//! rewrites only the index files it touches, in `build` and in `serve`).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};

use base64::Engine as _;
use common::{TestSite, hours_from_now};
use gazette::BuildOptions;
use gazette::render::search::tokenize::{Mode, token_list};
use gazette::render::search::{Layout, shard_of};
use gazette::serve::session::Session;
use serde_json::Value;

/// A broadsheet site with published, draft, scheduled and expired articles,
/// an aliased article, and a page; each with a word of its own.
fn site(extra: &str) -> TestSite {
    let site = TestSite::with_broadsheet(extra);
    site.article(
        "world/cranes.md",
        "Harbour cranes return",
        "2024-05-01T10:00:00Z",
        "author: Ann Lee\ntags: [Ports]\naliases: [/old-cranes/]",
        "The xylophonic cranes are back at the Zürich quay.",
    );
    site.article(
        "business/rates.md",
        "Rates hold steady",
        "2023-03-02T10:00:00Z",
        "author: Bo Chen\ntags: [Money]",
        "The central bank kept rates. Алматы банкі пайыздық мөлшерлемені өзгертпеді.",
    );
    site.article(
        "world/draft.md",
        "A draft",
        "2024-05-03T10:00:00Z",
        "draft: true",
        "The quillwortian accord.",
    );
    site.article(
        "world/later.md",
        "Later",
        &hours_from_now(48),
        "",
        "The futuristicword plan.",
    );
    site.article(
        "world/gone.md",
        "Gone",
        "2024-01-01T10:00:00Z",
        "expires: 2024-02-01",
        "The expiredword story.",
    );
    site.raw(
        "about.md",
        "---\ntitle: About us\ntype: page\n---\n\nThe pagewordly masthead.\n",
    );
    site
}

fn json(site: &TestSite, rel: &str) -> Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The ids (decoded from the deltas) of the postings of `word` (folded by
/// the tokeniser, unless it is a filter token such as `s:world`).
fn postings(site: &TestSite, word: &str) -> Vec<u64> {
    let token = if word.contains(':') {
        word.to_string()
    } else {
        token_list(word, Mode::Query).concat()
    };
    let token = token.as_str();
    let meta = json(site, "search/meta.json");
    let shards = meta["shards"].as_u64().unwrap() as usize;
    let shard = json(site, &format!("search/t/{}.json", shard_of(token, shards)));
    let list = &shard[token];
    if let Some(dense) = list.as_str() {
        // A bitmap of every id, then the weights of the ids present.
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(dense)
            .unwrap();
        let docs = meta["docs"].as_u64().unwrap();
        return (0..docs)
            .filter(|&id| bytes[id as usize / 8] & (0x80 >> (id % 8)) != 0)
            .collect();
    }
    let mut id = 0;
    list.as_array()
        .map(|list| {
            list.iter()
                .map(|p| {
                    id += p.as_u64().unwrap() >> 2;
                    id
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Every result card of the index, in id order.
fn cards(site: &TestSite) -> Vec<Value> {
    let meta = json(site, "search/meta.json");
    let (docs, chunk) = (
        meta["docs"].as_u64().unwrap(),
        meta["chunk"].as_u64().unwrap(),
    );
    (0..docs.div_ceil(chunk))
        .flat_map(|c| {
            json(site, &format!("search/d/{c}.json"))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect()
}

fn search_files(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.snapshot()
        .into_iter()
        .filter(|(p, _)| p.starts_with("search/"))
        .collect()
}

#[test]
fn the_index_holds_published_articles_and_pages_only() {
    let site = site("");
    site.build().ok();
    let cards = cards(&site);
    let urls: Vec<&str> = cards.iter().map(|c| c[0].as_str().unwrap()).collect();
    // Pages first, then articles oldest first.
    assert_eq!(urls, ["/about/", "/business/rates/", "/world/cranes/"]);
    assert_eq!(cards[2][1], "Harbour cranes return");
    assert_eq!(cards[2][2], "2024-05-01");
    assert_eq!(cards[2][3], "World");
    assert!(cards[2][4].as_str().unwrap().contains("xylophonic"));
    assert_eq!(cards[0][2], "");

    // Words of the body, title and page; folded accents, Kazakh letters.
    assert_eq!(postings(&site, "xylophonic"), [2]);
    assert_eq!(postings(&site, "zurich"), [2]);
    assert_eq!(postings(&site, "cranes"), [2]);
    assert_eq!(postings(&site, "pagewordly"), [0]);
    assert_eq!(postings(&site, "пайыздық"), [1]);
    assert_eq!(postings(&site, "алматы"), [1]);
    assert_eq!(postings(&site, "the"), [0, 1, 2]);
    // Filters are tokens too.
    assert_eq!(postings(&site, "s:world"), [2]);
    assert_eq!(postings(&site, "a:ann-lee"), [2]);
    assert_eq!(postings(&site, "t:money"), [1]);
    assert_eq!(postings(&site, "y:2023"), [1]);
    let meta = json(&site, "search/meta.json");
    assert_eq!(meta["docs"], 3);
    assert_eq!(
        meta["filters"]["section"][0],
        serde_json::json!(["s:business", "Business", 1])
    );
    assert_eq!(meta["filters"]["year"][0][1], "2024");

    // Drafts, scheduled and expired articles, and redirect pages are not in
    // the index; the draft's word is in no output file at all.
    for word in ["quillwortian", "futuristicword", "expiredword"] {
        assert!(postings(&site, word).is_empty(), "{word}");
        for (path, bytes) in search_files(&site) {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(word),
                "{word} in {path}"
            );
        }
    }
    for (path, bytes) in site.snapshot() {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("quillwortian"),
            "draft in {path}"
        );
    }
    assert!(!urls.contains(&"/old-cranes/"));
    // A --drafts preview shows the draft, but search still does not find it.
    site.build_with(&["--drafts"]).ok();
    assert!(site.page_exists("/world/draft/"));
    assert!(postings(&site, "quillwortian").is_empty());
}

#[test]
fn shards_and_chunks_follow_the_layout() {
    let site = TestSite::with_broadsheet("");
    for n in 0..30 {
        site.article(
            &format!("world/a{n}.md"),
            &format!("Story {n}"),
            &format!("2024-01-{:02}T10:00:00Z", n % 28 + 1),
            "",
            &format!("Body word{n} shared."),
        );
    }
    site.build().ok();
    let layout = Layout::for_docs(30);
    let files = search_files(&site);
    let shards = files.keys().filter(|p| p.starts_with("search/t/")).count();
    let chunks = files.keys().filter(|p| p.starts_with("search/d/")).count();
    assert_eq!(shards, layout.shards);
    assert_eq!(chunks, 30usize.div_ceil(layout.chunk));
    assert_eq!(json(&site, "search/meta.json")["shards"], layout.shards);
    // Each token sits in the shard its hash names, and only there.
    for n in 0..30 {
        let token = format!("word{n}");
        let home = format!("search/t/{}.json", shard_of(&token, layout.shards));
        for (path, bytes) in &files {
            let here = String::from_utf8_lossy(bytes).contains(&format!("\"{token}\""));
            assert_eq!(here, *path == home, "{token} in {path}");
        }
    }
    // Ten thousand articles' layout stays within the file budget at 100,000.
    let big = Layout::for_docs(100_000);
    assert!(big.shards + big.chunks(100_000) < 5_000);
}

#[test]
fn the_page_head_and_header_link_search_unless_turned_off() {
    let site = site("");
    site.build().ok();
    for path in ["/", "/world/", "/world/cranes/", "/about/", "/search/"] {
        let html = site.page(path);
        assert!(
            html.contains(r#"<link rel="search" type="application/opensearchdescription+xml""#)
                && html.contains(r#"href="/opensearch.xml""#),
            "{path}"
        );
        assert!(
            html.contains(
                r#"<form class="site-search" role="search" method="get" action="/search/">"#
            ) && html.contains(r#"name="q""#),
            "{path}"
        );
    }
    let page = site.page("/search/");
    assert!(page.contains(r#"class="search-results""#));
    assert!(page.contains(r#"<meta name="robots" content="noindex">"#));
    assert!(page.contains("/js/search."), "the script is linked");
    let os = site.read("opensearch.xml");
    assert!(
        os.contains(r#"template="https://news.example.com/search/?q={searchTerms}""#),
        "{os}"
    );
    assert!(!site.read("sitemap.xml").contains("/search/"));

    site.config("search: false");
    site.copy_broadsheet();
    site.site_yaml(
        "Test Times",
        "https://news.example.com",
        "theme: broadsheet\nsearch: false",
    );
    site.build().ok();
    assert!(search_files(&site).is_empty());
    assert!(!site.exists("opensearch.xml"));
    assert!(!site.page_exists("/search/"));
    let home = site.page("/");
    assert!(!home.contains("site-search") && !home.contains("opensearch"));
}

#[test]
fn a_theme_without_a_search_page_still_gets_the_index() {
    let site = TestSite::new("");
    site.article(
        "world/a.md",
        "Alpha",
        "2024-01-01T10:00:00Z",
        "",
        "Body words.",
    );
    site.build().ok();
    assert_eq!(postings(&site, "alpha"), [0]);
    assert!(!site.page_exists("/search/") && !site.exists("opensearch.xml"));
}

#[test]
fn a_site_page_at_search_wins_over_the_theme_page() {
    let site = site("");
    site.raw(
        "search.md",
        "---\ntitle: Find\ntype: page\n---\n\nOur own search.\n",
    );
    site.build().ok();
    assert!(site.page("/search/").contains("Our own search."));
    assert!(!site.exists("opensearch.xml"));
}

#[test]
fn a_one_article_edit_rewrites_only_the_shards_it_touches() {
    let site = site("");
    site.build().ok();
    let before = search_files(&site);
    let text = std::fs::read_to_string(site.path("content/world/cranes.md")).unwrap();
    std::fs::write(
        site.path("content/world/cranes.md"),
        text.replace("at the Zürich quay.", "at the Zürich quay. Zanzibarquux."),
    )
    .unwrap();
    let run = site.build().ok();
    let after = search_files(&site);
    let changed: BTreeSet<&String> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(b))
        .map(|(p, _)| p)
        .collect();
    let shards = Layout::for_docs(3).shards;
    let word_shard = format!("search/t/{}.json", shard_of("zanzibarquux", shards));
    // The new word's shard, and the chunk whose excerpt shows the new text.
    let expected: BTreeSet<String> = [word_shard, "search/d/0.json".to_string()].into();
    assert_eq!(changed, expected.iter().collect(), "{}", run.describe());
    assert_eq!(postings(&site, "zanzibarquux"), [2]);
}

#[test]
fn serve_reindexes_one_edited_article_and_renders_only_its_files() {
    let site = site("");
    let mut options = BuildOptions::new(site.root());
    options.now = Some(jiff::Timestamp::now());
    let (mut session, first) = Session::new(options);
    first.unwrap();
    let shards = Layout::for_docs(3).shards;
    assert!(session.files().contains_key("search/meta.json"));
    let path = site.path("content/business/rates.md");
    let text = std::fs::read_to_string(&path).unwrap();
    // A word at the end of a long body: the excerpt is unchanged.
    let long = format!(
        "{text}\n{}\n\nOmbudsmanic.\n",
        "More words here. ".repeat(40)
    );
    std::fs::write(&path, &long).unwrap();
    let stats = session.rebuild(std::slice::from_ref(&path)).unwrap();
    let search: Vec<&String> = stats
        .changed
        .iter()
        .filter(|p| p.starts_with("search/"))
        .collect();
    assert!(
        search.contains(&&format!(
            "search/t/{}.json",
            shard_of("ombudsmanic", shards)
        )),
        "{search:?}"
    );
    // Other documents' shards stay as they were: only the shards holding
    // the edited article's new or re-weighted tokens (and its chunk) change.
    let touched: BTreeSet<usize> = ["ombudsmanic", "more", "words", "here"]
        .iter()
        .map(|t| shard_of(t, shards))
        .collect();
    for p in &search {
        let ok = p.starts_with("search/d/")
            || touched.iter().any(|s| **p == format!("search/t/{s}.json"));
        assert!(ok, "{p} changed: {search:?}");
    }
}

/// `serve` keeps the previous index and redoes only the documents an edit
/// changed, updating fingerprints and filter counts by difference: after
/// every kind of edit, its index files are the very files (same paths, same
/// bytes) that a fresh `gazette build` of the same content writes.
#[test]
fn serve_edits_leave_the_index_byte_for_byte_as_a_full_build() {
    let site = site("");
    let mut options = BuildOptions::new(site.root());
    options.now = Some(jiff::Timestamp::now());
    let (mut session, first) = Session::new(options);
    first.unwrap();
    let same_as_a_build = |session: &Session, step: &str| {
        let files = session.files();
        let served: BTreeMap<&str, &[u8]> = files
            .iter()
            .filter(|(p, _)| p.starts_with("search/"))
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        let _ = std::fs::remove_dir_all(site.output());
        site.build().ok();
        let built = search_files(&site);
        let built: BTreeMap<&str, &[u8]> = built
            .iter()
            .map(|(p, b)| (p.as_str(), b.as_slice()))
            .collect();
        assert_eq!(
            served.keys().collect::<Vec<_>>(),
            built.keys().collect::<Vec<_>>(),
            "{step}: the index's files"
        );
        for (path, bytes) in &built {
            assert!(
                served[path] == *bytes,
                "{step}: {path} differs:\nserve: {}\nbuild: {}",
                String::from_utf8_lossy(served[path]),
                String::from_utf8_lossy(bytes)
            );
        }
    };
    same_as_a_build(&session, "first build");
    let edit = |session: &mut Session, rel: &str, from: &str, to: &str| {
        let path = site.path(&format!("content/{rel}"));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has {from:?}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
        session.rebuild(&[path]).unwrap();
    };
    edit(
        &mut session,
        "world/cranes.md",
        "Zürich quay.",
        "quay. Brandnewword.",
    );
    same_as_a_build(&session, "a body edit");
    edit(
        &mut session,
        "business/rates.md",
        "Rates hold steady",
        "Rates rise",
    );
    same_as_a_build(&session, "a title edit");
    edit(
        &mut session,
        "world/cranes.md",
        "tags: [Ports]",
        "tags: [Ports, Money]",
    );
    same_as_a_build(&session, "a tag added (filter counts)");
    edit(
        &mut session,
        "business/rates.md",
        "author: Bo Chen",
        "author: Ann Lee",
    );
    same_as_a_build(&session, "an author changed, the old one's last article");
    // A new article, the newest (the next id) and the oldest (every id
    // after it moves).
    for (rel, date) in [
        ("world/newest.md", "2025-01-01T10:00:00Z"),
        ("world/oldest.md", "2001-01-01T10:00:00Z"),
    ] {
        site.article(rel, rel, date, "tags: [Ports]", "A fresh story.");
        session
            .rebuild(&[site.path(&format!("content/{rel}"))])
            .unwrap();
        same_as_a_build(&session, rel);
    }
    // One removed.
    site.remove("content/world/oldest.md");
    session
        .rebuild(&[site.path("content/world/oldest.md")])
        .unwrap();
    same_as_a_build(&session, "an article removed");
}
