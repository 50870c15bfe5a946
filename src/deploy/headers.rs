//! Per-file HTTP headers for object stores: site.yaml rules over defaults.
//!
//! Defaults: Content-Type from the extension (`mime_guess`, with
//! `charset=utf-8` on text types); Cache-Control a year and `immutable` for
//! fingerprinted assets (a name like `site.3f2a9c1d.css`), five minutes for
//! HTML, feeds, sitemaps and robots.txt, a day for other files; no gzip.

use std::hash::Hasher;

use anyhow::Context;

use crate::config::HeaderRule;

pub const LONG_CACHE: &str = "public, max-age=31536000, immutable";
pub const SHORT_CACHE: &str = "public, max-age=300";
pub const DEFAULT_CACHE: &str = "public, max-age=86400";

/// The headers one file is stored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub gzip: bool,
    /// Hash of the above, kept in the deploy manifest: a rule change
    /// re-uploads the files it changes.
    pub fingerprint: u64,
}

impl Headers {
    fn new(content_type: Option<String>, cache_control: Option<String>, gzip: bool) -> Headers {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        h.write(content_type.as_deref().unwrap_or("").as_bytes());
        h.write(&[0]);
        h.write(cache_control.as_deref().unwrap_or("").as_bytes());
        h.write(&[0, gzip as u8]);
        Headers {
            content_type,
            cache_control,
            gzip,
            fingerprint: h.finish(),
        }
    }

    /// Headers of the deploy manifest itself.
    pub fn manifest() -> Headers {
        Headers::new(
            Some("text/plain; charset=utf-8".into()),
            Some("no-store".into()),
            false,
        )
    }

    pub fn none() -> Headers {
        Headers {
            content_type: None,
            cache_control: None,
            gzip: false,
            fingerprint: 0,
        }
    }
}

/// Compiled rules.
pub struct Rules {
    rules: Vec<(globset::GlobMatcher, HeaderRule)>,
    enabled: bool,
}

impl Rules {
    pub fn new(rules: &[HeaderRule]) -> anyhow::Result<Rules> {
        let rules = rules
            .iter()
            .map(|r| {
                let g = globset::Glob::new(&r.glob)
                    .with_context(|| format!("deploy.headers: invalid glob {:?}", r.glob))?;
                Ok((g.compile_matcher(), r.clone()))
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Rules {
            rules,
            enabled: true,
        })
    }

    /// No headers at all (targets that cannot store them, like folders).
    pub fn none() -> Rules {
        Rules {
            rules: Vec::new(),
            enabled: false,
        }
    }

    pub fn headers_for(&self, path: &str) -> Headers {
        if !self.enabled {
            return Headers::none();
        }
        let (mut ct, mut cc, mut gz) = (None, None, None);
        for (m, r) in &self.rules {
            if m.is_match(path) {
                ct = ct.or_else(|| r.content_type.clone());
                cc = cc.or_else(|| r.cache_control.clone());
                gz = gz.or(r.gzip);
            }
        }
        Headers::new(
            Some(ct.unwrap_or_else(|| default_content_type(path))),
            Some(cc.unwrap_or_else(|| default_cache_control(path).to_string())),
            gz.unwrap_or(false),
        )
    }

    pub fn fingerprint(&self, h: &Headers) -> u64 {
        h.fingerprint
    }
}

pub fn default_content_type(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mime = match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()) {
        Some(e) if e == "xml" && (name == "atom.xml" || name.ends_with(".atom.xml")) => {
            "application/atom+xml".to_string()
        }
        Some(e) if e == "xml" && name == "rss.xml" => "application/rss+xml".to_string(),
        _ => mime_guess::from_path(name)
            .first_or_octet_stream()
            .essence_str()
            .to_string(),
    };
    let texty = mime.starts_with("text/")
        || mime.ends_with("+xml")
        || mime.ends_with("/xml")
        || mime.ends_with("/json")
        || mime.ends_with("/javascript");
    if texty {
        format!("{mime}; charset=utf-8")
    } else {
        mime
    }
}

/// `name.<8+ hex>.ext`: the content hash in the name makes it cacheable forever.
pub fn is_fingerprinted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() >= 3
        && parts[1..parts.len() - 1]
            .iter()
            .any(|p| p.len() >= 8 && p.bytes().all(|b| b.is_ascii_hexdigit()))
}

pub fn default_cache_control(path: &str) -> &'static str {
    let lower = path.to_ascii_lowercase();
    if lower.ends_with(".html")
        || lower.ends_with(".htm")
        || lower.ends_with(".xml")
        || lower.ends_with(".txt")
        || lower.ends_with(".json")
    {
        SHORT_CACHE
    } else if is_fingerprinted(path) {
        LONG_CACHE
    } else {
        DEFAULT_CACHE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_rules() {
        let r = Rules::new(&[HeaderRule {
            glob: "**/*.css".into(),
            cache_control: Some("x".into()),
            ..Default::default()
        }])
        .unwrap();
        let css = r.headers_for("css/site.css");
        assert_eq!(css.cache_control.as_deref(), Some("x"));
        assert_eq!(css.content_type.as_deref(), Some("text/css; charset=utf-8"));
        assert_eq!(
            r.headers_for("site.css").cache_control.as_deref(),
            Some("x")
        );
        let html = r.headers_for("a/index.html");
        assert_eq!(html.cache_control.as_deref(), Some(SHORT_CACHE));
        assert_eq!(
            html.content_type.as_deref(),
            Some("text/html; charset=utf-8")
        );
        assert_eq!(
            r.headers_for("js/app.0123abcd.js").cache_control.as_deref(),
            Some(LONG_CACHE)
        );
        assert_eq!(
            r.headers_for("img/lead.jpg").cache_control.as_deref(),
            Some(DEFAULT_CACHE)
        );
        assert_eq!(
            r.headers_for("atom.xml").content_type.as_deref(),
            Some("application/atom+xml; charset=utf-8")
        );
    }
}
