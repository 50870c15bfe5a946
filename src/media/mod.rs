//! MEDIA: every photo under `content/` (JPEG, PNG, WebP), turned into what
//! a reader's phone can afford: WebP variants at the configured widths, a
//! fallback in the original format, a social card for lead images, all
//! without the camera's metadata (GPS included) and with the orientation
//! applied. Runs after the model, before rendering, which reads the result
//! ([`Images`]) to write `<picture>`, `srcset`, `width` and `height`.
//!
//! Work is spread over all cores and kept in a cache folder beside the
//! output ([`cache`]): an unchanged image costs a look-up. Not the place for
//! decoding and encoding (the `gazette-imaging` crate) or for the cache's layout.

pub mod cache;
pub mod html;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::ImagesConfig;
use crate::content::{Article, Asset};
use crate::error::Diagnostic;
use cache::{CachedFile, Entry, Hashed, Sources};
use gazette_imaging::{self as process, Original};

/// Bump when what [`process`] makes changes, so caches are made anew.
const FORMAT_VERSION: u32 = 1;

/// One file of a processed image, as the output holds it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Variant {
    /// Path under the output root (`world/harbour-480.webp`).
    pub path: String,
    pub width: u32,
    pub height: u32,
}

/// A processed image, by its output path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Image {
    /// The fallback in the original format, at the original's output path.
    pub fallback: Variant,
    /// WebP variants, smallest first.
    pub variants: Vec<Variant>,
    /// AVIF variants, smallest first (none unless `images.avif`).
    pub avif: Vec<Variant>,
    /// The 1200x630 social card, for lead images.
    pub social: Option<Variant>,
}

/// A file to place in the output from the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// Path under the output root.
    pub output: String,
    /// The cached file (absolute).
    pub source: PathBuf,
    pub size: u64,
    pub hash: u64,
}

/// The media stage's result: what the renderer and the output need.
#[derive(Debug, Default, Clone)]
pub struct Images {
    by_output: HashMap<String, Arc<Image>>,
    /// One hash of every image's files and sizes: pages depend on it.
    pub hash: u64,
    /// Every file to place in the output, in output-path order.
    pub files: Vec<Placed>,
    /// Images decoded and encoded by this run (the others came from the cache).
    pub processed: usize,
    /// `sizes` attribute of body and lead images (site.yaml `images.sizes`).
    pub sizes: String,
}

impl Images {
    /// The processed image whose original is at `output` (`world/a.jpg`).
    pub fn get(&self, output: &str) -> Option<&Image> {
        self.by_output.get(output).map(|i| &**i)
    }

    pub fn is_empty(&self) -> bool {
        self.by_output.is_empty()
    }

    /// The cache entries (folder names) this site's images use, for
    /// [`cache::prune`].
    pub fn entries(&self) -> HashSet<String> {
        self.files
            .iter()
            .filter_map(|f| {
                Some(
                    f.source
                        .parent()?
                        .file_name()?
                        .to_string_lossy()
                        .into_owned(),
                )
            })
            .collect()
    }

    /// Every image, by output path.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Image)> {
        self.by_output.iter().map(|(k, v)| (k, &**v))
    }
}

/// The output path a site path or URL points to, if it is a file of this
/// site (`/world/a.jpg`, `/news/world/a.jpg` under `base_path` `/news`).
pub fn output_of(url: &str, base_path: &str) -> Option<String> {
    let path = url.split(['#', '?']).next().unwrap_or("");
    let path = path.strip_prefix(base_path).unwrap_or(path);
    let path = path.strip_prefix('/').filter(|p| !p.starts_with('/'))?;
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    Some(decoded.replace("&amp;", "&"))
}

/// What the names of an image's variants start with: `world/harbour.jpg`
/// -> `world/harbour` (then `-480.webp`, `-social.jpg`).
fn stem_of(output: &str) -> &str {
    match output.rsplit_once('.') {
        Some((stem, ext)) if !stem.ends_with('/') && !ext.contains('/') => stem,
        _ => output,
    }
}

/// What to process: each content image (source, output path, original format).
struct Job<'a> {
    source: &'a Path,
    output: &'a str,
    original: Original,
    social: bool,
}

/// Processes every JPEG, PNG and WebP file among the site's content files
/// (cached in `cache_dir`; `build` prunes it with [`Images::entries`]
/// once its output is in place). Problems of single images name the file, and the
/// others are processed all the same: an image over a limit is an error; a
/// file that is no readable image is a warning, and is copied as it is.
pub fn run<'a>(
    root: &Path,
    config: &ImagesConfig,
    assets: &[Asset],
    articles: impl Iterator<Item = &'a Article>,
    cache_dir: &Path,
) -> (Images, Vec<Diagnostic>) {
    let mut jobs: Vec<Job<'_>> = assets
        .iter()
        .filter_map(|a| {
            let ext = a.source.extension()?.to_str()?;
            Some(Job {
                source: &a.source,
                output: &a.output,
                original: process::processed_extension(ext)?,
                social: false,
            })
        })
        .collect();
    let mut images = Images {
        sizes: config.sizes.clone(),
        ..Default::default()
    };
    if jobs.is_empty() {
        return (images, Vec::new());
    }
    // Lead images get a social card. Found only on a site with images to
    // process: the articles' image addresses cost 7% of a `serve` rebuild.
    let leads: HashSet<String> = articles
        .filter_map(|a| output_of(a.image.as_deref()?, ""))
        .collect();
    for job in &mut jobs {
        job.social = leads.contains(job.output);
    }
    // The folder is made by the first entry stored (a site whose files
    // are no readable images leaves none).
    let sources = Sources::read(cache_dir);
    let operation = |social: bool| {
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        (FORMAT_VERSION, &config.widths, config.quality, social).hash(&mut h);
        // Hashed only when on: the caches of sites without it stay valid.
        if config.keep_credit {
            "keep_credit".hash(&mut h);
        }
        if config.avif {
            "avif".hash(&mut h);
        }
        h.finish()
    };
    let results: Vec<Result<Done, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            one(
                root,
                job,
                config,
                cache_dir,
                &sources,
                operation(job.social),
            )
        })
        .collect();

    let mut problems = Vec::new();
    let mut seen = Vec::new();
    let mut all = xxhash_rust::xxh3::Xxh3::new();
    for (job, result) in jobs.iter().zip(results) {
        let done = match result {
            Ok(done) => done,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        images.processed += usize::from(done.processed);
        let dir = cache_dir.join(&done.key);
        let stem = stem_of(job.output);
        let mut place = |f: &CachedFile, output: String| {
            images.files.push(Placed {
                output: output.clone(),
                source: dir.join(&f.file),
                size: f.size,
                hash: f.hash,
            });
            Variant {
                path: output,
                width: f.width,
                height: f.height,
            }
        };
        let Entry {
            variants,
            avif,
            fallback,
            social,
        } = &done.entry;
        let image = Image {
            fallback: place(fallback, job.output.to_string()),
            variants: variants
                .iter()
                .rev()
                .map(|v| place(v, format!("{stem}-{}.webp", v.width)))
                .collect(),
            avif: avif
                .iter()
                .rev()
                .map(|v| place(v, format!("{stem}-{}.avif", v.width)))
                .collect(),
            social: social
                .as_ref()
                .map(|s| place(s, format!("{stem}-social.jpg"))),
        };
        (job.output, &image).hash(&mut all);
        images
            .by_output
            .insert(job.output.to_string(), Arc::new(image));
        seen.push(done.seen);
    }
    images.files.sort_by(|a, b| a.output.cmp(&b.output));
    images.hash = all.finish();
    // The record of sources is only a shortcut: failing to write it costs
    // the next build a read of each image, nothing more.
    if cache_dir.is_dir() {
        let _ = Sources::write(cache_dir, &seen);
    }
    (images, problems)
}

/// One image looked up or processed.
struct Done {
    key: String,
    entry: Entry,
    /// Decoded and encoded now, not taken from the cache.
    processed: bool,
    /// (source, size, mtime, hash) for the sources record.
    seen: (PathBuf, u64, u128, u64),
}

fn one(
    root: &Path,
    job: &Job<'_>,
    config: &ImagesConfig,
    cache_dir: &Path,
    sources: &Sources,
    operation: u64,
) -> Result<Done, Diagnostic> {
    let max_bytes = config.max_file_mb as u64 * (1 << 20);
    let fail = |message: String, help: &str| Diagnostic::error(job.source, message, help);
    let hashed = sources
        .hash_of(job.source, &root.join(job.source), max_bytes)
        .map_err(|e| fail(format!("cannot read the image: {e}"), "check the file"))?;
    let (size, mtime, hash, bytes) = match hashed {
        Hashed::Known {
            size,
            mtime,
            hash,
            bytes,
        } => (size, mtime, hash, bytes),
        Hashed::TooLarge(len) => {
            return Err(fail(
                format!(
                    "the image file is {:.2} MiB, over the limit of {} MiB",
                    len as f64 / (1 << 20) as f64,
                    config.max_file_mb
                ),
                "export the photo smaller, or raise `images.max_file_mb` in site.yaml",
            ));
        }
    };
    let key = cache::key(hash, operation);
    let seen = (job.source.to_path_buf(), size, mtime, hash);
    if let Some(entry) = cache::lookup(cache_dir, &key) {
        return Ok(Done {
            key,
            entry,
            processed: false,
            seen,
        });
    }
    let bytes = match bytes {
        Some(b) => b,
        None => std::fs::read(root.join(job.source))
            .map_err(|e| fail(format!("cannot read the image: {e}"), "check the file"))?,
    };
    let settings = process::Settings {
        widths: config.widths.clone(),
        quality: config.quality,
        max_megapixels: config.max_megapixels,
        keep_credit: config.keep_credit,
        avif: config.avif,
    };
    let made = process::process(&bytes, job.original, &settings, job.social).map_err(|r| {
        if r.over_limit {
            fail(r.message, &r.help)
        } else {
            Diagnostic::warning(
                job.source,
                format!(
                    "{}; it is copied as it is, without smaller sizes",
                    r.message
                ),
                r.help,
            )
        }
    })?;
    let fallback_name = match job.original {
        Original::Jpeg => "fallback.jpg",
        Original::Png => "fallback.png",
        Original::WebP => "fallback.webp",
    };
    let entry = cache::store(
        cache_dir,
        &key,
        made.variants
            .into_iter()
            .map(|(w, h, b)| (format!("{w}.webp"), w, h, b))
            .collect(),
        made.avif_variants
            .into_iter()
            .map(|(w, h, b)| (format!("{w}.avif"), w, h, b))
            .collect(),
        (fallback_name.into(), made.width, made.height, made.fallback),
        made.social.map(|b| {
            let (w, h) = jpeg_size(&b).unwrap_or(process::SOCIAL_SIZE);
            ("social.jpg".to_string(), w, h, b)
        }),
    )
    .map_err(|e| {
        fail(
            format!(
                "cannot write to the image cache {}: {e}",
                cache_dir.display()
            ),
            "check the permissions and free space of the folder beside the output",
        )
    })?;
    Ok(Done {
        key,
        entry,
        processed: true,
        seen,
    })
}

/// Width and height of an encoded JPEG (the social card of a small image
/// is smaller than 1200x630).
fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    image::ImageReader::with_format(std::io::Cursor::new(bytes), image::ImageFormat::Jpeg)
        .into_dimensions()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_map_to_output_paths() {
        assert_eq!(
            output_of("/world/a.jpg", "").as_deref(),
            Some("world/a.jpg")
        );
        assert_eq!(
            output_of("/news/world/a%20b.jpg", "/news").as_deref(),
            Some("world/a b.jpg")
        );
        assert_eq!(output_of("https://x.org/a.jpg", ""), None);
        assert_eq!(output_of("//x.org/a.jpg", ""), None);
    }

    #[test]
    fn names_keep_the_folder_and_stem() {
        assert_eq!(stem_of("world/harbour.jpg"), "world/harbour");
        assert_eq!(stem_of("a.b/c"), "a.b/c");
    }
}
