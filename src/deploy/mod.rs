//! DEPLOY: publish the built `output/` to a folder (`file:///path`) or an
//! S3-compatible bucket (`s3://bucket/prefix`), uploading only what changed.
//!
//! The plan compares each output file's content hash (and the headers it
//! would get) with a manifest kept on the target, `.gazette-deploy-manifest`
//! (a header line, then lines `hash16hex\tstored_size\theaders16hex\tpath`;
//! the size is `-` for a path a deploy was about to write). An entry counts
//! only if the target's listing still has that object with that size;
//! anything else is of unknown state and is uploaded again.
//!
//! The manifest is also the list of what is Gazette's on the target: only a
//! path it lists is ever deleted (or has its temporary file cleaned up), so
//! files that someone else put there survive every deploy. Before the first
//! change, the manifest is rewritten with the entries the deploy is about to
//! write marked unknown, and the full manifest is written last: so a deploy
//! interrupted part-way leaves a manifest that vouches only for objects it
//! knows, still claims everything it may have written, and a re-run
//! converges.
//!
//! Where deploy may write is checked first ([`guard`]): never into the site
//! or its output, nor into someone else's folder without `--force`. It holds
//! the site's lock ([`crate::output::lock`]) throughout, so that no build
//! swaps `output/` while it reads it. It prints nothing: the caller prints
//! the [`DeployReport`].
//!
//! Uploads go in phases so that no page links to something not there yet:
//! assets, then article pages, then list pages (front page, sections,
//! taxonomies, pagination), then feeds, sitemaps and robots.txt; deletions
//! come last.

pub mod credentials;
pub mod guard;
pub mod headers;
pub mod target;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, anyhow, bail};
use futures::StreamExt;
use rayon::prelude::*;

pub use crate::config::{DeployConfig, HeaderRule};
pub use headers::Headers;
pub use target::BadTargetUrl;
use target::{Target, TargetUrl};

/// Name of the manifest kept at the target's root.
pub const DEPLOY_MANIFEST: &str = ".gazette-deploy-manifest";

/// Test hook: when set to N, the (N+1)th upload fails, as if the network
/// went down part-way.
pub const FAIL_AFTER_ENV: &str = "GAZETTE_DEPLOY_FAIL_AFTER";

/// What `gazette deploy` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    /// The site folder (holds site.yaml and output/).
    pub root: PathBuf,
    /// Overrides site.yaml's `deploy.target`.
    pub target: Option<String>,
    pub dry_run: bool,
    pub no_delete: bool,
    /// Deploy into a non-empty folder (or bucket prefix) that no Gazette
    /// deploy wrote, beside what is there.
    pub force: bool,
    /// Fail at once when another build or deploy of the site holds its
    /// lock, instead of waiting.
    pub no_wait: bool,
    /// Called once when the deploy has to wait for that lock (the library
    /// prints nothing; the CLI tells the user).
    pub on_lock_wait: Option<fn()>,
    /// Show a progress bar on standard error while uploading.
    pub progress: bool,
    /// Overrides site.yaml's `deploy` (for tests and embedding); read from
    /// site.yaml when `None`.
    pub config: Option<DeployConfig>,
    /// Test hook: fail every upload after the first N (else read from
    /// [`FAIL_AFTER_ENV`]).
    pub fail_after: Option<usize>,
    /// Extra S3 settings (`aws_endpoint`, `aws_allow_http`, ...: the names
    /// of object_store's `AmazonS3ConfigKey`), applied over the environment.
    pub s3_options: Vec<(String, String)>,
}

/// Upload phases, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Phase {
    Asset,
    Article,
    List,
    Feed,
}

impl Phase {
    pub fn name(self) -> &'static str {
        match self {
            Phase::Asset => "asset",
            Phase::Article => "article",
            Phase::List => "list",
            Phase::Feed => "feed",
        }
    }
}

/// One file to upload.
#[derive(Debug, Clone)]
pub struct Upload {
    pub path: String,
    pub size: u64,
    pub hash: u64,
    pub phase: Phase,
    pub headers: Headers,
}

/// The plan: what to upload (in phase order) and delete.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub uploads: Vec<Upload>,
    /// Files that the last deploy's manifest lists and the site no longer
    /// has; nothing else on the target is ever deleted.
    pub deletions: Vec<String>,
    pub unchanged: usize,
    /// The manifest after a successful deploy.
    manifest: BTreeMap<String, Entry>,
    /// The manifest to write before the first change.
    pending: BTreeMap<String, Entry>,
}

impl Plan {
    pub fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.size).sum()
    }
    pub fn is_empty(&self) -> bool {
        self.uploads.is_empty() && self.deletions.is_empty()
    }
}

/// What a deploy did (or, with `--dry-run`, would do).
#[derive(Debug, Clone)]
pub struct DeployReport {
    pub target: String,
    pub dry_run: bool,
    pub plan: Plan,
    /// Files of output/ that were not deployed, and why (links, names a
    /// target cannot hold).
    pub warnings: Vec<String>,
    /// Temporary files that an interrupted deploy had left on the target,
    /// removed by this one.
    pub removed_temps: usize,
}

impl DeployReport {
    /// One line per change (`upload<TAB>phase<TAB>bytes<TAB>path`,
    /// `delete<TAB>path`), in the order they are made.
    pub fn plan_lines(&self) -> Vec<String> {
        let p = &self.plan;
        p.uploads
            .iter()
            .map(|u| format!("upload\t{}\t{}\t{}", u.phase.name(), u.size, u.path))
            .chain(p.deletions.iter().map(|d| format!("delete\t{d}")))
            .collect()
    }

    pub fn summary(&self) -> String {
        let p = &self.plan;
        format!(
            "{} {} uploads ({} bytes), {} deletions, {} unchanged -> {}",
            if self.dry_run {
                "Plan (dry run, nothing changed):"
            } else {
                "Deployed:"
            },
            p.uploads.len(),
            p.upload_bytes(),
            p.deletions.len(),
            p.unchanged,
            self.target
        )
    }
}

/// First line of a deploy manifest.
const MANIFEST_HEADER: &str = "#gazette-deploy-manifest 1";

/// A manifest entry: what the target holds at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: u64,
    /// `None`: a deploy was about to write the path (`-` in the file). The
    /// path is Gazette's, but what is there is unknown.
    stored_size: Option<u64>,
    headers: u64,
}

impl Entry {
    const IN_FLIGHT: Entry = Entry {
        hash: 0,
        stored_size: None,
        headers: 0,
    };
}

fn parse_manifest(text: &str) -> HashMap<String, Entry> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\t');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let stored_size = match parts.next()? {
                "-" => None,
                n => Some(n.parse().ok()?),
            };
            let headers = u64::from_str_radix(parts.next()?, 16).ok()?;
            let path = parts.next()?.to_string();
            Some((
                path,
                Entry {
                    hash,
                    stored_size,
                    headers,
                },
            ))
        })
        .collect()
}

fn render_manifest(m: &BTreeMap<String, Entry>) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(m.len() * 64 + 32);
    s.push_str(MANIFEST_HEADER);
    s.push('\n');
    for (path, e) in m {
        let _ = write!(s, "{:016x}\t", e.hash);
        let _ = match e.stored_size {
            Some(n) => write!(s, "{n}"),
            None => write!(s, "-"),
        };
        let _ = writeln!(s, "\t{:016x}\t{path}", e.headers);
    }
    s
}

/// The phase of an output path (`/`-separated, relative to the output root).
pub fn phase_of(path: &str, taxonomies: &[String]) -> Phase {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".xml") || path == "robots.txt" {
        return Phase::Feed;
    }
    // The search index lists articles: published with the lists, after
    // the articles it links to, so that no result leads to a page the
    // target does not have yet.
    let search_dir = crate::render::search::SEARCH_PATH.trim_matches('/');
    if lower.ends_with(".json")
        && path
            .strip_prefix(search_dir)
            .is_some_and(|r| r.starts_with('/'))
    {
        return Phase::List;
    }
    if !(lower.ends_with(".html") || lower.ends_with(".htm")) {
        return Phase::Asset;
    }
    let parts: Vec<&str> = path.split('/').collect();
    let dirs = &parts[..parts.len() - 1];
    if path == "404.html" {
        return Phase::Article;
    }
    // The front page and any top-level folder's index (sections, taxonomy
    // indexes, standalone pages: uploading a page late is harmless).
    if dirs.len() <= 1 {
        return Phase::List;
    }
    if taxonomies.iter().any(|t| t == dirs[0])
        || ["tags", "categories", "authors"].contains(&dirs[0])
    {
        return Phase::List;
    }
    // Pagination: .../page/N/index.html
    if dirs.len() >= 2
        && dirs[dirs.len() - 2] == "page"
        && dirs[dirs.len() - 1].bytes().all(|b| b.is_ascii_digit())
    {
        return Phase::List;
    }
    Phase::Article
}

/// The files of a built output.
#[derive(Debug, Default)]
pub struct Scan {
    /// path (`/`-separated) -> (size, content hash).
    pub files: BTreeMap<String, (u64, u64)>,
    /// What was left out, and why.
    pub warnings: Vec<String>,
}

/// Every regular file under `output`, except Gazette's own manifests.
/// Links are never followed (one could take a file from anywhere on the
/// machine to the public target): they, and names that no target can hold
/// as they are, are left out with a warning.
pub fn scan_output(output: &Path) -> anyhow::Result<Scan> {
    let mut scan = Scan::default();
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .follow_links(false)
        .min_depth(1)
    {
        let entry = entry.with_context(|| format!("reading {}", output.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let shown = entry.path().display().to_string();
        let Some(rel) = entry
            .path()
            .strip_prefix(output)
            .ok()
            .and_then(Path::to_str)
            .map(str::to_string)
        else {
            scan.warnings.push(format!(
                "{shown}: not deployed: the name is not UTF-8; rename it in the site's sources"
            ));
            continue;
        };
        // An output an older Gazette wrote still holds its manifest.
        if rel == crate::output::LEGACY_MANIFEST || rel == DEPLOY_MANIFEST {
            continue;
        }
        if entry.file_type().is_symlink() {
            scan.warnings.push(format!(
                "{shown}: not deployed: it is a symbolic link, and deploy never follows links \
                 out of the output; put the file itself in the site's static/ folder"
            ));
            continue;
        }
        if !entry.file_type().is_file() {
            scan.warnings
                .push(format!("{shown}: not deployed: not a regular file"));
            continue;
        }
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        if target::is_temp_name(name) {
            scan.warnings.push(format!(
                "{shown}: not deployed: names ending in {} are deploy's temporary files; rename it",
                target::TEMP_SUFFIX
            ));
            continue;
        }
        if crate::base::paths::safe_join(output, &rel).is_err() {
            scan.warnings.push(format!(
                "{shown}: not deployed: the name has a backslash or NUL; rename it"
            ));
            continue;
        }
        paths.push((rel, entry.into_path()));
    }
    scan.files = paths
        .into_par_iter()
        .map(|(rel, p)| {
            let bytes = read_no_follow(&p)?;
            Ok((
                rel,
                (bytes.len() as u64, crate::base::hash::content_hash(&bytes)),
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(scan)
}

/// Reads a file of the output, refusing a link put in its place since it
/// was scanned.
fn read_no_follow(p: &Path) -> anyhow::Result<Vec<u8>> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let mut bytes = Vec::new();
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(p)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", p.display()))?;
    Ok(bytes)
}

/// Builds the plan from the output files, the target's listing (path ->
/// size) and the target's manifest.
fn make_plan(
    local: &BTreeMap<String, (u64, u64)>,
    listing: &HashMap<String, u64>,
    remote: &HashMap<String, Entry>,
    rules: &headers::Rules,
    taxonomies: &[String],
    no_delete: bool,
) -> Plan {
    let mut plan = Plan::default();
    // What the target verifiably holds.
    let known = |path: &str| -> Option<Entry> {
        let e = remote.get(path)?;
        (e.stored_size.is_some() && listing.get(path).copied() == e.stored_size).then_some(*e)
    };
    for (path, &(size, hash)) in local {
        let headers = rules.headers_for(path);
        let hh = rules.fingerprint(&headers);
        match known(path) {
            Some(e) if e.hash == hash && e.headers == hh => {
                plan.unchanged += 1;
                plan.manifest.insert(path.clone(), e);
                plan.pending.insert(path.clone(), e);
            }
            _ => {
                // Listed before the first write, so that a deploy killed
                // part-way still knows the file is Gazette's: its temporary
                // file is cleaned up, and the file deleted if the site drops
                // it before the next deploy.
                plan.pending.insert(path.clone(), Entry::IN_FLIGHT);
                plan.uploads.push(Upload {
                    path: path.clone(),
                    size,
                    hash,
                    phase: phase_of(path, taxonomies),
                    headers,
                })
            }
        }
    }
    // Only what a deploy of ours wrote: a file the manifest does not list
    // is someone else's, whatever its name.
    let mut stale: Vec<(&String, &Entry)> = remote
        .iter()
        .filter(|(p, _)| {
            p.as_str() != DEPLOY_MANIFEST && !local.contains_key(*p) && listing.contains_key(*p)
        })
        .collect();
    stale.sort_by(|a, b| a.0.cmp(b.0));
    for (p, e) in stale {
        let e = known(p).unwrap_or(Entry {
            stored_size: None,
            ..*e
        });
        // Still Gazette's until it is gone, should this deploy stop first.
        plan.pending.insert(p.clone(), e);
        if no_delete {
            plan.manifest.insert(p.clone(), e);
        } else {
            plan.deletions.push(p.clone());
        }
    }
    plan.uploads
        .sort_by(|a, b| (a.phase, &a.path).cmp(&(b.phase, &b.path)));
    plan
}

/// Runs `gazette deploy` and returns what it did (with `dry_run`, what it
/// would do); prints nothing.
pub fn deploy(opts: &DeployOptions) -> anyhow::Result<DeployReport> {
    let config =
        crate::config::Config::load(&opts.root.join("site.yaml")).map_err(|d| anyhow!("{d}"))?;
    let deploy_config = opts
        .config
        .clone()
        .or_else(|| config.deploy.clone())
        .unwrap_or_default();
    let url = match (&opts.target, &deploy_config.target) {
        (Some(url), _) => url.clone(),
        (None, Some(url)) => url.clone(),
        (None, None) => bail!(
            "no deploy target: pass --target s3://bucket/prefix or file:///path, \
             or set deploy.target in site.yaml"
        ),
    };
    let parsed = match TargetUrl::parse(&url) {
        Ok(parsed) => parsed,
        Err(e) if opts.target.is_none() => {
            // Not a usage error: the site's configuration is wrong.
            bail!(
                "{}: deploy.target: {e}",
                opts.root.join("site.yaml").display()
            )
        }
        Err(e) => return Err(e.into()),
    };
    let output = opts.root.join("output");
    if !crate::output::built_by_gazette(&output) {
        bail!(
            "{} holds no site Gazette built (it has no manifest in {}): run `gazette build` first",
            output.display(),
            crate::output::state_dir(&output)
                .join("manifests")
                .display()
        );
    }
    if let TargetUrl::Folder(dir) = &parsed {
        guard::check_folder(&opts.root, dir)?;
    }
    let rules = headers::Rules::new(&deploy_config.headers)?;
    let concurrency = deploy_config.concurrency.unwrap_or(8).max(1);
    // Held to the end: a build swapping output/ mid-deploy would mix two
    // sites on the target.
    let _lock = crate::output::lock::lock(&opts.root, &output, !opts.no_wait, || {
        if let Some(tell) = opts.on_lock_wait {
            tell()
        }
    })?;
    let runtime = crate::base::runtime::new().context("cannot start the upload runtime")?;
    runtime.block_on(async {
        let target = Target::open(&parsed, opts.dry_run, &opts.s3_options)?;
        let rules = if target.supports_headers() {
            rules
        } else {
            headers::Rules::none()
        };
        let Scan {
            mut files,
            mut warnings,
        } = scan_output(&output)?;
        files.retain(|path, _| match target.check_name(path) {
            Ok(()) => true,
            Err(e) => {
                warnings.push(format!(
                    "{}: not deployed: {e:#}",
                    output.join(path).display()
                ));
                false
            }
        });
        let listing = target.list().await?;
        let has_manifest = listing.files.contains_key(DEPLOY_MANIFEST);
        guard::check_occupied(&url, listing.occupied, has_manifest, opts.force)?;
        let remote = match has_manifest {
            true => parse_manifest(&target.read(DEPLOY_MANIFEST).await?),
            false => HashMap::new(),
        };
        // Temporary files of ours only: of the manifest, or of a file the
        // manifest lists (a deploy lists what it is about to write first).
        let ours: HashSet<String> = remote
            .keys()
            .map(String::as_str)
            .chain([DEPLOY_MANIFEST])
            .map(target::temp_path)
            .collect();
        let temps: Vec<&String> = listing.temps.iter().filter(|t| ours.contains(*t)).collect();
        let plan = make_plan(
            &files,
            &listing.files,
            &remote,
            &rules,
            &config.taxonomies,
            opts.no_delete,
        );
        let mut report = DeployReport {
            target: url.clone(),
            dry_run: opts.dry_run,
            plan,
            warnings,
            removed_temps: 0,
        };
        if opts.dry_run {
            return Ok(report);
        }
        target
            .remove_temps(&temps)
            .context("removing the temporary files of an interrupted deploy")?;
        report.removed_temps = temps.len();
        let fail_after = opts.fail_after.or_else(|| {
            std::env::var(FAIL_AFTER_ENV)
                .ok()
                .and_then(|v| v.parse().ok())
        });
        execute(
            &target,
            &output,
            &report.plan,
            concurrency,
            fail_after,
            opts.progress,
        )
        .await?;
        Ok(report)
    })
}

async fn execute(
    target: &Target,
    output: &Path,
    plan: &Plan,
    concurrency: usize,
    fail_after: Option<usize>,
    progress: bool,
) -> anyhow::Result<()> {
    if plan.is_empty() && !plan.manifest.is_empty() {
        return Ok(());
    }
    // From here, the objects the plan touches are of unknown state.
    target
        .put(
            DEPLOY_MANIFEST,
            render_manifest(&plan.pending).into_bytes(),
            &Headers::manifest(),
        )
        .await
        .context("writing the deploy manifest")?;
    // A file of the old site where the new one has a folder (or the
    // reverse) must go before the upload that needs its name.
    let uploads: HashSet<&str> = plan.uploads.iter().map(|u| u.path.as_str()).collect();
    let in_the_way = |d: &str| {
        uploads.iter().any(|u| {
            u.strip_prefix(d).is_some_and(|r| r.starts_with('/'))
                || d.strip_prefix(u).is_some_and(|r| r.starts_with('/'))
        })
    };
    for d in plan.deletions.iter().filter(|d| in_the_way(d)) {
        target
            .delete(d)
            .await
            .with_context(|| format!("deleting {d}; run `gazette deploy` again to finish"))?;
    }
    let bar = if progress {
        indicatif::ProgressBar::new(plan.upload_bytes())
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let done = Arc::new(AtomicUsize::new(0));
    let total = plan.uploads.len();
    let mut manifest = plan.pending.clone();
    let mut i = 0;
    while i < plan.uploads.len() {
        let phase = plan.uploads[i].phase;
        let end = plan.uploads[i..]
            .iter()
            .position(|u| u.phase != phase)
            .map_or(plan.uploads.len(), |n| i + n);
        let batch = &plan.uploads[i..end];
        let results: Vec<anyhow::Result<(String, Entry)>> =
            futures::stream::iter(batch.iter().map(|u| {
                let done = done.clone();
                let bar = bar.clone();
                async move {
                    if let Some(n) = fail_after
                        && done.fetch_add(1, Ordering::SeqCst) >= n
                    {
                        bail!("uploading {}: simulated failure ({FAIL_AFTER_ENV})", u.path);
                    }
                    let file = crate::base::paths::safe_join(output, &u.path)?;
                    let bytes = tokio::task::spawn_blocking(move || read_no_follow(&file))
                        .await
                        .map_err(|e| anyhow!("reading {}: {e}", u.path))??;
                    let stored = target
                        .put(&u.path, bytes, &u.headers)
                        .await
                        .with_context(|| format!("uploading {}", u.path))?;
                    bar.inc(u.size);
                    Ok((
                        u.path.clone(),
                        Entry {
                            hash: u.hash,
                            stored_size: Some(stored),
                            headers: u.headers.fingerprint,
                        },
                    ))
                }
            }))
            .buffer_unordered(concurrency)
            .collect()
            .await;
        bar.set_message(format!("{} files", i + batch.len()));
        let mut failed = Vec::new();
        for r in results {
            match r {
                Ok((p, e)) => {
                    manifest.insert(p, e);
                }
                Err(e) => failed.push(format!("{e:#}")),
            }
        }
        if !failed.is_empty() {
            bar.abandon();
            // Record what did get through, so the re-run has less to do.
            let _ = target
                .put(
                    DEPLOY_MANIFEST,
                    render_manifest(&manifest).into_bytes(),
                    &Headers::manifest(),
                )
                .await;
            bail!(
                "deploy failed: {} of {total} uploads failed (first: {}); the target is \
                 partly updated and consistent file by file; run `gazette deploy` again to finish",
                failed.len(),
                failed[0]
            );
        }
        i = end;
    }
    bar.finish_and_clear();
    for d in plan.deletions.iter().filter(|d| !in_the_way(d)) {
        target
            .delete(d)
            .await
            .with_context(|| format!("deleting {d}; run `gazette deploy` again to finish"))?;
    }
    target
        .put(
            DEPLOY_MANIFEST,
            render_manifest(&plan.manifest_after(&manifest)).into_bytes(),
            &Headers::manifest(),
        )
        .await
        .context("writing the deploy manifest")?;
    Ok(())
}

impl Plan {
    fn manifest_after(&self, uploaded: &BTreeMap<String, Entry>) -> BTreeMap<String, Entry> {
        let mut m = self.manifest.clone();
        for u in &self.uploads {
            if let Some(e) = uploaded.get(&u.path) {
                m.insert(u.path.clone(), *e);
            }
        }
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_by_path() {
        let t = vec!["tags".to_string(), "series".to_string()];
        assert_eq!(phase_of("index.html", &t), Phase::List);
        assert_eq!(phase_of("world/index.html", &t), Phase::List);
        assert_eq!(phase_of("world/page/2/index.html", &t), Phase::List);
        assert_eq!(phase_of("page/3/index.html", &t), Phase::List);
        assert_eq!(phase_of("series/x/index.html", &t), Phase::List);
        assert_eq!(phase_of("authors/x/page/2/index.html", &t), Phase::List);
        assert_eq!(phase_of("world/strike/index.html", &t), Phase::Article);
        assert_eq!(phase_of("world/strike/lead.jpg", &t), Phase::Asset);
        assert_eq!(phase_of("search/t/3.json", &t), Phase::List);
        assert_eq!(phase_of("searches/t/3.json", &t), Phase::Asset);
        assert_eq!(phase_of("css/site.css", &t), Phase::Asset);
        assert_eq!(phase_of("atom.xml", &t), Phase::Feed);
        assert_eq!(phase_of("tags/x/atom.xml", &t), Phase::Feed);
        assert_eq!(phase_of("robots.txt", &t), Phase::Feed);
        assert_eq!(phase_of("404.html", &t), Phase::Article);
    }

    #[test]
    fn manifest_round_trip() {
        let mut m = BTreeMap::new();
        m.insert(
            "a b/c.html".to_string(),
            Entry {
                hash: 7,
                stored_size: Some(12),
                headers: 99,
            },
        );
        m.insert("ü/%41#x.txt".to_string(), Entry::IN_FLIGHT);
        let text = render_manifest(&m);
        assert!(text.starts_with(MANIFEST_HEADER));
        let parsed = parse_manifest(&text);
        assert_eq!(parsed.len(), 2);
        for (path, e) in &m {
            assert_eq!(parsed.get(path), Some(e));
        }
        // A manifest of an older Gazette (no header) still reads.
        assert_eq!(
            parse_manifest("0000000000000007\t12\t0000000000000063\ta b/c.html\n").len(),
            1
        );
    }

    fn entry(size: u64) -> Entry {
        Entry {
            hash: size,
            stored_size: Some(size),
            headers: 0,
        }
    }

    /// A plan for a folder target (no headers).
    fn plan(
        local: &[(&str, u64)],
        listing: &[(&str, u64)],
        remote: &[(&str, Entry)],
        no_delete: bool,
    ) -> Plan {
        make_plan(
            &local
                .iter()
                .map(|(p, n)| (p.to_string(), (*n, *n)))
                .collect(),
            &listing.iter().map(|(p, n)| (p.to_string(), *n)).collect(),
            &remote.iter().map(|(p, e)| (p.to_string(), *e)).collect(),
            &headers::Rules::none(),
            &[],
            no_delete,
        )
    }

    #[test]
    fn only_files_the_manifest_lists_are_deleted() {
        let p = plan(
            &[("index.html", 1)],
            &[("index.html", 1), ("old.html", 2), ("theirs.txt", 3)],
            &[("index.html", entry(1)), ("old.html", entry(2))],
            false,
        );
        assert!(p.uploads.is_empty());
        assert_eq!(p.deletions, ["old.html"]);
        // Until it is gone, the deleted file stays claimed.
        assert!(p.pending.contains_key("old.html") && !p.manifest.contains_key("old.html"));
        assert!(!p.pending.contains_key("theirs.txt"));
    }

    #[test]
    fn files_a_killed_deploy_was_writing_are_uploaded_again_or_deleted() {
        let p = plan(
            &[("a.html", 1)],
            &[("a.html", 1), ("b.html", 5), ("gone.html", 4)],
            &[
                ("a.html", Entry::IN_FLIGHT),
                ("b.html", Entry::IN_FLIGHT),
                ("never-written.html", Entry::IN_FLIGHT),
            ],
            false,
        );
        assert_eq!(
            p.uploads
                .iter()
                .map(|u| u.path.as_str())
                .collect::<Vec<_>>(),
            ["a.html"]
        );
        // Written but dropped by the site since: Gazette's, so deleted;
        // never written: nothing to delete, and forgotten.
        assert_eq!(p.deletions, ["b.html"]);
        assert_eq!(p.pending.get("a.html"), Some(&Entry::IN_FLIGHT));
        assert!(!p.pending.contains_key("never-written.html"));
        assert!(!p.pending.contains_key("gone.html"));
    }

    #[test]
    fn no_delete_keeps_claiming_what_it_keeps() {
        let p = plan(
            &[],
            &[("old.html", 2), ("half.html", 9)],
            &[("old.html", entry(2)), ("half.html", Entry::IN_FLIGHT)],
            true,
        );
        assert!(p.deletions.is_empty());
        assert_eq!(p.manifest.get("old.html"), Some(&entry(2)));
        assert_eq!(
            p.manifest.get("half.html").map(|e| e.stored_size),
            Some(None)
        );
    }
}
