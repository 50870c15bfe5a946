//! Related articles: for every published article, the `related.count`
//! articles a reader is most likely to want next.
//!
//! The score of a candidate `e` for an article `d` is a weighted sum of four
//! signals (weights from `related:` in site.yaml, [`RelatedConfig`]):
//!
//! - **tags**: shared taxonomy terms (all taxonomies but categories and
//!   authors), each weighted by its IDF, `ln(N / df)`: a term on half the site
//!   says little, a term on five articles says a lot. Cosine of the two
//!   IDF-weighted term vectors, in `[0, 1]`.
//! - **categories**: cosine of the two category sets (1 for the same single
//!   category).
//! - **text**: cosine similarity of TF-IDF vectors (`(1 + ln tf) * ln(N / df)`,
//!   L2-normalised over all of an article's terms) restricted to the two
//!   articles' strongest [`STRONG_TERMS`] terms, where nearly all of the
//!   weight is. Tokens come from [`text::TermCounts`], built at load time.
//! - **recency**: closeness in time, `1 / (1 + |dt| / 30 days)`: a mild
//!   preference for articles of the same days, mostly a tie-breaker.
//!
//! How it stays close to linear in the number of articles (no all-pairs
//! comparison): an inverted index maps each term to the articles for which it
//! is one of their strongest terms, and each tag to the articles carrying it.
//! An article's candidates are the articles reached through its own strongest
//! terms and tags, accumulated in one pass over those postings. Postings are
//! capped at [`POSTINGS_CAP`]: a term's list keeps the articles where it
//! weighs most, and a tag carried by more articles is too common to find
//! candidates with (it still counts in the score of candidates found
//! otherwise). The articles nearest in time (overall and in the same
//! category) are always candidates too, so an article with no text and no tags
//! still gets a full list. A bounded heap keeps the best `count`. Articles are
//! processed in parallel (rayon), each independently and in a fixed order, so
//! the result does not depend on thread scheduling.
//!
//! Ties are broken by the newer article first, then the lower input index.
//!
//! Not here: which articles take part (the caller passes only published
//! articles), and tokenising (see [`text`]).

pub mod text;

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use rayon::prelude::*;

use crate::config::RelatedConfig;
use text::TermCounts;

/// Terms per article put in the inverted index (its highest TF-IDF weights).
pub const STRONG_TERMS: usize = 40;
/// Longest posting list used to find candidates.
pub const POSTINGS_CAP: usize = 400;
/// Time difference at which the recency signal is worth half its weight.
const RECENCY_SCALE_SECS: f32 = 30.0 * 86_400.0;

/// What the related stage knows of one published article.
pub struct RelatedInput<'a> {
    pub text: &'a TermCounts,
    /// Term keys of every taxonomy except categories and authors.
    pub tags: &'a [String],
    /// Category term keys.
    pub categories: &'a [String],
    /// Publication time, seconds since the epoch.
    pub timestamp: i64,
}

/// For each input, the indices of its most related other inputs, best first.
pub fn compute(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> Vec<Vec<usize>> {
    compute_scored(inputs, config)
        .into_iter()
        .map(|list| list.into_iter().map(|(i, _)| i).collect())
        .collect()
}

/// Like [`compute`], with each related article's score.
pub fn compute_scored(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
) -> Vec<Vec<(usize, f32)>> {
    let n = inputs.len();
    if config.count == 0 || n < 2 {
        return vec![Vec::new(); n];
    }
    let t0 = std::time::Instant::now();
    let tuning = Tuning::get();
    let model = Model::new(inputs, config, tuning);
    if std::env::var_os("GZ_DEBUG").is_some() {
        let strong: usize = model.strong.iter().map(|v| v.len()).sum();
        let post: usize = model
            .strong
            .iter()
            .flat_map(|v| v.iter())
            .map(|&(t, _)| model.text_index.get(t).len())
            .sum();
        let tagpost: usize = model
            .tags
            .iter()
            .flat_map(|v| v.iter())
            .map(|&(t, _)| model.tag_index.get(t).len())
            .sum();
        eprintln!(
            "model {:?} strong/doc {:.1} postings/doc {:.1} tagpostings/doc {:.1}",
            t0.elapsed(),
            strong as f64 / n as f64,
            post as f64 / n as f64,
            tagpost as f64 / n as f64
        );
    }
    let keep = config.count.max(tuning.rerank_m);
    let first: Vec<Vec<(usize, f32)>> = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::new(n),
            |scratch, d| model.related_of(d, keep, scratch),
        )
        .collect();
    if tuning.rerank_m == 0 {
        return first;
    }
    // Shared nearest neighbours.
    let sorted: Vec<Vec<u32>> = first
        .par_iter()
        .map(|l| {
            let mut v: Vec<u32> = l.iter().map(|&(i, _)| i as u32).collect();
            v.sort_unstable();
            v
        })
        .collect();
    let m = tuning.rerank_m as f32;
    (0..n)
        .into_par_iter()
        .map(|d| {
            let mut cands: Vec<Candidate> = first[d]
                .iter()
                .map(|&(c, sc)| {
                    let shared = sorted[c]
                        .iter()
                        .filter(|x| sorted[d].binary_search(x).is_ok())
                        .count();
                    Candidate {
                        score: sc + tuning.beta * shared as f32 / m,
                        timestamp: model.timestamps[c],
                        index: c as u32,
                    }
                })
                .collect();
            cands.sort_unstable_by(|a, b| b.cmp(a));
            cands.truncate(config.count);
            cands
                .into_iter()
                .map(|c| (c.index as usize, c.score))
                .collect()
        })
        .collect()
}

#[derive(Clone, Copy, Debug)]
struct Tuning {
    k: usize,
    cap: usize,
    drop_common: bool,
    floor: f32,
    tag_mode: u32,
    tag_pow: f32,
    rerank_m: usize,
    beta: f32,
}

impl Tuning {
    fn get() -> Tuning {
        let mut t = Tuning {
            k: STRONG_TERMS,
            cap: POSTINGS_CAP,
            drop_common: false,
            floor: 0.0,
            tag_mode: 0,
            tag_pow: 2.0,
            rerank_m: 0,
            beta: 0.0,
        };
        let f = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<f32>().ok());
        if let Some(v) = f("GZ_K") {
            t.k = v as usize;
        }
        if let Some(v) = f("GZ_CAP") {
            t.cap = v as usize;
        }
        if let Some(v) = f("GZ_DROP") {
            t.drop_common = v != 0.0;
        }
        if let Some(v) = f("GZ_FLOOR") {
            t.floor = v;
        }
        if let Some(v) = f("GZ_TAGMODE") {
            t.tag_mode = v as u32;
        }
        if let Some(v) = f("GZ_TAGPOW") {
            t.tag_pow = v;
        }
        if let Some(v) = f("GZ_M") {
            t.rerank_m = v as usize;
        }
        if let Some(v) = f("GZ_BETA") {
            t.beta = v;
        }
        t
    }
}

/// Hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default)]
struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b) ^ (self.0 >> 56);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type HashMapU64<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

/// A compressed inverted index: `postings[starts[t]..ends[t]]` for key `t`.
#[derive(Default)]
struct Index {
    starts: Vec<u32>,
    ends: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

impl Index {
    /// Builds the index of `vectors` (per document, `(key, weight)`), keeping
    /// at most `cap` postings per key: those of highest weight (then lowest
    /// document). With `drop_over_cap`, keys over the cap get no postings.
    fn build(keys: usize, vectors: &[Vec<(u32, f32)>], cap: usize, drop_over_cap: bool) -> Index {
        let mut counts = vec![0u32; keys + 1];
        for v in vectors {
            for &(k, _) in v {
                counts[k as usize + 1] += 1;
            }
        }
        for k in 0..keys {
            counts[k + 1] += counts[k];
        }
        let starts: Vec<u32> = counts[..keys].to_vec();
        let mut fill = starts.clone();
        let mut postings = vec![(0u32, 0f32); counts[keys] as usize];
        for (d, v) in vectors.iter().enumerate() {
            for &(k, w) in v {
                let slot = &mut fill[k as usize];
                postings[*slot as usize] = (d as u32, w);
                *slot += 1;
            }
        }
        let mut ends = fill;
        for k in 0..keys {
            let (s, e) = (starts[k] as usize, ends[k] as usize);
            if e - s > cap {
                if drop_over_cap {
                    ends[k] = starts[k];
                } else {
                    postings[s..e].sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    ends[k] = (s + cap) as u32;
                }
            }
        }
        Index {
            starts,
            ends,
            postings,
        }
    }

    fn get(&self, key: u32) -> &[(u32, f32)] {
        let k = key as usize;
        &self.postings[self.starts[k] as usize..self.ends[k] as usize]
    }

    fn is_capped_out(&self, key: u32) -> bool {
        let k = key as usize;
        self.starts[k] == self.ends[k]
    }
}

/// Everything derived from the inputs once, shared by all threads.
struct Model {
    count: usize,
    tuning: Tuning,
    w_text: f32,
    w_tags: f32,
    w_cats: f32,
    w_recency: f32,
    /// Per article: its strongest terms `(term id, normalised weight)`.
    strong: Vec<Vec<(u32, f32)>>,
    text_index: Index,
    /// Per article: `(tag id, normalised IDF weight)`, sorted by tag id.
    tags: Vec<Vec<(u32, f32)>>,
    tag_index: Index,
    /// Per article: category ids, sorted.
    cats: Vec<Vec<u32>>,
    timestamps: Vec<i64>,
    /// All articles by `(timestamp, index)`, and each article's position there.
    by_time: Vec<u32>,
    time_pos: Vec<u32>,
    /// Per category: its articles by `(timestamp, index)`.
    cat_by_time: Vec<Vec<u32>>,
}

impl Model {
    fn new(inputs: &[RelatedInput<'_>], config: &RelatedConfig, tuning: Tuning) -> Model {
        let n = inputs.len();
        let (strong, text_index) = if config.text != 0.0 {
            text_model(inputs, &tuning)
        } else {
            (vec![Vec::new(); n], Index::build(0, &[], 0, false))
        };
        let (tag_ids, tag_keys) = intern(inputs.iter().map(|i| i.tags));
        let tags = if tuning.tag_mode == 0 {
            idf_vectors(&tag_ids, tag_keys, n)
        } else {
            or_vectors(&tag_ids, tag_keys, n, tuning.tag_pow)
        };
        let tag_index = Index::build(tag_keys, &tags, tuning.cap, true);
        let (cats, cat_keys) = intern(inputs.iter().map(|i| i.categories));

        let timestamps: Vec<i64> = inputs.iter().map(|i| i.timestamp).collect();
        let mut by_time: Vec<u32> = (0..n as u32).collect();
        by_time.sort_unstable_by_key(|&i| (timestamps[i as usize], i));
        let mut time_pos = vec![0u32; n];
        for (p, &i) in by_time.iter().enumerate() {
            time_pos[i as usize] = p as u32;
        }
        let mut cat_by_time: Vec<Vec<u32>> = vec![Vec::new(); cat_keys];
        for &i in &by_time {
            for &c in &cats[i as usize] {
                cat_by_time[c as usize].push(i);
            }
        }
        Model {
            count: config.count,
            tuning,
            w_text: config.text,
            w_tags: config.tags,
            w_cats: config.categories,
            w_recency: config.recency,
            strong,
            text_index,
            tags,
            tag_index,
            cats,
            timestamps,
            by_time,
            time_pos,
            cat_by_time,
        }
    }

    /// The best `count` other articles for article `d`, with their scores.
    fn related_of(&self, d: usize, keep: usize, s: &mut Scratch) -> Vec<(usize, f32)> {
        let stamp = d as u32;
        s.touched.clear();
        let touch = |s: &mut Scratch, e: u32| -> usize {
            let i = e as usize;
            if s.stamp[i] != stamp {
                s.stamp[i] = stamp;
                s.text[i] = 0.0;
                s.tags[i] = 0.0;
                s.touched.push(e);
            }
            i
        };
        // Candidates through the strongest terms and the tags of `d`.
        for &(t, w) in &self.strong[d] {
            for &(e, we) in self.text_index.get(t) {
                let i = touch(s, e);
                s.text[i] += w * we;
            }
        }
        let mut common_tags: Vec<(u32, f32)> = Vec::new();
        if self.w_tags != 0.0 {
            for &(t, w) in &self.tags[d] {
                if self.tag_index.is_capped_out(t) {
                    common_tags.push((t, w));
                    continue;
                }
                for &(e, we) in self.tag_index.get(t) {
                    let i = touch(s, e);
                    s.tags[i] += if self.tuning.tag_mode == 0 { w * we } else { w };
                }
            }
        }
        // The articles nearest in time, overall and in each category of `d`.
        let reach = self.count;
        let p = self.time_pos[d] as usize;
        for &e in neighbours(&self.by_time, p, reach) {
            touch(s, e);
        }
        for &c in &self.cats[d] {
            let list = &self.cat_by_time[c as usize];
            let key = (self.timestamps[d], d as u32);
            if let Ok(p) = list.binary_search_by_key(&key, |&i| (self.timestamps[i as usize], i)) {
                for &e in neighbours(list, p, reach) {
                    touch(s, e);
                }
            }
        }

        let mut heap: BinaryHeap<std::cmp::Reverse<Candidate>> =
            BinaryHeap::with_capacity(keep + 1);
        let ts_d = self.timestamps[d];
        let cats_d = &self.cats[d];
        for &e in &s.touched {
            let i = e as usize;
            if i == d {
                continue;
            }
            let mut tags = s.tags[i];
            for &(t, w) in &common_tags {
                if let Ok(k) = self.tags[i].binary_search_by_key(&t, |&(x, _)| x) {
                    tags += if self.tuning.tag_mode == 0 {
                        w * self.tags[i][k].1
                    } else {
                        w
                    };
                }
            }
            if self.tuning.tag_mode != 0 {
                tags = 1.0 - tags.exp();
            }
            let cats = category_similarity(cats_d, &self.cats[i]);
            let dt = (self.timestamps[i] - ts_d).unsigned_abs() as f32;
            let close = 1.0 / (1.0 + dt / RECENCY_SCALE_SECS);
            let score = self.w_text * s.text[i]
                + self.w_tags * tags
                + self.w_cats * cats
                + self.w_recency * close;
            let cand = Candidate {
                score,
                timestamp: self.timestamps[i],
                index: e,
            };
            if heap.len() < keep {
                heap.push(std::cmp::Reverse(cand));
            } else if heap.peek().is_some_and(|worst| cand > worst.0) {
                heap.pop();
                heap.push(std::cmp::Reverse(cand));
            }
        }
        let mut best: Vec<Candidate> = heap.into_iter().map(|r| r.0).collect();
        best.sort_unstable_by(|a, b| b.cmp(a));
        best.into_iter()
            .map(|c| (c.index as usize, c.score))
            .collect()
    }
}

/// Up to `reach` entries on each side of position `p` (excluding `p`).
fn neighbours(list: &[u32], p: usize, reach: usize) -> impl Iterator<Item = &u32> {
    let lo = p.saturating_sub(reach);
    let hi = (p + 1 + reach).min(list.len());
    list[lo..p].iter().chain(list[(p + 1).min(hi)..hi].iter())
}

/// Cosine of two sets of sorted ids.
fn category_similarity(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a.len() == 1 && b.len() == 1 {
        return if a[0] == b[0] { 1.0 } else { 0.0 };
    }
    let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
    shared as f32 / ((a.len() * b.len()) as f32).sqrt()
}

/// A scored candidate; greater is better: higher score, then newer, then
/// lower index.
#[derive(Clone, Copy)]
struct Candidate {
    score: f32,
    timestamp: i64,
    index: u32,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.score
            .total_cmp(&other.score)
            .then(self.timestamp.cmp(&other.timestamp))
            .then(other.index.cmp(&self.index))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// Per-thread buffers, reused from one article to the next.
struct Scratch {
    /// `stamp[e] == d` when `e` is already a candidate of article `d`.
    stamp: Vec<u32>,
    text: Vec<f32>,
    tags: Vec<f32>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            stamp: vec![u32::MAX; n],
            text: vec![0.0; n],
            tags: vec![0.0; n],
            touched: Vec::new(),
        }
    }
}

/// Interns string keys: per article its sorted, unique key ids, and the
/// number of distinct keys. Ids are in order of first appearance.
fn intern<'a>(lists: impl Iterator<Item = &'a [String]>) -> (Vec<Vec<u32>>, usize) {
    let mut ids: HashMap<&'a str, u32> = HashMap::new();
    let per_article: Vec<Vec<u32>> = lists
        .map(|keys| {
            let mut v: Vec<u32> = keys
                .iter()
                .map(|k| {
                    let next = ids.len() as u32;
                    *ids.entry(k.as_str()).or_insert(next)
                })
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
        .collect();
    (per_article, ids.len())
}

/// IDF-weighted, L2-normalised binary vectors of interned keys.
fn idf_vectors(ids: &[Vec<u32>], keys: usize, n: usize) -> Vec<Vec<(u32, f32)>> {
    let mut df = vec![0u32; keys];
    for v in ids {
        for &k in v {
            df[k as usize] += 1;
        }
    }
    let idf: Vec<f32> = df.iter().map(|&c| idf(n, c as usize)).collect();
    ids.iter()
        .map(|v| {
            let norm = v
                .iter()
                .map(|&k| idf[k as usize].powi(2))
                .sum::<f32>()
                .sqrt();
            if norm == 0.0 {
                return Vec::new();
            }
            v.iter()
                .filter(|&&k| idf[k as usize] > 0.0)
                .map(|&k| (k, idf[k as usize] / norm))
                .collect()
        })
        .collect()
}

fn or_vectors(ids: &[Vec<u32>], keys: usize, n: usize, pow: f32) -> Vec<Vec<(u32, f32)>> {
    let mut df = vec![0u32; keys];
    for v in ids {
        for &k in v {
            df[k as usize] += 1;
        }
    }
    let max = idf(n, 2);
    let lw: Vec<f32> = df
        .iter()
        .map(|&c| {
            if max <= 0.0 {
                0.0
            } else {
                (1.0 - (idf(n, c as usize) / max).powf(pow).min(0.99)).ln()
            }
        })
        .collect();
    ids.iter()
        .map(|v| {
            v.iter()
                .filter(|&&k| lw[k as usize] < 0.0)
                .map(|&k| (k, lw[k as usize]))
                .collect()
        })
        .collect()
}

/// `ln(N / df)`: 0 for a key on every article.
fn idf(n: usize, df: usize) -> f32 {
    if df == 0 {
        0.0
    } else {
        (n as f32 / df as f32).ln().max(0.0)
    }
}

/// Per article its strongest terms with normalised TF-IDF weights, and the
/// inverted index over them.
fn text_model(inputs: &[RelatedInput<'_>], tuning: &Tuning) -> (Vec<Vec<(u32, f32)>>, Index) {
    let n = inputs.len();
    // Document frequencies, then dense term ids in hash order (deterministic).
    let df: HashMapU64<u32> = inputs
        .par_iter()
        .fold(HashMapU64::default, |mut m, input| {
            for &(h, _) in &input.text.terms {
                *m.entry(h).or_insert(0) += 1;
            }
            m
        })
        .reduce(HashMapU64::default, |mut a, b| {
            let (mut big, small) = if a.len() >= b.len() {
                (a, b)
            } else {
                (b, std::mem::take(&mut a))
            };
            for (h, c) in small {
                *big.entry(h).or_insert(0) += c;
            }
            big
        });
    let mut vocab: Vec<(u64, u32)> = df.into_iter().filter(|&(_, c)| c >= 2).collect();
    vocab.par_sort_unstable();
    let ids: HashMapU64<(u32, u32)> = vocab
        .iter()
        .enumerate()
        .map(|(id, &(h, c))| (h, (id as u32, c)))
        .collect();

    let strong: Vec<Vec<(u32, f32)>> = inputs
        .par_iter()
        .map(|input| {
            let mut norm = 0f32;
            let mut v: Vec<(u32, f32)> = Vec::with_capacity(input.text.terms.len());
            for &(h, tf) in &input.text.terms {
                let (id, df) = ids.get(&h).copied().unwrap_or((u32::MAX, 1));
                let w = (1.0 + (tf as f32).ln()) * idf(n, df as usize);
                norm += w * w;
                if id != u32::MAX && w > 0.0 && (!tuning.drop_common || (df as usize) <= tuning.cap)
                {
                    v.push((id, w));
                }
            }
            if norm == 0.0 {
                return Vec::new();
            }
            let by_weight =
                |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
            if v.len() > tuning.k {
                v.select_nth_unstable_by(tuning.k - 1, by_weight);
                v.truncate(tuning.k);
            }
            if tuning.floor > 0.0 {
                let max = v.iter().map(|x| x.1).fold(0f32, f32::max);
                v.retain(|x| x.1 >= tuning.floor * max);
            }
            let inv = 1.0 / norm.sqrt();
            for x in &mut v {
                x.1 *= inv;
            }
            v.sort_unstable_by(by_weight);
            v
        })
        .collect();
    let index = Index::build(vocab.len(), &strong, tuning.cap, false);
    (strong, index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use text::term_hash;

    struct Doc {
        text: TermCounts,
        tags: Vec<String>,
        cats: Vec<String>,
        ts: i64,
    }

    fn doc(words: &str, tags: &[&str], cats: &[&str], ts: i64) -> Doc {
        Doc {
            text: TermCounts::from_hashes(words.split_whitespace().map(term_hash).collect()),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            cats: cats.iter().map(|s| s.to_string()).collect(),
            ts,
        }
    }

    fn run(docs: &[Doc], config: &RelatedConfig) -> Vec<Vec<usize>> {
        let inputs: Vec<RelatedInput<'_>> = docs
            .iter()
            .map(|d| RelatedInput {
                text: &d.text,
                tags: &d.tags,
                categories: &d.cats,
                timestamp: d.ts,
            })
            .collect();
        compute(&inputs, config)
    }

    fn config(count: usize) -> RelatedConfig {
        RelatedConfig {
            count,
            ..RelatedConfig::default()
        }
    }

    const DAY: i64 = 86_400;

    /// A site where "common" is on most articles and "rare" on two.
    fn idf_site() -> Vec<Doc> {
        let mut docs = vec![
            doc("", &["tags:rare", "tags:common"], &[], 100 * DAY),
            doc("", &["tags:rare"], &[], 0),
            doc("", &["tags:common"], &[], 100 * DAY),
        ];
        for i in 0..7 {
            docs.push(doc("", &["tags:common"], &[], i * DAY));
        }
        docs
    }

    #[test]
    fn rare_shared_tag_beats_common_shared_tag() {
        let docs = idf_site();
        // Article 2 shares the common tag and the exact date (best recency);
        // article 1 shares the rare tag and is 100 days away: rare wins.
        let related = run(&docs, &config(2));
        assert_eq!(related[0][0], 1);
        assert_eq!(related[0][1], 2);
    }

    #[test]
    fn a_tag_on_every_article_says_nothing() {
        let docs = vec![
            doc("", &["tags:all"], &[], 0),
            doc("", &["tags:all"], &[], 50 * DAY),
            doc("", &["tags:all"], &[], DAY),
        ];
        // Only recency separates them.
        assert_eq!(run(&docs, &config(2))[0], vec![2, 1]);
    }

    #[test]
    fn text_similarity_finds_related_articles() {
        let mut docs = vec![
            doc("budget tax parliament vote", &[], &[], 0),
            doc("football goal league match", &[], &[], 0),
            doc("tax budget deficit minister", &[], &[], 0),
            doc("league football cup final", &[], &[], 0),
        ];
        for i in 0..10 {
            docs.push(doc(&format!("filler{i} other{i} words"), &[], &[], 0));
        }
        let related = run(&docs, &config(1));
        assert_eq!(related[0], vec![2]);
        assert_eq!(related[1], vec![3]);
        assert_eq!(related[2], vec![0]);
        assert_eq!(related[3], vec![1]);
    }

    #[test]
    fn same_category_counts() {
        let docs = vec![
            doc("", &[], &["categories:world"], 0),
            doc("", &[], &["categories:sport"], 0),
            doc("", &[], &["categories:world"], 0),
        ];
        assert_eq!(run(&docs, &config(1))[0], vec![2]);
    }

    #[test]
    fn never_lists_the_article_itself() {
        let docs: Vec<Doc> = (0..6)
            .map(|i| {
                doc(
                    "same words everywhere shared",
                    &["tags:x"],
                    &["categories:c"],
                    i * DAY,
                )
            })
            .collect();
        for (i, list) in run(&docs, &config(10)).iter().enumerate() {
            assert!(!list.contains(&i), "{i} in its own list {list:?}");
            assert_eq!(list.len(), 5);
            let mut sorted = list.clone();
            sorted.sort();
            sorted.dedup();
            assert_eq!(sorted.len(), 5, "duplicates in {list:?}");
        }
    }

    #[test]
    fn deterministic_across_runs_and_thread_counts() {
        let docs: Vec<Doc> = (0..300)
            .map(|i| {
                let words = format!("w{} w{} w{} w{} common", i % 7, i % 11, i % 13, i % 5);
                let tag = format!("tags:t{}", i % 9);
                doc(
                    &words,
                    &[&tag, "tags:generic"],
                    &[["categories:a", "categories:b"][i % 2]],
                    (i as i64 % 17) * DAY,
                )
            })
            .collect();
        let first = run(&docs, &config(5));
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let again = pool.install(|| run(&docs, &config(5)));
            assert_eq!(first, again, "{threads} threads");
        }
    }

    #[test]
    fn ties_go_to_the_newer_article_then_the_lower_index() {
        let docs = vec![
            doc("", &["tags:x"], &[], 10 * DAY),
            doc("", &["tags:x"], &[], 5 * DAY),
            doc("", &["tags:x"], &[], 15 * DAY),
            doc("", &["tags:x"], &[], 15 * DAY),
            doc("", &["tags:y"], &[], 0),
        ];
        // With recency off, 1, 2 and 3 tie: newer first (2 and 3 share a
        // date: lower index first), then 1.
        let cfg = RelatedConfig {
            recency: 0.0,
            ..config(3)
        };
        assert_eq!(run(&docs, &cfg)[0], vec![2, 3, 1]);
        // With recency on, equally close articles still tie the same way.
        assert_eq!(run(&docs, &config(2))[0], vec![2, 3]);
    }

    #[test]
    fn article_with_no_text_and_no_tags() {
        let docs = vec![
            doc("", &[], &[], 0),
            doc("alpha beta", &["tags:x"], &[], 3 * DAY),
            doc("alpha beta", &["tags:x"], &[], DAY),
            doc("gamma", &[], &[], 100 * DAY),
        ];
        let related = run(&docs, &config(5));
        // It gets the articles nearest in time, and is never an error.
        assert_eq!(related[0], vec![2, 1, 3]);
        // Others do not rank it above what they share.
        assert_eq!(related[1][0], 2);
        assert_eq!(related[2][0], 1);
    }

    #[test]
    fn one_article_or_count_zero_gives_empty_lists() {
        let one = vec![doc("alpha beta", &["tags:x"], &["categories:c"], 0)];
        assert_eq!(run(&one, &config(5)), vec![Vec::<usize>::new()]);
        assert!(run(&[], &config(5)).is_empty());
        let two = vec![
            doc("alpha", &["tags:x"], &[], 0),
            doc("alpha", &["tags:x"], &[], 0),
        ];
        assert_eq!(run(&two, &config(0)), vec![Vec::<usize>::new(), Vec::new()]);
        assert_eq!(run(&two, &config(5)), vec![vec![1], vec![0]]);
    }

    #[test]
    fn common_tags_still_score_beyond_the_postings_cap() {
        // "tags:big" is on more articles than POSTINGS_CAP: it finds no
        // candidates, but counts for candidates found through text.
        let n = POSTINGS_CAP + 50;
        let mut docs: Vec<Doc> = (0..n)
            .map(|i| doc(&format!("u{i}"), &["tags:big"], &[], 0))
            .collect();
        docs.extend((0..n).map(|i| doc(&format!("v{i}"), &[], &[], 0)));
        docs.push(doc("shared", &["tags:big"], &[], 0));
        docs.push(doc("shared", &["tags:big"], &[], 0));
        docs.push(doc("shared", &[], &[], 0));
        let related = run(
            &docs,
            &RelatedConfig {
                recency: 0.0,
                ..config(1)
            },
        );
        let last = docs.len() - 1;
        assert_eq!(related[last - 2], vec![last - 1]);
        assert_eq!(related[last - 1], vec![last - 2]);
    }
}
