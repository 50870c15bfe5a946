//! `gazette import jekyll|hugo|zola|eleventy DIR` (issue 24, part 3), run
//! with the real binary on the small sites under `tests/fixtures/tools/`,
//! imported into a site made by `gazette init`: the site.yaml written, the
//! files copied and where, the checklist's wording, a second run that
//! overwrites nothing, a site.yaml with edits kept, and the errors for a
//! missing or malformed configuration.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Run, TestSite, copy_dir, files_under, gazette};

/// The fixture site of a tool.
fn fixture(tool: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tools")
        .join(tool)
}

/// A copy of a tool's fixture in a temporary folder, to add to.
fn fixture_copy(tool: &str) -> tempfile::TempDir {
    let dir = tempfile::Builder::new()
        .prefix("gazette-import-src-")
        .tempdir()
        .unwrap();
    copy_dir(&fixture(tool), dir.path());
    dir
}

/// A new site made by `gazette init` (in `<tmp>/site`).
fn new_site() -> TestSite {
    let site = TestSite::bare_in_subfolder();
    common::run({
        let mut cmd = gazette();
        cmd.arg("init").arg(site.root());
        cmd
    })
    .ok();
    site
}

fn import(site: &TestSite, tool: &str, dir: &Path) -> Run {
    site.run(&["import", tool, dir.to_str().unwrap()])
}

/// The site's site.yaml (or another YAML file of the site) as data.
fn yaml(site: &TestSite, rel: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(site.path(rel)).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// Files under a folder of the site, `/`-separated.
fn files(site: &TestSite, folder: &str) -> Vec<String> {
    files_under(&site.path(folder)).into_iter().collect()
}

/// Every file of the site but output/, with its bytes.
fn site_files(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    files_under(site.root())
        .into_iter()
        .filter(|f| !f.starts_with("output/") && !f.starts_with(".output"))
        .map(|f| {
            let bytes = std::fs::read(site.path(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

fn assert_has(text: &str, needle: &str) {
    assert!(text.contains(needle), "should say {needle:?}:\n{text}");
}

#[test]
fn jekyll_config_becomes_site_yaml_and_files_keep_their_paths() {
    let source = fixture_copy("jekyll");
    // What Jekyll never publishes, made here rather than kept in git.
    for (rel, text) in [
        ("node_modules/pkg/readme.md", "---\ntitle: x\n---\n"),
        ("vendor/bundle/gem.rb", "x"),
        (".jekyll-cache/x", "x"),
    ] {
        let p = source.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let site = new_site();
    let run = import(&site, "jekyll", source.path()).ok();

    let config = yaml(&site, "site.yaml");
    assert_eq!(config["title"], "The Jekyll Ledger");
    assert_eq!(config["base_url"], "https://ledger-news.org/archive");
    assert_eq!(config["description"], "Local news since 2014");
    assert_eq!(config["language"], "en-US");
    assert_eq!(config["timezone"], "America/New_York");
    assert_eq!(config["paginate"], 5);
    assert_eq!(
        config["taxonomies"],
        serde_json::json!(["tags", "categories", "authors"])
    );
    assert_eq!(config["permalink"], "/:year/:month/:day/:slug/");
    assert_eq!(config["extra"]["author"], "Jane Editor");
    assert_eq!(config["theme"], "broadsheet");

    assert_eq!(
        files(&site, "content"),
        [
            "_drafts/unfinished-story.md",
            "_index.md",
            "_posts/2014-09-25-design-studio.md",
            // `.markdown` is renamed: Gazette reads `.md`.
            "_posts/2016-09-27-council-meeting.md",
            "about.md",
            "news/_posts/2020-01-02-river-cleanup.md",
            "news/welcome.md",
            // A collection Jekyll publishes, without its underscore.
            "staff/jane.md",
        ]
    );
    assert_eq!(
        files(&site, "static"),
        ["CNAME", "assets/img/logo.png", "assets/js/app.js"]
    );
    // Copied as they are, front matter and all.
    assert_eq!(
        std::fs::read(site.path("content/_posts/2016-09-27-council-meeting.md")).unwrap(),
        std::fs::read(
            source
                .path()
                .join("_posts/2016-09-27-council-meeting.markdown")
        )
        .unwrap()
    );
    // init's About page gave way to the site's own.
    assert_eq!(
        std::fs::read_to_string(site.path("content/about.md")).unwrap(),
        std::fs::read_to_string(source.path().join("about.md")).unwrap()
    );

    let out = &run.stdout;
    assert_has(
        out,
        "site.yaml: converted from _config.yml (it replaced the site.yaml `gazette init` wrote).",
    );
    assert_has(out, "Copied 3 files into static/, 7 files into content/.");
    assert_has(
        out,
        "Replaced the starter pages `gazette init` wrote: content/about.md, content/_index.md.",
    );
    // The home page's text is the front page's.
    assert_has(
        &std::fs::read_to_string(site.path("content/_index.md")).unwrap(),
        "Latest from the Ledger.",
    );
    assert_has(
        out,
        "- Jekyll layouts (_layouts/) (2 files): _layouts/default.html, _layouts/post.html\n",
    );
    assert_has(
        out,
        "- Jekyll includes (_includes/) (1 file): _includes/note.html",
    );
    assert_has(out, "- Data files (_data/) (1 file): _data/navigation.yml");
    assert_has(
        out,
        "- Ruby plugins (_plugins/) (1 file): _plugins/reading_time.rb",
    );
    assert_has(out, "- Jekyll plugins Gazette does not have: jekyll-gist");
    assert_has(
        out,
        "jekyll-redirect-from: `redirect_from:` read as aliases",
    );
    assert_has(
        out,
        "- Pages and files made with Liquid (front matter in a non-Markdown file) (2 files): assets/css/style.scss, index.html",
    );
    assert_has(
        out,
        "- Collections Jekyll does not publish (`output: false`) (1 file): _recipes/soup.md",
    );
    assert_has(
        out,
        "- Markdown files without front matter were not copied (1 file): notes.md",
    );
    // Its About page says `layout: page`, which Gazette reads as a page.
    assert!(!out.contains("Markdown files with no date"), "{out}");
    assert_has(
        out,
        "- Template code in article bodies ({% ... %} or {{ ... }}: Liquid, Nunjucks, shortcodes) (1 file): _posts/2014-09-25-design-studio.md\n    it is not run: Gazette shows it as text, and `gazette build` counts it in one warning",
    );
    assert_has(
        out,
        "- Permalink `pretty` cannot be kept exactly: Gazette has no :categories",
    );
    assert_has(
        out,
        "- Jekyll settings with no Gazette equivalent: markdown\n",
    );

    // The imported posts build as they are: dates from file names, drafts.
    let built = site.build();
    assert_has(&built.stdout, "left out 1 draft");
}

#[test]
fn jekyll_posts_and_collections_under_collections_dir_keep_their_place() {
    let source = fixture_copy("jekyll");
    let s = source.path();
    std::fs::create_dir_all(s.join("stories")).unwrap();
    for dir in ["_posts", "_drafts", "_staff"] {
        std::fs::rename(s.join(dir), s.join("stories").join(dir)).unwrap();
    }
    let config = std::fs::read_to_string(s.join("_config.yml")).unwrap();
    std::fs::write(
        s.join("_config.yml"),
        format!("{config}collections_dir: stories\n"),
    )
    .unwrap();
    let site = new_site();
    import(&site, "jekyll", s).ok();
    let content = files(&site, "content");
    for file in [
        "_posts/2014-09-25-design-studio.md",
        "_drafts/unfinished-story.md",
        "staff/jane.md",
    ] {
        assert!(content.contains(&file.to_string()), "{file} in {content:?}");
    }
}

#[test]
fn a_second_run_overwrites_nothing_and_says_what_it_skipped() {
    let site = new_site();
    import(&site, "hugo", &fixture("hugo")).ok();
    // The person edits an imported article between the runs.
    let edited = site.path("content/posts/market-day.md");
    std::fs::write(
        &edited,
        "---\ntitle: Edited\ndate: 2024-04-06\n---\nMine.\n",
    )
    .unwrap();
    let before = site_files(&site);

    let run = import(&site, "hugo", &fixture("hugo")).ok();
    assert_eq!(site_files(&site), before, "the second run changed the site");
    assert_has(
        &run.stdout,
        "site.yaml already holds the settings converted from hugo.toml and config/_default/menus.toml: not written again.",
    );
    assert_has(&run.stdout, "Copied no file.");
    assert_has(
        &run.stdout,
        "Skipped 8 files that already exist in the site (an import never overwrites): content/_index.md, content/posts/_index.md, content/posts/bridge/bridge.jpg, content/posts/bridge/index.md, content/posts/flood-warning.md, and 3 more.",
    );
}

#[test]
fn a_site_yaml_with_edits_is_kept_and_the_settings_go_beside_it() {
    let site = new_site();
    let mine = "title: My Paper\nbase_url: https://my-paper.org\ntheme: broadsheet\n";
    std::fs::write(site.path("site.yaml"), mine).unwrap();

    let run = import(&site, "zola", &fixture("zola")).ok();
    assert_eq!(
        std::fs::read_to_string(site.path("site.yaml")).unwrap(),
        mine
    );
    assert_has(
        &run.stdout,
        "site.yaml has your edits, so it was left as it is: the settings converted from config.toml are in",
    );
    let imported = yaml(&site, "site.imported.yaml");
    assert_eq!(imported["title"], "La Gazette de Zola");

    // The person changes the converted file; a later import leaves it be.
    std::fs::write(site.path("site.imported.yaml"), "title: merged\n").unwrap();
    let run = import(&site, "zola", &fixture("zola")).ok();
    assert_has(
        &run.stdout,
        "site.imported.yaml exists from an earlier import: neither was changed",
    );
    assert_eq!(
        std::fs::read_to_string(site.path("site.imported.yaml")).unwrap(),
        "title: merged\n"
    );
}

#[test]
fn hugo_site_imports_and_builds() {
    let site = new_site();
    let run = import(&site, "hugo", &fixture("hugo")).ok();

    let config = yaml(&site, "site.yaml");
    assert_eq!(config["title"], "The Hugo Herald");
    assert_eq!(config["base_url"], "https://hugo-herald.org");
    assert_eq!(config["description"], "News from the valley");
    assert_eq!(config["language"], "en-gb");
    assert_eq!(config["paginate"], 7);
    assert_eq!(
        config["taxonomies"],
        serde_json::json!(["categories", "series", "tags", "authors"])
    );
    assert_eq!(config["permalink"], "/:year/:month/:slug/");
    assert_eq!(
        config["extra"]["mainSections"],
        serde_json::json!(["posts"])
    );
    assert!(config.get("timezone").is_none());

    assert_eq!(
        files(&site, "content"),
        [
            "_index.md",
            "about.md",
            "news/welcome.md",
            "posts/_index.md",
            "posts/bridge/bridge.jpg",
            "posts/bridge/index.md",
            "posts/flood-warning.md",
            "posts/market-day.md",
        ]
    );
    assert_eq!(files(&site, "static"), ["images/logo.png", "robots.txt"]);

    let out = &run.stdout;
    assert_has(
        out,
        "site.yaml: converted from hugo.toml and config/_default/menus.toml",
    );
    assert_has(
        out,
        "- Custom shortcodes (layouts/shortcodes/) (1 file): layouts/shortcodes/notice.html",
    );
    assert_has(
        out,
        "- Hugo layouts (layouts/) (1 file): layouts/_default/single.html",
    );
    assert_has(out, "- Menus: main: Posts, main: About");
    assert_has(out, "- Hugo theme `ananke`");
    assert_has(
        out,
        "- Hugo settings with no Gazette equivalent: enableRobotsTXT",
    );
    assert_has(out, "- Data files (data/) (1 file): data/staff.yaml");
    assert_has(out, "- Translation strings (i18n/) (1 file): i18n/en.yaml");
    assert_has(
        out,
        "content/news/welcome.md is the welcome article `gazette init` wrote: delete it if the site should not show it.",
    );

    site.build();
    assert_has(
        &site.page("/2024/03/flood-warning/"),
        "The river is rising.",
    );
    assert!(site.page_exists("/posts/"), "the section listing");
    assert!(site.page_exists("/series/floods/"), "a Hugo taxonomy");
    assert!(site.page_exists("/old/market-day/"), "the alias");
    assert_eq!(
        site.read_bytes("2024/05/bridge/bridge.jpg"),
        std::fs::read(fixture("hugo").join("content/posts/bridge/bridge.jpg")).unwrap(),
        "the bundle's image beside its page"
    );
    // Hugo's static/ files keep their URLs.
    assert!(site.exists("images/logo.png"));
    assert!(site.exists("robots.txt"));
    assert_has(&site.page("/"), "Welcome to the Herald.");
}

#[test]
fn zola_config_and_sections_are_carried() {
    let site = new_site();
    let run = import(&site, "zola", &fixture("zola")).ok();

    let config = yaml(&site, "site.yaml");
    assert_eq!(config["title"], "La Gazette de Zola");
    assert_eq!(config["base_url"], "https://zola-gazette.fr");
    assert_eq!(config["description"], "Nouvelles du quartier");
    assert_eq!(config["language"], "fr");
    // The front page's `paginate_by`.
    assert_eq!(config["paginate"], 4);
    assert_eq!(config["taxonomies"], serde_json::json!(["tags", "authors"]));
    assert_eq!(config["permalink"], "/:section/:slug/");
    assert_eq!(config["extra"]["twitter"], "@zolagazette");
    assert_eq!(config["extra"]["show_reading_time"], true);

    assert_eq!(
        files(&site, "content"),
        [
            "_index.md",
            "about.md",
            "blog/2021-05-06-fete.md",
            "blog/_index.md",
            "blog/market.md",
            "news/welcome.md",
            "pages/about.md",
        ]
    );
    // Zola's own section file, not init's.
    assert_has(
        &std::fs::read_to_string(site.path("content/_index.md")).unwrap(),
        "paginate_by = 4",
    );
    assert_eq!(files(&site, "static"), ["img/logo.png"]);

    let out = &run.stdout;
    assert_has(
        out,
        "- Feeds: Zola wrote /feed.xml\n    Gazette writes /atom.xml and /rss.xml",
    );
    assert_has(
        out,
        "- Zola settings with no Gazette equivalent: build_search_index, compile_sass, markdown",
    );
    assert_has(
        out,
        "- Custom shortcodes (templates/shortcodes/) (1 file): templates/shortcodes/youtube.html",
    );
    assert_has(
        out,
        "- Zola templates (templates/) (1 file): templates/base.html",
    );
    assert_has(out, "- Sass sources (sass/) (1 file): sass/site.scss");
    // A file-name date counts as a date; a page without one is named.
    assert_has(
        out,
        "- Markdown files with no date (no `date:` and no YYYY-MM-DD- file name), copied as standalone pages (1 file): pages/about.md",
    );
    assert_has(out, "(1 file): blog/market.md");

    // The undated page was copied as a standalone page, in its own
    // dialect, so the site builds with no hand edit.
    let about = std::fs::read_to_string(site.path("content/pages/about.md")).unwrap();
    assert!(
        about.starts_with("+++\ntype = \"page\"\ntitle = "),
        "{about}"
    );
    site.build();
    assert_has(&site.read("pages/about/index.html"), "Qui sommes-nous");
    assert_has(&site.read("blog/fete/index.html"), "2021");
}

#[test]
fn eleventy_reads_what_is_declarative_and_names_the_rest() {
    let site = new_site();
    let run = import(&site, "eleventy", &fixture("eleventy")).ok();

    let config = yaml(&site, "site.yaml");
    assert_eq!(config["title"], "The Evening Post");
    assert_eq!(config["base_url"], "https://evening-post.net");
    assert_eq!(config["description"], "Abendnachrichten");
    assert_eq!(config["language"], "de");
    assert_eq!(config["paginate"], 10);
    assert_eq!(
        config["taxonomies"],
        serde_json::json!(["tags", "categories", "authors"])
    );
    assert_eq!(config["extra"]["author"]["name"], "Erika");

    // Markdown under the input folder `src`, at its path under it.
    assert_eq!(
        files(&site, "content"),
        [
            "_index.md",
            "about.md",
            "news/welcome.md",
            "posts/first-edition.md",
            "posts/second-edition.md",
        ]
    );
    // Passthrough copies at the paths Eleventy publishes them at.
    assert_eq!(
        files(&site, "static"),
        ["fonts/serif.woff2", "img/photo.jpg"]
    );

    let out = &run.stdout;
    assert_has(
        out,
        "site.yaml: converted from eleventy.config.js, src/_data/metadata.json, package.json",
    );
    assert_has(
        out,
        "- eleventy.config.js is JavaScript and was not run; these calls were not carried: addPlugin, addFilter ×2, addShortcode",
    );
    assert_has(
        out,
        "- Layouts and includes (1 file): src/_includes/layouts/base.njk",
    );
    assert_has(
        out,
        "- Global data files (2 files): src/_data/metadata.json, src/_data/nav.json",
    );
    assert_has(
        out,
        "- Directory data files (front matter for a whole folder) (1 file): src/posts/posts.json",
    );
    assert_has(
        out,
        "- Templates in other languages (Nunjucks, Liquid, HTML, JavaScript...) (1 file): src/index.njk",
    );
    assert_has(
        out,
        "- Markdown files without front matter were not copied (1 file): colophon.md",
    );
    assert_has(out, "(1 file): posts/first-edition.md");

    site.build();
    // Nunjucks in a body is text, never run.
    assert_has(
        &site.page("/posts/first-edition/"),
        "{% if metadata.author %}",
    );
    assert!(site.exists("fonts/serif.woff2"));
    assert!(site.exists("img/photo.jpg"));
}

#[test]
fn eleventy_leaves_out_what_eleventyignore_lists() {
    let source = fixture_copy("eleventy");
    std::fs::write(
        source.path().join(".eleventyignore"),
        "# not built\n./src/posts/second-edition.md\n",
    )
    .unwrap();
    let site = new_site();
    import(&site, "eleventy", source.path()).ok();
    assert!(site.path("content/posts/first-edition.md").exists());
    assert!(!site.path("content/posts/second-edition.md").exists());
}

#[test]
fn symbolic_links_are_not_followed_out_of_the_source() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: Secret\n---\n",
    )
    .unwrap();
    let source = fixture_copy("hugo");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        source.path().join("content/posts/secret.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), source.path().join("static/elsewhere")).unwrap();

    let site = new_site();
    let run = import(&site, "hugo", source.path()).ok();
    assert!(!site.path("content/posts/secret.md").exists());
    assert!(!site.path("static/elsewhere").exists());
    assert_has(
        &run.stdout,
        "- Symbolic links in content/ were not followed (1 file): posts/secret.md",
    );
    assert_has(
        &run.stdout,
        "- Symbolic links in static/ were not followed (1 file): elsewhere",
    );
}

#[test]
fn a_malformed_or_missing_configuration_is_named_with_its_line() {
    let source = fixture_copy("hugo");
    std::fs::write(
        source.path().join("hugo.toml"),
        "title = \"Herald\"\nbaseURL = \"https://x.org\"\n[params\ndescription = \"x\"\n",
    )
    .unwrap();
    let site = new_site();
    let before = site_files(&site);
    let run = import(&site, "hugo", source.path()).fails();
    run.stderr_has("hugo.toml:3: not valid TOML")
        .stderr_has("fix the file");
    assert_eq!(site_files(&site), before, "a failed import wrote something");

    let jekyll = fixture_copy("jekyll");
    std::fs::write(
        jekyll.path().join("_config.yml"),
        "title: Ledger\nurl: [unclosed\n",
    )
    .unwrap();
    import(&site, "jekyll", jekyll.path())
        .fails()
        .stderr_has("_config.yml:")
        .stderr_has("not valid YAML");

    let eleventy = fixture_copy("eleventy");
    std::fs::write(
        eleventy.path().join("src/_data/metadata.json"),
        "{\n\"title\": \"x\",\n}\n",
    )
    .unwrap();
    import(&site, "eleventy", eleventy.path())
        .fails()
        .stderr_has("metadata.json:3: not valid JSON");

    // The wrong tool for the folder.
    import(&site, "zola", &fixture("jekyll"))
        .fails()
        .stderr_has("no config.toml in")
        .stderr_has("name the folder that holds it");
    import(&site, "eleventy", &fixture("zola"))
        .fails()
        .stderr_has("does not look like an Eleventy site");
    import(&site, "jekyll", &site.path("no-such-folder"))
        .fails()
        .stderr_has("cannot open");
    assert_eq!(site_files(&site), before, "a failed import wrote something");
}

#[test]
fn paths_that_leave_the_site_or_the_source_are_refused() {
    let source = fixture_copy("eleventy");
    let config = source.path().join("eleventy.config.js");
    let code = std::fs::read_to_string(&config).unwrap().replace(
        r#"{ "assets/fonts": "fonts" }"#,
        r#"{ "assets/fonts": "../../escaped" }"#,
    );
    std::fs::write(&config, code).unwrap();
    let site = new_site();
    let run = import(&site, "eleventy", source.path()).ok();
    assert_has(
        &run.stdout,
        "- Passthrough copies published outside the site's folder (`..` in the target) (1 file): assets/fonts/serif.woff2",
    );
    assert!(!site.top().join("escaped").exists());
    assert_eq!(files(&site, "static"), ["img/photo.jpg"]);

    std::fs::write(
        &config,
        r#"module.exports = () => ({ dir: { input: "../elsewhere" } });"#,
    )
    .unwrap();
    import(&site, "eleventy", source.path())
        .fails()
        .stderr_has("eleventy.config.js: the input folder \"../elsewhere\" is outside");

    // The site inside the folder being imported is not copied into itself.
    let jekyll = fixture_copy("jekyll");
    let inner = jekyll.path().join("gazette-site");
    common::run({
        let mut cmd = gazette();
        cmd.arg("init").arg(&inner);
        cmd
    })
    .ok();
    common::run({
        let mut cmd = gazette();
        cmd.arg("--root")
            .arg(&inner)
            .args(["import", "jekyll"])
            .arg(jekyll.path());
        cmd
    })
    .ok();
    assert!(!inner.join("static/gazette-site").exists());
    assert!(
        inner
            .join("content/_posts/2014-09-25-design-studio.md")
            .exists()
    );
}
