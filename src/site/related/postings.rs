//! Per-article lists stored back to back ([`Csr`]), and the helpers that
//! build and reorder them in parallel chunks.
//!
//! Every per-article list of the related stage (strongest terms, tags,
//! categories) is a [`Csr`], so that one article's list is one slice of one
//! allocation rather than a `Vec` of its own, and the lists of articles
//! numbered next to each other sit next to each other.
//!
//! Not here: what the lists hold (see `weights` and `keys`) and the inverted
//! index, whose per-key postings are built from them (see `index`).

use rayon::prelude::*;

/// Per-article lists stored back to back: `items[offsets[d]..offsets[d + 1]]`.
pub(super) struct Csr<T> {
    pub(super) offsets: Vec<u32>,
    pub(super) items: Vec<T>,
}

impl<T: Copy + Send + Sync> Csr<T> {
    /// Concatenates per-chunk `(lengths, items)` parts.
    pub(super) fn from_parts(parts: Vec<(Vec<u32>, Vec<T>)>) -> Csr<T> {
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
    pub(super) fn permuted(&self, order: &[u32]) -> Csr<T>
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

    pub(super) fn get(&self, d: usize) -> &[T] {
        &self.items[self.offsets[d] as usize..self.offsets[d + 1] as usize]
    }

    pub(super) fn len(&self) -> usize {
        self.offsets.len() - 1
    }
}

/// `items` cut into consecutive runs of the given lengths.
pub(super) fn runs<T>(mut items: &mut [T], lens: impl Iterator<Item = usize>) -> Vec<&mut [T]> {
    lens.map(|len| {
        let (run, rest) = std::mem::take(&mut items).split_at_mut(len);
        items = rest;
        run
    })
    .collect()
}

/// Chunks of about a thread's share of `n` items (at least `min`).
pub(super) fn chunk_size(n: usize, min: usize) -> usize {
    n.div_ceil(rayon::current_num_threads().max(1) * 4).max(min)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
