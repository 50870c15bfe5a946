//! Root-relative links in rendered Markdown (`href="/world/x/"`,
//! `src="/img/a.jpg"`), given a prefix: the `base_url` path on pages (a
//! site under `https://example.org/news` links `/news/world/x/`, as theme
//! links do), the whole `base_url` in feeds (feed readers do not resolve
//! root-relative links against the site reliably).

use std::borrow::Cow;

/// `html` with every `href`/`src` attribute value that starts with a single
/// `/` prefixed with `prefix`. Protocol-relative `//host` URLs, relative
/// paths, anchors and absolute URLs are left alone. Borrowed, untouched,
/// when `prefix` is empty or there is nothing to rewrite.
pub fn prefix_root_links<'h>(html: &'h str, prefix: &str) -> Cow<'h, str> {
    if prefix.is_empty() || !(html.contains("href=") || html.contains("src=")) {
        return Cow::Borrowed(html);
    }
    let bytes = html.as_bytes();
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(found) = html[i..].find("=") {
        let eq = i + found;
        i = eq + 1;
        let name_start = html[..eq]
            .rfind(|c: char| !c.is_ascii_alphanumeric() && c != '-')
            .map_or(0, |p| p + 1);
        let name = &html[name_start..eq];
        if !(name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src")) {
            continue;
        }
        // Only inside a tag: the name follows whitespace.
        if name_start == 0 || !bytes[name_start - 1].is_ascii_whitespace() {
            continue;
        }
        // Quoted values only: Markdown writes them so, and prose such as
        // `set href=/x` (in text, where quotes are escaped) stays as is.
        if !matches!(bytes.get(eq + 1), Some(b'"' | b'\'')) {
            continue;
        }
        let value_start = eq + 2;
        let rest = &bytes[value_start..];
        if rest.first() == Some(&b'/') && rest.get(1) != Some(&b'/') {
            out.push_str(&html[copied..value_start]);
            out.push_str(prefix);
            copied = value_start;
        }
    }
    if copied == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::prefix_root_links;

    #[test]
    fn root_links_get_the_prefix_and_others_do_not() {
        let html = r##"<p><a href="/world/x/">x</a> <img src="/a.jpg" alt="a=b"> <a href="//cdn.example/y">y</a> <a href="https://e.org/">e</a> <a href="#n">n</a> <a href='/z/'>z</a></p><code>href="/not-a-tag/"</code>"##;
        let out = prefix_root_links(html, "/news");
        assert!(out.contains(r#"href="/news/world/x/""#), "{out}");
        assert!(out.contains(r#"src="/news/a.jpg""#));
        assert!(out.contains(r#"href="//cdn.example/y""#));
        assert!(out.contains(r#"href="https://e.org/""#));
        assert!(out.contains(r##"href="#n""##));
        assert!(out.contains("href='/news/z/'"));
        // Text that only looks like an attribute (no space before it) stays.
        assert!(out.contains(r#"<code>href="/not-a-tag/"</code>"#));
        assert_eq!(prefix_root_links(html, ""), html);
        assert_eq!(
            prefix_root_links(r#"<a href="/x">"#, "https://n.example/news"),
            r#"<a href="https://n.example/news/x">"#
        );
    }
}
