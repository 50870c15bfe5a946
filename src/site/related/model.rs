//! The scoring model: everything derived from the inputs once and shared by
//! all threads ([`Model`]), and the search and scoring of one article's
//! related list ([`Model::related_of`]).
//!
//! Not here: how the inputs become weights and ids (see `weights` and
//! `keys`), the index itself (see `index`), and the per-thread buffers and
//! candidate order (see `topk`).

use std::cmp::{Ordering, Reverse};

use rayon::prelude::*;

use super::index::Index;
use super::keys::id_lists;
use super::postings::Csr;
use super::topk::{Candidate, EMPTY, Scratch, is_empty};
use super::weights::{TextModel, tag_vectors};
use super::{POSTINGS_CAP, QUERY_TERMS, RelatedInput, STRONG_TERMS, TAG_POSTINGS_CAP};
use crate::config::RelatedConfig;

/// Postings in a 64-byte cache line.
const POSTINGS_PER_LINE: usize = 64 / std::mem::size_of::<(u32, f32)>();
/// Time difference at which the recency signal is worth half its weight.
const RECENCY_SCALE_SECS: f32 = 30.0 * 86_400.0;

/// Everything derived from the inputs once, shared by all threads.
///
/// Articles are numbered internally in an order of their own: by
/// [`category_group`], then by their strongest term, so that articles sharing
/// it sit together (their candidates and posting lists then share cache
/// lines) and a candidate's category group shows in its number.
/// `original[d]` maps back.
pub(super) struct Model {
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
    pub(super) original: Vec<u32>,
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
    /// The model of `inputs`, whose text model is `text`.
    pub(super) fn new(
        inputs: &[RelatedInput<'_>],
        config: &RelatedConfig,
        text: &TextModel,
    ) -> Model {
        let n = inputs.len();
        let (strong, terms) = (&text.strong, text.terms);
        let ((tag_ids, tag_keys), (cat_ids, cat_keys)) = rayon::join(
            || id_lists(inputs, |i| i.tags),
            || id_lists(inputs, |i| i.categories),
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
    pub(super) fn related_of(&self, d: usize, s: &mut Scratch) {
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

#[cfg(test)]
mod tests {
    use super::super::tests::{DAY, Doc, config, doc, with_inputs};
    use super::*;

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
                let text = TextModel::new(inputs, &config(5));
                let mut model = Model::new(inputs, &config(5), &text);
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
}
