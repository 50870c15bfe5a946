//! Quality and timing harness for the related-articles stage.
//!
//! ```text
//! python3 ../shared/bench/gen_corpus.py 2000 /tmp/c2000
//! cargo run --release --example related_quality -- /tmp/c2000
//! cargo run --release --example related_quality -- /tmp/c2000 --time-only --runs 5
//! cargo run --release --example related_quality -- /tmp/c10000 /tmp/c50000 --time-only --runs 9
//! ```
//!
//! Loads `CORPUS/content/**/*.md` with the library (the corpus needs no
//! `site.yaml`), builds the related stage's inputs as the site model does
//! (articles newest first; tag keys `taxonomy:term-key`), runs
//! `gazette::site::related::compute` `--runs` times and reports the median
//! wall time of that call alone (tokenising is part of loading, not of the
//! stage). Unless `--time-only`, it then scores precision@5 against
//! `CORPUS/truth.tsv` (`path<TAB>topic`, paths relative to `content/`): the
//! share of an article's 5 related links that point to an article of the same
//! planted topic, a missing link counting as a miss, averaged over articles.
//! Two methods are scored: Gazette's, and a tag-overlap-only baseline (score =
//! number of shared tags, ties to the newer article, articles sharing no tag
//! left out: what Hugo does by default), on all articles and on those whose
//! tags are all generic (`GENERIC_TAGS` in gen_corpus.py).
//!
//! With several corpora and `--time-only`, the runs alternate between the
//! corpora (one run of each per round) and each corpus after the first is
//! also reported as a ratio to the one before it: the ratio of the medians,
//! and the median of the rounds' ratios. A machine whose speed drifts (neighbours on
//! a shared host) then slows both sides of a ratio alike, which separate
//! processes minutes apart do not ensure.
//!
//! Options: `--runs N` (default 5), `--count K` (default 5), `--time-only`,
//! `--tags W --categories W --text W --recency W` to try other weights, and
//! `--inputs-cache FILE` to save the loaded inputs to FILE, or load them from
//! it if it exists (for repeated experiments: delete it after changing the
//! tokeniser; given several times, the n-th is the n-th corpus's).
//! `RAYON_NUM_THREADS` sets the number of threads.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use gazette::config::{Config, RelatedConfig};

use gazette::content::terms::TermCounts;
use gazette::content::{self, Article, LoadOptions, slug::term_key};
use gazette::site::related::{self, RelatedInput};

/// `GENERIC_TAGS` of gen_corpus.py.
const GENERIC_TAGS: [&str; 10] = [
    "Breaking",
    "Analysis",
    "Explainer",
    "Interview",
    "Live",
    "Feature",
    "Investigation",
    "Video",
    "Photos",
    "Data",
];

const USAGE: &str = "usage: related_quality CORPUS_DIR [MORE_CORPUS_DIRS...] [--time-only] \
                     [--runs N] [--count K] [--tags W] [--categories W] [--text W] \
                     [--recency W] [--inputs-cache FILE]...";

struct Args {
    corpora: Vec<PathBuf>,
    runs: usize,
    time_only: bool,
    caches: Vec<PathBuf>,
    related: RelatedConfig,
}

fn parse_args() -> Result<Args, String> {
    let mut corpora = Vec::new();
    let mut runs = 5;
    let mut time_only = false;
    let mut caches = Vec::new();
    let mut related = RelatedConfig::default();
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        fn num<T: std::str::FromStr>(name: &str, v: String) -> Result<T, String> {
            v.parse().map_err(|_| format!("{name}: not a number: {v}"))
        }
        match arg.as_str() {
            "--time-only" => time_only = true,
            "--runs" => runs = num("--runs", value("--runs")?)?,
            "--count" => related.count = num("--count", value("--count")?)?,
            "--tags" => related.tags = num("--tags", value("--tags")?)?,
            "--categories" => related.categories = num("--categories", value("--categories")?)?,
            "--text" => related.text = num("--text", value("--text")?)?,
            "--recency" => related.recency = num("--recency", value("--recency")?)?,
            "--inputs-cache" => caches.push(PathBuf::from(value("--inputs-cache")?)),
            "-h" | "--help" => return Err(USAGE.into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{USAGE}")),
            s => corpora.push(PathBuf::from(s)),
        }
    }
    if corpora.is_empty() {
        return Err(USAGE.into());
    }
    if corpora.len() > 1 && !time_only {
        return Err(format!("several corpora need --time-only\n{USAGE}"));
    }
    if caches.len() > corpora.len() {
        return Err(format!("more --inputs-cache than corpora\n{USAGE}"));
    }
    Ok(Args {
        corpora,
        runs: runs.max(1),
        time_only,
        caches,
        related,
    })
}

/// One article as the related stage sees it, plus its path for truth.tsv.
struct Item {
    /// Source path relative to `content/`, with `/` separators.
    path: String,
    text: TermCounts,
    tags: Vec<String>,
    categories: Vec<String>,
    timestamp: i64,
}

/// Loads the corpus with the library, in the order the site model uses.
fn load_items(corpus: &Path) -> Result<Vec<Item>, String> {
    let config = Config::parse(
        Path::new("site.yaml"),
        "title: T\nbase_url: https://x.org\n",
    )
    .map_err(|e| format!("{e:?}"))?;
    let options = LoadOptions {
        drafts: false,
        future: true,
        now: jiff::Timestamp::now(),
    };
    let (content, diags) = content::load(corpus, &config, &options, None);
    if diags.has_errors() {
        let errors: Vec<String> = diags.errors().take(10).map(|d| format!("{d:?}")).collect();
        return Err(format!(
            "{} errors loading {}:\n{}",
            diags.errors().count(),
            corpus.display(),
            errors.join("\n")
        ));
    }
    // `content.articles` holds `Article`s (or `Arc<Article>`s).
    let mut articles: Vec<&Article> = content.articles.iter().map(|a| a.borrow()).collect();
    // The site model's order: newest first, ties by source path.
    articles.sort_by(|a, b| {
        b.timestamp()
            .cmp(&a.timestamp())
            .then_with(|| a.source.cmp(&b.source))
    });
    let keys = |a: &Article, want: &dyn Fn(&str) -> bool| -> Vec<String> {
        a.terms
            .iter()
            .filter(|(tax, _)| want(tax))
            .flat_map(|(tax, names)| names.iter().map(move |n| format!("{tax}:{}", term_key(n))))
            .collect()
    };
    Ok(articles
        .into_iter()
        .map(|a| Item {
            path: a
                .source
                .strip_prefix("content")
                .unwrap_or(&a.source)
                .to_string_lossy()
                .replace('\\', "/"),
            text: a.text_terms.clone(),
            tags: keys(a, &|t| t != "categories" && t != "authors"),
            categories: keys(a, &|t| t == "categories"),
            timestamp: a.timestamp().as_second(),
        })
        .collect())
}

fn save_items(path: &Path, items: &[Item]) -> std::io::Result<()> {
    let mut w = BufWriter::new(std::fs::File::create(path)?);
    let put = |w: &mut BufWriter<std::fs::File>, v: u64| w.write_all(&v.to_le_bytes());
    let put_str = |w: &mut BufWriter<std::fs::File>, s: &str| -> std::io::Result<()> {
        put(w, s.len() as u64)?;
        w.write_all(s.as_bytes())
    };
    put(&mut w, items.len() as u64)?;
    for it in items {
        put_str(&mut w, &it.path)?;
        put(&mut w, it.timestamp as u64)?;
        for list in [&it.tags, &it.categories] {
            put(&mut w, list.len() as u64)?;
            for s in list {
                put_str(&mut w, s)?;
            }
        }
        put(&mut w, it.text.packed().len() as u64)?;
        for &p in it.text.packed() {
            put(&mut w, p)?;
        }
    }
    w.flush()
}

fn load_cached_items(path: &Path) -> std::io::Result<Vec<Item>> {
    let mut r = BufReader::new(std::fs::File::open(path)?);
    fn get(r: &mut impl Read) -> std::io::Result<u64> {
        let mut b = [0u8; 8];
        r.read_exact(&mut b)?;
        Ok(u64::from_le_bytes(b))
    }
    fn get_str(r: &mut impl Read) -> std::io::Result<String> {
        let mut b = vec![0u8; get(r)? as usize];
        r.read_exact(&mut b)?;
        String::from_utf8(b).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
    }
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "bad inputs cache");
    let n = get(&mut r)?;
    let mut items = Vec::with_capacity(n as usize);
    for _ in 0..n {
        let path = get_str(&mut r)?;
        let timestamp = get(&mut r)? as i64;
        let mut lists = [Vec::new(), Vec::new()];
        for list in &mut lists {
            for _ in 0..get(&mut r)? {
                list.push(get_str(&mut r)?);
            }
        }
        let packed = (0..get(&mut r)?)
            .map(|_| get(&mut r))
            .collect::<Result<Vec<u64>, _>>()?;
        let [tags, categories] = lists;
        let text = TermCounts::from_packed(packed).ok_or_else(bad)?;
        items.push(Item {
            path,
            text,
            tags,
            categories,
            timestamp,
        });
    }
    Ok(items)
}

/// CPU time (user + system) of this process so far, from /proc (Linux only).
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10)) // USER_HZ is 100 on Linux
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Tag overlap only: number of shared tags, ties to the newer article, then
/// the lower index; articles sharing no tag are not listed.
fn baseline(items: &[Item], count: usize) -> Vec<Vec<usize>> {
    let mut postings: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, it) in items.iter().enumerate() {
        for t in &it.tags {
            postings.entry(t.as_str()).or_default().push(i);
        }
    }
    let mut shared = vec![0u32; items.len()];
    (0..items.len())
        .map(|d| {
            let mut touched = Vec::new();
            for t in &items[d].tags {
                for &e in &postings[t.as_str()] {
                    if e != d {
                        if shared[e] == 0 {
                            touched.push(e);
                        }
                        shared[e] += 1;
                    }
                }
            }
            touched.sort_by(|&a, &b| {
                shared[b]
                    .cmp(&shared[a])
                    .then(items[b].timestamp.cmp(&items[a].timestamp))
                    .then(a.cmp(&b))
            });
            let list: Vec<usize> = touched.iter().take(count).copied().collect();
            for e in touched {
                shared[e] = 0;
            }
            list
        })
        .collect()
}

/// Mean precision@count over `subset`: missing links count as misses.
fn precision(lists: &[Vec<usize>], topic: &[Option<&str>], subset: &[usize], count: usize) -> f64 {
    if subset.is_empty() || count == 0 {
        return f64::NAN;
    }
    let total: f64 = subset
        .iter()
        .map(|&d| {
            let hits = lists[d]
                .iter()
                .filter(|&&e| topic[e].is_some() && topic[e] == topic[d])
                .count();
            hits as f64 / count as f64
        })
        .sum();
    total / subset.len() as f64
}

/// A loaded corpus and its term ids, as the site model would number them.
struct Corpus {
    dir: PathBuf,
    items: Vec<Item>,
    load_time: Duration,
    from_cache: bool,
    tag_ids: Vec<Vec<u32>>,
    category_ids: Vec<Vec<u32>>,
}

impl Corpus {
    fn load(dir: &Path, cache: Option<&Path>) -> Result<Corpus, String> {
        let started = Instant::now();
        let cached = cache.filter(|p| p.exists());
        let items = match cached {
            Some(path) => {
                load_cached_items(path).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => load_items(dir)?,
        };
        if items.is_empty() {
            return Err(format!("no articles under {}/content", dir.display()));
        }
        let load_time = started.elapsed();
        if let (Some(path), None) = (cache, cached)
            && let Err(e) = save_items(path, &items)
        {
            eprintln!("warning: cannot save {}: {e}", path.display());
        }
        let tag_ids = related::key_ids(&items.iter().map(|it| &it.tags[..]).collect::<Vec<_>>());
        let category_ids = related::key_ids(
            &items
                .iter()
                .map(|it| &it.categories[..])
                .collect::<Vec<_>>(),
        );
        Ok(Corpus {
            dir: dir.to_path_buf(),
            items,
            load_time,
            from_cache: cached.is_some(),
            tag_ids,
            category_ids,
        })
    }

    fn inputs(&self) -> Vec<RelatedInput<'_>> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, it)| RelatedInput {
                text: &it.text,
                tags: &self.tag_ids[i],
                categories: &self.category_ids[i],
                timestamp: it.timestamp,
            })
            .collect()
    }
}

/// `(min, median, max)` of `values` (not empty).
fn spread(values: &[f64]) -> (f64, f64, f64) {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    (
        sorted[0],
        sorted[sorted.len() / 2],
        sorted[sorted.len() - 1],
    )
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut corpora = Vec::with_capacity(args.corpora.len());
    for (k, dir) in args.corpora.iter().enumerate() {
        match Corpus::load(dir, args.caches.get(k).map(PathBuf::as_path)) {
            Ok(c) => corpora.push(c),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let inputs: Vec<Vec<RelatedInput<'_>>> = corpora.iter().map(Corpus::inputs).collect();

    // `times[k][r]`: corpus k in round r; the rounds alternate the corpora.
    let mut times = vec![Vec::with_capacity(args.runs); corpora.len()];
    let mut cpu = vec![Duration::ZERO; corpora.len()];
    let cpu_known = cpu_time().is_some();
    let mut lists = Vec::new();
    for _ in 0..args.runs {
        for (k, inputs) in inputs.iter().enumerate() {
            let cpu_before = cpu_time();
            let t = Instant::now();
            let result = related::compute(inputs, &args.related);
            times[k].push(ms(t.elapsed()));
            if let (Some(a), Some(b)) = (cpu_before, cpu_time()) {
                cpu[k] += b.saturating_sub(a);
            }
            if k == 0 {
                lists = result;
            }
        }
    }
    let spreads: Vec<(f64, f64, f64)> = times.iter().map(|t| spread(t)).collect();
    for (k, corpus) in corpora.iter().enumerate() {
        let (min, median, max) = spreads[k];
        println!("corpus      {}", corpus.dir.display());
        println!(
            "articles    {} (loaded in {:.0} ms{})",
            corpus.items.len(),
            ms(corpus.load_time),
            if corpus.from_cache {
                ", from the inputs cache"
            } else {
                ""
            }
        );
        println!(
            "related     median {:.1} ms of {} runs (min {:.1}, max {:.1}), {} threads, CPU {} per run",
            median,
            args.runs,
            min,
            max,
            rayon::current_num_threads(),
            if cpu_known {
                format!("{:.0} ms", ms(cpu[k]) / args.runs as f64)
            } else {
                "n/a".into()
            },
        );
        println!(
            "RESULT articles={} related_ms_median={:.2}",
            corpus.items.len(),
            median
        );
    }
    for k in 1..corpora.len() {
        let round_ratios: Vec<f64> = times[k]
            .iter()
            .zip(&times[k - 1])
            .map(|(a, b)| a / b)
            .collect();
        let (min, median, max) = spread(&round_ratios);
        let of_medians = spreads[k].1 / spreads[k - 1].1;
        let (larger, smaller) = (corpora[k].items.len(), corpora[k - 1].items.len());
        println!(
            "ratio       {larger} / {smaller} articles: {of_medians:.2}x of the medians, \
             {median:.2}x median of {} rounds ({min:.2}x-{max:.2}x)",
            args.runs,
        );
        println!(
            "RESULT ratio={larger}/{smaller} of_medians={of_medians:.3} median_of_rounds={median:.3}"
        );
    }
    if args.time_only {
        return ExitCode::SUCCESS;
    }

    let items = &corpora[0].items;
    let truth_path = corpora[0].dir.join("truth.tsv");
    let truth = match std::fs::read_to_string(&truth_path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("cannot read {}: {e}", truth_path.display());
            return ExitCode::FAILURE;
        }
    };
    let truth: HashMap<&str, &str> = truth.lines().filter_map(|l| l.split_once('\t')).collect();
    let topic: Vec<Option<&str>> = items
        .iter()
        .map(|it| truth.get(it.path.as_str()).copied())
        .collect();
    let missing = topic.iter().filter(|t| t.is_none()).count();
    if missing > 0 {
        eprintln!("warning: {missing} articles not in truth.tsv (left out of the scores)");
    }
    let generic: Vec<String> = GENERIC_TAGS
        .iter()
        .map(|t| format!("tags:{}", term_key(t)))
        .collect();
    let all: Vec<usize> = (0..items.len()).filter(|&i| topic[i].is_some()).collect();
    let generic_only: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&i| items[i].tags.iter().all(|t| generic.contains(t)))
        .collect();

    let count = args.related.count;
    let base = baseline(items, count);
    let short = |l: &[Vec<usize>]| l.iter().filter(|x| x.len() < count).count();

    println!();
    println!("precision@{count} (share of related links to an article of the same planted topic)");
    println!(
        "{:<24} {:>8} {:>13} {:>12}",
        "method", "all", "generic-only", "short lists"
    );
    println!(
        "{:<24} {:>8} {:>13} {:>12}",
        "",
        format!("n={}", all.len()),
        format!("n={}", generic_only.len()),
        ""
    );
    for (name, l) in [("gazette", &lists), ("tag overlap (baseline)", &base)] {
        println!(
            "{:<24} {:>8.3} {:>13.3} {:>12}",
            name,
            precision(l, &topic, &all, count),
            precision(l, &topic, &generic_only, count),
            short(l)
        );
    }
    let gain = precision(&lists, &topic, &all, count) - precision(&base, &topic, &all, count);
    println!("gain over the baseline: {gain:+.3}");
    println!(
        "weights: tags {} categories {} text {} recency {}",
        args.related.tags, args.related.categories, args.related.text, args.related.recency
    );
    ExitCode::SUCCESS
}
