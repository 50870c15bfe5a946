//! Related articles: for every published article, the `related.count`
//! articles a reader is most likely to want next.
//!
//! The score of a candidate `e` for an article `d` is a weighted sum of four
//! signals, each in `[0, 1]`, with the weights of `related:` in site.yaml
//! ([`RelatedConfig`]):
//!
//! - **tags**: shared taxonomy terms (every taxonomy but categories and
//!   authors), weighted by how rare they are. A shared term is evidence
//!   `s = (idf / idf_max)^2`, with `idf = ln(N / df)` and `idf_max = ln(N / 2)`:
//!   a term only two articles carry gives `s` close to 1, a term on half the
//!   site close to 0. Shared terms combine as `1 - prod(1 - s)`: one rare
//!   shared tag counts almost fully, and a pile of common tags never adds up
//!   to a rare one. (A cosine of IDF-weighted tag vectors would not do: an
//!   article whose only tag is "Breaking" would be a perfect match for every
//!   other such article, whatever the IDF.)
//! - **categories**: cosine of the two category sets (1 for the same single
//!   category).
//! - **text**: cosine similarity of TF-IDF vectors (`(1 + ln tf) * ln(N / df)`,
//!   L2-normalised over all of an article's terms), counted over the
//!   strongest terms: `d`'s [`QUERY_TERMS`] strongest against `e`'s
//!   [`STRONG_TERMS`] strongest, among the terms on at most [`MAX_DF_SHARE`]
//!   of the articles. That is where the weight that tells articles apart is.
//!   Tokens come from [`text::TermCounts`], built once per article at load
//!   time.
//! - **recency**: closeness in time, `1 / (1 + |dt| / 30 days)`: a mild
//!   preference for articles of the same weeks, mostly a tie-breaker.
//!
//! Cost, close to linear in the number of articles, with no all-pairs
//! comparison: an inverted index maps each term to the articles for which it
//! is one of their [`STRONG_TERMS`] strongest terms, and each tag to the
//! articles carrying it. An article's candidates are the articles reached
//! through its own strongest terms and its tags, scored in one pass over those
//! postings into a per-thread accumulator. Posting lists are bounded: a
//! term's list keeps the [`POSTINGS_CAP`] articles where the term weighs most,
//! and a tag on more than [`TAG_POSTINGS_CAP`] articles is too common to find
//! candidates with (it still counts in the score of candidates found
//! otherwise). The articles nearest in time, overall and in the same
//! category, are always candidates too, so that an article with no text and
//! no tags still gets a full list. A bounded heap keeps the best `count`, and
//! a candidate whose partial score plus the most that categories, recency and
//! common tags could add cannot reach the heap's worst is skipped without
//! the full score (articles are numbered by category, so a candidate's number
//! tells whether categories can add anything at all). Articles are processed in parallel (rayon), each on its
//! own and in a fixed order of additions, so the result never depends on
//! thread scheduling.
//!
//! Ties are broken by the newer article first, then the lower input index.
//!
//! Not here: which articles take part (the caller passes only published
//! articles) and tokenising (see [`text`]).

pub mod text;

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

use rayon::prelude::*;

use crate::config::RelatedConfig;
use text::TermCounts;

/// Terms per article put in the inverted index (its highest TF-IDF weights).
pub const STRONG_TERMS: usize = 16;
/// Strongest terms through which an article looks for candidates.
pub const QUERY_TERMS: usize = 8;
/// Terms on more than this share of the articles are too common to be strong
/// terms (their IDF is below `ln 20 = 3`); they still weigh in the norm.
pub const MAX_DF_SHARE: f32 = 0.05;
/// Below this many articles, [`MAX_DF_SHARE`] does not apply.
const SMALL_SITE_DF: usize = 50;
/// Longest posting list of a term (the articles where it weighs most).
pub const POSTINGS_CAP: usize = 48;
/// Postings in a 64-byte cache line.
const POSTINGS_PER_LINE: usize = 64 / std::mem::size_of::<(u32, f32)>();
/// Tags on more articles than this find no candidates.
pub const TAG_POSTINGS_CAP: usize = 256;
/// Time difference at which the recency signal is worth half its weight.
const RECENCY_SCALE_SECS: f32 = 30.0 * 86_400.0;
/// Largest evidence of one shared tag (so that `1 - s` stays positive).
const MAX_TAG_EVIDENCE: f32 = 0.99;

/// What the related stage knows of one published article.
///
/// Terms are ids, numbered densely from 0 across the site (the site model's
/// term indices: the stage never looks at a name, and sizes its tables by
/// the largest id); an article's list may be in any order and repeat an id.
pub struct RelatedInput<'a> {
    pub text: &'a TermCounts,
    /// Ids of its terms in every taxonomy except categories and authors.
    pub tags: &'a [u32],
    /// Ids of its categories.
    pub categories: &'a [u32],
    /// Publication time, seconds since the epoch.
    pub timestamp: i64,
}

/// Ids for string keys, for callers without a site model (the quality
/// harness, tests): equal keys get equal ids, in order of first appearance.
pub fn key_ids<L: AsRef<[K]>, K: AsRef<str>>(lists: &[L]) -> Vec<Vec<u32>> {
    let mut ids = std::collections::HashMap::new();
    lists
        .iter()
        .map(|keys| {
            keys.as_ref()
                .iter()
                .map(|k| {
                    let next = ids.len() as u32;
                    *ids.entry(k.as_ref().to_string()).or_insert(next)
                })
                .collect()
        })
        .collect()
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
    let model = Model::new(inputs, config);
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
    out
}

/// Per-article lists stored back to back: `items[offsets[d]..offsets[d + 1]]`.
struct Csr<T> {
    offsets: Vec<u32>,
    items: Vec<T>,
}

impl<T: Copy + Send + Sync> Csr<T> {
    /// Concatenates per-chunk `(lengths, items)` parts.
    fn from_parts(parts: Vec<(Vec<u32>, Vec<T>)>) -> Csr<T> {
        let n: usize = parts.iter().map(|p| p.0.len()).sum();
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0u32);
        let mut items = Vec::with_capacity(parts.iter().map(|p| p.1.len()).sum());
        for (lens, part) in parts {
            for len in lens {
                offsets.push(offsets[offsets.len() - 1] + len);
            }
            items.extend_from_slice(&part);
        }
        Csr { offsets, items }
    }

    /// The lists in the order `order[0]`, `order[1]`, ...
    ///
    /// Copied in parallel, chunk by chunk of `order`: the reads are random
    /// and their cost grows faster than the site.
    fn permuted(&self, order: &[u32]) -> Csr<T>
    where
        T: Default,
    {
        let mut offsets = Vec::with_capacity(order.len() + 1);
        offsets.push(0u32);
        for &o in order {
            offsets.push(offsets[offsets.len() - 1] + self.get(o as usize).len() as u32);
        }
        let mut items = vec![T::default(); offsets[order.len()] as usize];
        let size = chunk_size(order.len(), 1024);
        let lens = order
            .chunks(size)
            .enumerate()
            .map(|(c, part)| (offsets[c * size + part.len()] - offsets[c * size]) as usize);
        let dsts = runs(&mut items, lens);
        order.par_chunks(size).zip(dsts).for_each(|(part, dst)| {
            let mut at = 0;
            for &o in part {
                let list = self.get(o as usize);
                dst[at..at + list.len()].copy_from_slice(list);
                at += list.len();
            }
        });
        Csr { offsets, items }
    }

    fn get(&self, d: usize) -> &[T] {
        &self.items[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// `items` cut into consecutive runs of the given lengths.
fn runs<T>(mut items: &mut [T], lens: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    lens.map(|len| {
        let (run, rest) = std::mem::take(&mut items).split_at_mut(len);
        items = rest;
        run
    })
    .collect()
}

/// Chunks of about a thread's share of `n` items (at least `min`).
fn chunk_size(n: usize, min: usize) -> usize {
    n.div_ceil(rayon::current_num_threads().max(1) * 4).max(min)
}

/// An inverted index: `postings[starts[k]..ends[k]]`, `(article, weight)`.
struct Index {
    starts: Vec<u32>,
    ends: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

impl Index {
    /// Indexes the first `per_article` entries of each article's list of
    /// `(key, weight)`, keeping at most `cap` postings per key: those of
    /// highest weight (then lowest article). With `drop_over_cap`, keys over
    /// the cap get no postings at all.
    fn build(
        keys: usize,
        lists: &Csr<(u32, f32)>,
        per_article: usize,
        cap: usize,
        drop_over_cap: bool,
    ) -> Index {
        let entries = |d: usize| {
            let l = lists.get(d);
            &l[..l.len().min(per_article)]
        };
        let mut starts = vec![0u32; keys + 1];
        for d in 0..lists.len() {
            for &(k, _) in entries(d) {
                starts[k as usize + 1] += 1;
            }
        }
        for k in 0..keys {
            starts[k + 1] += starts[k];
        }
        let mut ends: Vec<u32> = starts[..keys].to_vec();
        let mut postings = vec![(0u32, 0f32); starts[keys] as usize];
        for d in 0..lists.len() {
            for &(k, w) in entries(d) {
                let slot = &mut ends[k as usize];
                postings[*slot as usize] = (d as u32, w);
                *slot += 1;
            }
        }
        starts.truncate(keys);
        // The lists over the cap, cut apart so that they can be trimmed in
        // parallel. A trim selects the `cap` best in linear time: sorting
        // whole lists cost more per posting as the site grew, since the
        // longest lists grow with it.
        let mut long: Vec<&mut [(u32, f32)]> = Vec::new();
        let lens = (0..keys).map(|k| (ends[k] - starts[k]) as usize);
        for (k, list) in runs(&mut postings, lens).into_iter().enumerate() {
            if list.len() > cap {
                ends[k] = starts[k];
                if !drop_over_cap {
                    ends[k] += cap as u32;
                    long.push(list);
                }
            }
        }
        long.into_par_iter().for_each(|list| {
            if let Some(last) = cap.checked_sub(1) {
                list.select_nth_unstable_by(last, by_weight);
            }
            list[..cap].sort_unstable_by_key(|p| p.0);
        });
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
/// Articles are numbered internally in an order of their own: by
/// [`category_group`], then by their strongest term, so that articles sharing
/// it sit together (their candidates and posting lists then share cache
/// lines) and a candidate's category group shows in its number.
/// `original[d]` maps back.
struct Model {
    count: usize,
    w_text: f32,
    w_tags: f32,
    w_cats: f32,
    w_recency: f32,
    /// Whether all weights are non-negative, so that bounds can prune.
    prune: bool,
    /// Per article: its strongest terms `(term id, normalised weight)`,
    /// strongest first.
    strong: Csr<(u32, f32)>,
    text_index: Index,
    /// Per article: `(tag id, 1 - evidence)`, sorted by tag id.
    tags: Csr<(u32, f32)>,
    tag_index: Index,
    /// Per article: category ids, sorted.
    cats: Csr<u32>,
    /// Per article: what the full score of a candidate needs, together.
    meta: Vec<Meta>,
    /// Per article: its input index (apart from `meta`, which stays small
    /// because the scoring loop reads it at random).
    original: Vec<u32>,
    /// All articles by `(timestamp, input index)`, and each one's position.
    by_time: Vec<u32>,
    time_pos: Vec<u32>,
    /// Per category: its articles by `(timestamp, input index)`.
    cat_by_time: Vec<Vec<u32>>,
    /// Per entry of `cats`: the article's position in `cat_by_time`.
    cat_pos: Vec<u32>,
    /// Per category: the articles whose only category it is, as a span of
    /// internal numbers `(first, length)` (see [`category_group`]).
    group_spans: Vec<(u32, u32)>,
    /// The articles with several categories, as a span.
    several_span: (u32, u32),
    /// How many articles have a category (those without are numbered last).
    categorised: u32,
}

/// What the full score of a candidate needs: 16 bytes, four to a cache line.
struct Meta {
    timestamp: i64,
    /// The category id, or [`NO_CATEGORY`], or [`SEVERAL_CATEGORIES`].
    category: u32,
    /// [`tag_bit`] of each of the article's tags too common to index.
    common_tags: u32,
}

const NO_CATEGORY: u32 = u32::MAX;
const SEVERAL_CATEGORIES: u32 = u32::MAX - 1;

/// Where the internal numbering puts an article with these categories
/// (sorted ids): each category's single-category articles together, then
/// those with several, then those with none. A candidate outside the
/// article's own group and the several-category group shares no category
/// with it, and the scoring loop can tell that without reading its `Meta`.
fn category_group(categories: &[u32]) -> u32 {
    match categories {
        [] => NO_CATEGORY,
        [c] => *c,
        _ => SEVERAL_CATEGORIES,
    }
}

/// A bit standing for a tag in [`Meta::common_tags`] (shared by every 32nd).
fn tag_bit(tag: u32) -> u32 {
    1 << (tag % 32)
}

impl Model {
    fn new(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> Model {
        let n = inputs.len();
        let ((strong, terms), ((tag_ids, tag_keys), (cat_ids, cat_keys))) = rayon::join(
            || {
                if config.text != 0.0 {
                    strong_terms(inputs)
                } else {
                    (Csr::from_parts(vec![(vec![0; n], Vec::new())]), 0)
                }
            },
            || {
                rayon::join(
                    || id_lists(inputs, |i| i.tags),
                    || id_lists(inputs, |i| i.categories),
                )
            },
        );
        // Sorted on keys copied out of `strong`, which stays out of the cache.
        let mut order_keys: Vec<(u32, u32, u32)> = (0..n)
            .into_par_iter()
            .map(|i| {
                (
                    category_group(cat_ids.get(i)),
                    strong.get(i).first().map_or(u32::MAX, |&(t, _)| t),
                    i as u32,
                )
            })
            .collect();
        order_keys.par_sort_unstable();
        // Per internal number: its category group (sorted) and input index.
        let (groups, original): (Vec<u32>, Vec<u32>) = order_keys
            .into_par_iter()
            .map(|(group, _, i)| (group, i))
            .unzip();

        let (strong, (tags, cats)) = rayon::join(
            || strong.permuted(&original),
            || {
                rayon::join(
                    || tag_vectors(&tag_ids, tag_keys, n).permuted(&original),
                    || cat_ids.permuted(&original),
                )
            },
        );
        let (text_index, tag_index) = rayon::join(
            || Index::build(terms, &strong, STRONG_TERMS, POSTINGS_CAP, false),
            || Index::build(tag_keys, &tags, usize::MAX, TAG_POSTINGS_CAP, true),
        );

        let meta: Vec<Meta> = (0..n)
            .into_par_iter()
            .map(|d| Meta {
                timestamp: inputs[original[d] as usize].timestamp,
                category: groups[d],
                common_tags: tags
                    .get(d)
                    .iter()
                    .filter(|&&(t, _)| !tag_index.has_postings(t))
                    .fold(0, |m, &(t, _)| m | tag_bit(t)),
            })
            .collect();
        let mut group_spans = vec![(0u32, 0u32); cat_keys];
        let mut several_span = (0u32, 0u32);
        let mut first = 0;
        for run in groups.chunk_by(|a, b| a == b) {
            let span = (first as u32, run.len() as u32);
            match run[0] {
                NO_CATEGORY => {}
                SEVERAL_CATEGORIES => several_span = span,
                c => group_spans[c as usize] = span,
            }
            first += run.len();
        }
        let categorised = groups.partition_point(|&g| g != NO_CATEGORY) as u32;
        // Sorted on keys copied out of `meta`, which stays out of the cache.
        let mut time_keys: Vec<(i64, u32, u32)> = meta
            .par_iter()
            .zip(&original)
            .enumerate()
            .map(|(i, (m, &o))| (m.timestamp, o, i as u32))
            .collect();
        time_keys.par_sort_unstable();
        let by_time: Vec<u32> = time_keys.into_par_iter().map(|k| k.2).collect();
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
        let weights = [config.text, config.tags, config.categories, config.recency];
        Model {
            count: config.count,
            w_text: config.text,
            w_tags: config.tags,
            w_cats: config.categories,
            w_recency: config.recency,
            prune: weights.iter().all(|&w| w >= 0.0 && w.is_finite()),
            strong,
            text_index,
            tags,
            tag_index,
            cats,
            meta,
            original,
            by_time,
            time_pos,
            cat_by_time,
            cat_pos,
            group_spans,
            several_span,
            categorised,
        }
    }

    /// The articles that may share a category with `d`, as two spans of
    /// internal numbers `(first, length)`: all others share none.
    fn category_reach(&self, d: usize) -> [(u32, u32); 2] {
        match self.meta[d].category {
            NO_CATEGORY => [(0, 0); 2],
            // Everyone but the articles with no category, numbered last.
            SEVERAL_CATEGORIES => [(0, self.categorised), (0, 0)],
            c => [self.group_spans[c as usize], self.several_span],
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

    /// The best `count` other articles for (internal) article `d`, best
    /// first, into `s.best`.
    fn related_of(&self, d: usize, s: &mut Scratch) {
        let me = &self.meta[d];
        // `s.low[e]`: the score of candidate `e` so far, without categories,
        // recency and the tags too common to index.
        s.len = 0;
        // Every cache line of the posting lists to come, loaded together so
        // that their misses overlap rather than wait on each list, and on
        // each line of a list, in turn.
        let text_terms = &self.strong.get(d)[..self.strong.get(d).len().min(QUERY_TERMS)];
        let lines = text_terms
            .iter()
            .flat_map(|&(t, _)| self.text_index.get(t).iter().step_by(POSTINGS_PER_LINE))
            .chain(
                self.tags
                    .get(d)
                    .iter()
                    .flat_map(|&(t, _)| self.tag_index.get(t).iter().step_by(POSTINGS_PER_LINE)),
            )
            .fold(0u32, |x, p| x ^ p.0);
        std::hint::black_box(lines);

        // Candidates through the tags of `d`: first the product of
        // `1 - evidence` over the shared tags, then the tag signal.
        let mut common_q = 1.0f32;
        if self.w_tags != 0.0 {
            for &(t, q) in self.tags.get(d) {
                if !self.tag_index.has_postings(t) {
                    common_q *= q;
                    continue;
                }
                s.scatter(self.tag_index.get(t), |_| q, |old, q| old * q);
            }
            for &e in &s.touched[..s.len] {
                let low = &mut s.low[e as usize];
                *low = self.w_tags * (1.0 - *low);
            }
        }
        // Candidates through the strongest terms of `d`.
        for &(t, w) in text_terms {
            let w = self.w_text * w;
            s.scatter(self.text_index.get(t), |we| w * we, |old, x| old + x);
        }
        // The articles nearest in time, overall and in each category of `d`.
        let add = |s: &mut Scratch, e: u32| {
            if is_empty(s.low[e as usize]) {
                s.low[e as usize] = 0.0;
                s.reserve(1);
                s.push_if(e, true);
            }
        };
        for &e in neighbours(&self.by_time, self.time_pos[d] as usize, self.count) {
            add(s, e);
        }
        let first = self.cats.offsets[d] as usize;
        for (k, &c) in self.cats.get(d).iter().enumerate() {
            let list = &self.cat_by_time[c as usize];
            for &e in neighbours(list, self.cat_pos[first + k] as usize, self.count) {
                add(s, e);
            }
        }

        // One pass over the candidates, resetting `low` on the way.
        // Recency and common tags add at most `extra` to `low`, categories at
        // most `cat_max`, and nothing for a candidate out of the category
        // reach of `d`. So a candidate whose `low` is below `cutoff` (the
        // heap's worst score minus all that) cannot make the list, nor one
        // out of reach below `cutoff_out_of_reach`; both are dropped before
        // their `Meta`, a read at random, is needed.
        let cat_max = if me.category == NO_CATEGORY {
            0.0
        } else {
            self.w_cats
        };
        let reach = self.category_reach(d);
        let in_reach = |e: u32| {
            reach
                .iter()
                .any(|&(first, len)| e.wrapping_sub(first) < len)
        };
        let extra = self.w_recency + self.w_tags * (1.0 - common_q);
        let heap = &mut s.heap;
        heap.clear();
        let mut cutoff = f32::NEG_INFINITY;
        let mut cutoff_out_of_reach = f32::NEG_INFINITY;
        for &e in &s.touched[..s.len] {
            let i = e as usize;
            let low = std::mem::replace(&mut s.low[i], EMPTY);
            if low < cutoff || i == d || (low < cutoff_out_of_reach && !in_reach(e)) {
                continue;
            }
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
            // The input index, another random read, only for a tie with
            // the heap's worst or a candidate that goes in.
            let cand = |index| Candidate {
                score,
                timestamp: m.timestamp,
                index,
            };
            match heap.peek() {
                Some(worst) if heap.len() == self.count => {
                    let worst = worst.0;
                    let order = score
                        .total_cmp(&worst.score)
                        .then(m.timestamp.cmp(&worst.timestamp));
                    if order == Ordering::Less
                        || (order == Ordering::Equal && self.original[i] >= worst.index)
                    {
                        continue;
                    }
                    heap.pop();
                    heap.push(Reverse(cand(self.original[i])));
                }
                _ => heap.push(Reverse(cand(self.original[i]))),
            }
            if self.prune && heap.len() == self.count {
                let worst = heap.peek().map_or(f32::NEG_INFINITY, |w| w.0.score);
                // A hair lower, so that rounding never drops a tie.
                cutoff_out_of_reach = worst - extra - (worst.abs() * 1e-5 + 1e-6);
                cutoff = cutoff_out_of_reach - cat_max;
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

/// Up to `reach` entries on each side of position `p` (excluding `p`).
fn neighbours(list: &[u32], p: usize, reach: usize) -> impl Iterator<Item = &u32> {
    let lo = p.saturating_sub(reach);
    let hi = (p + 1 + reach).min(list.len());
    list[lo..p].iter().chain(list[(p + 1).min(hi)..hi].iter())
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
    /// for all, between articles).
    low: Vec<f32>,
    /// The candidates of the current article: the first `len` entries.
    /// Never shortened, so that [`Scratch::reserve`] only grows it for an
    /// article with more candidates than any before (rather than writing
    /// zeros again for every article).
    touched: Vec<u32>,
    len: usize,
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
            len: 0,
            heap: BinaryHeap::new(),
            best: Vec::new(),
        }
    }

    /// Room for `more` candidates in `touched`.
    #[inline]
    fn reserve(&mut self, more: usize) {
        if self.touched.len() < self.len + more {
            self.touched.resize(self.len + more, 0);
        }
    }

    /// Appends `e` to the candidates if `new`, without a branch (after
    /// [`Scratch::reserve`]).
    #[inline]
    fn push_if(&mut self, e: u32, new: bool) {
        self.touched[self.len] = e;
        self.len += usize::from(new);
    }

    /// Adds each posting `(e, x)` to candidate `e`: its score becomes
    /// `value(x)` if it is new, else `merge(score, value(x))`.
    ///
    /// Branch-free, so that the cache misses of consecutive postings
    /// overlap; the loop works on local slices so that the compiler keeps
    /// them in registers rather than reloading them after every store.
    #[inline]
    fn scatter(
        &mut self,
        postings: &[(u32, f32)],
        value: impl Fn(f32) -> f32,
        merge: impl Fn(f32, f32) -> f32,
    ) {
        self.reserve(postings.len());
        let (low, touched) = (&mut self.low[..], &mut self.touched[..]);
        let mut len = self.len;
        for &(e, x) in postings {
            let slot = &mut low[e as usize];
            let (old, x) = (*slot, value(x));
            let new = is_empty(old);
            *slot = if new { x } else { merge(old, x) };
            touched[len] = e;
            len += usize::from(new);
        }
        self.len = len;
    }
}

/// An open-addressing table from 64-bit keys (already well-mixed hashes) to
/// a value and an id: much faster than a general map for the millions of
/// lookups of the document-frequency pass, and one cache line per lookup.
struct KeyTable {
    /// 0 marks an empty slot (a key of 0 is stored as 1).
    slots: Vec<Slot>,
    len: usize,
}

#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    /// A count, or later the term's IDF (as bits).
    value: u32,
    id: u32,
}

impl KeyTable {
    fn with_capacity(capacity: usize) -> KeyTable {
        let size = (capacity * 4 / 3 + 1).next_power_of_two().max(64);
        KeyTable {
            slots: vec![Slot::default(); size],
            len: 0,
        }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    fn slot(&self, key: u64) -> usize {
        let mask = self.slots.len() - 1;
        // The low byte of a term key holds no hash (see `TermCounts`).
        let mut i = (key >> 8) as usize & mask;
        loop {
            let k = self.slots[i].key;
            if k == key || k == 0 {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds `count` to the value of `key`; a new key gets the id `len`.
    #[inline]
    fn add(&mut self, key: u64, count: u32) -> &mut Slot {
        let key = key.max(1);
        let mut i = self.slot(key);
        if self.slots[i].key != key {
            if (self.len + 1) * 4 > self.slots.len() * 3 {
                self.grow();
                i = self.slot(key);
            }
            self.slots[i] = Slot {
                key,
                value: 0,
                id: self.len as u32,
            };
            self.len += 1;
        }
        let slot = &mut self.slots[i];
        slot.value += count;
        slot
    }

    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        for s in old.into_iter().filter(|s| s.key != 0) {
            let i = self.slot(s.key);
            self.slots[i] = s;
        }
    }

    #[inline]
    fn get(&self, key: u64) -> Option<&Slot> {
        let s = &self.slots[self.slot(key.max(1))];
        (s.key != 0).then_some(s)
    }
}

/// The id lists `of(input)`, each sorted and without repeats, and the
/// number of ids (one more than the largest).
fn id_lists<'a>(
    inputs: &[RelatedInput<'a>],
    of: impl Fn(&RelatedInput<'a>) -> &'a [u32] + Sync,
) -> (Csr<u32>, usize) {
    let parts: Vec<(Vec<u32>, Vec<u32>)> = inputs
        .par_chunks(chunk_size(inputs.len(), 1024))
        .map(|part| {
            let mut lens = Vec::with_capacity(part.len());
            let mut ids: Vec<u32> = Vec::new();
            for input in part {
                let start = ids.len();
                ids.extend_from_slice(of(input));
                ids[start..].sort_unstable();
                let mut unique = start;
                for j in start..ids.len() {
                    if j == start || ids[j] != ids[unique - 1] {
                        ids[unique] = ids[j];
                        unique += 1;
                    }
                }
                ids.truncate(unique);
                lens.push((unique - start) as u32);
            }
            (lens, ids)
        })
        .collect();
    let ids = Csr::from_parts(parts);
    let count = ids.items.par_iter().max().map_or(0, |&m| m as usize + 1);
    (ids, count)
}

/// Per article, `(tag id, 1 - evidence)` of its tags that carry any evidence.
fn tag_vectors(ids: &Csr<u32>, keys: usize, n: usize) -> Csr<(u32, f32)> {
    let mut df = vec![0u32; keys];
    for &k in &ids.items {
        df[k as usize] += 1;
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
    let lens = (0..ids.len())
        .map(|d| ids.get(d).iter().filter(|&&k| q[k as usize] < 1.0).count() as u32)
        .collect();
    let items = ids
        .items
        .iter()
        .filter(|&&k| q[k as usize] < 1.0)
        .map(|&k| (k, q[k as usize]))
        .collect();
    Csr::from_parts(vec![(lens, items)])
}

/// Heaviest first, then lowest id: the order of a list of `(id, weight)`
/// from which the first few are kept.
fn by_weight(a: &(u32, f32), b: &(u32, f32)) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// `ln(N / df)`: 0 for a key on every article.
fn idf(n: usize, df: usize) -> f32 {
    if df == 0 {
        0.0
    } else {
        (n as f32 / df as f32).ln().max(0.0)
    }
}

/// Per article its [`STRONG_TERMS`] strongest terms `(term id, weight)`,
/// strongest first, with TF-IDF weights normalised over all of the
/// article's terms; and the number of term ids.
fn strong_terms(inputs: &[RelatedInput<'_>]) -> (Csr<(u32, f32)>, usize) {
    let n = inputs.len();
    let max_df = ((n as f32 * MAX_DF_SHARE) as usize).max(SMALL_SITE_DF);
    let chunk = chunk_size(n, 256);
    // Document frequencies: one table per chunk, merged into the largest.
    let mut tables: Vec<KeyTable> = inputs
        .par_chunks(chunk)
        .map(|part| {
            let mut t = KeyTable::with_capacity(4096);
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
        KeyTable::with_capacity(0)
    } else {
        tables.swap_remove(0)
    };
    for t in &tables {
        for s in t.slots.iter().filter(|s| s.key != 0) {
            df.add(s.key, s.value);
        }
    }
    // Ids, in key order (deterministic), for the terms that can link two
    // articles, `u32::MAX` for the others; values become IDFs.
    let mut vocab: Vec<u64> = df
        .slots
        .iter()
        .filter(|s| s.key != 0 && s.value >= 2 && s.value as usize <= max_df)
        .map(|s| s.key)
        .collect();
    vocab.sort_unstable();
    for s in &mut df.slots {
        s.id = u32::MAX;
        s.value = idf(n, s.value as usize).to_bits();
    }
    for (id, &k) in vocab.iter().enumerate() {
        let i = df.slot(k);
        df.slots[i].id = id as u32;
    }
    let tf_weight: Vec<f32> = (0..=255u32)
        .map(|tf| if tf == 0 { 0.0 } else { 1.0 + (tf as f32).ln() })
        .collect();

    // Per chunk of articles: their vector lengths, and their (term, weight) entries.
    type ChunkVectors = (Vec<u32>, Vec<(u32, f32)>);
    let parts: Vec<ChunkVectors> = inputs
        .par_chunks(chunk)
        .map(|part| {
            let mut lens = Vec::with_capacity(part.len());
            let mut items = Vec::with_capacity(part.len() * STRONG_TERMS);
            let mut v: Vec<(u32, f32)> = Vec::new();
            for input in part {
                v.clear();
                let mut norm = 0f32;
                for (key, tf) in input.text.iter() {
                    let Some(slot) = df.get(key) else { continue };
                    let w = tf_weight[tf.min(255) as usize] * f32::from_bits(slot.value);
                    norm += w * w;
                    if w > 0.0 && slot.id != u32::MAX {
                        v.push((slot.id, w));
                    }
                }
                if norm == 0.0 {
                    v.clear();
                }
                if v.len() > STRONG_TERMS {
                    v.select_nth_unstable_by(STRONG_TERMS - 1, by_weight);
                    v.truncate(STRONG_TERMS);
                }
                v.sort_unstable_by(by_weight);
                let inv = 1.0 / norm.sqrt();
                items.extend(v.iter().map(|&(id, w)| (id, w * inv)));
                lens.push(v.len() as u32);
            }
            (lens, items)
        })
        .collect();
    (Csr::from_parts(parts), vocab.len())
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

    /// `f` of the stage's inputs for `docs`.
    fn with_inputs<T>(docs: &[Doc], f: impl FnOnce(&[RelatedInput<'_>]) -> T) -> T {
        let tags = key_ids(&docs.iter().map(|d| &d.tags[..]).collect::<Vec<_>>());
        let cats = key_ids(&docs.iter().map(|d| &d.cats[..]).collect::<Vec<_>>());
        let inputs: Vec<RelatedInput<'_>> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| RelatedInput {
                text: &d.text,
                tags: &tags[i],
                categories: &cats[i],
                timestamp: d.ts,
            })
            .collect();
        f(&inputs)
    }

    fn run(docs: &[Doc], config: &RelatedConfig) -> Vec<Vec<usize>> {
        with_inputs(docs, |inputs| compute(inputs, config))
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
    fn pruning_never_changes_the_lists() {
        // Articles with one category, several, or none, so that every kind
        // of category reach is crossed; tags common enough to go unindexed.
        const { assert!(300 > TAG_POSTINGS_CAP) };
        let docs: Vec<Doc> = (0..400)
            .map(|i| {
                let words = format!("w{} w{} w{} v{} common", i % 7, i % 11, i % 13, i % 29);
                let tag = format!("tags:t{}", i % 9);
                // On more than `TAG_POSTINGS_CAP` articles: a common tag.
                let generic = ["tags:narrow", "tags:wide", "tags:wide", "tags:wide"][i % 4];
                let cats: &[&str] = match i % 5 {
                    0 => &[],
                    1 => &["categories:a", "categories:b"],
                    2 => &["categories:a"],
                    3 => &["categories:b"],
                    _ => &["categories:c"],
                };
                doc(&words, &[&tag, generic], cats, (i as i64 % 23) * DAY)
            })
            .collect();
        let scored = |prune: bool| {
            with_inputs(&docs, |inputs| {
                let mut model = Model::new(inputs, &config(5));
                assert!(model.prune);
                model.prune = prune;
                let mut s = Scratch::new(inputs.len());
                let mut lists = vec![Vec::new(); inputs.len()];
                for d in 0..inputs.len() {
                    model.related_of(d, &mut s);
                    lists[model.original[d] as usize] = s
                        .best
                        .iter()
                        .map(|c| (c.index, c.score.to_bits()))
                        .collect::<Vec<_>>();
                }
                lists
            })
        };
        assert_eq!(scored(true), scored(false));
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
    fn permuted_lists_follow_the_order_across_chunks() {
        // Enough lists for several parallel chunks, of lengths 0 to 3.
        let n = 5000u32;
        let lens: Vec<u32> = (0..n).map(|d| d % 4).collect();
        let items: Vec<u32> = (0..n)
            .flat_map(|d| (0..d % 4).map(move |k| d * 10 + k))
            .collect();
        let lists = Csr::from_parts(vec![(lens, items)]);
        let order: Vec<u32> = (0..n).map(|i| (i * 7919) % n).collect();
        let permuted = lists.permuted(&order);
        assert_eq!(permuted.len(), n as usize);
        for (i, &o) in order.iter().enumerate() {
            assert_eq!(permuted.get(i), lists.get(o as usize), "list {i}");
        }
    }

    #[test]
    fn index_keeps_the_heaviest_postings_up_to_the_cap() {
        // Key 0 on seven articles, weights with a tie at the cut; key 1 on
        // two, under the cap; key 2 on nobody.
        let lists = Csr::from_parts(vec![(
            vec![1, 2, 1, 2, 1, 1, 1],
            vec![
                (0, 0.1),
                (0, 0.9),
                (1, 0.2),
                (0, 0.5),
                (0, 0.7),
                (1, 0.4),
                (0, 0.5),
                (0, 0.3),
                (0, 0.8),
            ],
        )]);
        let index = Index::build(3, &lists, usize::MAX, 4, false);
        // The four heaviest: 0.9, 0.8, 0.7, and of the two 0.5 the lower article.
        assert_eq!(index.get(0), &[(1, 0.9), (2, 0.5), (3, 0.7), (6, 0.8)][..]);
        assert_eq!(index.get(1), &[(1, 0.2), (3, 0.4)][..]);
        assert!(index.get(2).is_empty());
        let dropped = Index::build(3, &lists, usize::MAX, 4, true);
        assert!(!dropped.has_postings(0));
        assert_eq!(dropped.get(1), index.get(1));
        let first_only = Index::build(3, &lists, 1, 4, false);
        assert_eq!(first_only.get(1), &[][..]);
    }

    #[test]
    fn common_tags_still_score_beyond_the_postings_cap() {
        // "tags:big" is on more articles than TAG_POSTINGS_CAP: it finds no
        // candidates, but counts for candidates found through text.
        let n = TAG_POSTINGS_CAP + 50;
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
