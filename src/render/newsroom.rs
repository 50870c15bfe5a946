//! How the newsroom facts of an article (issue 26) show: the kind's label
//! and JSON-LD type, the dateline in the first paragraph, the paywalled
//! part of the body in its own element, and the corrections list.

use crate::content::escape_html;
use crate::content::newsroom::{Newsroom, PAYWALL_MARKER};

/// The corrections page.
pub const CORRECTIONS_PATH: &str = "/corrections/";

/// Every correction of the site as (article, correction), newest first.
pub fn all_corrections(site: &crate::site::Site) -> Vec<(usize, usize)> {
    let mut all: Vec<(usize, usize)> = site
        .articles
        .iter()
        .enumerate()
        .flat_map(|(i, a)| (0..a.newsroom.corrections.len()).map(move |k| (i, k)))
        .collect();
    let date = |&(i, k): &(usize, usize)| site.articles[i].newsroom.corrections[k].date.timestamp();
    all.sort_by(|a, b| date(b).cmp(&date(a)).then(a.cmp(b)));
    all
}

/// Class of the element that holds subscribers-only text; the JSON-LD
/// `hasPart.cssSelector` names it.
pub const PAYWALL_CLASS: &str = "paywall";

/// schema.org type of an article of `kind` (Google reads all of these as
/// articles); kinds a site adds are plain `NewsArticle`s.
pub fn schema_type(kind: Option<&str>) -> &'static str {
    match kind {
        Some("opinion") => "OpinionNewsArticle",
        Some("analysis") => "AnalysisNewsArticle",
        Some("review") => "ReviewNewsArticle",
        Some("explainer") => "BackgroundNewsArticle",
        Some("sponsored") => "AdvertiserContentArticle",
        _ => "NewsArticle",
    }
}

/// The label readers see: `opinion` -> `Opinion`, `sponsored` -> `Sponsored`.
pub fn label(kind: &str) -> String {
    let mut chars = kind.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('-', " ")
    })
}

/// The article body as shown on its page: the dateline leading the first
/// paragraph (`<p><span class="dateline">ALMATY</span> — ...`), and the
/// text after the paywall marker wrapped in `<div class="paywall">`.
pub fn body(html: String, n: &Newsroom) -> String {
    let html = match &n.dateline {
        Some(d) => with_dateline(&html, d),
        None => html,
    };
    if n.subscribers_only {
        with_paywall(&html)
    } else {
        html
    }
}

fn with_dateline(html: &str, dateline: &str) -> String {
    let span = format!(
        "<span class=\"dateline\">{}</span> — ",
        escape_html(dateline)
    );
    let lead = html.trim_start();
    if lead.starts_with("<p>") {
        let at = html.len() - lead.len() + 3;
        format!("{}{span}{}", &html[..at], &html[at..])
    } else {
        // The body opens with a heading, list or figure: the dateline stands alone.
        format!("<p class=\"dateline-alone\">{span}</p>\n{html}")
    }
}

/// Where the subscribers-only part starts: after the marker, or after the
/// paragraph that holds it when it was written inside one. None without a
/// marker (then the whole body is for subscribers).
fn paywall_split(html: &str) -> Option<(usize, usize)> {
    let at = html.find(PAYWALL_MARKER)?;
    let before = html[..at].trim_end();
    let end = at + PAYWALL_MARKER.len();
    if before.is_empty()
        || before.ends_with('>') && !before.ends_with("<p>") && is_block_end(before)
    {
        return Some((at, end));
    }
    // Inline in a paragraph: cut after that paragraph.
    let close = html[end..].find("</p>").map_or(html.len(), |i| end + i + 4);
    Some((close, close))
}

fn is_block_end(before: &str) -> bool {
    [
        "</p>",
        "</ul>",
        "</ol>",
        "</blockquote>",
        "</pre>",
        "</div>",
        "</table>",
        "</figure>",
        "</h1>",
        "</h2>",
        "</h3>",
        "</h4>",
        "</h5>",
        "</h6>",
        "<hr />",
        "<hr>",
    ]
    .iter()
    .any(|t| before.ends_with(t))
}

fn with_paywall(html: &str) -> String {
    let (free_end, paid_start) = paywall_split(html).unwrap_or((0, 0));
    format!(
        "{}<div class=\"{PAYWALL_CLASS}\">\n{}</div>\n",
        &html[..free_end],
        &html[paid_start..]
    )
}

/// The part of a subscribers-only body readers get without paying (for
/// feeds): the text before the marker; all of it for a free article.
pub fn free_part<'h>(html: &'h str, n: &Newsroom) -> &'h str {
    if !n.subscribers_only {
        return html;
    }
    paywall_split(html).map_or("", |(free_end, _)| &html[..free_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paywalled() -> Newsroom {
        Newsroom {
            subscribers_only: true,
            ..Default::default()
        }
    }

    #[test]
    fn dateline_leads_the_first_paragraph() {
        let n = Newsroom {
            dateline: Some("ALMATY & CO".into()),
            ..Default::default()
        };
        assert_eq!(
            body("<p>Text.</p>\n<p>More.</p>\n".into(), &n),
            "<p><span class=\"dateline\">ALMATY &amp; CO</span> — Text.</p>\n<p>More.</p>\n"
        );
        assert!(body("<h2>X</h2>".into(), &n).starts_with("<p class=\"dateline-alone\">"));
    }

    #[test]
    fn the_paid_part_is_wrapped_and_left_out_of_the_free_part() {
        let html = "<p>Free.</p>\n<!-- paywall -->\n<p>Paid.</p>\n";
        let out = body(html.into(), &paywalled());
        assert_eq!(
            out,
            "<p>Free.</p>\n<div class=\"paywall\">\n\n<p>Paid.</p>\n</div>\n"
        );
        assert_eq!(free_part(html, &paywalled()), "<p>Free.</p>\n");
        // Inline in a paragraph: the cut comes after it.
        let inline = "<p>Free <!-- paywall --> still.</p>\n<p>Paid.</p>";
        assert!(
            body(inline.into(), &paywalled())
                .starts_with("<p>Free <!-- paywall --> still.</p><div class=\"paywall\">")
        );
        // No marker: all of it is for subscribers.
        assert_eq!(free_part("<p>A</p>", &paywalled()), "");
        assert_eq!(free_part("<p>A</p>", &Newsroom::default()), "<p>A</p>");
    }

    #[test]
    fn kinds() {
        assert_eq!(schema_type(Some("explainer")), "BackgroundNewsArticle");
        assert_eq!(schema_type(Some("obituary")), "NewsArticle");
        assert_eq!(label("opinion"), "Opinion");
        assert_eq!(label("letters-to-editor"), "Letters to editor");
    }
}
