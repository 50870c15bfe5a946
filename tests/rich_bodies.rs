//! Issue 30, rich article bodies: code highlighted at build time (classes,
//! no JavaScript; line numbers and highlighted lines in Zola's and Hugo's
//! forms), one warning for all code in unknown languages, tables that
//! scroll in their own box, and TeX formulas as MathML.

use crate::common;

use common::*;

const DATE: &str = "2024-03-01";

#[test]
fn code_is_highlighted_with_classes_and_stays_escaped() {
    let site = TestSite::new("");
    site.article(
        "tech/a.md",
        "A",
        DATE,
        "",
        "Intro.\n\n```rust\nfn main() { let s = \"<script>alert(1)</script>\"; }\n```\n\n```html\n<script>alert(2)</script>\n```\n",
    );
    site.build().ok();
    let page = site.page("/tech/a/");
    assert!(
        page.contains("<pre class=\"highlight\"><code class=\"language-rust\""),
        "{page}"
    );
    assert!(page.contains("class=\"hl-keyword"), "{page}");
    assert!(page.contains("hl-string"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    assert!(page.contains("&lt;script&gt;"), "{page}");
}

#[test]
fn zola_and_hugo_line_numbers_and_highlighted_lines() {
    let site = TestSite::new("");
    let code = "let a = 1;\nlet b = 2;\nlet c = 3;\nlet d = 4;\nlet e = 5;\n";
    site.article(
        "tech/zola.md",
        "Z",
        DATE,
        "",
        &format!("```rust,linenos,hl_lines=3-4\n{code}```\n"),
    );
    site.article(
        "tech/hugo.md",
        "H",
        DATE,
        "",
        &format!("```rust {{linenos=true,hl_lines=[2]}}\n{code}```\n"),
    );
    site.build().ok();
    let zola = site.page("/tech/zola/");
    assert_eq!(
        zola.matches("<span class=\"line hl\">").count(),
        2,
        "{zola}"
    );
    assert!(zola.contains("<span class=\"line hl\"><span class=\"ln\" data-n=\"3\">"));
    assert!(zola.contains("data-n=\"5\""));
    let hugo = site.page("/tech/hugo/");
    assert_eq!(
        hugo.matches("<span class=\"line hl\">").count(),
        1,
        "{hugo}"
    );
    assert!(hugo.contains("<span class=\"line hl\"><span class=\"ln\" data-n=\"2\">"));
}

#[test]
fn unknown_languages_are_plain_with_one_warning_per_build() {
    let site = TestSite::new("");
    for name in ["a", "b", "c"] {
        site.article(
            &format!("tech/{name}.md"),
            name,
            DATE,
            "",
            "```klingon\nqapla' <b>\n```\n\n```elvish\nmae govannen\n```\n",
        );
    }
    let run = site.build().ok();
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("without highlighting"))
        .collect();
    assert_eq!(warnings.len(), 1, "{}", run.stderr);
    let w = warnings[0];
    assert!(w.contains("klingon") && w.contains("elvish"), "{w}");
    for name in ["a.md", "b.md", "c.md"] {
        assert!(w.contains(name), "{w}");
    }
    let page = site.page("/tech/a/");
    assert!(
        page.contains("qapla&#x27; &lt;b&gt;") || page.contains("qapla' &lt;b&gt;"),
        "{page}"
    );
}

#[test]
fn math_becomes_mathml() {
    let site = TestSite::new("");
    site.article(
        "sci/m.md",
        "M",
        DATE,
        "",
        "Euler: $e^{i\\pi} + 1 = 0$.\n\n$$\\sum_{n=1}^{\\infty} \\frac{1}{n^2} = \\frac{\\pi^2}{6}$$\n",
    );
    site.build().ok();
    let page = site.page("/sci/m/");
    assert!(page.contains("<math"), "{page}");
    assert!(page.contains("display=\"block\""), "{page}");
    assert!(page.contains("<mfrac>"), "{page}");
}

#[test]
fn malformed_math_names_the_file_and_line() {
    let site = TestSite::new("");
    site.article(
        "sci/bad.md",
        "Bad",
        DATE,
        "",
        "Fine.\n\nBroken: $\\nosuchcommand{x}$ here.\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("bad.md:8");
    run.stderr_has("not valid TeX");
    run.stderr_has("\\nosuchcommand{x}");
}

#[test]
fn the_example_explainer_has_code_a_formula_and_a_wide_table() {
    let site = TestSite::example();
    let run = site.build().ok();
    assert!(
        !run.stderr.contains("without highlighting"),
        "{}",
        run.stderr
    );
    let page = site.page("/technology/how-we-estimate-turnout/");
    assert!(page.contains("<pre class=\"highlight\"><code class=\"language-python\""));
    assert_eq!(page.matches("<span class=\"line hl\">").count(), 2);
    assert!(page.contains("<math display=\"block\">"));
    assert!(page.contains("<div class=\"table-scroll\">"));
    assert_eq!(page.matches("</th>").count(), 12);
}
