//! The inverted index: for each key (a term or a tag), the articles that
//! carry it with their weights, bounded to the heaviest few.
//!
//! Not here: which entries of an article are indexed and with what weight
//! (see `weights`), and how postings become candidates (see `model`).

use rayon::prelude::*;

use super::postings::{Csr, runs};
use super::weights::by_weight;

/// An inverted index: `postings[starts[k]..ends[k]]`, `(article, weight)`.
pub(super) struct Index {
    starts: Vec<u32>,
    ends: Vec<u32>,
    postings: Vec<(u32, f32)>,
}

impl Index {
    /// Indexes the first `per_article` entries of each article's list of
    /// `(key, weight)`, keeping at most `cap` postings per key: those of
    /// highest weight (then lowest article). With `drop_over_cap`, keys over
    /// the cap get no postings at all.
    pub(super) fn build(
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

    pub(super) fn get(&self, key: u32) -> &[(u32, f32)] {
        let k = key as usize;
        &self.postings[self.starts[k] as usize..self.ends[k] as usize]
    }

    pub(super) fn has_postings(&self, key: u32) -> bool {
        let k = key as usize;
        self.starts[k] != self.ends[k]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
