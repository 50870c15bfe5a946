//! Site search (issue 28): a static index that the browser reads in pieces,
//! written through the same jobs as every other output file.
//!
//! Files, under `/search/` (see docs/search.md for the format):
//! - `meta.json`: counts, the shard and chunk sizes, and the filter lists;
//! - `t/N.json`: term shard N, every token whose hash falls in it, with its
//!   postings (document ids and weights). A query fetches one shard per word;
//! - `d/N.json`: document chunk N, the result cards (URL, title, date,
//!   section, opening text for the snippet) of [`Layout::chunk`] documents.
//!
//! The index is made from what the build holds (titles, rendered bodies,
//! terms), never from written HTML. Drafts, scheduled and expired articles
//! and redirect pages are not in it. Document ids are stable under the
//! usual edits: pages first, then articles oldest first, so a new article
//! takes the next id and an edit keeps its own. Each shard and chunk has a
//! fingerprint made from its documents' own hashes, so a rebuild rewrites
//! only the files an edit touches, and [`Cache`] keeps every document's
//! tokens between `serve` rebuilds, so an edit tokenises one article again.

pub mod tokenize;

use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;

use crate::content::Article;
use crate::site::{Section, Site};
use tokenize::Mode;

/// Where the index and the search page live.
pub const SEARCH_PATH: &str = "/search/";
/// The OpenSearch description.
pub const OPENSEARCH_FILE: &str = "opensearch.xml";
/// Format version, in `meta.json`: the script refuses other versions.
const VERSION: u32 = 2;
/// Characters of each document's opening text kept for snippets.
pub const EXCERPT_CHARS: usize = 160;
/// Filter entries listed per taxonomy in `meta.json` (the most used).
const FILTER_LIMIT: usize = 100;
/// Body occurrences from which a token weighs more.
const FREQUENT: u32 = 3;

/// How the index is cut, from the number of documents: about 40 documents'
/// postings per term shard (at most 1,024 shards), and chunks of at least 8
/// documents, more past 24,000 documents so that there are at most 3,000
/// chunks. Together at most ~4,000 files, whatever the size of the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Layout {
    pub shards: usize,
    pub chunk: usize,
}

impl Layout {
    pub fn for_docs(docs: usize) -> Layout {
        Layout {
            shards: docs.div_ceil(40).next_power_of_two().clamp(8, 1024),
            chunk: docs.div_ceil(3000).max(8),
        }
    }

    pub fn chunks(&self, docs: usize) -> usize {
        docs.div_ceil(self.chunk)
    }
}

/// The shard of a token: FNV-1a (32 bits) of its UTF-8 bytes, modulo the
/// shard count (a power of two). search.js computes the same.
pub fn shard_of(token: &str, shards: usize) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in token.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize & (shards - 1)
}

/// One document's tokens, grouped by shard, with their weights; compact
/// (8 bytes per token besides the text), since a build holds every
/// document's until the shards are written: 100,000 articles hold 30
/// million. Its shares of the shard fingerprints are hashed when asked for
/// (once a build, and for the documents an edit changed in `serve`)
/// rather than kept: at 1,024 shards nearly every token is a shard of its
/// own, and keeping them doubled the index's memory.
#[derive(Debug)]
pub struct DocTokens {
    /// Every distinct token, concatenated in the order of `entries`: token
    /// `k` ends where token `k + 1` starts.
    text: String,
    /// Sorted by shard.
    entries: Vec<Entry>,
    /// The opening of the body as plain text, for the snippet.
    excerpt: String,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    start: u32,
    /// Below [`Layout::for_docs`]' 1,024.
    shard: u16,
    weight: u8,
}

/// A distinct token of a document being tokenised: where it is in the
/// text buffer, and what counts for its weight.
struct Seen {
    start: u32,
    len: u32,
    hash: u64,
    in_title: bool,
    count: u32,
}

/// The distinct tokens of one document, interned into one string: no
/// allocation per token (a 10,000-article build meets 3 million distinct
/// (document, token) pairs).
#[derive(Default)]
struct Interner {
    text: String,
    table: hashbrown::HashTable<Seen>,
}

impl Interner {
    fn seen(&mut self, token: &str) -> &mut Seen {
        let hash = rustc_hash::FxBuildHasher.hash_one(token);
        let text = &mut self.text;
        self.table
            .entry(
                hash,
                |s| &text[s.start as usize..(s.start + s.len) as usize] == token,
                |s| s.hash,
            )
            .or_insert_with(|| {
                let start = text.len() as u32;
                text.push_str(token);
                Seen {
                    start,
                    len: token.len() as u32,
                    hash,
                    in_title: false,
                    count: 0,
                }
            })
            .into_mut()
    }
}

impl DocTokens {
    fn token(&self, k: usize) -> &str {
        let end = self
            .entries
            .get(k + 1)
            .map_or(self.text.len(), |e| e.start as usize);
        &self.text[self.entries[k].start as usize..end]
    }

    /// The indices in `entries` of shard `s`'s tokens.
    fn in_shard(&self, s: usize) -> std::ops::Range<usize> {
        let from = self.entries.partition_point(|e| usize::from(e.shard) < s);
        let to = self.entries.partition_point(|e| usize::from(e.shard) <= s);
        from..to
    }

    /// Each shard this document has tokens in.
    fn shards(&self) -> impl Iterator<Item = usize> + '_ {
        self.entries
            .chunk_by(|a, b| a.shard == b.shard)
            .map(|group| usize::from(group[0].shard))
    }

    /// Each shard this document has tokens in, with its share of the
    /// shard's fingerprint: a sum over its tokens and weights, the same in
    /// any order.
    fn shares(&self) -> impl Iterator<Item = (usize, u64)> + '_ {
        let mut k = 0;
        self.shards().map(move |s| {
            let mut sum = 0u64;
            while self
                .entries
                .get(k)
                .is_some_and(|e| usize::from(e.shard) == s)
            {
                let weight = u64::from(self.entries[k].weight);
                let h = xxhash_rust::xxh3::xxh3_64_with_seed(self.token(k).as_bytes(), weight);
                sum = sum.wrapping_add(mix(h));
                k += 1;
            }
            (s, sum)
        })
    }

    /// Tokenises a document: title words weigh 2, a body word found
    /// [`FREQUENT`] times or more 1 (added); `filters` are whole tokens.
    fn make(title: &str, body: &str, filters: &[String], layout: Layout) -> DocTokens {
        let mut seen = Interner::default();
        seen.text.reserve(body.len() / 3);
        tokenize::tokens(title, Mode::Index, &mut |t| seen.seen(t).in_title = true);
        tokenize::tokens(body, Mode::Index, &mut |t| seen.seen(t).count += 1);
        for f in filters {
            seen.seen(f);
        }
        let interned = seen.text;
        let mut found: Vec<(u16, &str, u8)> = seen
            .table
            .into_iter()
            .map(|s| {
                let token = &interned[s.start as usize..(s.start + s.len) as usize];
                let weight = (u8::from(s.in_title) << 1) | u8::from(s.count >= FREQUENT);
                (shard_of(token, layout.shards) as u16, token, weight)
            })
            .collect();
        // Grouped by shard only (an integer sort): the shard files sort
        // their tokens themselves, and each shard's hash is a sum over its
        // tokens, the same in any order.
        found.sort_unstable_by_key(|t| t.0);
        let mut text = String::with_capacity(interned.len());
        let mut entries = Vec::with_capacity(found.len());
        for &(shard, token, weight) in &found {
            entries.push(Entry {
                start: text.len() as u32,
                shard,
                weight,
            });
            text.push_str(token);
        }
        DocTokens {
            text,
            entries,
            excerpt: excerpt(body, EXCERPT_CHARS),
        }
    }
}

/// 2^64 / golden ratio, to spread ids before [`mix`].
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's finaliser: a cheap, well-spread 64-bit mix, so that a
/// shard's fingerprint (an XOR over its documents) needs no hasher per
/// (document, shard): 1.7 million of them at 10,000 articles.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn hasher() -> impl Hasher {
    xxhash_rust::xxh3::Xxh3::new()
}

/// One indexed article or page: its result card, filter tokens and search
/// tokens, and the key of everything they are made from.
#[derive(Debug)]
struct Document {
    key: u64,
    card: Card,
    filters: Vec<String>,
    tokens: DocTokens,
}

impl Document {
    /// Adds this document's share to (or, XOR being its own inverse, takes
    /// it from) the shard fingerprints, as document `id`.
    fn toggle(&self, id: usize, shard_fingerprints: &mut [u64]) {
        for (s, h) in self.tokens.shares() {
            shard_fingerprints[s] ^= mix(h ^ (id as u64).wrapping_mul(GOLDEN));
        }
    }
}

/// The previous build's index, kept by `serve` from one rebuild to the
/// next ([`Cache::across_rebuilds`]): an edit makes one document again, and
/// updates the fingerprints and filter counts by what that document changed
/// instead of going over all of them. A build's cache (the default) keeps
/// nothing, so that the index's memory is freed once its files are written.
#[derive(Default)]
pub struct Cache {
    previous: Mutex<Option<Previous>>,
    keeps: bool,
}

struct Previous {
    layout: Layout,
    docs: Vec<Arc<Document>>,
    shard_fingerprints: Vec<u64>,
    chunk_fingerprints: Vec<u64>,
    filter_counts: FxHashMap<String, usize>,
}

impl Cache {
    /// A cache that keeps each build's index for the next.
    pub fn across_rebuilds() -> Cache {
        Cache {
            keeps: true,
            ..Cache::default()
        }
    }

    fn take(&self) -> Option<Previous> {
        self.previous
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
    }

    /// Keeps what `previous` makes, if this cache keeps anything (a
    /// build's makes nothing).
    fn keep(&self, previous: impl FnOnce() -> Previous) {
        if !self.keeps {
            return;
        }
        *self.previous.lock().unwrap_or_else(|e| e.into_inner()) = Some(previous());
    }
}

/// One result card, as `d/N.json` holds it.
#[derive(Debug, Clone, Hash)]
struct Card {
    url: String,
    title: String,
    /// `YYYY-MM-DD`, empty for pages.
    date: String,
    section: String,
}

/// A filter value: token, display name, documents.
type Filter = (String, String, usize);

/// The whole index of a build: documents in id order with their tokens,
/// and the fingerprints of shards and chunks.
pub struct Index {
    pub layout: Layout,
    docs: Vec<Arc<Document>>,
    shard_fingerprints: Vec<u64>,
    chunk_fingerprints: Vec<u64>,
    filters: BTreeMap<&'static str, Vec<Filter>>,
    /// The documents with tokens in each shard, when every shard is likely
    /// to be written (a build without a previous index): shard `s` holds
    /// `ids[starts[s]..starts[s + 1]]`. Without it, a shard looks through
    /// every document (a `serve` rebuild writes two or three shards).
    shard_docs: Option<ShardDocs>,
}

struct ShardDocs {
    starts: Vec<u32>,
    ids: Vec<u32>,
}

/// An article or page of this build that the index holds, before its
/// document is made (or found in the cache).
struct Source<'a> {
    article: &'a Article,
    /// Its index in `site.articles`; none for pages.
    index: Option<usize>,
    section: Option<&'a Section>,
}

/// What every document is made with, besides its own source.
struct Context<'a> {
    site: &'a Site,
    base: &'a str,
    /// The authors and tags taxonomies, with their filter prefixes.
    taxonomies: [(Option<usize>, &'static str); 2],
    layout: Layout,
}

impl Source<'_> {
    /// A hash of everything its [`Document`] is made from: the source (its
    /// hash covers the text, and the templates when it calls a shortcode),
    /// title, address, date, section and terms, and the layout. Cheap
    /// (no formatting), since `serve` computes it for every document.
    fn key(&self, cx: &Context<'_>) -> u64 {
        let a = self.article;
        let mut h = hasher();
        (a.source_hash, a.body.len(), &a.title, &a.path).hash(&mut h);
        (cx.base, cx.layout, self.index.is_some()).hash(&mut h);
        if let Some(i) = self.index {
            a.date.as_ref().map(|d| d.date()).hash(&mut h);
            self.section.map(|s| (&s.slug, &s.name)).hash(&mut h);
            for (t, prefix) in cx.taxonomies {
                for term in t.into_iter().flat_map(|t| cx.site.terms_of(t, i)) {
                    (prefix, &term.slug).hash(&mut h);
                }
            }
        }
        h.finish()
    }

    fn document(&self, key: u64, cx: &Context<'_>) -> Document {
        let a = self.article;
        let mut filters = Vec::new();
        let mut date = String::new();
        if let Some(i) = self.index {
            if let Some(s) = self.section {
                filters.push(format!("s:{}", s.slug));
            }
            for (t, prefix) in cx.taxonomies {
                for term in t.into_iter().flat_map(|t| cx.site.terms_of(t, i)) {
                    filters.push(format!("{prefix}{}", term.slug));
                }
            }
            if let Some(d) = &a.date {
                date = d.strftime("%Y-%m-%d").to_string();
                filters.push(format!("y:{}", &date[..4]));
            }
        }
        let body = plain_text(&a.body.html());
        let tokens = DocTokens::make(&a.title, &body, &filters, cx.layout);
        Document {
            key,
            card: Card {
                url: format!("{}{}", cx.base, a.path),
                title: a.title.clone(),
                date,
                section: self.section.map(|s| s.name.clone()).unwrap_or_default(),
            },
            filters,
            tokens,
        }
    }
}

impl Index {
    /// Indexes the site's published articles and pages. Documents of the
    /// previous build in `cache` that are made from the same things are
    /// taken as they are, and the fingerprints and filter counts updated by
    /// the documents that changed; the result is the same, byte for byte,
    /// as indexing the whole site afresh.
    pub fn build(site: &Site, now: jiff::Timestamp, cache: &Cache) -> Index {
        let sources = sources(site, now);
        let layout = Layout::for_docs(sources.len());
        let base = site.config.base_path();
        let taxonomy = |kind: &str| site.taxonomy(kind).map(|(t, _)| t);
        let cx = Context {
            site,
            base,
            taxonomies: [(taxonomy("authors"), "a:"), (taxonomy("tags"), "t:")],
            layout,
        };
        let previous = cache.take().filter(|p| p.layout == layout);
        let keys: Vec<u64> = sources.par_iter().map(|s| s.key(&cx)).collect();
        let mut kept: Vec<Option<Arc<Document>>> = keys
            .iter()
            .enumerate()
            .map(|(id, key)| {
                let old = previous.as_ref()?.docs.get(id)?;
                (old.key == *key).then(|| Arc::clone(old))
            })
            .collect();
        // A document that moved (an article added or removed before it).
        if let Some(p) = previous
            .as_ref()
            .filter(|_| kept.iter().any(Option::is_none))
        {
            let by_key: FxHashMap<u64, &Arc<Document>> =
                p.docs.iter().map(|d| (d.key, d)).collect();
            for (slot, key) in kept.iter_mut().zip(&keys) {
                if slot.is_none() {
                    *slot = by_key.get(key).map(|d| Arc::clone(d));
                }
            }
        }
        let docs: Vec<Arc<Document>> = sources
            .par_iter()
            .zip(kept)
            .zip(&keys)
            .map(|((source, kept), &key)| {
                kept.unwrap_or_else(|| Arc::new(source.document(key, &cx)))
            })
            .collect();

        let (shard_fingerprints, chunk_fingerprints, filter_counts, shard_docs) = match previous {
            Some(p) => {
                let (shards, chunks, counts) = update(p, &docs, layout);
                (shards, chunks, counts, None)
            }
            None => {
                let (shards, counts, shard_docs) = from_scratch(&docs, layout);
                let chunks = (0..layout.chunks(docs.len()))
                    .map(|c| chunk_fingerprint(&docs, layout, c))
                    .collect();
                (shards, chunks, counts, Some(shard_docs))
            }
        };
        let filters = filter_lists(site, &filter_counts);
        cache.keep(|| Previous {
            layout,
            docs: docs.clone(),
            shard_fingerprints: shard_fingerprints.clone(),
            chunk_fingerprints: chunk_fingerprints.clone(),
            filter_counts,
        });
        Index {
            layout,
            docs,
            shard_fingerprints,
            chunk_fingerprints,
            filters,
            shard_docs,
        }
    }

    pub fn docs(&self) -> usize {
        self.docs.len()
    }

    pub fn chunks(&self) -> usize {
        self.layout.chunks(self.docs.len())
    }

    pub fn shard_fingerprint(&self, s: usize) -> u64 {
        self.shard_fingerprints[s]
    }

    pub fn chunk_fingerprint(&self, c: usize) -> u64 {
        self.chunk_fingerprints[c]
    }

    /// `t/S.json`: `{token: postings}`, tokens sorted, see
    /// [`write_postings`].
    pub fn shard_json(&self, s: usize) -> Vec<u8> {
        // (token, id, weight), ids ascending; a stable sort by token keeps
        // each token's ids in order.
        let mut items: Vec<(&str, u32, u8)> = Vec::new();
        let mut add = |id: usize| {
            let doc = &self.docs[id].tokens;
            items.extend(
                doc.in_shard(s)
                    .map(|k| (doc.token(k), id as u32, doc.entries[k].weight)),
            );
        };
        match &self.shard_docs {
            Some(sd) => {
                let ids = &sd.ids[sd.starts[s] as usize..sd.starts[s + 1] as usize];
                ids.iter().for_each(|&id| add(id as usize));
            }
            None => (0..self.docs.len()).for_each(add),
        }
        items.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = String::with_capacity(64 + items.len() * 4);
        out.push('{');
        let mut postings = Vec::new();
        for (k, group) in items.chunk_by(|a, b| a.0 == b.0).enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_json_str(&mut out, group[0].0);
            out.push(':');
            postings.clear();
            postings.extend(group.iter().map(|&(_, id, w)| (id as usize, w)));
            write_postings(&postings, self.docs.len(), &mut out);
        }
        out.push_str("}\n");
        out.into_bytes()
    }

    /// `d/C.json`: `[[url, title, date, section, excerpt], ...]` for the
    /// chunk's documents in id order.
    pub fn chunk_json(&self, c: usize) -> Vec<u8> {
        let mut out = String::with_capacity(self.layout.chunk * 480);
        out.push('[');
        for id in chunk_range(self.layout, self.docs.len(), c) {
            if out.len() > 1 {
                out.push(',');
            }
            let doc = &self.docs[id];
            let card = &doc.card;
            for (k, field) in [
                &card.url,
                &card.title,
                &card.date,
                &card.section,
                &doc.tokens.excerpt,
            ]
            .into_iter()
            .enumerate()
            {
                out.push(if k == 0 { '[' } else { ',' });
                push_json_str(&mut out, field);
            }
            out.push(']');
        }
        out.push_str("]\n");
        out.into_bytes()
    }

    /// `meta.json`: what the script needs before its first shard.
    pub fn meta_json(&self) -> Vec<u8> {
        let meta = json!({
            "version": VERSION,
            "docs": self.docs.len(),
            "shards": self.layout.shards,
            "chunk": self.layout.chunk,
            "filters": self.filters,
        });
        json_bytes(&meta)
    }
}

/// Shard fingerprints, filter counts and the documents of each shard, from
/// every document.
fn from_scratch(
    docs: &[Arc<Document>],
    layout: Layout,
) -> (Vec<u64>, FxHashMap<String, usize>, ShardDocs) {
    let mut shards = vec![0u64; layout.shards];
    let mut counts: FxHashMap<String, usize> = FxHashMap::default();
    let mut starts = vec![0u32; layout.shards + 1];
    for (id, doc) in docs.iter().enumerate() {
        doc.toggle(id, &mut shards);
        for s in doc.tokens.shards() {
            starts[s + 1] += 1;
        }
        for f in &doc.filters {
            *counts.entry(f.clone()).or_default() += 1;
        }
    }
    for s in 0..layout.shards {
        starts[s + 1] += starts[s];
    }
    let mut next = starts.clone();
    let mut ids = vec![0u32; starts[layout.shards] as usize];
    for (id, doc) in docs.iter().enumerate() {
        for s in doc.tokens.shards() {
            ids[next[s] as usize] = id as u32;
            next[s] += 1;
        }
    }
    (shards, counts, ShardDocs { starts, ids })
}

/// The previous build's fingerprints and filter counts, changed by the
/// documents that are not the same at the same id: their old share out,
/// their new share in (shard fingerprints are XORs, counts are sums, and
/// chunks are hashed again), which gives what [`from_scratch`] would.
fn update(
    p: Previous,
    docs: &[Arc<Document>],
    layout: Layout,
) -> (Vec<u64>, Vec<u64>, FxHashMap<String, usize>) {
    let Previous {
        docs: old,
        mut shard_fingerprints,
        mut chunk_fingerprints,
        filter_counts: mut counts,
        ..
    } = p;
    let chunks = layout.chunks(docs.len());
    let mut dirty = vec![false; chunks];
    // Chunks that did not exist, or changed length, are hashed again.
    let unchanged = chunk_fingerprints.len().min(chunks).saturating_sub(1);
    dirty[unchanged..].fill(true);
    chunk_fingerprints.resize(chunks, 0);
    for id in 0..docs.len().max(old.len()) {
        let (before, after) = (old.get(id), docs.get(id));
        if let (Some(b), Some(a)) = (before, after)
            && Arc::ptr_eq(b, a)
        {
            continue;
        }
        if let Some(b) = before {
            b.toggle(id, &mut shard_fingerprints);
            for f in &b.filters {
                if let Some(n) = counts.get_mut(f.as_str()) {
                    *n -= 1;
                    if *n == 0 {
                        counts.remove(f.as_str());
                    }
                }
            }
        }
        if let Some(a) = after {
            a.toggle(id, &mut shard_fingerprints);
            for f in &a.filters {
                *counts.entry(f.clone()).or_default() += 1;
            }
            dirty[id / layout.chunk] = true;
        }
    }
    for (c, fp) in chunk_fingerprints.iter_mut().enumerate() {
        if dirty[c] {
            *fp = chunk_fingerprint(docs, layout, c);
        }
    }
    (shard_fingerprints, chunk_fingerprints, counts)
}

fn chunk_fingerprint(docs: &[Arc<Document>], layout: Layout, c: usize) -> u64 {
    let mut h = hasher();
    for id in chunk_range(layout, docs.len(), c) {
        (&docs[id].card, &docs[id].tokens.excerpt).hash(&mut h);
    }
    h.finish()
}

/// `s` as a JSON string, with `<`, `>` and `&` escaped as
/// [`super::meta::script_safe_json`] does: written straight into `out`,
/// since the index writes every token and card through here.
fn push_json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..0x20 => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escaped.is_empty() {
            out.push_str(&format!("\\u{b:04x}"));
        } else {
            out.push_str(escaped);
        }
        plain = i + 1;
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// `value` as one line of JSON with `<`, `>` and `&` written as `\u003c`,
/// `\u003e`, `\u0026` (the same strings to a JSON reader): a title like
/// `</title><script>` is data for the script, and never markup anywhere,
/// even pasted into a page.
fn json_bytes(value: &serde_json::Value) -> Vec<u8> {
    let mut text = super::meta::script_safe_json(value);
    text.push('\n');
    text.into_bytes()
}

/// One token's postings (ids ascending, with their weights), written in
/// the shorter of two forms: a JSON array of `(id - previous id) * 4 +
/// weight` (`[2,5,4]`), or, for a word many documents have, a base64
/// string of a bitmap of all `docs` ids (one bit each, id 0 in the high bit
/// of the first byte; `docs.div_ceil(8)` bytes) followed by the weights of
/// the ids present, two bits each in id order (four to a byte, the first in
/// the high bits). A word in 74% of the documents then costs 0.41 bytes
/// per document, where the array would cost 2.
fn write_postings(postings: &[(usize, u8)], docs: usize, out: &mut String) {
    let mut sparse_len = 2;
    let mut last = 0;
    for &(id, w) in postings {
        sparse_len += decimal_len(((id - last) << 2) | usize::from(w)) + 1;
        last = id;
    }
    let bitmap = docs.div_ceil(8);
    let dense_bytes = bitmap + postings.len().div_ceil(4);
    if dense_bytes.div_ceil(3) * 4 + 2 < sparse_len {
        let mut bytes = vec![0u8; dense_bytes];
        for (k, &(id, weight)) in postings.iter().enumerate() {
            bytes[id / 8] |= 0x80 >> (id % 8);
            bytes[bitmap + k / 4] |= weight << (6 - 2 * (k % 4));
        }
        out.push('"');
        base64::engine::general_purpose::STANDARD.encode_string(&bytes, out);
        out.push('"');
    } else {
        let mut number = itoa::Buffer::new();
        let mut last = 0;
        for (i, &(id, w)) in postings.iter().enumerate() {
            out.push(if i == 0 { '[' } else { ',' });
            out.push_str(number.format(((id - last) << 2) | usize::from(w)));
            last = id;
        }
        if postings.is_empty() {
            out.push('[');
        }
        out.push(']');
    }
}

fn decimal_len(n: usize) -> usize {
    n.checked_ilog10().unwrap_or(0) as usize + 1
}

fn chunk_range(layout: Layout, docs: usize, c: usize) -> std::ops::Range<usize> {
    c * layout.chunk..((c + 1) * layout.chunk).min(docs)
}

/// Whether an article that the build renders belongs in the index: not a
/// draft, not scheduled, not expired (a `--drafts` or `--future` preview
/// shows them, but search never finds them).
fn searchable(a: &Article, now: jiff::Timestamp) -> bool {
    !a.draft
        && a.date.as_ref().is_none_or(|d| d.timestamp() <= now)
        && a.expires.as_ref().is_none_or(|e| e.timestamp() > now)
}

/// How many documents the index holds, without making it (for the plan).
pub fn document_count(site: &Site, now: jiff::Timestamp) -> usize {
    site.pages
        .iter()
        .chain(&site.articles)
        .filter(|a| searchable(a, now))
        .count()
}

/// The documents in id order: pages, then articles oldest first.
fn sources(site: &Site, now: jiff::Timestamp) -> Vec<Source<'_>> {
    let pages = site
        .pages
        .iter()
        .filter(|p| searchable(p, now))
        .map(|p| Source {
            article: p,
            index: None,
            section: None,
        });
    let articles = (0..site.articles.len()).rev().filter_map(|i| {
        let a = &site.articles[i];
        searchable(a, now).then(|| Source {
            article: a,
            index: Some(i),
            section: a
                .section
                .as_ref()
                .and_then(|s| site.sections.iter().find(|x| &x.slug == s)),
        })
    });
    pages.chain(articles).collect()
}

/// The filter lists of `meta.json`: every section and year, and the
/// [`FILTER_LIMIT`] most used authors and tags, each with its token and
/// number of indexed documents (`counts`, by filter token).
fn filter_lists(
    site: &Site,
    counts: &FxHashMap<String, usize>,
) -> BTreeMap<&'static str, Vec<Filter>> {
    // A filter with the documents it matches; none when it matches none.
    let filter = |token: String, name: &str| -> Option<Filter> {
        let n = counts.get(&token).copied().unwrap_or(0);
        (n > 0).then(|| (token, name.to_string(), n))
    };
    let mut lists = BTreeMap::new();
    let sections: Vec<Filter> = site
        .sections
        .iter()
        .filter_map(|s| filter(format!("s:{}", s.slug), &s.name))
        .collect();
    lists.insert("section", sections);
    for (kind, prefix, name) in [("authors", "a:", "author"), ("tags", "t:", "tag")] {
        let mut list: Vec<Filter> = site
            .taxonomy(kind)
            .map(|(_, tax)| {
                tax.terms
                    .iter()
                    .filter_map(|term| filter(format!("{prefix}{}", term.slug), &term.name))
                    .collect()
            })
            .unwrap_or_default();
        list.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        list.truncate(FILTER_LIMIT);
        list.sort_by_key(|f| f.1.to_lowercase());
        lists.insert(name, list);
    }
    let mut years: Vec<Filter> = counts
        .iter()
        .filter_map(|(t, n)| Some((t.to_string(), t.strip_prefix("y:")?.to_string(), *n)))
        .collect();
    years.sort_by(|a, b| b.1.cmp(&a.1));
    lists.insert("year", years);
    lists
}

/// The text of rendered HTML: tags dropped (block tags leave a space),
/// `<script>`/`<style>` contents dropped, the common entities decoded.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_into(&rest[..lt], &mut out);
        let tag_end = rest[lt..].find('>').map_or(rest.len(), |e| lt + e + 1);
        let tag = &rest[lt + 1..tag_end.saturating_sub(1).max(lt + 1)];
        let closing = tag.starts_with('/');
        let name = tag.trim_start_matches('/');
        let name = &name[..name.bytes().take_while(u8::is_ascii_alphanumeric).count()];
        rest = &rest[tag_end..];
        if !closing && (name.eq_ignore_ascii_case("script") || name.eq_ignore_ascii_case("style")) {
            let close = format!("</{}", name.to_ascii_lowercase());
            rest = rest
                .to_ascii_lowercase()
                .find(&close)
                .map_or("", |i| &rest[i..]);
            continue;
        }
        const INLINE: &[&str] = &[
            "a", "abbr", "b", "bdi", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd",
            "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
            "wbr",
        ];
        if !INLINE.iter().any(|i| i.eq_ignore_ascii_case(name)) {
            out.push(' ');
        }
    }
    decode_into(rest, &mut out);
    out
}

fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[..rest.len().min(12)].find(';');
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

/// The first `max` characters of `text` with whitespace collapsed, cut at a
/// word boundary, with `…` when cut.
fn excerpt(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(max + 4);
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > max {
            if chars == 0 {
                out.extend(word.chars().take(max));
            }
            out.push('…');
            return out;
        }
        if chars > 0 {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}

/// `/opensearch.xml`: the search page as a browser search engine.
/// `description` is the search form's label in the site's language.
pub fn opensearch(site: &Site, description: &str) -> Vec<u8> {
    let c = &site.config;
    let esc = crate::content::escape_html;
    let short: String = c.title.chars().take(16).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n\
         <ShortName>{}</ShortName>\n<Description>{}</Description>\n\
         <InputEncoding>UTF-8</InputEncoding>\n\
         <Url type=\"text/html\" method=\"get\" template=\"{}?q={{searchTerms}}\"/>\n\
         <Image height=\"16\" width=\"16\" type=\"image/svg+xml\">{}</Image>\n\
         </OpenSearchDescription>\n",
        esc(&short),
        esc(description),
        esc(&c.absolute(SEARCH_PATH)),
        esc(&format!("{}/favicon.svg", c.edition.site_url)),
    )
    .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_stays_under_the_file_budget() {
        for docs in [0, 1, 50, 10_000, 100_000, 1_000_000] {
            let l = Layout::for_docs(docs);
            assert!(l.shards.is_power_of_two());
            if docs <= 100_000 {
                assert!(l.shards + l.chunks(docs) <= 4_100, "{docs}: {l:?}");
            }
        }
        assert_eq!(Layout::for_docs(10_000).shards, 256);
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        let html = "<p>Tom &amp; Jerry<em>!</em></p><script>var x = '<p>';</script><h2>Next&#x21;&nbsp;Up</h2>";
        assert_eq!(
            plain_text(html).split_whitespace().collect::<Vec<_>>(),
            ["Tom", "&", "Jerry!", "Next!", "Up"]
        );
        assert_eq!(plain_text("a &bogus b & c"), "a &bogus b & c");
    }

    #[test]
    fn dense_postings_are_a_bitmap_and_two_bit_weights() {
        let mut out = String::new();
        // ids 0 (weight 2), 1 (0), 2 (1), 3 (0), 4 (0), 5 (0) of 6.
        let postings = [(0, 2), (1, 0), (2, 1), (3, 0), (4, 0), (5, 0)];
        write_postings(&postings, 6, &mut out);
        // Bitmap 1111_1100; weights 10 00 01 00 | 00 00 (padding).
        assert_eq!(out, "\"/IQA\"");
        assert_eq!(
            decode_postings(&serde_json::Value::from(out.trim_matches('"')), 6),
            [(0, 2), (1, 0), (2, 1), (3, 0), (4, 0), (5, 0)]
        );
        let mut out = String::new();
        write_postings(&[(10, 0), (110, 0)], 200, &mut out);
        assert_eq!(out, "[40,400]");
    }

    #[test]
    fn json_files_carry_no_markup() {
        let v = json!(["</title><script>a && b</script>"]);
        let bytes = json_bytes(&v);
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(!text.contains('<') && !text.contains('&'), "{text}");
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap(),
            v
        );
    }

    #[test]
    fn excerpts_cut_at_words() {
        assert_eq!(excerpt("one  two\nthree", 9), "one two…");
        assert_eq!(excerpt("one two", 20), "one two");
    }

    #[test]
    fn postings_are_delta_coded_with_weights() {
        let layout = Layout::for_docs(3);
        let doc = |title: &str, body: &str, filters: &[String]| {
            Arc::new(Document {
                key: 0,
                card: Card {
                    url: String::new(),
                    title: String::new(),
                    date: String::new(),
                    section: String::new(),
                },
                filters: filters.to_vec(),
                tokens: DocTokens::make(title, body, filters, layout),
            })
        };
        let docs = vec![
            doc("Harbour", "quiet day", &[]),
            doc("Other", "harbour harbour harbour", &["s:world".into()]),
            doc("Third", "harbour", &[]),
        ];
        let (shard_fingerprints, _, shard_docs) = from_scratch(&docs, layout);
        let mut index = Index {
            layout,
            docs,
            shard_fingerprints,
            chunk_fingerprints: vec![],
            filters: BTreeMap::new(),
            shard_docs: Some(shard_docs),
        };
        for with_shard_lists in [true, false] {
            if !with_shard_lists {
                index.shard_docs = None;
            }
            let decode = |token: &str| -> Vec<(usize, usize)> {
                let shard: serde_json::Value =
                    serde_json::from_slice(&index.shard_json(shard_of(token, layout.shards)))
                        .unwrap();
                decode_postings(&shard[token], 3)
            };
            // id 0 in the title (2), id 1 three times (1), id 2 once (0).
            assert_eq!(decode("harbour"), [(0, 2), (1, 1), (2, 0)]);
            assert_eq!(decode("s:world"), [(1, 0)]);
        }
    }

    /// Reads both forms of [`write_postings`], as search.js does.
    fn decode_postings(v: &serde_json::Value, docs: usize) -> Vec<(usize, usize)> {
        if let Some(dense) = v.as_str() {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(dense)
                .unwrap();
            let bitmap = docs.div_ceil(8);
            let mut k = 0;
            (0..docs)
                .filter(|id| bytes[id / 8] & (0x80 >> (id % 8)) != 0)
                .map(|id| {
                    let w = (bytes[bitmap + k / 4] >> (6 - 2 * (k % 4))) & 3;
                    k += 1;
                    (id, usize::from(w))
                })
                .collect()
        } else {
            let mut id = 0;
            v.as_array()
                .unwrap()
                .iter()
                .map(|p| {
                    let p = p.as_u64().unwrap() as usize;
                    id += p >> 2;
                    (id, p & 3)
                })
                .collect()
        }
    }
}
