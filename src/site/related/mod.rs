//! Related articles: for every published article, the `related.count`
//! articles a reader is most likely to want next.
//!
//! The score of a candidate `e` for an article `d` is a weighted sum of four
//! signals, each in `[0, 1]` (weights from `related:` in site.yaml,
//! [`RelatedConfig`]):
//!
//! - **tags**: shared taxonomy terms (every taxonomy but categories and
//!   authors), weighted by how rare they are. A shared term is evidence
//!   `s = (idf / idf_max)^2` with `idf = ln(N / df)` and `idf_max = ln(N / 2)`
//!   (a term only two articles carry gives `s` close to 1, a term on half the
//!   site close to 0), and shared terms combine as `1 - prod(1 - s)`: one rare
//!   shared tag counts almost fully, and a pile of common tags never adds up
//!   to a rare one. (A cosine of IDF vectors would not do: an article whose
//!   only tag is "Breaking" would be a perfect match for every other such
//!   article, whatever the IDF.)
//! - **categories**: cosine of the two category sets (1 for the same single
//!   category).
//! - **text**: cosine similarity of TF-IDF vectors (`(1 + ln tf) * ln(N / df)`,
//!   L2-normalised over all of an article's terms), counted over each
//!   article's [`STRONG_TERMS`] strongest terms among those on at most
//!   [`MAX_DF_SHARE`] of the articles: where the weight that tells articles
//!   apart is. Tokens come from [`text::TermCounts`], built at load time.
//! - **recency**: closeness in time, `1 / (1 + |dt| / 30 days)`: a mild
//!   preference for articles of the same weeks, mostly a tie-breaker.
//!
//! How it stays close to linear in the number of articles, with no
//! all-pairs comparison: an inverted index maps each term to the articles for
//! which it is one of their strongest terms, and each tag to the articles
//! carrying it. An article's candidates are the articles reached through its
//! own strongest terms and tags, scored in one pass over those postings into
//! per-thread accumulators. Posting lists are capped at [`POSTINGS_CAP`]: a
//! term's list keeps the articles where it weighs most, and a tag carried by
//! more articles than that is too common to find candidates with (it still
//! counts in the score of candidates found otherwise). The articles nearest in
//! time, overall and in the same category, are always candidates too, so an
//! article with no text and no tags still gets a full list. Candidates whose
//! upper bound cannot reach the `count`-th best lower bound are dropped
//! before the full score, and a bounded heap keeps the best `count`.
//! Articles are processed in parallel (rayon), each independently and in a
//! fixed order, so the result never depends on thread scheduling.
//!
//! Ties are broken by the newer article first, then the lower input index.
//!
//! Not here: which articles take part (the caller passes only published
//! articles), and tokenising (see [`text`]).

pub mod text;

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};

use rayon::prelude::*;

use crate::config::RelatedConfig;
use text::TermCounts;

/// Terms per article put in the inverted index (its highest TF-IDF weights).
pub const STRONG_TERMS: usize = 16;
/// Terms on more than this share of the articles are too common to be strong
/// terms (their IDF is below `ln 20 = 3`); they still weigh in the norm.
pub const MAX_DF_SHARE: f32 = 0.05;
/// Below this many articles, [`MAX_DF_SHARE`] does not apply.
const SMALL_SITE_DF: usize = 50;
/// Longest posting list of a term used to find candidates.
pub const POSTINGS_CAP: usize = 100;
/// Tags on more articles than this find no candidates (they still count in
/// the score of candidates found otherwise).
pub const TAG_POSTINGS_CAP: usize = 400;
/// Time difference at which the recency signal is worth half its weight.
const RECENCY_SCALE_SECS: f32 = 30.0 * 86_400.0;
/// Largest evidence of one shared tag (so that `1 - s` stays positive).
const MAX_TAG_EVIDENCE: f32 = 0.99;

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
    run(inputs, config, |c| c.index as usize)
}

/// Like [`compute`], with each related article's score.
pub fn compute_scored(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
) -> Vec<Vec<(usize, f32)>> {
    run(inputs, config, |c| (c.index as usize, c.score))
}

#[inline(never)]
fn run<T: Send>(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
    item: impl Fn(&Candidate) -> T + Sync,
) -> Vec<Vec<T>> {
    let n = inputs.len();
    if config.count == 0 || n < 2 {
        return (0..n).map(|_| Vec::new()).collect();
    }
    assert!(
        n < u32::MAX as usize,
        "too many articles for the related stage"
    );
    let t0 = std::time::Instant::now();
    let model = Model::new(inputs, config);
    let t1 = std::time::Instant::now();
    let lists: Vec<Vec<T>> = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::new(n),
            |scratch, d| {
                model.related_of(d, scratch);
                scratch.best.iter().map(&item).collect()
            },
        )
        .collect();
    // Back to input order.
    let mut out: Vec<Vec<T>> = (0..n).map(|_| Vec::new()).collect();
    for (d, list) in lists.into_iter().enumerate() {
        out[model.original[d] as usize] = list;
    }
    if model.debug {
        eprintln!("model {:?} query {:?}", t1 - t0, t1.elapsed());
    }
    out
}

/// Per-article lists stored back to back: `items[offsets[d]..offsets[d + 1]]`.
struct Csr<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy> Csr<T> {
    /// The lists `lists[order[0]]`, `lists[order[1]]`, ...
    fn from_lists(lists: &[Vec<T>], order: &[u32]) -> Csr<T> {
        let mut offsets = Vec::with_capacity(order.len() + 1);
        offsets.push(0u32);
        let mut items = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        for &o in order {
            items.extend_from_slice(&lists[o as usize]);
            offsets.push(items.len() as u32);
        }
        Csr { offsets, items }
    }

    fn get(&self, d: usize) -> &[T] {
        &self.items[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// An inverted index: `postings[starts[k]..ends[k]]`, `(article, weight)`.
struct Index {
    starts: Vec<u32>,
    ends: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

impl Index {
    /// Indexes `docs` (per article, `(key, weight)`), keeping at most `cap`
    /// postings per key: those of highest weight (then lowest article).
    /// With `drop_over_cap`, keys over the cap get no postings at all.
    fn build(keys: usize, docs: &Csr<(u32, f32)>, cap: usize, drop_over_cap: bool) -> Index {
        let mut starts = vec![0u32; keys + 1];
        for &(k, _) in &docs.items {
            starts[k as usize + 1] += 1;
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut ends: Vec<u32> = starts[..keys].to_vec();
        let mut postings = vec![(0u32, 0f32); docs.items.len()];
        for d in 0..docs.len() {
            for &(k, w) in docs.get(d) {
                let slot = &mut ends[k as usize];
                postings[*slot as usize] = (d as u32, w);
                *slot += 1;
            }
        }
        starts.truncate(keys);
        for k in 0..keys {
            let (s, e) = (starts[k] as usize, ends[k] as usize);
            if e - s > cap {
                if drop_over_cap {
                    ends[k] = starts[k];
                } else {
                    let list = &mut postings[s..e];
                    list.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                    list[..cap].sort_unstable_by_key(|p| p.0);
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

    fn has_postings(&self, key: u32) -> bool {
        let k = key as usize;
        self.starts[k] != self.ends[k]
    }
}

/// Everything derived from the inputs once, shared by all threads.
///
/// Articles are numbered internally in an order of their own (see
/// [`Model::new`]); `original` maps back to input indices.
struct Model {
    count: usize,
    w_text: f32,
    w_tags: f32,
    w_cats: f32,
    w_recency: f32,
    /// Whether all weights are non-negative, so that bounds can prune.
    prune: bool,
    /// `original[internal]`: the input index of an article.
    original: Vec<u32>,
    /// Per article: its strongest terms `(term id, normalised weight)`.
    strong: Csr<(u32, f32)>,
    text_index: Index,
    /// Per article: `(tag id, 1 - evidence)`, sorted by tag id.
    tags: Csr<(u32, f32)>,
    tag_index: Index,
    /// Per article: category ids, sorted.
    cats: Csr<u32>,
    /// Per article: what the full score of a candidate needs, together.
    meta: Vec<Meta>,
    /// All articles by `(timestamp, input index)`, and each one's position.
    by_time: Vec<u32>,
    time_pos: Vec<u32>,
    /// Per category: its articles by `(timestamp, input index)`.
    cat_by_time: Vec<Vec<u32>>,
    /// Per entry of `cats`: the article's position in `cat_by_time`.
    cat_pos: Vec<u32>,
    debug: bool,
    kq: usize,
}

impl Model {
    fn new(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> Model {
        let n = inputs.len();
        let p0 = std::time::Instant::now();
        let ((strong, terms), (tag_ids, tag_keys)) = rayon::join(
            || {
                if config.text != 0.0 {
                    strong_terms(inputs)
                } else {
                    (vec![Vec::new(); n], 0)
                }
            },
            || intern(inputs.iter().map(|i| i.tags)),
        );
        // Work in an order where articles with the same strongest term sit
        // together: the candidates of an article, and the posting lists of
        // consecutive articles, then share cache lines (2x faster at 50,000).
        let mut original: Vec<u32> = (0..n as u32).collect();
        match tun("GZ_ORDER", 2) {
            0 => {}
            1 => {
                let top_term = |i: u32| strong[i as usize].first().map_or(u32::MAX, |&(t, _)| t);
                original.sort_unstable_by_key(|&i| (top_term(i), i));
            }
            _ => {
                let label = cluster_labels(&strong, terms);
                original.sort_unstable_by_key(|&i| (label[i as usize], i));
            }
        }
        let p1 = std::time::Instant::now();
        let strong = Csr::from_lists(&strong, &original);
        let ki = tun("GZ_KI", 99);
        let text_index = if ki >= 99 {
            Index::build(terms, &strong, tun("GZ_CAP", POSTINGS_CAP), false)
        } else {
            let lists: Vec<Vec<(u32, f32)>> = (0..n)
                .map(|d| strong.get(d).iter().take(ki).copied().collect())
                .collect();
            let ident: Vec<u32> = (0..n as u32).collect();
            Index::build(
                terms,
                &Csr::from_lists(&lists, &ident),
                tun("GZ_CAP", POSTINGS_CAP),
                false,
            )
        };
        let tags = Csr::from_lists(&tag_vectors(&tag_ids, tag_keys, n), &original);
        let tag_index = Index::build(tag_keys, &tags, TAG_POSTINGS_CAP, true);
        let (cat_ids, cat_keys) = intern(inputs.iter().map(|i| i.categories));
        let cats = Csr::from_lists(&cat_ids, &original);

        let p2 = std::time::Instant::now();
        let meta: Vec<Meta> = (0..n)
            .map(|d| {
                let cats_d = cats.get(d);
                Meta {
                    timestamp: inputs[original[d] as usize].timestamp,
                    original: original[d],
                    category: match cats_d {
                        [] => NO_CATEGORY,
                        [c] => *c,
                        _ => SEVERAL_CATEGORIES,
                    },
                    common_tags: tags
                        .get(d)
                        .iter()
                        .filter(|&&(t, _)| !tag_index.has_postings(t))
                        .fold(0, |m, &(t, _)| m | tag_bit(t)),
                }
            })
            .collect();
        let mut by_time: Vec<u32> = (0..n as u32).collect();
        by_time.sort_unstable_by_key(|&i| (meta[i as usize].timestamp, original[i as usize]));
        let mut time_pos = vec![0u32; n];
        for (p, &i) in by_time.iter().enumerate() {
            time_pos[i as usize] = p as u32;
        }
        let mut cat_by_time: Vec<Vec<u32>> = vec![Vec::new(); cat_keys];
        let mut cat_pos = vec![0u32; cats.items.len()];
        for &i in &by_time {
            let first = cats.offsets[i as usize] as usize;
            for (k, &c) in cats.get(i as usize).iter().enumerate() {
                cat_pos[first + k] = cat_by_time[c as usize].len() as u32;
                cat_by_time[c as usize].push(i);
            }
        }
        if std::env::var_os("GZ_DEBUG").is_some() {
            eprintln!(
                "  join {:?} index+tags+cats {:?} meta+time {:?}",
                p1 - p0,
                p2 - p1,
                p2.elapsed()
            );
        }
        let weights = [config.text, config.tags, config.categories, config.recency];
        Model {
            count: config.count,
            w_text: config.text,
            w_tags: config.tags,
            w_cats: config.categories,
            w_recency: config.recency,
            prune: weights.iter().all(|&w| w >= 0.0 && w.is_finite()),
            original,
            strong,
            text_index,
            tags,
            tag_index,
            cats,
            meta,
            by_time,
            time_pos,
            cat_by_time,
            cat_pos,
            debug: DEBUG_STATS && std::env::var_os("GZ_DEBUG").is_some(),
            kq: tun("GZ_KQ", 99),
        }
    }

    /// The category signal of article `e` for article `d`.
    fn category_similarity(&self, d: usize, e: usize) -> f32 {
        match (self.meta[d].category, self.meta[e].category) {
            (NO_CATEGORY, _) | (_, NO_CATEGORY) => 0.0,
            (SEVERAL_CATEGORIES, _) | (_, SEVERAL_CATEGORIES) => {
                let (a, b) = (self.cats.get(d), self.cats.get(e));
                let shared = a.iter().filter(|x| b.binary_search(x).is_ok()).count();
                shared as f32 / ((a.len() * b.len()) as f32).sqrt()
            }
            (x, y) => f32::from(u8::from(x == y)),
        }
    }

    /// The best `count` other articles for (internal) article `d`, as input
    /// indices with their scores.
    #[inline(never)]
    fn related_of(&self, d: usize, s: &mut Scratch) {
        let me = &self.meta[d];
        // `s.low[e]`: the score of candidate `e` so far, without categories,
        // recency and the tags too common to index.
        s.touched.clear();

        // Candidates through the tags of `d`: first the product of
        // `1 - evidence` over the shared tags, then the tag signal.
        let mut common_q = 1.0f32;
        if self.w_tags != 0.0 {
            for &(t, q) in self.tags.get(d) {
                if !self.tag_index.has_postings(t) {
                    common_q *= q;
                    continue;
                }
                for &(e, _) in self.tag_index.get(t) {
                    let low = &mut s.low[e as usize];
                    if is_empty(*low) {
                        *low = q;
                        s.touched.push(e);
                    } else {
                        *low *= q;
                    }
                }
            }
            for &e in &s.touched {
                let low = &mut s.low[e as usize];
                *low = self.w_tags * (1.0 - *low);
            }
        }
        // Candidates through the strongest terms of `d`.
        let kq = self.kq;
        for &(t, w) in self.strong.get(d).iter().take(kq) {
            let w = self.w_text * w;
            for &(e, we) in self.text_index.get(t) {
                let low = &mut s.low[e as usize];
                if is_empty(*low) {
                    *low = w * we;
                    s.touched.push(e);
                } else {
                    *low += w * we;
                }
            }
        }
        // The articles nearest in time, overall and in each category of `d`.
        let reach = self.count;
        let add = |s: &mut Scratch, e: u32| {
            let low = &mut s.low[e as usize];
            if is_empty(*low) {
                *low = 0.0;
                s.touched.push(e);
            }
        };
        for &e in neighbours(&self.by_time, self.time_pos[d] as usize, reach) {
            add(s, e);
        }
        let first = self.cats.offsets[d] as usize;
        for (k, &c) in self.cats.get(d).iter().enumerate() {
            let list = &self.cat_by_time[c as usize];
            for &e in neighbours(list, self.cat_pos[first + k] as usize, reach) {
                add(s, e);
            }
        }

        // One pass over the candidates (resetting `low` on the way): the
        // categories, recency and common tags add at most `extra` to `low`,
        // so a candidate whose `low + extra` is below the current
        // `count`-th best score cannot make the list.
        let cat_max = if me.category == NO_CATEGORY {
            0.0
        } else {
            self.w_cats
        };
        let extra = cat_max + self.w_recency + self.w_tags * (1.0 - common_q);
        let heap = &mut s.heap;
        heap.clear();
        // Candidates with `low` below this cannot make the list.
        let mut cutoff = f32::NEG_INFINITY;
        let mut scored = 0usize;
        for &e in &s.touched {
            let i = e as usize;
            let low = std::mem::replace(&mut s.low[i], EMPTY);
            if low < cutoff || i == d {
                continue;
            }
            scored += 1;
            let m = &self.meta[i];
            let mut score = low;
            if m.common_tags & me.common_tags != 0 {
                score += self.w_tags * self.common_tag_gain(d, i);
            }
            let dt = (m.timestamp - me.timestamp).unsigned_abs() as f32;
            score += self.w_recency / (1.0 + dt / RECENCY_SCALE_SECS);
            if cat_max != 0.0 {
                score += self.w_cats * self.category_similarity(d, i);
            }
            let cand = Candidate {
                score,
                timestamp: m.timestamp,
                index: m.original,
            };
            if heap.len() < self.count {
                heap.push(Reverse(cand));
            } else if heap.peek().is_some_and(|worst| cand > worst.0) {
                heap.pop();
                heap.push(Reverse(cand));
            } else {
                continue;
            }
            if self.prune && heap.len() == self.count {
                let worst = heap.peek().map_or(f32::NEG_INFINITY, |w| w.0.score);
                // A hair below, so that rounding never drops a tie.
                cutoff = worst - (worst.abs() * 1e-5 + 1e-6) - extra;
            }
        }
        if self.debug {
            let postings: usize = self
                .strong
                .get(d)
                .iter()
                .map(|&(t, _)| self.text_index.get(t).len())
                .sum();
            for (i, v) in [s.touched.len(), scored, postings].into_iter().enumerate() {
                STATS[i].fetch_add(v, std::sync::atomic::Ordering::Relaxed);
            }
        }
        s.best.clear();
        s.best.extend(heap.drain().map(|r| r.0));
        s.best.sort_unstable_by(|a, b| b.cmp(a));
    }

    /// What the shared common tags of `d` and `e` (those without postings)
    /// add to the tag signal: `q * (1 - c)`, with `q` the product of
    /// `1 - evidence` over their shared indexed tags and `c` over their
    /// shared common tags.
    fn common_tag_gain(&self, d: usize, e: usize) -> f32 {
        let (mut q, mut c) = (1.0f32, 1.0f32);
        let (a, b) = (self.tags.get(d), self.tags.get(e));
        let (mut i, mut j) = (0, 0);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    let (t, qt) = a[i];
                    if self.tag_index.has_postings(t) {
                        q *= qt;
                    } else {
                        c *= qt;
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        q * (1.0 - c)
    }
}

const DEBUG_STATS: bool = true;
fn tun(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
static STATS: [std::sync::atomic::AtomicUsize; 3] =
    [const { std::sync::atomic::AtomicUsize::new(0) }; 3];
pub fn debug_stats() -> [usize; 3] {
    [0, 1, 2].map(|i| STATS[i].swap(0, std::sync::atomic::Ordering::Relaxed))
}

/// A cluster label per article, so that articles about the same story can
/// be numbered together: each term takes the most common strongest term
/// among the articles it is strong in, and each article the label its
/// strong terms give most weight to.
fn cluster_labels(strong: &[Vec<(u32, f32)>], terms: usize) -> Vec<u32> {
    let n = strong.len();
    let top: Vec<u32> = strong
        .iter()
        .map(|v| v.first().map_or(u32::MAX, |&(t, _)| t))
        .collect();
    let identity: Vec<u32> = (0..n as u32).collect();
    let index = Index::build(
        terms,
        &Csr::from_lists(strong, &identity),
        POSTINGS_CAP,
        false,
    );
    let mut counts = vec![0u32; terms];
    let mut seen: Vec<u32> = Vec::new();
    let term_label: Vec<u32> = (0..terms as u32)
        .map(|t| {
            seen.clear();
            for &(d, _) in index.get(t) {
                let l = top[d as usize];
                if l == u32::MAX {
                    continue;
                }
                if counts[l as usize] == 0 {
                    seen.push(l);
                }
                counts[l as usize] += 1;
            }
            let mut best = (0u32, t);
            for &l in &seen {
                let c = std::mem::take(&mut counts[l as usize]);
                if c > best.0 || (c == best.0 && l < best.1) {
                    best = (c, l);
                }
            }
            best.1
        })
        .collect();
    strong
        .iter()
        .map(|v| {
            let mut votes: Vec<(u32, f32)> = v
                .iter()
                .map(|&(t, w)| (term_label[t as usize], w))
                .collect();
            votes.sort_unstable_by_key(|x| x.0);
            let mut best = (u32::MAX, f32::NEG_INFINITY);
            let mut i = 0;
            while i < votes.len() {
                let l = votes[i].0;
                let mut sum = 0.0;
                while i < votes.len() && votes[i].0 == l {
                    sum += votes[i].1;
                    i += 1;
                }
                if sum > best.1 {
                    best = (l, sum);
                }
            }
            best.0
        })
        .collect()
}

/// Up to `reach` entries on each side of position `p` (excluding `p`).
fn neighbours(list: &[u32], p: usize, reach: usize) -> impl Iterator<Item = &u32> {
    let lo = p.saturating_sub(reach);
    let hi = (p + 1 + reach).min(list.len());
    list[lo..p].iter().chain(list[(p + 1).min(hi)..hi].iter())
}

/// What the full score of a candidate needs, in one cache line.
struct Meta {
    timestamp: i64,
    /// Input index.
    original: u32,
    /// The category id, or [`NO_CATEGORY`], or [`SEVERAL_CATEGORIES`].
    category: u32,
    /// [`tag_bit`] of each of the article's tags too common to index.
    common_tags: u32,
}

const NO_CATEGORY: u32 = u32::MAX;
const SEVERAL_CATEGORIES: u32 = u32::MAX - 1;

/// A bit standing for a tag in [`Meta::common_tags`] (shared by every 32nd).
fn tag_bit(tag: u32) -> u32 {
    1 << (tag % 32)
}

/// A scored candidate; greater is better: higher score, then newer, then
/// lower input index.
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

/// The value of [`Scratch::low`] for an article that is not a candidate: a
/// NaN that no arithmetic produces.
const EMPTY: f32 = f32::from_bits(0x7fc0_dead);

fn is_empty(low: f32) -> bool {
    low.to_bits() == EMPTY.to_bits()
}

/// Per-thread buffers, reused from one article to the next.
struct Scratch {
    /// The score so far of each candidate, [`EMPTY`] for the others (and
    /// for all between articles).
    low: Vec<f32>,
    /// The candidates of the current article.
    touched: Vec<u32>,
    /// The best `count` candidates so far (a min-heap).
    heap: BinaryHeap<Reverse<Candidate>>,
    /// The result for the last article, best first.
    best: Vec<Candidate>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            low: vec![EMPTY; n],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
            best: Vec::new(),
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

/// Per article, `(tag id, 1 - evidence)` of its tags that carry any evidence.
fn tag_vectors(ids: &[Vec<u32>], keys: usize, n: usize) -> Vec<Vec<(u32, f32)>> {
    let mut df = vec![0u32; keys];
    for v in ids {
        for &k in v {
            df[k as usize] += 1;
        }
    }
    let max = idf(n, 2);
    let q: Vec<f32> = df
        .iter()
        .map(|&c| {
            let s = if max > 0.0 {
                (idf(n, c as usize) / max).powi(2)
            } else {
                0.0
            };
            1.0 - s.min(MAX_TAG_EVIDENCE)
        })
        .collect();
    ids.iter()
        .map(|v| {
            v.iter()
                .filter(|&&k| q[k as usize] < 1.0)
                .map(|&k| (k, q[k as usize]))
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

/// An open-addressing table from term keys (already well-mixed hashes) to
/// counts: much faster than a general map for the millions of lookups of the
/// document-frequency pass.
struct TermTable {
    /// 0 marks an empty slot (a key of 0 is stored as 1).
    keys: Vec<u64>,
    counts: Vec<u32>,
    len: usize,
}

impl TermTable {
    fn with_capacity(capacity: usize) -> TermTable {
        let size = (capacity * 4 / 3 + 1).next_power_of_two().max(64);
        TermTable {
            keys: vec![0; size],
            counts: vec![0; size],
            len: 0,
        }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mask = self.keys.len() - 1;
        // The low bits of a key hold no hash (see `TermCounts`).
        let mut i = (key >> 8) as usize & mask;
        loop {
            let k = self.keys[i];
            if k == key || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    #[inline]
    fn add(&mut self, key: u64, count: u32) {
        let key = key.max(1);
        let i = self.slot(key);
        if self.keys[i] == key {
            self.counts[i] += count;
            return;
        }
        self.keys[i] = key;
        self.counts[i] = count;
        self.len += 1;
        if self.len * 4 > self.keys.len() * 3 {
            let old = std::mem::replace(self, TermTable::with_capacity(self.keys.len()));
            for (k, c) in old.iter() {
                self.add(k, c);
            }
        }
    }

    #[inline]
    fn find(&self, key: u64) -> Option<usize> {
        let key = key.max(1);
        let i = self.slot(key);
        (self.keys[i] == key).then_some(i)
    }

    fn iter(&self) -> impl Iterator<Item = (u64, u32)> + '_ {
        self.keys
            .iter()
            .zip(&self.counts)
            .filter(|(k, _)| **k != 0)
            .map(|(&k, &c)| (k, c))
    }
}

/// Per article its strongest terms `(term id, weight)`, by decreasing
/// weight, with TF-IDF weights normalised over all of its terms; and the
/// number of term ids.
fn strong_terms(inputs: &[RelatedInput<'_>]) -> (Vec<Vec<(u32, f32)>>, usize) {
    let n = inputs.len();
    let max_df = ((n as f32 * MAX_DF_SHARE) as usize).max(SMALL_SITE_DF);
    let tt0 = std::time::Instant::now();
    // Document frequencies: one table per thread-sized chunk, merged.
    let chunk = n.div_ceil(rayon::current_num_threads().max(1)).max(256);
    let mut tables: Vec<TermTable> = inputs
        .par_chunks(chunk)
        .map(|part| {
            let mut t = TermTable::with_capacity(4096);
            for input in part {
                for (key, _) in input.text.iter() {
                    t.add(key, 1);
                }
            }
            t
        })
        .collect();
    tables.sort_by_key(|t| Reverse(t.len));
    let mut df = if tables.is_empty() {
        TermTable::with_capacity(0)
    } else {
        tables.remove(0)
    };
    for t in &tables {
        for (k, c) in t.iter() {
            df.add(k, c);
        }
    }
    let tt1 = std::time::Instant::now();
    // Per slot of `df`: the term's IDF and its dense id (in key order, so
    // deterministic) if it can link two articles, else `u32::MAX`.
    let mut info: Vec<(f32, u32)> = df
        .counts
        .iter()
        .map(|&c| (idf(n, c as usize), u32::MAX))
        .collect();
    let mut vocab: Vec<u64> = df
        .iter()
        .filter(|&(_, c)| c >= 2 && c as usize <= max_df)
        .map(|(k, _)| k)
        .collect();
    vocab.sort_unstable();
    for (id, &k) in vocab.iter().enumerate() {
        if let Some(slot) = df.find(k) {
            info[slot].1 = id as u32;
        }
    }
    let tf_weight: Vec<f32> = (0..=255u32)
        .map(|tf| if tf == 0 { 0.0 } else { 1.0 + (tf as f32).ln() })
        .collect();

    let k = tun("GZ_K", STRONG_TERMS);
    let by_weight = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    let strong = inputs
        .par_iter()
        .map_init(Vec::new, |v: &mut Vec<(u32, f32)>, input| {
            v.clear();
            let mut norm = 0f32;
            for (key, tf) in input.text.iter() {
                let Some(slot) = df.find(key) else { continue };
                let (idf, id) = info[slot];
                let w = tf_weight[tf.min(255) as usize] * idf;
                norm += w * w;
                if w > 0.0 && id != u32::MAX {
                    v.push((id, w));
                }
            }
            if norm == 0.0 || v.is_empty() {
                return Vec::new();
            }
            if v.len() > k {
                v.select_nth_unstable_by(k - 1, by_weight);
                v.truncate(k);
            }
            let inv = 1.0 / norm.sqrt();
            let mut out: Vec<(u32, f32)> = v.iter().map(|&(id, w)| (id, w * inv)).collect();
            out.sort_unstable_by(by_weight);
            out
        })
        .collect();
    if DEBUG_STATS && std::env::var_os("GZ_DEBUG").is_some() {
        eprintln!(
            "  df {:?} vectors {:?} vocab {} indexed {}",
            tt1 - tt0,
            tt0.elapsed() - (tt1 - tt0),
            df.len,
            vocab.len()
        );
    }
    (strong, vocab.len())
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
