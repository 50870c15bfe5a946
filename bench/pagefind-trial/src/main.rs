//! Pagefind's in-process API on a gen_corpus.py corpus: one custom record
//! per article (plain text, title, filters section/author/tags), then
//! get_files(). Prints times, file count, bytes, and the largest files.
//! Usage: search-pagefind-trial CORPUS_DIR OUT_DIR
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::collections::BTreeMap;
use std::time::Instant;

fn field<'a>(fm: &'a str, key: &str) -> &'a str {
    fm.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix(": ")))
        .unwrap_or("")
        .trim_matches('"')
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (corpus, out) = (&args[1], &args[2]);
    let mut docs = Vec::new();
    for e in walkdir::WalkDir::new(format!("{corpus}/content")).sort_by_file_name() {
        let e = e.unwrap();
        if e.path().extension().is_some_and(|x| x == "md") {
            let text = std::fs::read_to_string(e.path()).unwrap();
            let mut parts = text.splitn(3, "---\n");
            parts.next();
            let fm = parts.next().unwrap_or("").to_string();
            let body = parts.next().unwrap_or("").to_string();
            let rel = e.path().strip_prefix(format!("{corpus}/content")).unwrap();
            docs.push((format!("/{}/", rel.with_extension("").display()), fm, body));
        }
    }
    let start = Instant::now();
    let options = PagefindServiceConfig::builder().force_language("en".to_string()).build();
    let mut index = PagefindIndex::new(Some(options)).unwrap();
    for (url, fm, body) in &docs {
        let mut filters = BTreeMap::new();
        filters.insert("section".to_string(), vec![url.split('/').nth(1).unwrap().to_string()]);
        filters.insert("author".to_string(), vec![field(fm, "author").to_string()]);
        let tags: Vec<String> = serde_json::from_str(field(fm, "tags").trim()).unwrap_or_default();
        filters.insert("tag".to_string(), tags);
        let mut meta = BTreeMap::new();
        meta.insert("title".to_string(), field(fm, "title").to_string());
        meta.insert("date".to_string(), field(fm, "date").to_string());
        let mut sort = BTreeMap::new();
        sort.insert("date".to_string(), field(fm, "date").to_string());
        index
            .add_custom_record(url.clone(), body.clone(), "en".to_string(), Some(meta), Some(filters), Some(sort))
            .await
            .unwrap();
    }
    let indexed = start.elapsed();
    let files = index.get_files().await.unwrap();
    let built = start.elapsed();
    let mut by_kind: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for f in &files {
        let p = f.filename.to_string_lossy().to_string();
        let kind = p.split('/').next().unwrap_or("").to_string();
        let kind = if kind.contains('.') { p.clone() } else { kind };
        let e = by_kind.entry(kind).or_default();
        e.0 += 1;
        e.1 += f.contents.len();
        let path = std::path::Path::new(out).join(&f.filename);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &f.contents).unwrap();
    }
    println!("{} records: add {:.2} s, get_files {:.2} s; {} files, {} KiB",
        docs.len(), indexed.as_secs_f64(), (built - indexed).as_secs_f64(), files.len(),
        files.iter().map(|f| f.contents.len()).sum::<usize>() / 1024);
    for (k, (n, b)) in by_kind {
        println!("  {k}: {n} files, {} KiB", b / 1024);
    }
}
