//! Shared by the `dialects_*` tests: a site with the test theme, whose
//! article template also prints the article's `extra` values, and readers
//! for the elements the tests look at.

#![allow(dead_code)]

use crate::common::{THEME, TestSite};

/// The test theme's article template, plus `extra` (one `<p class="extra"
/// data-key="...">` per scalar value) and the image's alt text.
fn article_template() -> String {
    let (_, article) = THEME
        .iter()
        .find(|(name, _)| *name == "article.html")
        .expect("the test theme has article.html");
    article.replace(
        "</article>",
        "<p class=\"image-alt\">{{ article.image_alt }}</p>\n\
         {% for key, value in article.extra %}<p class=\"extra\" data-key=\"{{ key }}\">{{ value }}</p>\n{% endfor %}\
         </article>",
    )
}

/// A site with `extra_config` in site.yaml and the test theme showing `extra`.
pub fn site(extra_config: &str) -> TestSite {
    let site = TestSite::new(extra_config);
    site.write("themes/t/templates/article.html", &article_template());
    site
}

/// The text of the first `<p class="{class}">` of `html`.
pub fn field(html: &str, class: &str) -> String {
    let open = format!("<p class=\"{class}\">");
    let start = html
        .find(&open)
        .unwrap_or_else(|| panic!("no {open} in\n{html}"))
        + open.len();
    html[start..start + html[start..].find("</p>").unwrap()].to_string()
}

/// The `extra` value printed for `key`, if any.
pub fn extra(html: &str, key: &str) -> Option<String> {
    let open = format!("<p class=\"extra\" data-key=\"{key}\">");
    let start = html.find(&open)? + open.len();
    Some(html[start..start + html[start..].find("</p>")?].to_string())
}

/// Names of the links of class `class` (`tag`, `category`, `author`).
pub fn terms(html: &str, class: &str) -> Vec<String> {
    let open = format!("<a class=\"{class}\"");
    html.match_indices(&open)
        .map(|(i, _)| {
            let rest = &html[i..];
            let start = rest.find('>').unwrap() + 1;
            rest[start..start + rest[start..].find("</a>").unwrap()].to_string()
        })
        .collect()
}

/// How many warnings and errors of stderr contain `needle` (help lines not counted).
pub fn lines_with(stderr: &str, needle: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning:") || l.starts_with("error:"))
        .filter(|l| l.contains(needle))
        .count()
}
