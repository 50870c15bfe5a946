//! The anchors of a rendered page: the ids a `#fragment` can name.
//!
//! Not the place for resolving links or deciding what is broken
//! ([`super::links`]); and not an HTML parser.

use std::collections::HashSet;

/// Values of the `id` and `name` attributes of an HTML document: the
/// anchors a `#fragment` can name. A scan, not a parser: enough for the
/// HTML that pulldown-cmark and templates write.
pub(super) fn html_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let bytes = html.as_bytes();
    for attr in ["id=", "name="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attr) {
            let start = from + i;
            from = start + attr.len();
            let preceded_by_space = start > 0 && bytes[start - 1].is_ascii_whitespace();
            if !preceded_by_space {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next(),
                Some(_) => rest.split(|c: char| c.is_whitespace() || c == '>').next(),
                None => None,
            };
            if let Some(v) = value {
                ids.insert(decode_entities(v));
            }
        }
    }
    ids
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_a_page() {
        let ids = html_ids(
            "<h2 id=\"vote-count\">V</h2><a name='old'></a><div class=x id=bare>\
             <p data-id=\"no\">x id= y</p><sup id=\"a&amp;b\">",
        );
        for id in ["vote-count", "old", "bare", "a&b"] {
            assert!(ids.contains(id), "{id} in {ids:?}");
        }
        assert!(!ids.contains("no"));
    }
}
