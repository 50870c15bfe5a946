//! DEPLOY: publish the built `output/` to a folder (`file:///path`) or an
//! S3-compatible bucket (`s3://bucket/prefix`), uploading only what changed.
//!
//! The plan compares each output file's content hash (and the headers it
//! would get) with a manifest kept on the target, `.gazette-deploy-manifest`
//! (lines `hash16hex\tstored_size\theaders16hex\tpath`). An entry counts only
//! if the target's listing still has that object with that size; anything
//! else is of unknown state and is uploaded again (or deleted if the site no
//! longer has it). Before the first change, the manifest is rewritten without
//! the entries the deploy is about to touch, and the full manifest is written
//! last: so a deploy interrupted part-way leaves a manifest that vouches only
//! for objects it knows, and a re-run converges.
//!
//! Uploads go in phases so that no page links to something not there yet:
//! assets, then article pages, then list pages (front page, sections,
//! taxonomies, pagination), then feeds, sitemaps and robots.txt; deletions
//! come last.

pub mod headers;
pub mod target;

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Context, anyhow, bail};
use futures::StreamExt;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use headers::{HeaderRule, Headers};
use target::Target;

/// Name of the manifest kept at the target's root.
pub const DEPLOY_MANIFEST: &str = ".gazette-deploy-manifest";

/// Test hook: when set to N, the (N+1)th upload fails, as if the network
/// went down part-way.
pub const FAIL_AFTER_ENV: &str = "GAZETTE_DEPLOY_FAIL_AFTER";

/// `deploy:` in site.yaml.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct DeployConfig {
    /// `s3://bucket/prefix` or `file:///path`; `--target` overrides it.
    pub target: Option<String>,
    /// Header rules, in order: for each header, the first matching rule
    /// that sets it wins; the defaults fill the rest.
    pub headers: Vec<HeaderRule>,
    /// Uploads in flight at once (default 8).
    pub concurrency: Option<usize>,
}

/// What `gazette deploy` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct DeployOptions {
    /// The site folder (holds site.yaml and output/).
    pub root: PathBuf,
    /// Overrides site.yaml's `deploy.target`.
    pub target: Option<String>,
    pub dry_run: bool,
    pub no_delete: bool,
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
}

impl DeployReport {
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

/// A manifest entry: what the target holds at a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    hash: u64,
    stored_size: u64,
    headers: u64,
}

fn parse_manifest(text: &str) -> HashMap<String, Entry> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, '\t');
            let hash = u64::from_str_radix(parts.next()?, 16).ok()?;
            let stored_size = parts.next()?.parse().ok()?;
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
    let mut s = String::with_capacity(m.len() * 64);
    for (path, e) in m {
        s.push_str(&format!(
            "{:016x}\t{}\t{:016x}\t{path}\n",
            e.hash, e.stored_size, e.headers
        ));
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

/// Every file under `output` (except Gazette's own manifest): path -> (size, hash).
pub fn scan_output(output: &Path) -> anyhow::Result<BTreeMap<String, (u64, u64)>> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(output).follow_links(true) {
        let entry = entry.with_context(|| format!("reading {}", output.display()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(output)
            .expect("under output")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        if rel == crate::output::MANIFEST || rel == DEPLOY_MANIFEST {
            continue;
        }
        paths.push((rel, entry.into_path()));
    }
    paths
        .into_par_iter()
        .map(|(rel, p)| {
            let bytes = std::fs::read(&p).with_context(|| format!("reading {}", p.display()))?;
            Ok((
                rel,
                (bytes.len() as u64, crate::output::content_hash(&bytes)),
            ))
        })
        .collect()
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
        (listing.get(path) == Some(&e.stored_size)).then_some(*e)
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
            _ => plan.uploads.push(Upload {
                path: path.clone(),
                size,
                hash,
                phase: phase_of(path, taxonomies),
                headers,
            }),
        }
    }
    let mut stale: Vec<String> = listing
        .keys()
        .filter(|p| p.as_str() != DEPLOY_MANIFEST && !local.contains_key(p.as_str()))
        .cloned()
        .collect();
    stale.sort();
    if no_delete {
        for p in stale {
            if let Some(e) = known(&p) {
                plan.manifest.insert(p.clone(), e);
                plan.pending.insert(p, e);
            }
        }
    } else {
        plan.deletions = stale;
    }
    plan.uploads
        .sort_by(|a, b| (a.phase, &a.path).cmp(&(b.phase, &b.path)));
    plan
}

/// Runs `gazette deploy`: prints the plan (dry run) or progress and a
/// summary, and returns the report.
pub fn deploy(opts: &DeployOptions) -> anyhow::Result<DeployReport> {
    let config =
        crate::config::Config::load(&opts.root.join("site.yaml")).map_err(|d| anyhow!("{d}"))?;
    let deploy_config = opts
        .config
        .clone()
        .or_else(|| config.deploy.clone())
        .unwrap_or_default();
    let url = opts
        .target
        .clone()
        .or_else(|| deploy_config.target.clone())
        .ok_or_else(|| {
            anyhow!(
                "no deploy target: pass --target s3://bucket/prefix or file:///path, \
                 or set deploy.target in site.yaml"
            )
        })?;
    let output = opts.root.join("output");
    if !output.join(crate::output::MANIFEST).is_file() {
        bail!(
            "{} holds no built site (no {}): run `gazette build` first",
            output.display(),
            crate::output::MANIFEST
        );
    }
    let rules = headers::Rules::new(&deploy_config.headers)?;
    let concurrency = deploy_config.concurrency.unwrap_or(8).max(1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let target = Target::open(&url, opts.dry_run, &opts.s3_options)?;
        let rules = if target.supports_headers() {
            rules
        } else {
            headers::Rules::none()
        };
        let local = scan_output(&output)?;
        let listing = target.list().await?;
        let remote = match listing.contains_key(DEPLOY_MANIFEST) {
            true => parse_manifest(&target.read(DEPLOY_MANIFEST).await?),
            false => HashMap::new(),
        };
        let plan = make_plan(
            &local,
            &listing,
            &remote,
            &rules,
            &config.taxonomies,
            opts.no_delete,
        );
        let report = DeployReport {
            target: url.clone(),
            dry_run: opts.dry_run,
            plan,
        };
        if opts.dry_run {
            for u in &report.plan.uploads {
                println!("upload\t{}\t{}\t{}", u.phase.name(), u.size, u.path);
            }
            for d in &report.plan.deletions {
                println!("delete\t{d}");
            }
            println!("{}", report.summary());
            return Ok(report);
        }
        let fail_after = opts.fail_after.or_else(|| {
            std::env::var(FAIL_AFTER_ENV)
                .ok()
                .and_then(|v| v.parse().ok())
        });
        execute(&target, &output, &report.plan, concurrency, fail_after).await?;
        println!("{}", report.summary());
        Ok(report)
    })
}

async fn execute(
    target: &Target,
    output: &Path,
    plan: &Plan,
    concurrency: usize,
    fail_after: Option<usize>,
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
    let bar = if std::io::stdout().is_terminal() {
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
                    let file = crate::output::safe_join(output, &u.path)?;
                    let bytes = tokio::fs::read(&file)
                        .await
                        .with_context(|| format!("reading {}", file.display()))?;
                    let stored = target
                        .put(&u.path, bytes, &u.headers)
                        .await
                        .with_context(|| format!("uploading {}", u.path))?;
                    bar.inc(u.size);
                    Ok((
                        u.path.clone(),
                        Entry {
                            hash: u.hash,
                            stored_size: stored,
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
    for d in &plan.deletions {
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
                stored_size: 12,
                headers: 99,
            },
        );
        let parsed = parse_manifest(&render_manifest(&m));
        assert_eq!(parsed.get("a b/c.html"), m.get("a b/c.html"));
    }
}
