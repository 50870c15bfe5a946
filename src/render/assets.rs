//! Fingerprinted static assets: `asset(path="css/site.css")` in a template
//! gives `https://site/css/site.1a2b3c4d.css`, a name that changes whenever
//! the file does, and the build writes the file under that name too. Such
//! URLs can be cached for a year (`gazette deploy` does so for `name.<hex>.ext`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Value;

/// Static files of the theme and the site, with their fingerprinted names.
#[derive(Debug, Default, Clone)]
pub struct AssetMap {
    /// Path under the output root -> (fingerprinted path, source file).
    files: BTreeMap<String, (String, PathBuf)>,
    /// One hash of all of it: pages that may link assets depend on it.
    pub hash: u64,
}

impl AssetMap {
    /// Hashes the static files among `copies` (theme and site `static/`, not
    /// the files beside articles). Unreadable files are left out; copying
    /// them reports the error.
    pub fn new(root: &Path, copies: &[(String, PathBuf)]) -> AssetMap {
        let mut files = BTreeMap::new();
        let mut all = xxhash_rust::xxh3::Xxh3::new();
        for (out, source) in copies {
            let is_static = source.starts_with("static") || source.starts_with("themes");
            if !is_static {
                continue;
            }
            let Ok(bytes) = std::fs::read(root.join(source)) else {
                continue;
            };
            let hash = crate::base::hash::content_hash(&bytes);
            all.update(out.as_bytes());
            all.update(&hash.to_le_bytes());
            files.insert(out.clone(), (fingerprinted(out, hash), source.clone()));
        }
        AssetMap {
            files,
            hash: all.digest(),
        }
    }

    /// The extra copies to write: each static file under its fingerprinted name.
    pub fn copies(&self) -> impl Iterator<Item = (String, PathBuf)> + '_ {
        self.files.values().cloned()
    }

    /// `{"css/site.css": "css/site.1a2b3c4d.css", ...}` for the template function.
    pub fn value(&self) -> Value {
        let mut map = tera::Map::new();
        for (path, (fp, _)) in &self.files {
            map.insert(path.clone().into(), fp.clone().into());
        }
        Value::from(map)
    }
}

/// `css/site.css` + hash -> `css/site.1a2b3c4d.css` (`LICENSE` -> `LICENSE.1a2b3c4d`).
fn fingerprinted(path: &str, hash: u64) -> String {
    let short = format!("{:08x}", hash as u32);
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{short}.{ext}"),
        _ => format!("{name}.{short}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            fingerprinted("css/site.css", 0x1234),
            "css/site.00001234.css"
        );
        assert_eq!(fingerprinted("LICENSE", 1), "LICENSE.00000001");
        assert_eq!(fingerprinted("a/.htaccess", 1), "a/.htaccess.00000001");
    }
}
