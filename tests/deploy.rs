//! `gazette deploy` to a folder (`file://`) and to a real local S3-compatible
//! server (moto, started here on 127.0.0.1: `pip install 'moto[server]'`).
//!
//! Sites are built with the real `gazette build`; deploys call the library
//! (`gazette::deploy::deploy`) so that the tests can point S3 at the local
//! server and interrupt a deploy part-way without touching the environment.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use futures::StreamExt;
use gazette::deploy::{DEPLOY_MANIFEST, DeployConfig, DeployOptions, DeployReport, HeaderRule};
use object_store::ObjectStoreExt;

use common::TestSite;
use common::moto::Moto;

const THEME: &[(&str, &str)] = &[
    (
        "base.html",
        "<!DOCTYPE html><html><head><title>{{ page_title }}</title></head><body>{% block content %}{% endblock content %}</body></html>\n",
    ),
    (
        "index.html",
        r#"{% extends "base.html" %}{% block content %}<h1>Front</h1>{% for item in paginator.items %}<a href="{{ item.url }}">{{ item.title }}</a>{% endfor %}{% endblock content %}"#,
    ),
    (
        "article.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1><div>{{ article.content | safe }}</div>{% endblock content %}"#,
    ),
    (
        "page.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock content %}"#,
    ),
    (
        "list.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ list.title }}</h1>{% for item in paginator.items %}<a href="{{ item.url }}">{{ item.title }}</a>{% endfor %}{% endblock content %}"#,
    ),
    (
        "taxonomy.html",
        r#"{% extends "base.html" %}{% block content %}<h1>{{ taxonomy.title }}</h1>{% for t in taxonomy.terms %}<a href="{{ t.url }}">{{ t.name }}</a>{% endfor %}{% endblock content %}"#,
    ),
    (
        "404.html",
        r#"{% extends "base.html" %}{% block content %}<h1>Not found</h1>{% endblock content %}"#,
    ),
];

/// A small site of eight articles with a theme of its own (a stylesheet
/// and an already fingerprinted script).
fn deploy_site() -> TestSite {
    let site = TestSite::new("");
    site.site_yaml(
        "Deploy Test",
        "https://news.example.com",
        "theme: t\npaginate: 3\nrelated: {count: 0}",
    );
    site.theme(
        "t",
        THEME,
        &[
            ("css/site.css", "body { color: black }\n"),
            ("js/app.0123abcd.js", "console.log(1)\n"),
        ],
    );
    for i in 0..8 {
        let section = ["world", "business"][i % 2];
        story(&site, section, i, "First version of the body.");
    }
    site
}

/// Writes `content/<section>/story-<i>.md`.
fn story(site: &TestSite, section: &str, i: usize, body: &str) {
    site.raw(
        &format!("{section}/story-{i}.md"),
        &format!(
            "---\ntitle: Story {i}\ndate: 2024-01-{:02}T10:00:00Z\ntags: [T{}]\nauthor: Ann\n---\n\n{body}\n",
            i + 1,
            i % 3
        ),
    );
}

/// Where a test deploys.
enum Dest {
    Folder(tempfile::TempDir),
    S3 {
        moto: Moto,
        bucket: String,
        prefix: String,
    },
}

impl Dest {
    fn folder() -> Dest {
        Dest::Folder(tempfile::tempdir().unwrap())
    }

    fn s3() -> Dest {
        let moto = Moto::start();
        moto.create_bucket("news");
        Dest::S3 {
            moto,
            bucket: "news".into(),
            prefix: "site/live".into(),
        }
    }

    fn url(&self) -> String {
        match self {
            // A subfolder that does not exist yet: deploy creates it.
            Dest::Folder(d) => format!("file://{}/www", d.path().display()),
            Dest::S3 { bucket, prefix, .. } => format!("s3://{bucket}/{prefix}"),
        }
    }

    fn options(&self, site: &TestSite) -> DeployOptions {
        DeployOptions {
            root: site.root().to_path_buf(),
            target: Some(self.url()),
            s3_options: match self {
                Dest::S3 { moto, .. } => moto.options(),
                Dest::Folder(_) => Vec::new(),
            },
            config: Some(DeployConfig {
                headers: vec![
                    HeaderRule {
                        glob: "**/*.css".into(),
                        cache_control: Some("public, max-age=31536000, immutable".into()),
                        ..Default::default()
                    },
                    HeaderRule {
                        glob: "**/*.html".into(),
                        cache_control: Some("public, max-age=60".into()),
                        ..Default::default()
                    },
                    HeaderRule {
                        glob: "robots.txt".into(),
                        content_type: Some("text/plain; charset=us-ascii".into()),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn deploy(&self, site: &TestSite) -> DeployReport {
        gazette::deploy::deploy(&self.options(site)).expect("deploy")
    }

    fn dry_run(&self, site: &TestSite) -> DeployReport {
        gazette::deploy::deploy(&DeployOptions {
            dry_run: true,
            ..self.options(site)
        })
        .expect("dry run")
    }

    /// Everything on the target, with bytes (the deploy manifest included).
    fn contents(&self) -> BTreeMap<String, Vec<u8>> {
        match self {
            Dest::Folder(d) => {
                let root = d.path().join("www");
                if !root.exists() {
                    return BTreeMap::new();
                }
                walkdir::WalkDir::new(&root)
                    .into_iter()
                    .map(Result::unwrap)
                    .filter(|e| e.file_type().is_file())
                    .map(|e| {
                        let rel = e
                            .path()
                            .strip_prefix(&root)
                            .unwrap()
                            .to_string_lossy()
                            .into_owned();
                        (rel, std::fs::read(e.path()).unwrap())
                    })
                    .collect()
            }
            Dest::S3 { .. } => {
                let (store, rt) = self.s3_store();
                rt.block_on(async {
                    let mut out = BTreeMap::new();
                    let mut list = object_store::ObjectStore::list(&store, None);
                    while let Some(meta) = list.next().await {
                        let meta = meta.unwrap();
                        let bytes = store
                            .get(&meta.location)
                            .await
                            .unwrap()
                            .bytes()
                            .await
                            .unwrap();
                        out.insert(meta.location.as_ref().to_string(), bytes.to_vec());
                    }
                    out
                })
            }
        }
    }

    /// The stored headers of an object on S3.
    fn attributes(&self, path: &str) -> object_store::Attributes {
        let (store, rt) = self.s3_store();
        rt.block_on(async {
            store
                .get(&object_store::path::Path::from(path))
                .await
                .unwrap_or_else(|e| panic!("GET {path}: {e}"))
                .attributes
        })
    }

    fn s3_store(&self) -> (impl object_store::ObjectStore, tokio::runtime::Runtime) {
        let Dest::S3 {
            moto,
            bucket,
            prefix,
        } = self
        else {
            panic!("not an S3 target")
        };
        let mut b = object_store::aws::AmazonS3Builder::new().with_bucket_name(bucket);
        for (k, v) in moto.options() {
            b = b.with_config(k.parse().unwrap(), v);
        }
        let store = object_store::prefix::PrefixStore::new(b.build().unwrap(), prefix.as_str());
        (store, tokio::runtime::Runtime::new().unwrap())
    }

    /// The target's files without the deploy manifest.
    fn site_files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut c = self.contents();
        c.remove(DEPLOY_MANIFEST);
        c
    }
}

/// Panics naming the paths that differ.
#[track_caller]
fn assert_same(got: &BTreeMap<String, Vec<u8>>, want: &BTreeMap<String, Vec<u8>>) {
    let diff: Vec<&String> = got
        .keys()
        .chain(want.keys())
        .filter(|p| got.get(*p) != want.get(*p))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert!(diff.is_empty(), "target and output differ at {diff:?}");
}

fn uploaded(r: &DeployReport) -> BTreeSet<String> {
    r.plan.uploads.iter().map(|u| u.path.clone()).collect()
}

fn deleted(r: &DeployReport) -> BTreeSet<String> {
    r.plan.deletions.iter().cloned().collect()
}

/// Paths whose bytes differ between two snapshots of the output (new or changed).
fn changed(
    before: &BTreeMap<String, Vec<u8>>,
    after: &BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(b))
        .map(|(p, _)| p.clone())
        .collect()
}

/// The whole incremental story on one target.
fn incremental(dest: &Dest) {
    let site = deploy_site();
    site.build();
    let v1 = site.snapshot();

    // --dry-run on an empty target: plans everything, changes nothing.
    let plan = dest.dry_run(&site);
    assert_eq!(uploaded(&plan), v1.keys().cloned().collect());
    assert!(dest.contents().is_empty(), "dry run wrote to the target");

    // First deploy: everything, in order assets < articles < lists < feeds.
    let first = dest.deploy(&site);
    assert_eq!(uploaded(&first), v1.keys().cloned().collect());
    assert_eq!(
        first.plan.upload_bytes(),
        v1.values().map(|b| b.len() as u64).sum::<u64>()
    );
    let phases: Vec<_> = first.plan.uploads.iter().map(|u| u.phase).collect();
    assert!(
        phases.windows(2).all(|w| w[0] <= w[1]),
        "uploads out of order: {phases:?}"
    );
    let pos = |p: &str| {
        first
            .plan
            .uploads
            .iter()
            .position(|u| u.path == p)
            .unwrap_or_else(|| panic!("{p} not uploaded"))
    };
    assert!(pos("css/site.css") < pos("world/story-0/index.html"));
    assert!(pos("world/story-0/index.html") < pos("index.html"));
    assert!(pos("world/story-0/index.html") < pos("tags/t0/index.html"));
    assert!(pos("index.html") < pos("atom.xml"));
    assert!(pos("index.html") < pos("sitemap.xml"));
    assert_same(&dest.site_files(), &v1);
    assert!(dest.contents().contains_key(DEPLOY_MANIFEST));

    // Second deploy, nothing changed: nothing uploaded.
    let second = dest.deploy(&site);
    assert!(second.plan.uploads.is_empty(), "{:?}", uploaded(&second));
    assert!(second.plan.deletions.is_empty());
    assert_eq!(second.plan.unchanged, v1.len());

    // Edit one article: exactly the files whose bytes changed are uploaded.
    story(&site, "world", 2, "Second version of the body, corrected.");
    site.build();
    let v2 = site.snapshot();
    let expect = changed(&v1, &v2);
    assert!(expect.contains("world/story-2/index.html"));
    let before = dest.contents();
    let plan = dest.dry_run(&site);
    assert_eq!(uploaded(&plan), expect);
    assert_same(&dest.contents(), &before);
    let edit = dest.deploy(&site);
    assert_eq!(uploaded(&edit), expect);
    assert!(edit.plan.deletions.is_empty());
    assert!(
        expect.len() < v2.len() / 2,
        "an edit should not re-upload the site: {expect:?}"
    );
    assert_same(&dest.site_files(), &v2);

    // Delete an article: its files are deleted from the target.
    std::fs::remove_file(site.root().join("content/business/story-5.md")).unwrap();
    site.build();
    let v3 = site.snapshot();
    let gone: BTreeSet<String> = v2
        .keys()
        .filter(|p| !v3.contains_key(*p))
        .cloned()
        .collect();
    assert!(gone.contains("business/story-5/index.html"));
    let del = dest.deploy(&site);
    assert_eq!(deleted(&del), gone);
    assert_eq!(uploaded(&del), changed(&v2, &v3));
    assert_same(&dest.site_files(), &v3);

    // --no-delete keeps files the site no longer has.
    std::fs::remove_file(site.root().join("content/business/story-7.md")).unwrap();
    site.build();
    let v4 = site.snapshot();
    let kept = gazette::deploy::deploy(&DeployOptions {
        no_delete: true,
        ..dest.options(&site)
    })
    .unwrap();
    assert!(kept.plan.deletions.is_empty());
    assert!(
        dest.site_files()
            .contains_key("business/story-7/index.html")
    );
    let cleanup = dest.deploy(&site);
    assert!(deleted(&cleanup).contains("business/story-7/index.html"));
    assert!(cleanup.plan.uploads.is_empty(), "{:?}", uploaded(&cleanup));
    assert_same(&dest.site_files(), &v4);
}

/// A deploy that fails part-way, then a re-run: the target ends equal to
/// output/, even when the site went back to the old version in between.
fn interrupted(dest: &Dest) {
    let site = deploy_site();
    site.build();
    dest.deploy(&site);

    story(&site, "world", 0, "An edit that will be half published.");
    story(&site, "business", 9, "A new story.");
    std::fs::remove_file(site.root().join("content/world/story-4.md")).unwrap();
    site.build();
    let err = gazette::deploy::deploy(&DeployOptions {
        fail_after: Some(2),
        ..dest.options(&site)
    })
    .expect_err("the deploy should fail part-way");
    let msg = format!("{err:#}");
    assert!(msg.contains("uploading") && msg.contains("again"), "{msg}");
    let v2 = site.snapshot();
    assert_ne!(
        dest.site_files(),
        v2,
        "the failure should have stopped the deploy"
    );
    // Some of the new files are there already.
    let partial = dest.site_files();
    assert!(changed(&partial, &v2).len() < changed(&BTreeMap::new(), &v2).len());

    // Re-run: converges.
    dest.deploy(&site);
    assert_same(&dest.site_files(), &v2);
    assert!(dest.deploy(&site).plan.is_empty());

    // Interrupted again, then the edit is reverted before the re-run: the
    // half-published page must be put back although the old manifest
    // vouched for the old version.
    // Same size as the published body: only the pending manifest, not the
    // listing's sizes, can tell that the page on the target is not v2's.
    story(&site, "world", 2, "Other version of the body.");
    site.build();
    assert!(
        gazette::deploy::deploy(&DeployOptions {
            fail_after: Some(1),
            ..dest.options(&site)
        })
        .is_err()
    );
    assert!(
        dest.site_files()["world/story-2/index.html"]
            .windows(7)
            .any(|w| w == b"Other v"),
        "the first upload (the article) should have gone through"
    );
    story(&site, "world", 2, "First version of the body.");
    site.build();
    let v3 = site.snapshot();
    assert_same(&v3, &v2);
    dest.deploy(&site);
    assert_same(&dest.site_files(), &v3);
}

#[test]
fn folder_incremental() {
    incremental(&Dest::folder());
}

#[test]
fn folder_interrupted_then_rerun_converges() {
    interrupted(&Dest::folder());
}

#[test]
fn s3_incremental() {
    incremental(&Dest::s3());
}

#[test]
fn s3_interrupted_then_rerun_converges() {
    interrupted(&Dest::s3());
}

#[test]
fn s3_headers_as_configured() {
    let dest = Dest::s3();
    let site = deploy_site();
    site.build();
    dest.deploy(&site);
    let head = |path: &str| {
        let a = dest.attributes(path);
        let get = |k| {
            a.get(&k)
                .map(|v| v.as_ref().to_string())
                .unwrap_or_default()
        };
        (
            get(object_store::Attribute::ContentType),
            get(object_store::Attribute::CacheControl),
        )
    };
    // Rules from the configuration.
    assert_eq!(
        head("css/site.css"),
        (
            "text/css; charset=utf-8".into(),
            "public, max-age=31536000, immutable".into()
        )
    );
    assert_eq!(
        head("world/story-0/index.html"),
        (
            "text/html; charset=utf-8".into(),
            "public, max-age=60".into()
        )
    );
    assert_eq!(head("robots.txt").0, "text/plain; charset=us-ascii");
    // Defaults: short for feeds and robots.txt, a year for fingerprinted assets.
    assert_eq!(
        head("atom.xml"),
        (
            "application/atom+xml; charset=utf-8".into(),
            "public, max-age=300".into()
        )
    );
    assert_eq!(head("robots.txt").1, "public, max-age=300");
    assert_eq!(
        head("js/app.0123abcd.js").1,
        "public, max-age=31536000, immutable"
    );

    // A header rule change re-uploads exactly the files it changes.
    let mut options = dest.options(&site);
    let config = options.config.as_mut().unwrap();
    config.headers[1].cache_control = Some("no-cache".into());
    config.headers.push(HeaderRule {
        glob: "sitemap.xml".into(),
        gzip: Some(true),
        ..Default::default()
    });
    let r = gazette::deploy::deploy(&options).unwrap();
    let html: BTreeSet<String> = site
        .snapshot()
        .keys()
        .filter(|p| p.ends_with(".html") || p.as_str() == "sitemap.xml")
        .cloned()
        .collect();
    assert_eq!(uploaded(&r), html);
    assert_eq!(head("world/story-0/index.html").1, "no-cache");
    assert_eq!(
        dest.attributes("sitemap.xml")
            .get(&object_store::Attribute::ContentEncoding)
            .map(|v| v.as_ref()),
        Some("gzip")
    );
    assert!(gazette::deploy::deploy(&options).unwrap().plan.is_empty());
}

#[test]
fn site_yaml_deploy_section_and_errors() {
    let site = deploy_site();
    let dest = tempfile::tempdir().unwrap();
    let url = format!("file://{}", dest.path().display());
    // No build yet: a clear error.
    let err = gazette::deploy::deploy(&DeployOptions {
        root: site.root().to_path_buf(),
        target: Some(url.clone()),
        ..Default::default()
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("gazette build"), "{err:#}");
    // The target and rules come from site.yaml.
    site.site_yaml(
        "Deploy Test",
        "https://news.example.com",
        &format!(
            "theme: t\n\
             deploy:\n  target: \"{url}\"\n  headers:\n    - {{glob: \"**/*.css\", cache_control: \"public, max-age=9\"}}\n"
        ),
    );
    site.build();
    let r = gazette::deploy::deploy(&DeployOptions {
        root: site.root().to_path_buf(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(r.plan.uploads.len(), site.snapshot().len());
    assert!(dest.path().join("index.html").is_file());
    // Unknown targets are refused.
    let err = gazette::deploy::deploy(&DeployOptions {
        root: site.root().to_path_buf(),
        target: Some("ftp://example.com/".into()),
        ..Default::default()
    })
    .unwrap_err();
    assert!(format!("{err:#}").contains("s3://"), "{err:#}");
}

/// Not a test: counts the uploads for a one-article edit on a big site.
/// `GAZETTE_DEPLOY_BENCH_ROOT=$(bench/corpus.sh 10000)` with the site built,
/// deployed once to `GAZETTE_DEPLOY_BENCH_TARGET` (file:///...), then one
/// article edited and the site rebuilt; prints the dry-run plan's size.
#[test]
#[ignore]
fn bench_plan_for_big_site() {
    let root = std::env::var("GAZETTE_DEPLOY_BENCH_ROOT").expect("GAZETTE_DEPLOY_BENCH_ROOT");
    let target = std::env::var("GAZETTE_DEPLOY_BENCH_TARGET").expect("GAZETTE_DEPLOY_BENCH_TARGET");
    let dry_run = std::env::var("GAZETTE_DEPLOY_BENCH_APPLY").is_err();
    let start = Instant::now();
    let r = gazette::deploy::deploy(&DeployOptions {
        root: root.into(),
        target: Some(target),
        dry_run,
        ..Default::default()
    })
    .unwrap();
    eprintln!(
        "{} in {:.1} s; uploads: {:?}",
        r.summary(),
        start.elapsed().as_secs_f64(),
        r.plan
            .uploads
            .iter()
            .take(200)
            .map(|u| (u.phase.name(), u.path.as_str()))
            .collect::<Vec<_>>()
    );
}
