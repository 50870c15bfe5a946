//! Weights: the inverse document frequency of a key, the evidence of each
//! shared tag, and each article's strongest terms with their normalised
//! TF-IDF weights.
//!
//! These need the whole site (document frequencies), which is why they are
//! computed here rather than when an article is tokenised (see `text`).
//!
//! Not here: how the weights combine into a score (see `model`).

use std::cmp::{Ordering, Reverse};

use rayon::prelude::*;

use super::keys::KeyTable;
use super::postings::{Csr, chunk_size};
use super::{MAX_DF_SHARE, RelatedInput, STRONG_TERMS};
use crate::config::RelatedConfig;

/// The part of the model made from the articles' text alone: each one's
/// strongest terms. The costliest part to make, and the same until some
/// article's text changes, so `serve` keeps it between rebuilds.
pub struct TextModel {
    /// Per input: its strongest terms, strongest first (see [`strong_terms`]).
    pub(super) strong: Csr<(u32, f32)>,
    /// The number of term ids.
    pub(super) terms: usize,
}

impl std::fmt::Debug for TextModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "TextModel({} articles, {} terms)",
            self.strong.len(),
            self.terms
        )
    }
}

impl TextModel {
    pub(super) fn new(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> TextModel {
        let (strong, terms) = if config.text != 0.0 {
            strong_terms(inputs)
        } else {
            (
                Csr::from_parts(vec![(vec![0; inputs.len()], Vec::new())]),
                0,
            )
        };
        TextModel { strong, terms }
    }
}

/// Below this many articles, [`MAX_DF_SHARE`] does not apply.
const SMALL_SITE_DF: usize = 50;
/// Largest evidence of one shared tag (so that `1 - s` stays positive).
const MAX_TAG_EVIDENCE: f32 = 0.99;

/// Per article, `(tag id, 1 - evidence)` of its tags that carry any evidence.
pub(super) fn tag_vectors(ids: &Csr<u32>, keys: usize, n: usize) -> Csr<(u32, f32)> {
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
pub(super) fn by_weight(a: &(u32, f32), b: &(u32, f32)) -> Ordering {
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
