//! Issue 23, "the first hour": the mistakes of someone new to Gazette
//! (a misspelt key, a command run in the wrong folder, a fresh `init`) get
//! a message that says what was meant, instead of silence or a puzzle.

use crate::common;

use common::TestSite;

// ================================================================ misspelt keys

/// `tittle:` used to give "line 1: the article has no title" and drop the
/// unknown-key warning: the error now points at the misspelt line.
#[test]
fn a_misspelt_title_is_named_as_the_reason_there_is_no_title() {
    let site = TestSite::new("");
    site.md("world/a.md", "tittle: Hello\ndate: 2024-01-01", "Body\n");
    let run = site.build_with(&[]).fails();
    run.stderr_has(
        "error: content/world/a.md:2: the article has no title: `tittle` looks like a misspelling of `title`",
    );
    run.stderr_has("rename `tittle:` to `title:`");
    run.stderr_has("warning: content/world/a.md:2: unknown front matter key `tittle`");
}

#[test]
fn misspelt_front_matter_keys_get_the_key_that_was_meant() {
    let site = TestSite::new("taxonomies: [tags, categories, series]");
    site.md(
        "world/a.md",
        "title: A\ndate: 2024-01-01\ntgas: [x]\ncatgory: News\nserie: [Part one]\nweather: sunny",
        "Body\n",
    );
    let run = site.build();
    run.stderr_has(
        "content/world/a.md:4: unknown front matter key `tgas`: kept under `extra.tgas` (did you mean `tags`?)",
    );
    run.stderr_has(
        "a.md:5: unknown front matter key `catgory`: kept under `extra.catgory` (did you mean `category`?)",
    );
    run.stderr_has(
        "a.md:6: unknown front matter key `serie`: kept under `extra.serie` (did you mean `series`?)",
    );
    run.stderr_has("a.md:7: unknown front matter key `weather`: kept under `extra.weather`\n");
}

/// Tags on a site whose `taxonomies` leave tags out were dropped unseen.
#[test]
fn a_taxonomy_key_the_site_does_not_use_is_a_warning() {
    let site = TestSite::new("taxonomies: [tag, authors]");
    site.md(
        "world/a.md",
        "title: A\ndate: 2024-01-01\ntags: [Ports]",
        "Body\n",
    );
    site.build().stderr_has(
        "warning: content/world/a.md:4: `tags` is ignored: `tags` is not among site.yaml's `taxonomies` (tag, authors) (did you mean `tag`?)",
    );
}

#[test]
fn misspelt_site_yaml_keys_get_the_key_that_was_meant() {
    let site = TestSite::new("paginte: 5");
    site.article("world/a.md", "A", "2024-01-01", "", "Body");
    let run = site.build_with(&[]).fails();
    run.stderr_has(
        "error: site.yaml:4: invalid site.yaml: unknown key `paginte` (did you mean `paginate`?)",
    );
    run.stderr_has("rename it to `paginate`");

    site.config("related:\n  cuont: 3");
    let run = site.build_with(&[]).fails();
    run.stderr_has(
        "site.yaml:5: invalid site.yaml: related: unknown key `cuont` (did you mean `count`?)",
    );
    run.stderr_has("allowed keys under `related`: count, tags, categories, text, recency");
}

#[test]
fn a_nav_entry_that_names_no_section_is_a_warning() {
    let site = TestSite::new("nav: [wrold, business]");
    site.article("world/a.md", "A", "2024-01-01", "", "Body");
    site.article("business/b.md", "B", "2024-01-01", "", "Body");
    let run = site.build();
    run.stderr_has(
        "warning: site.yaml:4: `nav` names \"wrold\", which is no section (did you mean `world`?)",
    );
    assert!(!run.stderr.contains("\"business\""), "{}", run.stderr);
}

#[test]
fn language_must_be_a_language_tag() {
    let site = TestSite::new("language: english");
    site.article("world/a.md", "A", "2024-01-01", "", "Body");
    let run = site.build_with(&[]).fails();
    run.stderr_has(
        "error: site.yaml:4: `language` \"english\" is not a language tag (did you mean `en`?)",
    );
    run.stderr_has("write `language: en`");
    for tag in ["en", "en-US", "kk", "zh-Hant"] {
        site.config(&format!("language: {tag}"));
        site.build();
    }
}

// ================================================================ outside a site

/// `gazette new` in a folder without site.yaml wrote `./content/x.md` there
/// and exited 0; every command but `init` now refuses, with exit 2.
#[test]
fn commands_refuse_to_run_outside_a_site() {
    let tmp = TestSite::bare();
    for args in [
        vec!["new", "x"],
        vec!["build"],
        vec!["check"],
        vec!["deploy", "--target", "file:///nowhere"],
        vec!["serve", "--port", "0"],
    ] {
        let mut cmd = common::gazette();
        cmd.current_dir(tmp.root()).args(&args);
        let run = common::run(cmd);
        assert_eq!(run.code(), Some(2), "{args:?}: {}", run.describe());
        run.stderr_has("no site.yaml in")
            .stderr_has("run `gazette init");
        assert!(
            common::files_under(tmp.root()).is_empty(),
            "{args:?} wrote {:?}",
            common::files_under(tmp.root())
        );
    }
}

// ================================================================ init

#[test]
fn init_writes_a_gitignore_for_the_output_and_leaves_developer_notes_out() {
    let tmp = TestSite::bare();
    let dir = tmp.path("paper");
    let mut cmd = common::gazette();
    cmd.arg("init").arg(&dir);
    common::run(cmd).ok();
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    let rules: Vec<&str> = ignore.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rules, ["/output", "/.output.*"]);
    assert!(!dir.join("themes/broadsheet/NEEDS.md").exists());
    assert!(dir.join("themes/broadsheet/theme.yaml").is_file());
    // The build's staging folder is what the second rule covers.
    let mut cmd = common::gazette();
    cmd.arg("--root").arg(&dir).arg("build");
    common::run(cmd).ok();
    let mut cmd = common::gazette();
    cmd.arg("--root").arg(&dir).arg("build");
    common::run(cmd).ok();
    assert!(dir.join(".output.staging").is_dir());
}

/// `--root` was accepted by `init` and ignored: it is now the folder when
/// DIR is left out, and a DIR that disagrees with it is a usage error.
#[test]
fn init_takes_its_folder_from_root_when_dir_is_left_out() {
    let tmp = TestSite::bare();
    let dir = tmp.path("paper");
    let mut cmd = common::gazette();
    cmd.current_dir(tmp.root())
        .arg("--root")
        .arg(&dir)
        .arg("init");
    common::run(cmd).ok();
    assert!(dir.join("site.yaml").is_file());

    let mut cmd = common::gazette();
    cmd.current_dir(tmp.root())
        .args(["--root", "one", "init", "two"]);
    let run = common::run(cmd);
    assert_eq!(run.code(), Some(2), "{}", run.describe());
    run.stderr_has("got two folders");
    assert!(!tmp.path("one").exists() && !tmp.path("two").exists());
}
