//! `gazette check` promises to validate everything `build` does, so it must
//! plan exactly the files `build` writes. It used to leave out the theme's
//! fingerprinted asset copies (issue 22): this test compares the two on a
//! site with the default theme, static files, files beside articles and an
//! alias.

use crate::common;

use common::{TestSite, files_under};

#[test]
fn check_plans_exactly_the_files_build_writes() {
    let site = TestSite::with_broadsheet("");
    site.write("static/.nojekyll", "");
    site.write("static/images/logo.png", "png");
    site.article(
        "world/harbour/index.md",
        "Harbour strike ends",
        "2024-03-01",
        "tags: [Ports]\naliases: [/old/harbour/]\nimage: lead.jpg",
        "See ![the quay](lead.jpg).",
    );
    site.write("content/world/harbour/lead.jpg", "jpeg");
    site.article("politics/vote.md", "Vote", "2024-03-02", "", "Body.");

    let options = gazette::BuildOptions::new(site.root());
    let checked = gazette::check::check(&options).expect("check runs");
    assert!(checked.is_ok(), "{}", checked.summary());
    let built = gazette::build(&options).expect("build succeeds");

    let written = files_under(&site.output());
    assert!(
        written
            .iter()
            .any(|f| f.starts_with("css/") && f.ends_with(".css") && f.matches('.').count() >= 2),
        "the theme writes a fingerprinted stylesheet: {written:?}"
    );
    assert_eq!(built.files, written.len(), "build's own count");
    assert_eq!(
        checked.files,
        written.len(),
        "check plans {} files, build writes {}",
        checked.files,
        written.len()
    );
}
