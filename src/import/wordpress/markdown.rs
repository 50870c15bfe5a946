//! A post's HTML to Markdown, through the `htmd` crate (a port of
//! turndown, the converter most WordPress exporters use), with handlers for
//! what WordPress writes and turndown has no rule for: figures with
//! captions, embedded iframes, `<video>` and `<audio>`.

use htmd::element_handler::{HandlerResult, Handlers};
use htmd::options::{BrStyle, BulletListMarker, HrStyle, Options};
use htmd::{Element, HtmlToMarkdown};

use super::html::MORE_MARKER;

/// Builds the converter once; it is shared by the threads converting posts.
pub fn converter() -> HtmlToMarkdown {
    HtmlToMarkdown::builder()
        .options(Options {
            br_style: BrStyle::Backslash,
            bullet_list_marker: BulletListMarker::Dash,
            hr_style: HrStyle::Dashes,
            ul_bullet_spacing: 1,
            ol_number_spacing: 1,
            ..Options::default()
        })
        .skip_tags(vec!["script", "style", "noscript", "head"])
        .add_handler(vec!["figure"], figure)
        .add_handler(vec!["figcaption"], figcaption)
        .add_handler(
            vec!["iframe", "video", "audio", "embed", "source"],
            media_link,
        )
        .build()
}

/// An image with its caption: the image, a hard line break, the caption in
/// italics, as one paragraph.
fn figure(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    let content = content.trim();
    if content.is_empty() {
        return None;
    }
    Some(format!("\n\n{content}\n\n").into())
}

fn figcaption(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let content = handlers.walk_children(element.node).content;
    let content = content.trim();
    if content.is_empty() {
        return None;
    }
    Some(format!("\\\n*{content}*").into())
}

/// `<iframe src>` (YouTube and other embeds), `<video src>`, `<audio src>`:
/// a link to what they showed, on its own line.
fn media_link(handlers: &dyn Handlers, element: Element) -> Option<HandlerResult> {
    let attr = |name: &str| {
        element
            .attrs
            .iter()
            .find(|a| &*a.name.local == name)
            .map(|a| a.value.to_string())
    };
    let Some(src) = attr("src").filter(|s| !s.trim().is_empty()) else {
        // `<video><source src=...></video>`: the sources make the links.
        let inner = handlers.walk_children(element.node).content;
        return Some(inner.into());
    };
    let src = if src.starts_with("//") {
        format!("https:{src}")
    } else {
        src
    };
    let label = match element.tag {
        "video" => "Video",
        "audio" => "Audio",
        "source" => "Media file",
        _ => "Embedded content",
    };
    Some(format!("\n\n[{label}]({})\n\n", src.replace(' ', "%20")).into())
}

/// Converts `html` (shortcodes already expanded, paragraphs explicit) to
/// Markdown.
pub fn convert(converter: &HtmlToMarkdown, html: &str) -> String {
    let md = converter.convert(html).unwrap_or_default();
    let md = md.replace(MORE_MARKER, "<!-- more -->");
    tidy(&md)
}

/// At most one blank line in a row, no trailing spaces, one final newline.
fn tidy(md: &str) -> String {
    let mut out = String::with_capacity(md.len() + 1);
    let mut blank = 0;
    for line in md.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        out.push_str(line);
        blank = 0;
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(html: &str) -> String {
        convert(&converter(), html)
    }

    #[test]
    fn figures_keep_their_caption_under_the_image() {
        let out = md(
            r#"<figure class="wp-block-image"><img src="/a.jpg" alt="Crowd"/><figcaption>At <b>noon</b></figcaption></figure><p>Next</p>"#,
        );
        assert_eq!(out, "![Crowd](/a.jpg)\\\n*At **noon***\n\nNext\n");
    }

    #[test]
    fn iframes_and_video_become_links() {
        let out = md(
            r#"<p>See</p><iframe src="https://www.youtube.com/embed/xyz" width="560"></iframe>"#,
        );
        assert!(
            out.contains("[Embedded content](https://www.youtube.com/embed/xyz)"),
            "{out}"
        );
        let out = md(r#"<video controls><source src="/v.mp4"></video>"#);
        assert!(out.contains("[Media file](/v.mp4)"), "{out}");
    }

    #[test]
    fn lists_headings_and_more() {
        let out = md(&format!(
            "<h2>Title</h2><p>{MORE_MARKER}</p><ul><li>one</li><li>two</li></ul>"
        ));
        assert_eq!(out, "## Title\n\n<!-- more -->\n\n- one\n- two\n");
    }
}
