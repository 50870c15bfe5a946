//! `build`: the pipeline's stages rendered to disk, with timings: config,
//! lock, load, model, related, templates and plan ([`super::load`]), then
//! copy, render and write into the staging folder, and swap. Every problem
//! of a stage is collected before the build gives up, and a failed build
//! never touches the previous output.
//!
//! A rebuild renders only the pages whose inputs changed: each page's
//! fingerprint (what it reads, [`crate::render::fingerprint`]) is kept in the
//! output's manifest, and a page whose fingerprint is unchanged since the
//! last build by the same binary is taken from the output as it is.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use rayon::prelude::*;

use super::{BuildOptions, Laps, load_config};
use crate::content::LeftOut;
use crate::content::body::Spill;
use crate::content::schedule::{self, Change};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::output::{self, Staging};
use crate::render::editions::EditionsPlan;
use crate::render::fingerprint::Fingerprints;
use crate::render::{EditionJob, Renderers};

/// What a successful build did.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub articles: usize,
    pub pages: usize,
    /// Files in the output (pages, feeds, copies).
    pub files: usize,
    /// Pages taken unchanged from the previous output, not rendered.
    pub reused: usize,
    /// Images the media stage handled, and how many of them it decoded and
    /// encoded (the others came from its cache).
    pub images: usize,
    pub images_processed: usize,
    /// Articles the publication rules kept out, with their files.
    pub left_out: Vec<LeftOut>,
    pub warnings: Diagnostics,
    /// Wall time of each stage, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// The first moment after the build's "now" when the same sources
    /// build another site (an article published or expiring, live
    /// coverage ending), also written to [`SCHEDULE_FILE`].
    pub next_change: Option<Change>,
}

/// The next scheduled change as JSON, in the state folder beside the
/// output, for schedulers (see docs/scheduling.md).
pub const SCHEDULE_FILE: &str = "schedule.json";

impl BuildReport {
    pub fn total_time(&self) -> Duration {
        self.timings.iter().map(|t| t.1).sum()
    }
}

/// Builds the site at `options.root` into its output folder.
///
/// Every stage runs as far as it can, so that one run reports the problems
/// of all of them: broken files, slug collisions among the others, broken
/// templates, and pages that would overwrite each other.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut t = Laps::new();
    let output_dir = options.output_dir();
    output::check_output_dir(&options.root, &output_dir)
        .map_err(|d| BuildError::Site(vec![d].into()))?;
    // The configuration first: a folder that is no site is refused before
    // anything (the lock's folder) is made for it.
    let mut config = load_config(options).map_err(|d| BuildError::Site(vec![d].into()))?;
    let mut waited = false;
    let _lock = output::lock::lock(&options.root, &output_dir, !options.no_wait, || {
        waited = true;
        if let Some(tell) = options.on_lock_wait {
            tell()
        }
    })
    .map_err(|e| BuildError::Io(e.to_string()))?;
    if waited {
        // The build it waited for may have come with an edit of site.yaml.
        config = load_config(options).map_err(|d| BuildError::Site(vec![d].into()))?;
    }
    let now = options.now();
    // Bodies wait for their pages in a file rather than in memory (a
    // folder that cannot take one leaves them in memory).
    let state = output::state_dir(&output_dir);
    let spill = std::fs::create_dir_all(&state)
        .and_then(|()| Spill::in_dir(&state))
        .ok();
    let mut loaded =
        super::load(options, config, now, spill.as_ref(), &mut t).map_err(BuildError::Site)?;
    let mut diags = std::mem::take(&mut loaded.diagnostics);
    let images = std::sync::Arc::clone(&loaded.images);
    let mut renderers = loaded.renderers(&options.root, now);
    let (EditionsPlan { jobs, copies, .. }, plan_problems) = renderers.plan(&options.root);
    diags.extend(plan_problems);
    diags.sort();
    if diags.has_errors() {
        return Err(BuildError::Site(diags));
    }
    t.lap("templates");

    let staging = Staging::begin(&output_dir, renderer_identity())
        .map_err(|e| BuildError::Io(format!("cannot create the staging folder: {e}")))?;
    let written = write_all(
        &options.root,
        &mut renderers,
        &jobs,
        &copies,
        &staging,
        &mut t,
    )
    .and_then(|reused| match spill.as_ref().and_then(|s| s.failure()) {
        None => Ok(reused),
        Some(why) => Err(vec![Diagnostic::error(
            "content",
            format!("cannot read articles' bodies back from the build's spill file: {why}"),
            format!(
                "check the disk that holds {} (free space, errors), then build again",
                state.display()
            ),
        )]
        .into()),
    });
    match written {
        Ok(reused) => {
            staging
                .commit()
                .map_err(|e| BuildError::Io(format!("cannot swap in the new output: {e}")))?;
            t.lap("swap");
            let sites = &loaded.sites;
            let published = sites
                .iter()
                .flat_map(|s| s.articles.iter().chain(&s.pages))
                .map(|a| &**a);
            let next_change = schedule::next_change(published, &loaded.left_out, now);
            write_schedule(&output_dir, next_change.as_ref())?;
            // Entries no image of the site uses any more: the new output
            // holds its own links to the files it needs.
            let cache = super::image_cache_dir(options, &loaded.site().config);
            if cache.is_dir() {
                crate::media::cache::prune(&cache, &images.entries());
            }
            Ok(BuildReport {
                articles: sites.iter().map(|s| s.articles.len()).sum(),
                pages: sites.iter().map(|s| s.pages.len()).sum(),
                files: jobs.len() + copies.len(),
                reused,
                images: images.iter().count(),
                images_processed: images.processed,
                left_out: std::mem::take(&mut loaded.left_out),
                warnings: diags,
                timings: t.into_laps(),
                next_change,
            })
        }
        Err(mut errors) => {
            staging.abort();
            errors.extend(diags.iter().cloned());
            errors.sort();
            Err(BuildError::Site(errors))
        }
    }
}

/// Writes [`SCHEDULE_FILE`] into the output's state folder (whole or not
/// at all: a scheduler never reads half a file).
fn write_schedule(output_dir: &Path, next: Option<&Change>) -> Result<(), BuildError> {
    let dir = output::state_dir(output_dir);
    let cannot = |e: std::io::Error| {
        BuildError::Io(format!(
            "cannot write {}: {e}",
            dir.join(SCHEDULE_FILE).display()
        ))
    };
    std::fs::create_dir_all(&dir).map_err(cannot)?;
    let part = dir.join(format!("{SCHEDULE_FILE}.part"));
    std::fs::write(&part, schedule::to_json(next)).map_err(cannot)?;
    std::fs::rename(&part, dir.join(SCHEDULE_FILE)).map_err(cannot)
}

/// What renders the pages, for [`Staging::begin`]: this binary (its version,
/// size and modification time), so that a new or rebuilt Gazette renders
/// every page again. None if the binary cannot be looked at.
fn renderer_identity() -> Option<u64> {
    let exe = std::env::current_exe().ok()?;
    let meta = std::fs::metadata(exe).ok()?;
    let mtime = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
    let id = format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        mtime.as_nanos()
    );
    Some(crate::base::hash::content_hash(id.as_bytes()))
}

/// Copies static files and assets, then renders and writes every job (or
/// reuses its page from the previous output). Returns how many were reused.
///
/// The search index's files are written first and the index is freed before
/// the pages: it and the pages' values (cards, feed entries) are each a
/// large share of the build's memory, and need not be held at once.
fn write_all(
    root: &Path,
    renderer: &mut Renderers<'_>,
    jobs: &[EditionJob],
    copies: &[(String, PathBuf)],
    staging: &Staging,
    t: &mut Laps,
) -> Result<usize, Diagnostics> {
    let errors = Mutex::new(Diagnostics::default());
    let report = |d: Diagnostic| errors.lock().unwrap_or_else(|e| e.into_inner()).push(d);
    let images = &renderer.default_edition().values.images;
    let cached: std::collections::HashMap<&str, &crate::media::Placed> = images
        .files
        .iter()
        .map(|f| (f.output.as_str(), f))
        .collect();
    copies.par_iter().for_each(|(rel, source)| {
        let result = match cached.get(rel.as_str()) {
            Some(f) => staging.link(rel, &f.source, f.size, f.hash),
            None => {
                std::fs::read(root.join(source)).and_then(|bytes| staging.write(rel, &bytes, None))
            }
        };
        if let Err(e) = result {
            report(Diagnostic::error(
                source,
                format!("cannot copy to output: {e}"),
                "check that the file is readable and the output folder writable",
            ));
        }
    });
    t.lap("copy");
    let (search_jobs, page_jobs): (Vec<EditionJob>, Vec<EditionJob>) =
        jobs.iter().partition(|(_, job)| job.reads_search_index());
    let fingerprints = renderer.fingerprints();
    let reused = AtomicUsize::new(0);
    let write_jobs = |renderer: &Renderers<'_>, jobs: &[EditionJob]| {
        jobs.par_iter().for_each(
            |&job| match write_job(renderer, &fingerprints, job, staging) {
                Ok(true) => {
                    reused.fetch_add(1, Ordering::Relaxed);
                }
                Ok(false) => {}
                Err(d) => report(d),
            },
        )
    };
    write_jobs(renderer, &search_jobs);
    renderer.forget_search_indexes();
    crate::base::memory::release_freed_memory();
    write_jobs(renderer, &page_jobs);
    t.lap("render+write");
    let errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
    if errors.has_errors() {
        Err(errors)
    } else {
        Ok(reused.into_inner())
    }
}

/// Renders and writes one job, or takes its page from the previous output
/// when its fingerprint is unchanged (then returns true).
fn write_job(
    renderer: &Renderers<'_>,
    fingerprints: &[Fingerprints],
    job: EditionJob,
    staging: &Staging,
) -> Result<bool, Diagnostic> {
    let cannot_write = |path: &str, e: std::io::Error| {
        Diagnostic::error(
            renderer.job_source(job),
            format!("cannot write {path}: {e}"),
            "check the output folder's permissions and free space",
        )
    };
    let path = renderer.output_path(job);
    let fingerprint = renderer.fingerprint(fingerprints, job, &path);
    if let Some(fp) = fingerprint.filter(|_| staging.reuses_pages())
        && staging
            .reuse(&path, fp)
            .map_err(|e| cannot_write(&path, e))?
    {
        return Ok(true);
    }
    let file = renderer.render(job)?;
    staging
        .write(&file.path, &file.bytes, fingerprint)
        .map_err(|e| cannot_write(&file.path, e))?;
    Ok(false)
}
