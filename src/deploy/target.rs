//! Deploy targets: `file:///path` (a folder) and `s3://bucket/prefix`, both
//! through `object_store` (whose puts are atomic: a reader sees the old or
//! the new file, never half of one).

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use anyhow::{Context, anyhow, bail};
use futures::StreamExt;
use object_store::path::Path as ObjPath;
use object_store::{Attribute, Attributes, ObjectStore, ObjectStoreExt, PutOptions};

use super::headers::Headers;

pub struct Target {
    /// `None`: a folder that does not exist yet (dry run): empty.
    store: Option<Arc<dyn ObjectStore>>,
    headers: bool,
}

impl Target {
    /// Opens `url`. A missing folder is created, except in a dry run.
    pub fn open(
        url: &str,
        dry_run: bool,
        s3_options: &[(String, String)],
    ) -> anyhow::Result<Target> {
        if let Some(rest) = url.strip_prefix("file://") {
            if rest.is_empty() || !rest.starts_with('/') {
                bail!("file targets need an absolute path: file:///var/www/site (got {url})");
            }
            let dir = std::path::PathBuf::from(
                percent_encoding::percent_decode_str(rest)
                    .decode_utf8()
                    .context("file target path is not UTF-8")?
                    .into_owned(),
            );
            if !dir.is_dir() {
                if dry_run {
                    return Ok(Target {
                        store: None,
                        headers: false,
                    });
                }
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
            }
            let fs = object_store::local::LocalFileSystem::new_with_prefix(&dir)
                .with_context(|| format!("opening {}", dir.display()))?
                .with_automatic_cleanup(true);
            return Ok(Target {
                store: Some(Arc::new(fs)),
                headers: false,
            });
        }
        if let Some(rest) = url.strip_prefix("s3://") {
            let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
            if bucket.is_empty() {
                bail!("s3 targets name a bucket: s3://bucket/prefix (got {url})");
            }
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
            let s3 = builder.with_bucket_name(bucket).build().with_context(|| {
                format!("configuring S3 for {url} (AWS_* environment variables)")
            })?;
            let prefix = prefix.trim_matches('/');
            let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
                Arc::new(s3)
            } else {
                Arc::new(object_store::prefix::PrefixStore::new(s3, prefix))
            };
            return Ok(Target {
                store: Some(store),
                headers: true,
            });
        }
        Err(anyhow!(
            "unsupported deploy target {url:?}: use s3://bucket/prefix or file:///path"
        ))
    }

    /// Whether objects keep Content-Type, Cache-Control and Content-Encoding.
    pub fn supports_headers(&self) -> bool {
        self.headers
    }

    /// Every object: path -> stored size.
    pub async fn list(&self) -> anyhow::Result<HashMap<String, u64>> {
        let Some(store) = &self.store else {
            return Ok(HashMap::new());
        };
        let mut out = HashMap::new();
        let mut stream = store.list(None);
        while let Some(meta) = stream.next().await {
            let meta = meta.context("listing the target")?;
            out.insert(meta.location.as_ref().to_string(), meta.size);
        }
        Ok(out)
    }

    pub async fn read(&self, path: &str) -> anyhow::Result<String> {
        let store = self.store.as_ref().ok_or_else(|| anyhow!("no target"))?;
        let bytes = store
            .get(&ObjPath::from(path))
            .await
            .with_context(|| format!("reading {path} on the target"))?
            .bytes()
            .await?;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Stores `bytes` at `path` with `headers`; returns the stored size.
    pub async fn put(&self, path: &str, bytes: Vec<u8>, headers: &Headers) -> anyhow::Result<u64> {
        let store = self.store.as_ref().ok_or_else(|| anyhow!("no target"))?;
        let mut attrs = Attributes::new();
        let mut bytes = bytes;
        if self.headers {
            if let Some(ct) = &headers.content_type {
                attrs.insert(Attribute::ContentType, ct.clone().into());
            }
            if let Some(cc) = &headers.cache_control {
                attrs.insert(Attribute::CacheControl, cc.clone().into());
            }
            if headers.gzip {
                let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                gz.write_all(&bytes)?;
                bytes = gz.finish()?;
                attrs.insert(Attribute::ContentEncoding, "gzip".into());
            }
        }
        let size = bytes.len() as u64;
        store
            .put_opts(&ObjPath::from(path), bytes.into(), PutOptions::from(attrs))
            .await?;
        Ok(size)
    }

    pub async fn delete(&self, path: &str) -> anyhow::Result<()> {
        let store = self.store.as_ref().ok_or_else(|| anyhow!("no target"))?;
        match store.delete(&ObjPath::from(path)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}
