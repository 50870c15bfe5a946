//! Every edition's [`Renderer`] together: what a build of a site with
//! several languages writes (docs/languages.md). Each edition renders its
//! own jobs into its own folder (`kk/`); the default edition also copies
//! the files they all share, and writes the one robots.txt, which names
//! every edition's sitemaps.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use super::fingerprint::Fingerprints;
use super::{Job, Rendered, Renderer, sitemap};
use crate::base::paths::url_of;
use crate::error::Diagnostic;

/// A job of one edition: (edition number, job).
pub type EditionJob = (usize, Job);

/// The renderers of every edition, the default edition's first.
pub struct Renderers<'s> {
    pub editions: Vec<Renderer<'s>>,
}

/// What a build writes, for every edition: see [`Renderers::plan`].
pub struct EditionsPlan {
    pub jobs: Vec<EditionJob>,
    /// `paths[i]`: the output path of `jobs[i]`, made once.
    pub paths: Vec<String>,
    /// Output path -> source file (relative to the site root).
    pub copies: Vec<(String, PathBuf)>,
}

impl<'s> Renderers<'s> {
    pub fn new(editions: Vec<Renderer<'s>>) -> Self {
        Renderers { editions }
    }

    /// The default edition's renderer.
    pub fn default_edition(&self) -> &Renderer<'s> {
        &self.editions[0]
    }

    /// Everything a build writes, for `build`, `check` and `serve` alike:
    /// every edition's jobs, and the files copied as they are (static
    /// files, files beside articles, fingerprinted assets: the default
    /// edition's); with the problems that stop a build (names that cannot
    /// be web addresses, two claims on a path, across editions too).
    pub fn plan(&self, root: &Path) -> (EditionsPlan, Vec<Diagnostic>) {
        let mut jobs = Vec::new();
        let mut copies = Vec::new();
        let mut problems = Vec::new();
        for (e, r) in self.editions.iter().enumerate() {
            jobs.extend(r.jobs().into_iter().map(|j| (e, j)));
            let (own, p) = r.copies(root);
            copies.extend(own);
            problems.extend(p);
        }
        let paths: Vec<String> = jobs.par_iter().map(|&j| self.output_path(j)).collect();
        let claims = paths
            .iter()
            .chain(copies.iter().map(|(path, _)| path))
            .map(String::as_str);
        let n = jobs.len();
        let source_of = |k: usize| match k.checked_sub(n) {
            None => self.job_source(jobs[k]),
            Some(c) => copies[c].1.clone(),
        };
        problems.extend(path_conflicts(claims, n + copies.len(), source_of));
        (
            EditionsPlan {
                jobs,
                paths,
                copies,
            },
            problems,
        )
    }

    pub fn output_path(&self, (e, job): EditionJob) -> String {
        self.editions[e].output_path(job)
    }

    pub fn job_source(&self, (e, job): EditionJob) -> PathBuf {
        self.editions[e].job_source(job)
    }

    pub fn render(&self, (e, job): EditionJob) -> Result<Rendered, Diagnostic> {
        if job == Job::Robots {
            return Ok(Rendered {
                path: self.output_path((e, job)),
                bytes: sitemap::robots(&self.editions).into_bytes(),
            });
        }
        self.editions[e].render(job)
    }

    /// Frees every edition's search index: a build calls this once the
    /// jobs that [read it](Job::reads_search_index) are written, so that
    /// the index and the pages' values are not held at the same time.
    pub fn forget_search_indexes(&mut self) {
        for r in &mut self.editions {
            r.search_index.take();
        }
    }

    /// Makes each edition's search index (when search is on) at once, on
    /// every thread: `serve` does so beside the plan, where the first
    /// fingerprint of a search file would make it on one thread while the
    /// others wait for it.
    pub fn make_search_indexes(&self) {
        self.editions
            .par_iter()
            .filter(|r| r.search.is_some())
            .for_each(|r| {
                r.search_index();
            });
    }

    /// Each edition's shared fingerprint hashes.
    pub fn fingerprints(&self) -> Vec<Fingerprints> {
        self.editions
            .iter()
            .map(|r| Fingerprints::new(r.site))
            .collect()
    }

    pub fn fingerprint(
        &self,
        fps: &[Fingerprints],
        (e, job): EditionJob,
        output_path: &str,
    ) -> Option<u64> {
        self.editions[e].fingerprint(&fps[e], job, output_path)
    }
}

/// Claims on the same output path, or on a path inside another's file:
/// errors naming both. `claims` are output paths; `source_of(k)` names the
/// source of the `k`th (asked for only when there is a conflict).
pub fn path_conflicts<'a>(
    claims: impl Iterator<Item = &'a str>,
    count: usize,
    source_of: impl Fn(usize) -> PathBuf,
) -> Vec<Diagnostic> {
    let mut owner: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(count, Default::default());
    let mut errors = Vec::new();
    for (k, path) in claims.enumerate() {
        if let Some(&first) = owner.get(path) {
            errors.push(Diagnostic::error(
                source_of(k),
                format!(
                    "writes {}, which {} also writes",
                    url_of(path),
                    source_of(first).display()
                ),
                "change the slug, file name or alias of one of them",
            ));
        } else {
            owner.insert(path, k);
        }
    }
    for (&path, &k) in &owner {
        let mut dir = path;
        while let Some(i) = dir.rfind('/') {
            dir = &dir[..i];
            if let Some(&file_owner) = owner.get(dir) {
                errors.push(Diagnostic::error(
                    source_of(k),
                    format!(
                        "writes {} inside /{dir}, which {} writes as a file",
                        url_of(path),
                        source_of(file_owner).display()
                    ),
                    "change the slug, file name or alias of one of them",
                ));
            }
        }
    }
    errors
}
