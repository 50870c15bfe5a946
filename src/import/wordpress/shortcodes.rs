//! WordPress shortcodes in a post's HTML: the media ones (`[caption]`,
//! `[gallery]`, `[embed]`, `[video]`, `[audio]`) become the HTML they stand
//! for, which the Markdown converter then turns into figures, image lists
//! and links. Any other shortcode is left as text and counted, since its
//! meaning lived in a WordPress plugin.

use std::collections::{BTreeMap, HashMap};

use super::html::escape_attr;

/// An attachment of the export, as galleries and featured images need it.
#[derive(Debug, Clone, Default)]
pub struct Attachment {
    pub url: String,
    pub title: String,
    pub alt: String,
    /// The post it was uploaded to (galleries without `ids` show these).
    pub parent: u64,
}

/// What expanding the shortcodes of one body found.
#[derive(Debug, Default)]
pub struct Expanded {
    pub html: String,
    /// Shortcodes left as text, by name.
    pub unknown: BTreeMap<String, usize>,
}

/// Expands the media shortcodes of `html`, a body of post `post_id`.
pub fn expand(html: &str, post_id: u64, attachments: &HashMap<u64, Attachment>) -> Expanded {
    let mut out = Expanded {
        html: String::with_capacity(html.len()),
        ..Default::default()
    };
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.html.push_str(&rest[..open]);
        let at = &rest[open..];
        // `[[name]]` is WordPress's escape for a literal `[name]`.
        if let Some(end) = at.strip_prefix("[[").and_then(|_| at.find("]]")) {
            out.html.push_str(&at[1..end + 1]);
            rest = &at[end + 2..];
            continue;
        }
        let Some(tag) = parse_tag(at) else {
            out.html.push('[');
            rest = &at[1..];
            continue;
        };
        let after = &at[tag.len..];
        let closing = format!("[/{}]", tag.name);
        let (inner, consumed) = match after.find(&closing) {
            Some(end) if !tag.self_closed => (Some(&after[..end]), tag.len + end + closing.len()),
            _ => (None, tag.len),
        };
        let replacement = match tag.name.as_str() {
            "caption" | "wp_caption" => Some(caption(&tag.attrs, inner.unwrap_or(""))),
            "gallery" => Some(gallery(&tag.attrs, post_id, attachments)),
            "embed" => inner.map(|url| link_paragraph(url.trim(), url.trim())),
            "video" | "audio" => media(&tag.name, &tag.attrs, inner),
            _ => None,
        };
        match replacement {
            Some(html) => {
                out.html.push_str(&html);
                rest = &at[consumed..];
            }
            None => {
                // Text that merely looks like `[word]` is not counted.
                if inner.is_some() || tag.self_closed || tag.attrs.has_pairs {
                    *out.unknown.entry(tag.name.clone()).or_default() += 1;
                }
                out.html.push('[');
                rest = &at[1..];
            }
        }
    }
    out.html.push_str(rest);
    out
}

/// An opening shortcode tag: `[name attrs]` or `[name attrs /]`.
struct Tag {
    name: String,
    attrs: Attrs,
    self_closed: bool,
    /// Bytes from `[` to `]` included.
    len: usize,
}

#[derive(Default)]
struct Attrs {
    pairs: Vec<(String, String)>,
    /// Values without a name (`[embed]` has none; `[video url]` may).
    bare: Vec<String>,
    has_pairs: bool,
}

impl Attrs {
    fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.trim().is_empty())
    }
}

fn parse_tag(at: &str) -> Option<Tag> {
    let body = &at[1..];
    let name_len = body
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_' || *c == '-'))
        .map(|(i, _)| i)?;
    let name = &body[..name_len];
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // Find the `]` that closes the tag, outside quotes.
    let mut quote = None;
    let mut end = None;
    for (i, c) in body[name_len..].char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ']') => {
                end = Some(name_len + i);
                break;
            }
            (None, '[' | '\n') => return None,
            _ => {}
        }
    }
    let end = end?;
    let mut raw = body[name_len..end].trim();
    let self_closed = raw.ends_with('/');
    if self_closed {
        raw = raw[..raw.len() - 1].trim_end();
    }
    if !raw.is_empty() && !body[name_len..].starts_with(char::is_whitespace) {
        return None;
    }
    Some(Tag {
        name: name.to_ascii_lowercase(),
        attrs: parse_attrs(raw),
        self_closed,
        len: end + 2,
    })
}

/// `a="x" b='y' c=z bare "quoted bare"`, as WordPress's shortcode_parse_atts.
fn parse_attrs(raw: &str) -> Attrs {
    let mut attrs = Attrs::default();
    let mut s = raw.trim_start();
    while !s.is_empty() {
        let key_len = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let key = &s[..key_len];
        let after_key = s[key_len..].trim_start();
        if let Some(v) = after_key.strip_prefix('=') {
            let v = v.trim_start();
            let (value, rest) = take_value(v);
            attrs.pairs.push((key.to_ascii_lowercase(), value));
            attrs.has_pairs = true;
            s = rest.trim_start();
        } else {
            let (value, rest) = take_value(s);
            attrs.bare.push(value);
            s = rest.trim_start();
        }
    }
    attrs
}

/// One value: quoted (either quote, typographic quotes too) or up to a space.
fn take_value(s: &str) -> (String, &str) {
    for (open, close) in [
        ('"', '"'),
        ('\'', '\''),
        ('\u{201d}', '\u{201d}'),
        ('\u{201c}', '\u{201d}'),
    ] {
        if let Some(v) = s.strip_prefix(open) {
            return match v.find(close) {
                Some(end) => (v[..end].to_string(), &v[end + close.len_utf8()..]),
                None => (v.to_string(), ""),
            };
        }
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (s[..end].to_string(), &s[end..])
}

/// `[caption]<a><img></a> Text[/caption]` (or `caption="Text"`): the image,
/// then its caption, as a `<figure>` the converter writes as an image
/// followed by an italic line.
fn caption(attrs: &Attrs, inner: &str) -> String {
    let inner = inner.trim();
    let (image, text) = split_leading_image(inner);
    let text = attrs.get("caption").unwrap_or(text).trim();
    if text.is_empty() {
        format!("\n\n<figure>{image}</figure>\n\n")
    } else {
        format!("\n\n<figure>{image}<figcaption>{text}</figcaption></figure>\n\n")
    }
}

/// Splits `<a ...><img ...></a> rest` or `<img ...> rest` into the image
/// markup and the rest.
fn split_leading_image(inner: &str) -> (&str, &str) {
    let lower = inner.to_ascii_lowercase();
    let end = if lower.starts_with("<a") {
        lower.find("</a>").map(|i| i + 4)
    } else if lower.starts_with("<img") {
        lower.find('>').map(|i| i + 1)
    } else {
        None
    };
    match end {
        Some(e) => (&inner[..e], &inner[e..]),
        None => ("", inner),
    }
}

/// `[gallery ids="1,2"]` (or, without ids, the images uploaded to the post):
/// a list of images.
fn gallery(attrs: &Attrs, post_id: u64, attachments: &HashMap<u64, Attachment>) -> String {
    let mut images: Vec<&Attachment> = match attrs.get("ids").or(attrs.get("include")) {
        Some(ids) => ids
            .split(',')
            .filter_map(|id| id.trim().parse::<u64>().ok())
            .filter_map(|id| attachments.get(&id))
            .collect(),
        None => {
            let mut own: Vec<(&u64, &Attachment)> = attachments
                .iter()
                .filter(|(_, a)| a.parent == post_id && post_id != 0 && is_image(&a.url))
                .collect();
            own.sort_by_key(|(id, _)| **id);
            own.into_iter().map(|(_, a)| a).collect()
        }
    };
    images.retain(|a| !a.url.is_empty());
    if images.is_empty() {
        return String::new();
    }
    let mut html = String::from("\n\n<ul class=\"gallery\">");
    for a in images {
        let alt = if a.alt.is_empty() { &a.title } else { &a.alt };
        html.push_str(&format!(
            "<li><img src=\"{}\" alt=\"{}\"></li>",
            escape_attr(&a.url),
            escape_attr(alt)
        ));
    }
    html.push_str("</ul>\n\n");
    html
}

/// `[video src=..]`, `[audio mp3=..]`, or the URL between the tags: a link
/// to the file, named after it.
fn media(kind: &str, attrs: &Attrs, inner: Option<&str>) -> Option<String> {
    let keys: &[&str] = if kind == "video" {
        &["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv"]
    } else {
        &["src", "mp3", "m4a", "ogg", "wav", "wma"]
    };
    let inner_url = inner
        .map(str::trim)
        .filter(|s| s.starts_with("http") || s.starts_with('/'));
    let url = keys
        .iter()
        .find_map(|k| attrs.get(k))
        .or(inner_url)
        .or(attrs.bare.first().map(String::as_str))?;
    let file = url.rsplit('/').next().unwrap_or(url);
    let label = format!(
        "{} {}",
        if kind == "video" { "Video:" } else { "Audio:" },
        file
    );
    Some(link_paragraph(url, &label))
}

fn link_paragraph(url: &str, text: &str) -> String {
    format!(
        "\n\n<p><a href=\"{}\">{}</a></p>\n\n",
        escape_attr(url),
        super::html::escape_text(text)
    )
}

fn is_image(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    [".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attachments() -> HashMap<u64, Attachment> {
        let mut m = HashMap::new();
        for (id, name) in [(10, "a.jpg"), (11, "b.jpg")] {
            m.insert(
                id,
                Attachment {
                    url: format!("https://old.example.com/wp-content/uploads/2020/01/{name}"),
                    title: format!("Photo {name}"),
                    alt: String::new(),
                    parent: 5,
                },
            );
        }
        m
    }

    #[test]
    fn caption_becomes_a_figure_with_its_text() {
        let html = r#"[caption id="attachment_10" align="alignnone" width="300"]<a href="/big.jpg"><img src="/small.jpg" alt="Crowd" /></a> The crowd at noon[/caption]"#;
        let e = expand(html, 5, &attachments());
        assert!(e.html.contains(r#"<figure><a href="/big.jpg"><img src="/small.jpg" alt="Crowd" /></a><figcaption>The crowd at noon</figcaption></figure>"#), "{}", e.html);
        let e = expand(
            r#"[caption caption="Hi"]<img src="/x.jpg">[/caption]"#,
            5,
            &attachments(),
        );
        assert!(e.html.contains("<figcaption>Hi</figcaption>"), "{}", e.html);
    }

    #[test]
    fn gallery_ids_resolve_to_attachment_urls() {
        let e = expand(r#"[gallery ids="11,10,99" columns="2"]"#, 5, &attachments());
        let b = e.html.find("b.jpg").unwrap();
        let a = e.html.find("a.jpg").unwrap();
        assert!(b < a, "{}", e.html);
        let own = expand("[gallery]", 5, &attachments());
        assert!(own.html.contains("a.jpg") && own.html.contains("b.jpg"));
        assert_eq!(expand("[gallery]", 6, &attachments()).html, "");
    }

    #[test]
    fn embed_video_audio_become_links() {
        let e = expand(
            "[embed]https://www.youtube.com/watch?v=abc[/embed]",
            1,
            &HashMap::new(),
        );
        assert!(
            e.html
                .contains(r#"<a href="https://www.youtube.com/watch?v=abc">"#)
        );
        let e = expand(
            r#"[video width="640" mp4="https://x.org/clip.mp4"][/video]"#,
            1,
            &HashMap::new(),
        );
        assert!(
            e.html
                .contains(r#"<a href="https://x.org/clip.mp4">Video: clip.mp4</a>"#),
            "{}",
            e.html
        );
        let e = expand(r#"[audio src="https://x.org/a.mp3"]"#, 1, &HashMap::new());
        assert!(e.html.contains("Audio: a.mp3"), "{}", e.html);
    }

    #[test]
    fn no_piece_of_odd_shortcodes_makes_it_panic() {
        let odd = r#"[[]] [caption caption="é]"]<a><img src=x>[/caption] [gallery ids=","] [video “mp4”=y /] [embed]ü[/embed] [x='"#;
        for (i, _) in odd.char_indices() {
            for (j, _) in odd[i..].char_indices() {
                let _ = expand(&odd[i..i + j], 5, &attachments());
            }
        }
    }

    #[test]
    fn unknown_shortcodes_stay_and_are_counted_but_brackets_are_not() {
        let e = expand(
            r#"[contact-form-7 id="3"] and [su_box]x[/su_box] [sic] [1] [[gallery]]"#,
            1,
            &HashMap::new(),
        );
        assert_eq!(
            e.html,
            r#"[contact-form-7 id="3"] and [su_box]x[/su_box] [sic] [1] [gallery]"#
        );
        assert_eq!(e.unknown.get("contact-form-7"), Some(&1));
        assert_eq!(e.unknown.get("su_box"), Some(&1));
        assert_eq!(e.unknown.len(), 2);
    }
}
