//! The top-k scratch of the scoring loop: per-thread buffers that gather an
//! article's candidates and their partial scores without clearing a table
//! per article, and the [`Candidate`] order that the bounded heap keeps.
//!
//! Not here: what a candidate scores and which candidates are looked at
//! (see `model`).

use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// A scored candidate; greater is better: higher score, then newer, then
/// lower input index.
#[derive(Clone, Copy)]
pub(super) struct Candidate {
    pub(super) score: f32,
    pub(super) timestamp: i64,
    pub(super) index: u32,
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
pub(super) const EMPTY: f32 = f32::from_bits(0x7fc0_dead);

pub(super) fn is_empty(low: f32) -> bool {
    low.to_bits() == EMPTY.to_bits()
}

/// Per-thread buffers, reused from one article to the next.
pub(super) struct Scratch {
    /// The score so far of each candidate, [`EMPTY`] for the others (and
    /// for all, between articles).
    pub(super) low: Vec<f32>,
    /// The candidates of the current article: the first `len` entries.
    /// Never shortened, so that [`Scratch::reserve`] only grows it for an
    /// article with more candidates than any before (rather than writing
    /// zeros again for every article).
    pub(super) touched: Vec<u32>,
    pub(super) len: usize,
    /// The best `count` candidates so far (a min-heap).
    pub(super) heap: BinaryHeap<Reverse<Candidate>>,
    /// The result for the last article, best first.
    pub(super) best: Vec<Candidate>,
}

impl Scratch {
    pub(super) fn new(n: usize) -> Scratch {
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
    pub(super) fn reserve(&mut self, more: usize) {
        if self.touched.len() < self.len + more {
            self.touched.resize(self.len + more, 0);
        }
    }

    /// Appends `e` to the candidates if `new`, without a branch (after
    /// [`Scratch::reserve`]).
    #[inline]
    pub(super) fn push_if(&mut self, e: u32, new: bool) {
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
    pub(super) fn scatter(
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
