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

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::json;

use crate::content::Article;
use crate::site::Site;
use tokenize::Mode;

/// Where the index and the search page live.
pub const SEARCH_PATH: &str = "/search/";
/// The OpenSearch description.
pub const OPENSEARCH_FILE: &str = "opensearch.xml";
/// Format version, in `meta.json`: the script refuses other versions.
const VERSION: u32 = 1;
/// Characters of each document's opening text kept for snippets.
pub const EXCERPT_CHARS: usize = 320;
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

/// One document's tokens, grouped by shard, with their weights.
/// Kept between rebuilds by [`Cache`].
#[derive(Debug)]
pub struct DocTokens {
    /// Every distinct token, concatenated; entries point into it.
    text: String,
    entries: Vec<Entry>,
    /// Per shard this document has tokens in: a hash of those tokens and
    /// weights, the document's share of that shard's fingerprint.
    shard_hashes: Vec<(u32, u64)>,
    /// The opening of the body as plain text, for the snippet.
    excerpt: String,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    shard: u32,
    start: u32,
    len: u32,
    weight: u8,
}

impl DocTokens {
    fn token(&self, e: &Entry) -> &str {
        &self.text[e.start as usize..(e.start + e.len) as usize]
    }

    /// The entries of shard `s`.
    fn in_shard(&self, s: usize) -> &[Entry] {
        let s = s as u32;
        let from = self.entries.partition_point(|e| e.shard < s);
        let to = self.entries.partition_point(|e| e.shard <= s);
        &self.entries[from..to]
    }

    /// Tokenises a document: title words weigh 2, a body word found
    /// [`FREQUENT`] times or more 1 (added); `filters` are whole tokens.
    fn make(title: &str, body: &str, filters: &[String], layout: Layout) -> DocTokens {
        let mut counts: FxHashMap<String, (bool, u32)> = FxHashMap::default();
        tokenize::tokens(title, Mode::Index, &mut |t| {
            counts.entry(t.to_string()).or_default().0 = true;
        });
        tokenize::tokens(body, Mode::Index, &mut |t| {
            if let Some(c) = counts.get_mut(t) {
                c.1 += 1;
            } else {
                counts.insert(t.to_string(), (false, 1));
            }
        });
        for f in filters {
            counts.entry(f.clone()).or_default();
        }
        let mut sorted: Vec<(usize, String, u8)> = counts
            .into_iter()
            .map(|(t, (in_title, n))| {
                let weight = (u8::from(in_title) << 1) | u8::from(n >= FREQUENT);
                (shard_of(&t, layout.shards), t, weight)
            })
            .collect();
        // Grouped by shard only (an integer sort): the shard files sort
        // their tokens themselves, and each shard's hash is a sum over its
        // tokens, the same in any order.
        sorted.sort_unstable_by_key(|t| t.0);
        let mut text = String::with_capacity(sorted.iter().map(|t| t.1.len()).sum());
        let mut entries = Vec::with_capacity(sorted.len());
        let mut shard_hashes: Vec<(u32, u64)> = Vec::new();
        let mut sum = 0u64;
        for (k, (shard, token, weight)) in sorted.iter().enumerate() {
            entries.push(Entry {
                shard: *shard as u32,
                start: text.len() as u32,
                len: token.len() as u32,
                weight: *weight,
            });
            text.push_str(token);
            let h = xxhash_rust::xxh3::xxh3_64_with_seed(token.as_bytes(), u64::from(*weight));
            sum = sum.wrapping_add(mix(h));
            if sorted.get(k + 1).is_none_or(|next| next.0 != *shard) {
                shard_hashes.push((*shard as u32, sum));
                sum = 0;
            }
        }
        DocTokens {
            text,
            entries,
            shard_hashes,
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

/// Every document's tokens by a key of what they are made from, kept by
/// `serve` from one rebuild to the next (a build starts with an empty one).
#[derive(Default)]
pub struct Cache {
    docs: Mutex<HashMap<u64, Arc<DocTokens>>>,
}

impl Cache {
    fn get(&self, key: u64) -> Option<Arc<DocTokens>> {
        self.docs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            .cloned()
    }

    /// Keeps exactly this build's documents (edited versions drop out).
    fn replace(&self, docs: HashMap<u64, Arc<DocTokens>>) {
        *self.docs.lock().unwrap_or_else(|e| e.into_inner()) = docs;
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
    cards: Vec<Card>,
    tokens: Vec<Arc<DocTokens>>,
    shard_fingerprints: Vec<u64>,
    chunk_fingerprints: Vec<u64>,
    filters: BTreeMap<&'static str, Vec<Filter>>,
}

/// A document to index: an article or page, with its filter tokens.
struct Doc<'a> {
    article: &'a Article,
    card: Card,
    filters: Vec<String>,
}

impl Index {
    /// Indexes the site's published articles and pages; documents already
    /// in `cache` (same source, same filters, same layout) are not
    /// tokenised again.
    pub fn build(site: &Site, now: jiff::Timestamp, cache: &Cache) -> Index {
        let docs = documents(site, now);
        let layout = Layout::for_docs(docs.len());
        let keyed: Vec<(u64, Arc<DocTokens>)> = docs
            .par_iter()
            .map(|d| {
                let mut h = hasher();
                (d.article.source_hash, &d.article.title, &d.filters, layout).hash(&mut h);
                let key = h.finish();
                let tokens = cache.get(key).unwrap_or_else(|| {
                    let body = plain_text(&d.article.content_html);
                    Arc::new(DocTokens::make(&d.article.title, &body, &d.filters, layout))
                });
                (key, tokens)
            })
            .collect();
        let tokens: Vec<Arc<DocTokens>> = keyed.iter().map(|(_, t)| Arc::clone(t)).collect();
        cache.replace(keyed.into_iter().collect());

        let mut shard_fingerprints = vec![0u64; layout.shards];
        for (id, doc) in tokens.iter().enumerate() {
            for &(s, h) in &doc.shard_hashes {
                shard_fingerprints[s as usize] ^= mix(h ^ (id as u64).wrapping_mul(GOLDEN));
            }
        }
        let cards: Vec<Card> = docs.iter().map(|d| d.card.clone()).collect();
        let chunk_fingerprints = (0..layout.chunks(cards.len()))
            .map(|c| {
                let mut h = hasher();
                for id in chunk_range(layout, cards.len(), c) {
                    (&cards[id], &tokens[id].excerpt).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        Index {
            filters: filter_lists(site, &docs),
            layout,
            cards,
            tokens,
            shard_fingerprints,
            chunk_fingerprints,
        }
    }

    pub fn docs(&self) -> usize {
        self.cards.len()
    }

    pub fn chunks(&self) -> usize {
        self.layout.chunks(self.cards.len())
    }

    pub fn shard_fingerprint(&self, s: usize) -> u64 {
        self.shard_fingerprints[s]
    }

    pub fn chunk_fingerprint(&self, c: usize) -> u64 {
        self.chunk_fingerprints[c]
    }

    /// `t/S.json`: `{token: postings}`, see [`write_postings`].
    pub fn shard_json(&self, s: usize) -> Vec<u8> {
        let mut postings: BTreeMap<&str, (usize, Vec<usize>)> = BTreeMap::new();
        for (id, doc) in self.tokens.iter().enumerate() {
            for e in doc.in_shard(s) {
                let (last, list) = postings.entry(doc.token(e)).or_insert((0, Vec::new()));
                list.push(((id - *last) << 2) | usize::from(e.weight));
                *last = id;
            }
        }
        let mut out = String::with_capacity(64 + postings.len() * 16);
        out.push('{');
        for (k, (token, (_, list))) in postings.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(token).unwrap_or_default());
            out.push(':');
            write_postings(list, &mut out);
        }
        out.push_str("}\n");
        out.into_bytes()
    }

    /// `d/C.json`: `[[url, title, date, section, excerpt], ...]` for the
    /// chunk's documents in id order.
    pub fn chunk_json(&self, c: usize) -> Vec<u8> {
        let rows: Vec<serde_json::Value> = chunk_range(self.layout, self.cards.len(), c)
            .map(|id| {
                let card = &self.cards[id];
                json!([
                    card.url,
                    card.title,
                    card.date,
                    card.section,
                    self.tokens[id].excerpt
                ])
            })
            .collect();
        json_bytes(&serde_json::Value::from(rows))
    }

    /// `meta.json`: what the script needs before its first shard.
    pub fn meta_json(&self) -> Vec<u8> {
        let meta = json!({
            "version": VERSION,
            "docs": self.cards.len(),
            "shards": self.layout.shards,
            "chunk": self.layout.chunk,
            "filters": self.filters,
        });
        json_bytes(&meta)
    }
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

/// One token's postings (`(id - previous id) * 4 + weight`, ids
/// ascending), written in the shorter of two forms: a JSON array of those
/// numbers (`[2,5,4]`), or, for a word most documents have, a base64 string
/// of one 4-bit value per id from 0 to the last (0: absent, else weight + 1;
/// two ids per byte, the lower id in the high half). A word in every
/// document then costs 0.67 bytes per document instead of 2.
fn write_postings(deltas: &[usize], out: &mut String) {
    let mut ids = Vec::with_capacity(deltas.len());
    let mut id = 0;
    let mut sparse_len = 2;
    for &p in deltas {
        id += p >> 2;
        ids.push((id, p & 3));
        sparse_len += decimal_len(p) + 1;
    }
    let span = id + 1;
    let dense_len = span.div_ceil(2).div_ceil(3) * 4 + 2;
    if dense_len < sparse_len {
        let mut nibbles = vec![0u8; span.div_ceil(2)];
        for (id, weight) in ids {
            let v = weight as u8 + 1;
            nibbles[id / 2] |= if id % 2 == 0 { v << 4 } else { v };
        }
        out.push('"');
        out.push_str(&base64::engine::general_purpose::STANDARD.encode(&nibbles));
        out.push('"');
    } else {
        out.push('[');
        for (i, p) in deltas.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&p.to_string());
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
fn documents(site: &Site, now: jiff::Timestamp) -> Vec<Doc<'_>> {
    let base = site.config.base_path();
    let taxonomy = |kind: &str| site.taxonomy(kind).map(|(t, _)| t);
    let (authors, tags) = (taxonomy("authors"), taxonomy("tags"));
    let pages = site
        .pages
        .iter()
        .filter(|p| searchable(p, now))
        .map(|p| Doc {
            article: p,
            card: Card {
                url: format!("{base}{}", p.path),
                title: p.title.clone(),
                date: String::new(),
                section: String::new(),
            },
            filters: Vec::new(),
        });
    let articles = (0..site.articles.len()).rev().filter_map(|i| {
        let a = &site.articles[i];
        if !searchable(a, now) {
            return None;
        }
        let section = a
            .section
            .as_ref()
            .and_then(|s| site.sections.iter().find(|x| &x.slug == s));
        let mut filters = Vec::new();
        if let Some(s) = section {
            filters.push(format!("s:{}", s.slug));
        }
        for (t, prefix) in [(authors, "a:"), (tags, "t:")] {
            if let Some(t) = t {
                filters.extend(
                    site.terms_of(t, i)
                        .map(|term| format!("{prefix}{}", term.slug)),
                );
            }
        }
        let date = a.date.as_ref().map(|d| d.strftime("%Y-%m-%d").to_string());
        if let Some(d) = &date {
            filters.push(format!("y:{}", &d[..4]));
        }
        Some(Doc {
            article: a,
            card: Card {
                url: format!("{base}{}", a.path),
                title: a.title.clone(),
                date: date.unwrap_or_default(),
                section: section.map(|s| s.name.clone()).unwrap_or_default(),
            },
            filters,
        })
    });
    pages.chain(articles).collect()
}

/// The filter lists of `meta.json`: every section and year, and the
/// [`FILTER_LIMIT`] most used authors and tags, each with its token and
/// number of indexed documents.
fn filter_lists(site: &Site, docs: &[Doc<'_>]) -> BTreeMap<&'static str, Vec<Filter>> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for d in docs {
        for f in &d.filters {
            *counts.entry(f.as_str()).or_default() += 1;
        }
    }
    let count = |token: &str| counts.get(token).copied().unwrap_or(0);
    let mut lists = BTreeMap::new();
    let sections: Vec<Filter> = site
        .sections
        .iter()
        .map(|s| {
            let t = format!("s:{}", s.slug);
            let n = count(&t);
            (t, s.name.clone(), n)
        })
        .filter(|f| f.2 > 0)
        .collect();
    lists.insert("section", sections);
    for (kind, prefix, name) in [("authors", "a:", "author"), ("tags", "t:", "tag")] {
        let mut list: Vec<Filter> = site
            .taxonomy(kind)
            .map(|(_, tax)| {
                tax.terms
                    .iter()
                    .map(|term| {
                        let t = format!("{prefix}{}", term.slug);
                        let n = count(&t);
                        (t, term.name.clone(), n)
                    })
                    .filter(|f| f.2 > 0)
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
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        rest = &rest[tag_end..];
        if !tag.starts_with('/') && (name == "script" || name == "style") {
            let close = format!("</{name}");
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
        if !INLINE.contains(&name.as_str()) {
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
pub fn opensearch(site: &Site) -> Vec<u8> {
    let c = &site.config;
    let esc = crate::content::escape_html;
    let short: String = c.title.chars().take(16).collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">\n\
         <ShortName>{}</ShortName>\n<Description>Search {}</Description>\n\
         <InputEncoding>UTF-8</InputEncoding>\n\
         <Url type=\"text/html\" method=\"get\" template=\"{}?q={{searchTerms}}\"/>\n\
         <Image height=\"16\" width=\"16\" type=\"image/svg+xml\">{}</Image>\n\
         </OpenSearchDescription>\n",
        esc(&short),
        esc(&c.title),
        esc(&c.absolute(SEARCH_PATH)),
        esc(&c.absolute("/favicon.svg")),
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
    fn dense_postings_are_base64_nibbles() {
        let mut out = String::new();
        // ids 0 (weight 2), 1 (0), 2 (1), 3 (0), 4 (0), 5 (0).
        write_postings(&[2, 4, 5, 4, 4, 4], &mut out);
        // Nibbles 3,1 | 2,1 | 1,1 = bytes 0x31 0x21 0x11.
        assert_eq!(out, "\"MSER\"");
        let mut out = String::new();
        write_postings(&[40, 400], &mut out);
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
        let docs = [
            DocTokens::make("Harbour", "quiet day", &[], layout),
            DocTokens::make(
                "Other",
                "harbour harbour harbour",
                &["s:world".into()],
                layout,
            ),
            DocTokens::make("Third", "harbour", &[], layout),
        ];
        let index = Index {
            layout,
            cards: vec![
                Card {
                    url: String::new(),
                    title: String::new(),
                    date: String::new(),
                    section: String::new()
                };
                3
            ],
            tokens: docs.into_iter().map(Arc::new).collect(),
            shard_fingerprints: vec![0; layout.shards],
            chunk_fingerprints: vec![],
            filters: BTreeMap::new(),
        };
        let decode = |token: &str| -> Vec<(usize, usize)> {
            let shard: serde_json::Value =
                serde_json::from_slice(&index.shard_json(shard_of(token, layout.shards))).unwrap();
            decode_postings(&shard[token])
        };
        // id 0 in the title (2), id 1 three times (1), id 2 once (0).
        assert_eq!(decode("harbour"), [(0, 2), (1, 1), (2, 0)]);
        assert_eq!(decode("s:world"), [(1, 0)]);
    }

    /// Reads both forms of [`write_postings`], as search.js does.
    fn decode_postings(v: &serde_json::Value) -> Vec<(usize, usize)> {
        if let Some(dense) = v.as_str() {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(dense)
                .unwrap();
            (0..bytes.len() * 2)
                .filter_map(|id| {
                    let n = if id % 2 == 0 {
                        bytes[id / 2] >> 4
                    } else {
                        bytes[id / 2] & 15
                    };
                    (n > 0).then(|| (id, usize::from(n) - 1))
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
