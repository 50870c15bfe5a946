//! Ids for keys: the open-addressing [`KeyTable`] that counts term hashes
//! and numbers them, [`key_ids`] for callers that have string keys, and
//! [`id_lists`], the deduplicated per-article id lists of tags and
//! categories.
//!
//! Not here: what a key weighs (see `weights`).

use rayon::prelude::*;

use super::RelatedInput;
use super::postings::{Csr, chunk_size};

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

/// An open-addressing table from 64-bit keys (already well-mixed hashes) to
/// a value and an id: much faster than a general map for the millions of
/// lookups of the document-frequency pass, and one cache line per lookup.
pub(super) struct KeyTable {
    /// 0 marks an empty slot (a key of 0 is stored as 1).
    pub(super) slots: Vec<Slot>,
    pub(super) len: usize,
}

#[derive(Clone, Copy, Default)]
pub(super) struct Slot {
    pub(super) key: u64,
    /// A count, or later the term's IDF (as bits).
    pub(super) value: u32,
    pub(super) id: u32,
}

impl KeyTable {
    pub(super) fn with_capacity(capacity: usize) -> KeyTable {
        let size = (capacity * 4 / 3 + 1).next_power_of_two().max(64);
        KeyTable {
            slots: vec![Slot::default(); size],
            len: 0,
        }
    }

    /// The slot holding `key`, or the empty slot where it would go.
    #[inline]
    pub(super) fn slot(&self, key: u64) -> usize {
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
    pub(super) fn add(&mut self, key: u64, count: u32) -> &mut Slot {
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
    pub(super) fn get(&self, key: u64) -> Option<&Slot> {
        let s = &self.slots[self.slot(key.max(1))];
        (s.key != 0).then_some(s)
    }
}

/// The id lists `of(input)`, each sorted and without repeats, and the
/// number of ids (one more than the largest).
pub(super) fn id_lists<'a>(
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
