//! URLs of the old site inside converted posts: which ones point at the
//! old site, what they point at (an upload, a post by id, a permalink),
//! and rewriting them in Markdown text.

use percent_encoding::percent_decode_str;

/// The old site's addresses: `https://old.example.com`, and the blog's
/// when WordPress lives in a subfolder.
#[derive(Debug, Clone)]
pub struct SiteUrls {
    /// Lowercase hosts (with port), with and without `www.`.
    hosts: Vec<String>,
    /// Path prefix of uploads: `/wp-content/uploads/` (or under the
    /// subfolder WordPress is installed in).
    uploads_prefixes: Vec<String>,
}

/// What a local URL points at.
#[derive(Debug, PartialEq)]
pub enum Target {
    /// A file under `wp-content/uploads/`: its path below that folder,
    /// percent-decoded.
    Upload(String),
    /// `?p=ID` or `?page_id=ID`.
    Id(u64),
    /// A path on the old site, decoded and in `/a/b/` form.
    Path(String),
}

impl SiteUrls {
    pub fn new(site_url: &str, blog_url: &str) -> SiteUrls {
        let mut hosts = Vec::new();
        let mut uploads_prefixes = vec!["/wp-content/uploads/".to_string()];
        for url in [site_url, blog_url] {
            let Some((host, path)) = split_url(url) else {
                continue;
            };
            let host = host.to_ascii_lowercase();
            let bare = host.strip_prefix("www.").unwrap_or(&host).to_string();
            for h in [format!("www.{bare}"), bare] {
                if !hosts.contains(&h) {
                    hosts.push(h);
                }
            }
            let sub = path.trim_end_matches('/');
            if !sub.is_empty() {
                let prefix = format!("{sub}/wp-content/uploads/");
                if !uploads_prefixes.contains(&prefix) {
                    uploads_prefixes.insert(0, prefix);
                }
            }
        }
        SiteUrls {
            hosts,
            uploads_prefixes,
        }
    }

    /// The part of `url` after the host when it is on the old site
    /// (`/2020/01/x/?a=b#c`); root-relative URLs are local too.
    pub fn local_part<'a>(&self, url: &'a str) -> Option<&'a str> {
        if url.starts_with('/') && !url.starts_with("//") {
            return Some(url);
        }
        let (host, rest) = split_url(url)?;
        let host = host.to_ascii_lowercase();
        self.hosts
            .contains(&host)
            .then_some(if rest.is_empty() { "/" } else { rest })
    }

    /// What the local part `local` of a URL points at.
    pub fn target(&self, local: &str) -> Option<Target> {
        let (path, query) = match local.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (local, None),
        };
        let path = path.split('#').next().unwrap_or("");
        for prefix in &self.uploads_prefixes {
            if let Some(rel) = path.strip_prefix(prefix.as_str()) {
                return Some(Target::Upload(decode(rel)));
            }
        }
        if let Some(q) = query {
            let q = q.split('#').next().unwrap_or("");
            for pair in q.split('&') {
                if let Some(("p" | "page_id", id)) = pair.split_once('=') {
                    return id.parse().ok().map(Target::Id);
                }
            }
            return None;
        }
        Some(Target::Path(normalise_path(&decode(path))))
    }
}

/// `https://host:port/rest` -> (`host:port`, `/rest`).
fn split_url(url: &str) -> Option<(&str, &str)> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .or_else(|| url.strip_prefix("//"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    (!host.is_empty()).then_some((host, &rest[end..]))
}

/// Percent-decoding (WordPress stores non-Latin slugs encoded).
pub fn decode(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// `/a/b` or `/a/b/` -> `/a/b/`; a file path (`/a/b.html`) stays as it is.
pub fn normalise_path(path: &str) -> String {
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        return "/".into();
    }
    let last = trimmed.rsplit('/').next().unwrap_or("");
    if last.contains('.') {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

/// Characters that end a URL in Markdown text.
fn ends_url(c: char) -> bool {
    c.is_whitespace() || matches!(c, ')' | '"' | '\'' | '<' | '>' | ']' | '`')
}

/// Calls `replace` on every URL of `md` that points at the old site (and
/// every root-relative link destination), substituting what it returns.
pub fn rewrite(
    md: &str,
    site: &SiteUrls,
    mut replace: impl FnMut(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(md.len());
    let mut i = 0;
    let bytes = md.as_bytes();
    while i < md.len() {
        let rest = &md[i..];
        let starts_url = rest.starts_with("http://")
            || rest.starts_with("https://")
            || (rest.starts_with('/')
                && !rest.starts_with("//")
                && i >= 2
                && &bytes[i - 2..i] == b"](");
        if starts_url {
            let len = rest.find(ends_url).unwrap_or(rest.len());
            let url = &rest[..len];
            let new = site.local_part(url).and_then(&mut replace);
            match new {
                Some(n) => out.push_str(&n),
                None => out.push_str(url),
            }
            i += len.max(1);
            continue;
        }
        let ch_len = rest.chars().next().map_or(1, char::len_utf8);
        out.push_str(&rest[..ch_len]);
        i += ch_len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_urls_point_at() {
        let s = SiteUrls::new("https://old.example.com", "https://old.example.com/blog");
        let t = |u: &str| s.local_part(u).and_then(|l| s.target(l));
        assert_eq!(
            t("http://www.old.example.com/blog/wp-content/uploads/2020/01/a%20b.jpg"),
            Some(Target::Upload("2020/01/a b.jpg".into()))
        );
        assert_eq!(t("https://old.example.com/?p=42"), Some(Target::Id(42)));
        assert_eq!(
            t("https://old.example.com/2020/01/%d0%bc%d0%b8%d1%80#x"),
            Some(Target::Path("/2020/01/мир/".into()))
        );
        assert_eq!(t("https://elsewhere.org/2020/01/x/"), None);
        assert_eq!(t("/about"), Some(Target::Path("/about/".into())));
    }

    #[test]
    fn no_piece_of_odd_text_makes_it_panic() {
        let s = SiteUrls::new("https://old.example.com/sub", "http://");
        let odd = "](/é https://old.example.com/sub/wp-content/uploads/ü%zz?p=x#](/ http://";
        for (i, _) in odd.char_indices() {
            for (j, _) in odd[i..].char_indices() {
                let _ = rewrite(&odd[i..i + j], &s, |l| s.target(l).map(|_| String::new()));
            }
        }
    }

    #[test]
    fn rewrites_only_the_old_sites_urls() {
        let s = SiteUrls::new("https://old.example.com", "");
        let md = "See [x](https://old.example.com/a/) and https://elsewhere.org/a/ and [y](/b \"t\") ![i](https://old.example.com/c.jpg)";
        let out = rewrite(md, &s, |l| Some(format!("NEW{l}")));
        assert_eq!(
            out,
            "See [x](NEW/a/) and https://elsewhere.org/a/ and [y](NEW/b \"t\") ![i](NEW/c.jpg)"
        );
    }
}
