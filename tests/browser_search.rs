//! Issue 28, site search in the browser: the example site built by the real
//! binary and served as plain static files (a tiny file server below, so
//! that nothing but the output folder answers), searched through the
//! default theme's `/search/` page in headless Chromium.

use crate::common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::TestSite;
use common::browser::{Browser, wait_until};
use gazette::render::search::tokenize::{Mode, token_list};
use serde_json::Value;

/// Serves `dir` over HTTP on a free port from a thread, as a static host
/// does: `/a/` is `/a/index.html`, the query string is ignored, nothing is
/// rewritten. Returns the base URL; the thread ends with the test process.
fn static_server(dir: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(&stream);
                let mut first = String::new();
                if reader.read_line(&mut first).is_err() {
                    return;
                }
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) <= 2 {
                        break;
                    }
                }
                let target = first.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split(['?', '#']).next().unwrap_or("/");
                let mut file = dir.join(percent_decode(path).trim_start_matches('/'));
                if path.ends_with('/') {
                    file.push("index.html");
                }
                let inside = !path.contains("..");
                let (status, body) = match std::fs::read(&file) {
                    Ok(b) if inside => ("200 OK", b),
                    _ => ("404 Not Found", b"not found".to_vec()),
                };
                let mut out = &stream;
                let _ = write!(
                    out,
                    "HTTP/1.1 {status}\r\nContent-Type: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    content_type(&file),
                    body.len()
                );
                let _ = out.write_all(&body);
            });
        }
    });
    url
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// The example site with a draft whose unique word must stay unfindable.
fn example_site() -> TestSite {
    let site = TestSite::example();
    site.article(
        "world/secret-draft.md",
        "Draft about the quillwortian accord",
        "2026-10-01T10:00:00Z",
        "draft: true",
        "The quillwortian accord is not yet public.",
    );
    site.build().ok();
    site
}

struct Page {
    browser: Browser,
    base: String,
}

impl Page {
    fn open(site: &TestSite) -> Page {
        let base = static_server(site.output());
        Page {
            browser: Browser::start(1100, 1400, false),
            base,
        }
    }

    /// Opens `/search/` with `query` (URL-encoded by the browser) and waits
    /// until the status says the search finished.
    fn search(&self, query: &str) -> Vec<Value> {
        self.search_in("", query)
    }

    /// The same in the search page of an edition (`/kk`).
    fn search_in(&self, edition: &str, query: &str) -> Vec<Value> {
        self.browser
            .goto(&format!("{}{edition}/search/?{query}", self.base));
        self.results()
    }

    /// The results once the search finished: `[href, title, meta, snippet html]`.
    fn results(&self) -> Vec<Value> {
        let done = wait_until(Duration::from_secs(10), || {
            self.browser
                .js("return document.querySelector('.search-results').hasAttribute('data-ms') || /No results|unavailable/.test(document.querySelector('.search__status').textContent)")
                .as_bool()
                .unwrap_or(false)
        });
        assert!(done, "the search did not finish: {}", self.status());
        let v = self.browser.js(
            "return Array.from(document.querySelectorAll('.search-results > li')).map(li => [
                li.querySelector('a').getAttribute('href'),
                li.querySelector('a').textContent.trim(),
                (li.querySelector('.search-result__meta') || {textContent: ''}).textContent,
                li.querySelector('.search-result__snippet').innerHTML])",
        );
        v.as_array().cloned().unwrap_or_default()
    }

    fn status(&self) -> String {
        self.browser
            .js("return document.querySelector('.search__status').textContent")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Clears the "finished" mark, runs `script`, and waits for the new results.
    fn rerun(&self, script: &str) -> Vec<Value> {
        self.browser.js(&format!(
            "document.querySelector('.search-results').removeAttribute('data-ms'); {script}"
        ));
        self.results()
    }
}

fn hrefs(results: &[Value]) -> Vec<&str> {
    results.iter().map(|r| r[0].as_str().unwrap()).collect()
}

#[test]
fn search_page_finds_titles_filters_kazakh_and_not_drafts() {
    let site = example_site();
    let page = Page::open(&site);

    // `?q=` runs on load; a title word finds its article first, with the
    // date, section and a snippet whose matched words are marked.
    let results = page.search("q=caspian");
    assert!(!results.is_empty(), "{}", page.status());
    assert_eq!(results[0][0], "/world/steppe-rail-corridor/", "{results:?}");
    assert!(results[0][1].as_str().unwrap().contains("Caspian"));
    assert!(
        results[0][2].as_str().unwrap().contains("World"),
        "{results:?}"
    );
    assert!(results[0][2].as_str().unwrap().contains("2026-10-03"));
    assert!(
        results[0][3]
            .as_str()
            .unwrap()
            .contains("<mark>Caspian</mark>"),
        "{results:?}"
    );
    assert!(page.status().contains("for “caspian”"), "{}", page.status());

    // A section filter narrows a broad query to that section's articles.
    let all = page.search("q=the");
    assert!(all.len() >= 10, "a common word finds many: {}", all.len());
    let business = page.rerun(
        "const s = document.querySelector('select[name=section]'); s.value = 'business';
         s.dispatchEvent(new Event('change', {bubbles: true}));",
    );
    assert!(!business.is_empty());
    assert!(business.len() < all.len().max(11));
    for r in &business {
        assert!(r[0].as_str().unwrap().starts_with("/business/"), "{r:?}");
    }
    assert!(
        page.browser
            .js("return location.search")
            .as_str()
            .unwrap()
            .contains("section=business"),
        "the filter is kept in the address"
    );
    // Filters from the address apply on load too: an author, a year.
    let by_author = page.search("q=the&author=tomasz-wierzbicki");
    assert!(!by_author.is_empty() && by_author.len() < all.len().max(11));
    let year = page.search("q=the&year=1999");
    assert!(year.is_empty(), "{year:?}");

    // Kazakh, in the Kazakh edition's search: a word of the Kazakh
    // article, typed in capitals, finds it first.
    let kk = page.search_in("/kk", "q=МЕТРОСЫНЫҢ");
    assert_eq!(hrefs(&kk)[0], "/kk/world/almaty-metro-extension/", "{kk:?}");
    let kk = page.search_in("/kk", "q=бекеттерден");
    assert_eq!(hrefs(&kk), ["/kk/world/almaty-metro-extension/"], "{kk:?}");
    // The English edition's index holds its own articles only.
    assert!(page.search("q=бекеттерден").is_empty());

    // A draft's unique word finds nothing.
    let draft = page.search("q=quillwortian");
    assert!(draft.is_empty(), "{draft:?}");
    assert!(page.status().contains("No results"), "{}", page.status());

    // Newest first: results ordered by date.
    let newest = page.search("q=the&sort=newest");
    let dates: Vec<String> = newest
        .iter()
        .filter_map(|r| r[2].as_str().unwrap().get(..10).map(str::to_string))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted);
}

#[test]
fn header_form_and_keyboard_reach_the_results() {
    let site = example_site();
    let page = Page::open(&site);
    // The header's plain GET form goes to /search/?q=... and the search runs.
    page.browser.goto(&format!("{}/world/", page.base));
    page.browser.js(
        "const f = document.querySelector('form.site-search'); f.querySelector('input').value = 'harbour'; f.submit();",
    );
    assert!(wait_until(Duration::from_secs(10), || {
        page.browser
            .js("return location.pathname + location.search")
            .as_str()
            == Some("/search/?q=harbour")
    }));
    let results = page.results();
    assert!(!results.is_empty());
    // Arrow down from the box focuses the first result, Escape comes back.
    let focused = page
        .browser
        .js("const q = document.getElementById('search-q'); q.focus();
         q.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}));
         const a = document.activeElement;
         a.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowDown', bubbles: true}));
         const b = document.activeElement;
         b.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}));
         return [a.getAttribute('href'), b.getAttribute('href'), document.activeElement.id];");
    assert_eq!(focused[0], results[0][0]);
    if results.len() > 1 {
        assert_eq!(focused[1], results[1][0]);
    }
    assert_eq!(focused[2], "search-q");
    let png = page.browser.screenshot();
    std::fs::write(
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("search-page.png"),
        &png,
    )
    .unwrap();
}

/// The browser's tokeniser (search.js) and the build's give the same tokens.
#[test]
fn browser_and_build_tokenise_alike() {
    let site = example_site();
    let page = Page::open(&site);
    page.browser.goto(&format!("{}/search/", page.base));
    let words = [
        "Zürich",
        "CAFÉ crème",
        "cafe\u{301}",
        "naïve-2024",
        "Ёлка",
        "Москва",
        "Әуежай",
        "ҒАЛЫМДАР",
        "қала",
        "Өскемен",
        "ұлттық",
        "үкімет",
        "һ",
        "Ізденіс",
        "東京都",
        "東",
        "iPhoneを買う",
        "カタカナ",
        "İstanbul",
        "ΣΟΦΟΣ",
        "don't",
        "x",
        "straße",
        "Ærøskøbing",
        "Łódź",
        "señor",
        "Ωmega",
    ];
    for w in words {
        for (mode, index) in [(Mode::Index, true), (Mode::Query, false)] {
            let js = page.browser.js(&format!(
                "return window.gazetteSearchTokens({}, {index})",
                serde_json::to_string(w).unwrap()
            ));
            let rust = token_list(w, mode);
            assert_eq!(js, serde_json::json!(rust), "{w:?} ({mode:?})");
            for t in &rust {
                let shard = page.browser.js(&format!(
                    "return window.gazetteSearchShard({}, 256)",
                    serde_json::to_string(t).unwrap()
                ));
                assert_eq!(shard, gazette::render::search::shard_of(t, 256), "{t}");
            }
        }
    }
}

/// Benchmark, run by `bench/search.sh` on a built corpus: for each query in
/// `SEARCH_BENCH_QUERIES` (separated by `|`), a fresh page load of
/// `/search/?q=...` in headless Chromium. Prints the index bytes the first
/// query fetched (JSON bodies under /search/, as sent: the test server does
/// not compress), the files, the time from the query to the results shown
/// (cold: fetching included, over loopback), and the same query run again
/// on the loaded page (warm: the files already fetched).
#[test]
#[ignore = "benchmark: bench/search.sh runs it on a built corpus"]
fn bench_first_query() {
    let (Ok(output), Ok(queries)) = (
        std::env::var("SEARCH_BENCH_OUTPUT"),
        std::env::var("SEARCH_BENCH_QUERIES"),
    ) else {
        panic!("set SEARCH_BENCH_OUTPUT (a built site) and SEARCH_BENCH_QUERIES (a|b c|...)");
    };
    let base = static_server(PathBuf::from(output));
    let page = Page {
        browser: Browser::start(1100, 900, false),
        base,
    };
    println!("query\tresults\tindex_bytes\tindex_files\tcold_ms\twarm_ms");
    for query in queries.split('|') {
        let encoded: String = query
            .bytes()
            .map(|b| match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => (b as char).to_string(),
                b' ' => "+".to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect();
        let results = page.search(&format!("q={encoded}"));
        let fetched = page
            .browser
            .js("return performance.getEntriesByType('resource')
                .filter(e => e.name.includes('/search/') && e.name.endsWith('.json'))
                .map(e => e.encodedBodySize)");
        let sizes: Vec<u64> = fetched
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap())
            .collect();
        let ms = |p: &Page| {
            p.browser
                .js("return document.querySelector('.search-results').getAttribute('data-ms')")
                .as_str()
                .unwrap_or("0")
                .to_string()
        };
        let cold = ms(&page);
        let mut warm = Vec::new();
        for _ in 0..5 {
            page.rerun("document.querySelector('.search__form').requestSubmit()");
            warm.push(ms(&page).parse::<f64>().unwrap_or(0.0));
        }
        warm.sort_by(f64::total_cmp);
        let total: String = page
            .browser
            .js("return document.querySelector('.search__status').textContent")
            .as_str()
            .unwrap_or_default()
            .split(' ')
            .next()
            .unwrap_or_default()
            .to_string();
        println!(
            "{query}\t{total} ({} shown)\t{}\t{}\t{cold}\t{:.1}",
            results.len(),
            sizes.iter().sum::<u64>(),
            sizes.len(),
            warm[warm.len() / 2]
        );
    }
}
