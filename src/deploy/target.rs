//! Deploy targets: `file:///path` (a folder, written with plain file system
//! calls) and `s3://bucket/prefix` (through `object_store`).
//!
//! A folder is written by Gazette itself rather than through `object_store`'s
//! `LocalFileSystem`, which percent-encodes names on disk (`ü.txt` became
//! `%C3%BC.txt`, which web servers then answer with 404) and leaves its
//! temporary files behind when killed. Here a file's name on disk is exactly
//! its name in `output/`, and each file is written to a temporary file of a
//! recognisable name beside it (`.<name>.gazette-tmp`) and renamed over the
//! old one, so a reader sees the old or the new file, never half of one.
//! Temporary files that a killed deploy left are removed by the next deploy
//! ([`Target::remove_temps`]). Links on the target are never written
//! through: a link where a folder is needed is an error, and a link at a
//! file's name is replaced by the file (the rename drops the name only).
//!
//! S3 keys are the output paths as they are (`Path::parse`, not
//! `Path::from`, which would percent-encode `%`, `#` and the like into keys
//! that no URL reaches).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use futures::StreamExt;
use object_store::path::Path as ObjPath;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions};

use super::DEPLOY_MANIFEST;
use super::credentials;
use super::headers::Headers;

/// Suffix of the temporary files a folder deploy writes before renaming.
pub const TEMP_SUFFIX: &str = ".gazette-tmp";

/// A `--target` (or `deploy.target`) that is not a target URL Gazette can
/// use: a usage error, not a problem of the site.
#[derive(Debug, thiserror::Error)]
#[error("invalid deploy target {url:?}: {why}; use s3://bucket/prefix or file:///absolute/path")]
pub struct BadTargetUrl {
    pub url: String,
    pub why: String,
}

/// A parsed target URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetUrl {
    Folder(PathBuf),
    S3 { bucket: String, prefix: String },
}

impl TargetUrl {
    pub fn parse(url: &str) -> Result<TargetUrl, BadTargetUrl> {
        let bad = |why: &str| BadTargetUrl {
            url: url.to_string(),
            why: why.to_string(),
        };
        if let Some(rest) = url.strip_prefix("file://") {
            if !rest.starts_with('/') {
                return Err(bad(
                    "a file target needs an absolute path (file:///var/www/site)",
                ));
            }
            let path = percent_encoding::percent_decode_str(rest)
                .decode_utf8()
                .map_err(|_| bad("its path is not UTF-8 once %-decoded"))?;
            if path.contains('\0') {
                return Err(bad("its path holds a NUL byte"));
            }
            return Ok(TargetUrl::Folder(PathBuf::from(path.into_owned())));
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                return Err(bad("an s3 target names a bucket (s3://bucket/prefix)"));
            }
            let prefix = prefix.trim_matches('/');
            if !prefix.is_empty() && ObjPath::parse(prefix).is_err() {
                return Err(bad(
                    "its prefix has an empty, `.` or `..` part or a control character",
                ));
            }
            return Ok(TargetUrl::S3 {
                bucket: bucket.to_string(),
                prefix: prefix.to_string(),
            });
        }
        Err(bad("unsupported scheme"))
    }
}

pub enum Target {
    Folder {
        dir: PathBuf,
        /// False only in a dry run whose folder does not exist yet: empty.
        exists: bool,
    },
    Store {
        store: Arc<dyn ObjectStore>,
        /// Where the credentials come from, or `None` when nothing gave
        /// any and only an instance role (EC2, ECS) could: on any other
        /// machine the first request fails, and the error then says what
        /// to set instead of showing the metadata service's refusal.
        credentials: Option<String>,
    },
}

/// What a target holds.
#[derive(Debug, Default)]
pub struct Listing {
    /// Every object (regular file of a folder), path -> stored size,
    /// temporary files of ours left out.
    pub files: HashMap<String, u64>,
    /// Files named like Gazette's temporary files (`.<name>.gazette-tmp`).
    pub temps: Vec<String>,
    /// The target holds something besides the deploy manifest (for a
    /// folder: any entry at all, folders and links included).
    pub occupied: bool,
}

impl Target {
    /// Opens a parsed target. A missing folder is created, except in a dry run.
    pub fn open(
        url: &TargetUrl,
        dry_run: bool,
        s3_options: &[(String, String)],
    ) -> anyhow::Result<Target> {
        match url {
            TargetUrl::Folder(dir) => {
                let exists = dir.is_dir();
                if !exists && !dry_run {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating the target folder {}", dir.display()))?;
                }
                Ok(Target::Folder {
                    dir: dir.clone(),
                    exists: exists || !dry_run,
                })
            }
            TargetUrl::S3 { bucket, prefix } => {
                // AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
                // AWS_REGION/AWS_DEFAULT_REGION, AWS_ENDPOINT_URL (or
                // AWS_ENDPOINT), AWS_ALLOW_HTTP, ...
                let mut builder = object_store::aws::AmazonS3Builder::from_env();
                for (k, v) in s3_options {
                    let key: object_store::aws::AmazonS3ConfigKey = k
                        .parse()
                        .with_context(|| format!("unknown S3 setting {k:?}"))?;
                    builder = builder.with_config(key, v);
                }
                let (builder, credentials) = credentials::find(builder)?;
                let s3 = builder.with_bucket_name(bucket).build().with_context(|| {
                    format!(
                        "configuring S3 for s3://{bucket}/{prefix} (AWS_* environment variables)"
                    )
                })?;
                let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                    Arc::new(s3)
                } else {
                    let prefix =
                        ObjPath::parse(prefix).with_context(|| format!("S3 prefix {prefix:?}"))?;
                    Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
                };
                Ok(Target::Store { store, credentials })
            }
        }
    }

    /// Whether objects keep Content-Type, Cache-Control and Content-Encoding.
    pub fn supports_headers(&self) -> bool {
        matches!(self, Target::Store { .. })
    }

    pub async fn list(&self) -> anyhow::Result<Listing> {
        match self {
            Target::Folder { exists: false, .. } => Ok(Listing::default()),
            Target::Folder { dir, .. } => list_folder(dir),
            Target::Store { store, credentials } => {
                let mut out = Listing::default();
                let mut stream = store.list(None);
                while let Some(meta) = stream.next().await {
                    let meta = match (meta, credentials) {
                        (Ok(meta), _) => meta,
                        (Err(e), Some(_)) => return Err(e).context("listing the target"),
                        (Err(e), None) => return Err(credentials::none_found(e)),
                    };
                    let key = meta.location.as_ref().to_string();
                    out.occupied |= key != DEPLOY_MANIFEST;
                    out.files.insert(key, meta.size);
                }
                Ok(out)
            }
        }
    }

    pub async fn read(&self, path: &str) -> anyhow::Result<String> {
        let bytes = match self {
            Target::Folder { dir, .. } => {
                let file = crate::base::paths::safe_join(dir, path)?;
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?
            }
            Target::Store { store, .. } => store
                .get(&key(path)?)
                .await
                .with_context(|| format!("reading {path} on the target"))?
                .bytes()
                .await?
                .to_vec(),
        };
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Stores `bytes` at `path` with `headers`; returns the stored size.
    pub async fn put(&self, path: &str, bytes: Vec<u8>, headers: &Headers) -> anyhow::Result<u64> {
        match self {
            Target::Folder { dir, .. } => {
                let size = bytes.len() as u64;
                let dir = dir.clone();
                let path = path.to_string();
                tokio::task::spawn_blocking(move || write_file(&dir, &path, &bytes))
                    .await
                    .map_err(|e| anyhow!("writing a file: {e}"))??;
                Ok(size)
            }
            Target::Store { store, .. } => {
                let mut attrs = Attributes::new();
                let mut bytes = bytes;
                if let Some(ct) = &headers.content_type {
                    attrs.insert(Attribute::ContentType, ct.clone().into());
                }
                if let Some(cc) = &headers.cache_control {
                    attrs.insert(Attribute::CacheControl, cc.clone().into());
                }
                if headers.gzip {
                    let mut gz =
                        flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                    gz.write_all(&bytes)?;
                    bytes = gz.finish()?;
                    attrs.insert(Attribute::ContentEncoding, "gzip".into());
                }
                let size = bytes.len() as u64;
                store
                    .put_opts(&key(path)?, bytes.into(), PutOptions::from(attrs))
                    .await?;
                Ok(size)
            }
        }
    }

    pub async fn delete(&self, path: &str) -> anyhow::Result<()> {
        match self {
            Target::Folder { dir, .. } => remove_file(dir, path),
            Target::Store { store, .. } => match store.delete(&key(path)?).await {
                Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
                Err(e) => Err(e.into()),
            },
        }
    }

    /// Removes temporary files (paths from [`Listing::temps`]).
    pub fn remove_temps(&self, temps: &[&String]) -> anyhow::Result<()> {
        if let Target::Folder { dir, .. } = self {
            for temp in temps {
                remove_file(dir, temp)?;
            }
        }
        Ok(())
    }

    /// Checks that `path` can be an object's name on this target.
    pub fn check_name(&self, path: &str) -> anyhow::Result<()> {
        match self {
            Target::Folder { .. } => Ok(()),
            Target::Store { .. } => key(path).map(drop),
        }
    }
}

/// An S3 key, exactly the path.
fn key(path: &str) -> anyhow::Result<ObjPath> {
    ObjPath::parse(path).map_err(|_| {
        anyhow!(
            "{path:?} cannot be an S3 key as it is (it has an empty part or a control \
             character): rename the file in the site's sources"
        )
    })
}

/// The temporary name `name` is written under before the rename. A name
/// too long for a suffix gets a hash instead (still recognisable).
pub fn temp_name(name: &str) -> String {
    if name.len() + 1 + TEMP_SUFFIX.len() <= 255 {
        format!(".{name}{TEMP_SUFFIX}")
    } else {
        format!(
            ".gazette-tmp-{:016x}{TEMP_SUFFIX}",
            xxhash_rust::xxh3::xxh3_64(name.as_bytes())
        )
    }
}

/// Whether a file name is one of [`temp_name`]'s: a folder deploy's
/// temporary file, which is never deployed nor counted as the target's.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(TEMP_SUFFIX)
}

/// `dir/.<name>.gazette-tmp` for a `/`-separated `path`.
pub fn temp_path(path: &str) -> String {
    match path.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/{}", temp_name(name)),
        None => temp_name(path),
    }
}

fn list_folder(dir: &Path) -> anyhow::Result<Listing> {
    let mut out = Listing::default();
    let manifest_temp = temp_path(DEPLOY_MANIFEST);
    let top = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in top {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        let name = entry.file_name();
        if name != DEPLOY_MANIFEST && name.to_str() != Some(&manifest_temp) {
            out.occupied = true;
        }
    }
    // Links are not followed: what they point to is not the target's.
    for entry in walkdir::WalkDir::new(dir).follow_links(false).min_depth(1) {
        let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        // A name that is not UTF-8 was not written by Gazette: left alone.
        let Some(rel) = rel.to_str().map(str::to_string) else {
            continue;
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if is_temp_name(name) {
            out.temps.push(rel);
            continue;
        }
        let size = entry
            .metadata()
            .with_context(|| format!("reading {}", entry.path().display()))?
            .len();
        out.files.insert(rel, size);
    }
    Ok(out)
}

/// Writes `bytes` at `path` under `dir`: into the temporary name, then
/// renamed over the file, so readers see the old or the new file.
fn write_file(dir: &Path, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
    let file = crate::base::paths::safe_join(dir, path)?;
    let parent = file.parent().unwrap_or(dir);
    real_dirs(dir, parent)?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| anyhow!("{path:?} has no file name"))?;
    let temp = parent.join(temp_name(name));
    let written = (|| -> std::io::Result<()> {
        // Whatever is at the temporary name (a leftover, a link) goes first:
        // `create_new` never writes through a link.
        match std::fs::remove_file(&temp) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        f.write_all(bytes)?;
        drop(f);
        std::fs::rename(&temp, &file)
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e).with_context(|| format!("writing {}", file.display()));
    }
    Ok(())
}

/// Makes every folder from `root` down to `dir` exist as a real folder.
/// A link or a file in the way is an error: it may be the owner's, and
/// writing through a link would write outside the target.
fn real_dirs(root: &Path, dir: &Path) -> anyhow::Result<()> {
    let Ok(rel) = dir.strip_prefix(root) else {
        bail!("{} is outside the target {}", dir.display(), root.display());
    };
    let mut at = root.to_path_buf();
    for part in rel.components() {
        at.push(part);
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.is_dir() => {}
            Ok(m) if m.file_type().is_symlink() => bail!(
                "{} on the target is a symbolic link, and Gazette never writes through links: \
                 replace it with a folder, or deploy to another folder",
                at.display()
            ),
            Ok(_) => bail!(
                "{} on the target is a file where the site has a folder: move it away \
                 and run `gazette deploy` again",
                at.display()
            ),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => match std::fs::create_dir(&at) {
                Err(e) if e.kind() != std::io::ErrorKind::AlreadyExists => {
                    return Err(e).with_context(|| format!("creating {}", at.display()));
                }
                _ => {}
            },
            Err(e) => return Err(e).with_context(|| format!("reading {}", at.display())),
        }
    }
    Ok(())
}

/// Removes one file of the target (never what a link points to) and the
/// folders that this leaves empty, up to the target's root.
fn remove_file(dir: &Path, path: &str) -> anyhow::Result<()> {
    let file = crate::base::paths::safe_join(dir, path)?;
    match std::fs::remove_file(&file) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(e).with_context(|| format!("deleting {}", file.display()));
        }
        _ => {}
    }
    let mut parent = file.parent();
    while let Some(p) = parent.filter(|p| *p != dir && p.starts_with(dir)) {
        // Fails, and stops, at the first folder that still holds anything.
        if std::fs::remove_dir(p).is_err() {
            break;
        }
        parent = p.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_urls() {
        assert_eq!(
            TargetUrl::parse("file:///var/www/n%C3%BCws").unwrap(),
            TargetUrl::Folder("/var/www/nüws".into())
        );
        assert_eq!(
            TargetUrl::parse("s3://b/site/live/").unwrap(),
            TargetUrl::S3 {
                bucket: "b".into(),
                prefix: "site/live".into()
            }
        );
        for bad in [
            "ftp://x/",
            "file://relative",
            "file://",
            "s3://",
            "s3:///x",
            "file:///a%00b",
            "file:///%ff",
            "s3://b/a//c",
            "s3://b/a/../c",
            "",
            "/var/www",
        ] {
            assert!(TargetUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn temp_names_are_recognised() {
        assert_eq!(temp_path("a/b c.html"), "a/.b c.html.gazette-tmp");
        assert_eq!(temp_path("ü.txt"), ".ü.txt.gazette-tmp");
        let long = "x".repeat(250);
        let t = temp_name(&long);
        assert!(t.len() <= 255 && is_temp_name(&t));
        assert!(is_temp_name(&temp_name("ü.txt")) && !is_temp_name("ü.txt"));
    }
}
