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
//!   Tokens come from [`TermCounts`], built once per article at load
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
//! tells whether categories can add anything at all). Articles are processed
//! in parallel (rayon), each on its own and in a fixed order of additions, so
//! the result never depends on thread scheduling.
//!
//! Ties are broken by the newer article first, then the lower input index.
//!
//! The pieces, a file each:
//!
//! - `keys`: ids for keys. Term hashes are counted (document frequencies)
//!   and numbered in an open-addressing table; tag and category ids become
//!   sorted per-article lists without repeats.
//! - `weights`: IDFs, the evidence of each tag, and each article's strongest
//!   terms with their normalised TF-IDF weights.
//! - `postings`: the compressed per-article lists all of the above are
//!   stored in, and their parallel reordering into the internal numbering.
//! - `index`: the bounded inverted indexes of terms and tags over those
//!   lists.
//! - `model`: everything above built once (`Model`), then, per article, the
//!   candidates gathered through the indexes and the nearest in time, scored
//!   and pruned against the heap.
//! - `topk`: the per-thread buffers of that loop and the order of candidates
//!   (ties).
//!
//! `serve` rebuilds after every edit, and [`compute_reusing`] takes over
//! from the last rebuild the text model and, after a change of tags alone,
//! every list no changed tag can move ([`stale_lists`]).
//!
//! Not here: which articles take part (the caller passes only published
//! articles) and tokenising (see [`text`]).

mod index;
mod keys;
mod model;
mod postings;
mod topk;
mod weights;

use std::sync::Arc;

use rayon::prelude::*;

use crate::config::RelatedConfig;
use crate::content::terms::TermCounts;
use model::Model;
use topk::{Candidate, Scratch};

pub use keys::key_ids;
pub use weights::TextModel;

/// Terms per article put in the inverted index (its highest TF-IDF weights).
pub const STRONG_TERMS: usize = 16;
/// Strongest terms through which an article looks for candidates.
pub const QUERY_TERMS: usize = 8;
/// Terms on more than this share of the articles are too common to be strong
/// terms (their IDF is below `ln 20 = 3`); they still weigh in the norm.
pub const MAX_DF_SHARE: f32 = 0.05;
/// Longest posting list of a term (the articles where it weighs most).
pub const POSTINGS_CAP: usize = 48;
/// Tags on more articles than this find no candidates.
pub const TAG_POSTINGS_CAP: usize = 256;

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

/// For each input, the indices of its most related other inputs, best first.
pub fn compute(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> Vec<Vec<usize>> {
    run_afresh(inputs, config, |c| c.index as usize)
}

/// Like [`compute`], with each related article's score.
pub fn compute_scored(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
) -> Vec<Vec<(usize, f32)>> {
    run_afresh(inputs, config, |c| (c.index as usize, c.score))
}

/// Every list made anew, with its own text model.
fn run_afresh<T: Send>(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
    item: impl Fn(&Candidate) -> T + Sync,
) -> Vec<Vec<T>> {
    if nothing_to_relate(inputs, config) {
        return empty_lists(inputs);
    }
    let text = TextModel::new(inputs, config);
    run(inputs, config, &text, item, |_| None)
}

/// What a `serve` rebuild may take over from the one before (see
/// [`compute_reusing`]).
pub struct Last<'a> {
    /// The text model the last rebuild made. The caller passes it only when
    /// the inputs' texts are those it was made from, in the same order.
    pub text: Arc<TextModel>,
    /// The last lists, and which of them must be made again
    /// ([`stale_lists`]): given only when, besides tags, nothing changed
    /// (the same articles in the same order, with the same text, dates and
    /// categories, and the same configuration).
    pub lists: Option<(&'a [Vec<usize>], &'a [bool])>,
}

/// [`compute`] for `serve`, which rebuilds after every edit: takes over
/// from `last` what is still valid, and returns the text model for the next
/// rebuild. The lists are those [`compute`] would make: a list is kept only
/// where nothing it depends on changed (see [`stale_lists`]).
pub fn compute_reusing(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
    last: Option<Last<'_>>,
) -> (Vec<Vec<usize>>, Option<Arc<TextModel>>) {
    if nothing_to_relate(inputs, config) {
        return (empty_lists(inputs), None);
    }
    let (text, lists) = match last {
        Some(last) => (last.text, last.lists),
        None => (Arc::new(TextModel::new(inputs, config)), None),
    };
    let keep = |i: usize| match lists {
        Some((lists, stale)) if stale.get(i) == Some(&false) => lists.get(i).cloned(),
        _ => None,
    };
    let related = run(inputs, config, &text, |c| c.index as usize, keep);
    (related, Some(text))
}

/// Which related lists a change of tags alone can move, for `articles`
/// articles that are the same, in the same order and with the same text,
/// dates and categories, as when the last lists were made. `old` and `new`
/// are every tag then and now with the articles carrying it (their
/// indices), sorted by tag.
///
/// A changed tag (added to or taken from some article) has a new document
/// frequency, so a new evidence, and with it a new score for every pair of
/// articles that shares it; an article whose tags changed carries such a
/// tag. Nothing else changes: an article that carries no changed tag kept
/// its tags and shares, with every candidate, the tags it shared before,
/// each as rare as before, and it reaches the same candidates (its tags'
/// posting lists are the same). So the stale lists are those of the
/// articles that carry a changed tag, before or after the change. (Tag ids
/// shift when a tag comes or goes but keep their order, and a score
/// multiplies its tags' evidence in id order: the same floats.)
pub fn stale_lists<K: Ord>(
    articles: usize,
    old: &[(K, &[usize])],
    new: &[(K, &[usize])],
) -> Vec<bool> {
    let mut stale = vec![false; articles];
    let mut mark = |carriers: &[usize]| {
        for &i in carriers {
            if let Some(s) = stale.get_mut(i) {
                *s = true;
            }
        }
    };
    let (mut old, mut new) = (old.iter().peekable(), new.iter().peekable());
    loop {
        match (old.peek(), new.peek()) {
            (Some((a, before)), Some((b, after))) => match a.cmp(b) {
                std::cmp::Ordering::Less => {
                    mark(before);
                    old.next();
                }
                std::cmp::Ordering::Greater => {
                    mark(after);
                    new.next();
                }
                std::cmp::Ordering::Equal => {
                    if before != after {
                        mark(before);
                        mark(after);
                    }
                    old.next();
                    new.next();
                }
            },
            (Some((_, before)), None) => {
                mark(before);
                old.next();
            }
            (None, Some((_, after))) => {
                mark(after);
                new.next();
            }
            (None, None) => return stale,
        }
    }
}

fn nothing_to_relate(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> bool {
    config.count == 0 || inputs.len() < 2
}

fn empty_lists<T>(inputs: &[RelatedInput<'_>]) -> Vec<Vec<T>> {
    inputs.iter().map(|_| Vec::new()).collect()
}

/// The lists of all inputs, `keep(i)` for those it gives (by input index).
fn run<T: Send>(
    inputs: &[RelatedInput<'_>],
    config: &RelatedConfig,
    text: &TextModel,
    item: impl Fn(&Candidate) -> T + Sync,
    keep: impl Fn(usize) -> Option<Vec<T>> + Sync,
) -> Vec<Vec<T>> {
    let n = inputs.len();
    assert!(
        n < u32::MAX as usize,
        "too many articles for the related stage"
    );
    let model = Model::new(inputs, config, text);
    let lists: Vec<Vec<T>> = (0..n)
        .into_par_iter()
        .map_init(
            || Scratch::new(n),
            |scratch, d| {
                if let Some(list) = keep(model.original[d] as usize) {
                    return list;
                }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::terms::term_hash;

    #[derive(Clone)]
    pub(super) struct Doc {
        text: TermCounts,
        tags: Vec<String>,
        cats: Vec<String>,
        ts: i64,
    }

    pub(super) fn doc(words: &str, tags: &[&str], cats: &[&str], ts: i64) -> Doc {
        Doc {
            text: TermCounts::from_hashes(words.split_whitespace().map(term_hash).collect()),
            tags: tags.iter().map(|s| s.to_string()).collect(),
            cats: cats.iter().map(|s| s.to_string()).collect(),
            ts,
        }
    }

    /// `f` of the stage's inputs for `docs`.
    pub(super) fn with_inputs<T>(docs: &[Doc], f: impl FnOnce(&[RelatedInput<'_>]) -> T) -> T {
        let tags = key_ids(&docs.iter().map(|d| &d.tags[..]).collect::<Vec<_>>());
        let cats = key_ids(&docs.iter().map(|d| &d.cats[..]).collect::<Vec<_>>());
        f(&inputs_of(docs, &tags, &cats))
    }

    /// The stage's inputs for `docs`, whose tags and categories have the
    /// ids `tags` and `cats`.
    fn inputs_of<'d>(
        docs: &'d [Doc],
        tags: &'d [Vec<u32>],
        cats: &'d [Vec<u32>],
    ) -> Vec<RelatedInput<'d>> {
        docs.iter()
            .zip(tags.iter().zip(cats))
            .map(|(d, (tags, cats))| RelatedInput {
                text: &d.text,
                tags,
                categories: cats,
                timestamp: d.ts,
            })
            .collect()
    }

    fn run(docs: &[Doc], config: &RelatedConfig) -> Vec<Vec<usize>> {
        with_inputs(docs, |inputs| compute(inputs, config))
    }

    pub(super) fn config(count: usize) -> RelatedConfig {
        RelatedConfig {
            count,
            ..RelatedConfig::default()
        }
    }

    pub(super) const DAY: i64 = 86_400;

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

    /// Every tag with the articles carrying it, sorted by tag, as the site
    /// model's taxonomies give them.
    fn by_tag(lists: &[Vec<String>]) -> Vec<(String, Vec<usize>)> {
        let mut carriers: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
        for (i, tags) in lists.iter().enumerate() {
            for t in tags {
                let list = carriers.entry(t.clone()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        carriers.into_iter().collect()
    }

    fn borrowed(tags: &[(String, Vec<usize>)]) -> Vec<(&str, &[usize])> {
        tags.iter().map(|(t, l)| (t.as_str(), &l[..])).collect()
    }

    /// Ids by sorted key, as the site model numbers terms (by slug): a key
    /// that comes or goes shifts the others' ids but not their order.
    fn sorted_ids(lists: &[Vec<String>]) -> Vec<Vec<u32>> {
        let mut keys: Vec<&String> = lists.iter().flatten().collect();
        keys.sort();
        keys.dedup();
        lists
            .iter()
            .map(|l| {
                l.iter()
                    .map(|k| keys.binary_search(&k).unwrap() as u32)
                    .collect()
            })
            .collect()
    }

    /// Tag and category ids of `docs`, as the site model numbers them.
    fn ids_of(docs: &[Doc]) -> (Vec<Vec<u32>>, Vec<Vec<u32>>) {
        let tags = sorted_ids(&docs.iter().map(|d| d.tags.clone()).collect::<Vec<_>>());
        let cats = sorted_ids(&docs.iter().map(|d| d.cats.clone()).collect::<Vec<_>>());
        (tags, cats)
    }

    #[test]
    fn lists_kept_after_a_tag_edit_are_those_a_full_computation_makes() {
        // Tags of every frequency: rare, shared, and too common to index.
        const { assert!(400 > TAG_POSTINGS_CAP) };
        let docs: Vec<Doc> = (0..400)
            .map(|i| {
                let words = format!("w{} w{} w{} v{} common", i % 7, i % 11, i % 13, i % 29);
                let tag = format!("tags:t{}", i % 9);
                let rare = format!("tags:r{}", i % 150);
                let generic = ["tags:narrow", "tags:wide", "tags:wide", "tags:wide"][i % 4];
                let cats = [&["categories:a"][..], &["categories:b"], &[]][i % 3];
                doc(&words, &[&tag, &rare, generic], cats, (i as i64 % 31) * DAY)
            })
            .collect();
        let config = config(5);
        let (old_tag_ids, old_cat_ids) = ids_of(&docs);
        let old_inputs = inputs_of(&docs, &old_tag_ids, &old_cat_ids);
        let (old_lists, text) = compute_reusing(&old_inputs, &config, None);
        let text = text.expect("a text model");
        type Edit = fn(&mut Vec<String>);
        let edits: [(&str, usize, Edit); 5] = [
            ("a new tag", 5, |t| t.push("tags:brand-new".into())),
            ("a rare tag removed", 7, |t| {
                t.retain(|x| !x.starts_with("tags:r"))
            }),
            ("a shared tag added", 9, |t| t.push("tags:t3".into())),
            ("a common tag removed", 13, |t| {
                t.retain(|x| x != "tags:wide")
            }),
            ("every tag removed", 20, |t| t.clear()),
        ];
        for (what, at, edit) in edits {
            let mut edited = docs.clone();
            edit(&mut edited[at].tags);
            let (tag_ids, cat_ids) = ids_of(&edited);
            let inputs = inputs_of(&edited, &tag_ids, &cat_ids);
            let full = compute(&inputs, &config);
            let old_tags = by_tag(&docs.iter().map(|d| d.tags.clone()).collect::<Vec<_>>());
            let new_tags = by_tag(&edited.iter().map(|d| d.tags.clone()).collect::<Vec<_>>());
            let stale = stale_lists(docs.len(), &borrowed(&old_tags), &borrowed(&new_tags));
            assert!(stale[at], "{what}: the edited article's list is stale");
            let last = Last {
                text: Arc::clone(&text),
                lists: Some((&old_lists, &stale)),
            };
            let (reused, _) = compute_reusing(&inputs, &config, Some(last));
            assert_eq!(reused, full, "{what}");
            if what == "a new tag" {
                let made = stale.iter().filter(|&&s| s).count();
                assert_eq!(made, 1, "a tag no other article has moves one list");
            }
        }
    }

    #[test]
    fn a_changed_tag_makes_the_lists_of_its_articles_stale() {
        let tags = |lists: &[&[&str]]| -> Vec<Vec<String>> {
            lists
                .iter()
                .map(|l| l.iter().map(|s| s.to_string()).collect())
                .collect()
        };
        let stale = |old: &[Vec<String>], new: &[Vec<String>]| {
            stale_lists(5, &borrowed(&by_tag(old)), &borrowed(&by_tag(new)))
        };
        let old = tags(&[&["a", "b"], &["b"], &["c"], &["a"], &[]]);
        // Article 0 drops "a" for "d"; "b" stays as it was.
        let new = tags(&[&["d", "b"], &["b"], &["c"], &["a"], &[]]);
        assert_eq!(stale(&old, &new), vec![true, false, false, true, false]);
        // The same tags in another order and repeated: nothing changed.
        let same = tags(&[&["b", "a", "a"], &["b"], &["c"], &["a"], &[]]);
        assert_eq!(stale(&old, &same), vec![false; 5]);
        // A tag no article had before, and one none has after.
        let moved = tags(&[&["a", "b"], &["b"], &["e"], &["a"], &[]]);
        assert_eq!(stale(&old, &moved), vec![false, false, true, false, false]);
    }
}
