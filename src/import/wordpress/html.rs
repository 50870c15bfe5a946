//! The HTML of a WordPress post before it is converted: the editor's
//! conventions made explicit (block-editor comments removed, `wpautop`
//! paragraphs), and the small escaping helpers the other modules share.

/// Placeholder for WordPress's `<!--more-->`, which the converter would
/// drop with the other comments; put back as Gazette's `<!-- more -->`.
pub const MORE_MARKER: &str = "GAZETTEMOREMARKER";

/// Removes the block editor's `<!-- wp:name {...} -->` and `<!-- /wp:name -->`
/// delimiters, and marks `<!--more-->`. Other comments are left to the
/// converter (which drops them).
pub fn strip_block_comments(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        let at = &rest[start..];
        // Searched after `<!--`, so that `<!-->` cannot end before it starts.
        let Some(end) = at[4..].find("-->").map(|e| e + 4) else {
            out.push_str(at);
            return out;
        };
        let inner = at[4..end].trim();
        if inner.starts_with("wp:") || inner.starts_with("/wp:") {
            // Dropped: the block's HTML around it carries the content.
        } else if inner.starts_with("more") {
            out.push_str(&format!("\n\n<p>{MORE_MARKER}</p>\n\n"));
        } else {
            out.push_str(&at[..end + 3]);
        }
        rest = &at[end + 3..];
    }
    out.push_str(rest);
    out
}

/// True when the body was written with the block editor: its HTML is
/// complete and WordPress does not run `wpautop` on it.
pub fn has_blocks(html: &str) -> bool {
    html.contains("<!-- wp:")
}

/// Tags that start a block of their own, which `wpautop` does not wrap in
/// `<p>`.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "ul",
    "ol",
    "li",
    "dl",
    "dd",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "figure",
    "figcaption",
    "hr",
    "form",
    "address",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "style",
    "script",
    "hgroup",
    "details",
    "summary",
    "math",
    "fieldset",
    "legend",
    "menu",
    "select",
    "option",
    "noscript",
    "caption",
    "col",
    "colgroup",
    "tfoot",
    "center",
    "main",
];

/// WordPress's `wpautop` for classic-editor content: text separated by
/// blank lines becomes `<p>` paragraphs, and a single line break inside a
/// paragraph a `<br>`. Blocks that are already HTML blocks, and `<pre>`
/// sections (whose blank lines belong to them), are kept as they are.
pub fn autop(html: &str) -> String {
    let html = html.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html.as_str();
    loop {
        let lower = rest.to_ascii_lowercase();
        let Some(pre) = lower.find("<pre") else {
            paragraphs(rest, &mut out);
            break;
        };
        paragraphs(&rest[..pre], &mut out);
        let end = lower[pre..]
            .find("</pre>")
            .map(|e| pre + e + 6)
            .unwrap_or(rest.len());
        out.push_str("\n\n");
        out.push_str(&rest[pre..end]);
        out.push_str("\n\n");
        rest = &rest[end..];
    }
    out
}

fn paragraphs(text: &str, out: &mut String) {
    let mut chunk = String::new();
    let flush = |chunk: &mut String, out: &mut String| {
        let c = chunk.trim();
        if !c.is_empty() {
            if starts_with_block(c) {
                out.push_str(c);
            } else {
                out.push_str("<p>");
                out.push_str(&c.replace('\n', "<br>"));
                out.push_str("</p>");
            }
            out.push_str("\n\n");
        }
        chunk.clear();
    };
    for line in text.split('\n') {
        if line.trim().is_empty() {
            flush(&mut chunk, out);
        } else {
            if !chunk.is_empty() {
                chunk.push('\n');
            }
            chunk.push_str(line);
        }
    }
    flush(&mut chunk, out);
}

fn starts_with_block(chunk: &str) -> bool {
    if chunk.starts_with("<!--") {
        return true;
    }
    let Some(tag) = chunk.strip_prefix('<') else {
        return false;
    };
    let tag = tag.strip_prefix('/').unwrap_or(tag);
    let name: String = tag
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    BLOCK_TAGS.contains(&name.as_str())
}

/// Decodes the character references WordPress leaves in titles, term names
/// and excerpts (`News &amp; Politics`, `&#8217;`, `&nbsp;`); an unknown or
/// malformed one stays as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let at = &rest[amp..];
        let end = at[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1)
            .filter(|&e| at[e..].starts_with(';') && e > 1);
        let decoded = end.and_then(|e| entity(&at[1..e]).map(|c| (c, e + 1)));
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &at[len..];
            }
            None => {
                out.push('&');
                rest = &at[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "laquo" => '«',
        "raquo" => '»',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "euro" => '€',
        "pound" => '£',
        _ => return None,
    })
}

/// A short piece of HTML (an excerpt) as one line of plain text: tags
/// removed, references decoded, white space collapsed.
pub fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        match rest[lt..].find('>') {
            Some(gt) => {
                text.push(' ');
                rest = &rest[lt + gt + 1..];
            }
            None => {
                rest = &rest[lt..];
                break;
            }
        }
    }
    text.push_str(rest);
    decode_entities(&text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Escapes text for an HTML attribute value in double quotes.
pub fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}

/// Escapes text for HTML element content.
pub fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_text_becomes_paragraphs_and_breaks() {
        let html = "First line\nsame paragraph\n\nSecond <em>one</em>\n\n<ul>\n<li>x</li>\n</ul>\n\n<pre>code\n\nmore code</pre>\nAfter";
        let out = autop(html);
        assert!(out.contains("<p>First line<br>same paragraph</p>"), "{out}");
        assert!(out.contains("<p>Second <em>one</em></p>"), "{out}");
        assert!(out.contains("<ul>\n<li>x</li>\n</ul>"), "{out}");
        assert!(out.contains("<pre>code\n\nmore code</pre>"), "{out}");
        assert!(out.contains("<p>After</p>"), "{out}");
    }

    #[test]
    fn no_piece_of_odd_html_makes_it_panic() {
        let odd = "<!-->x<!-- wp:a --><pre>a\n\n<PRE>é\r\n\r\n<!--more--><p>ü</p>\n\n<!--";
        for (i, _) in odd.char_indices() {
            for (j, _) in odd[i..].char_indices() {
                let piece = &odd[i..i + j];
                let _ = autop(&strip_block_comments(piece));
            }
        }
        assert_eq!(strip_block_comments("<!-->x"), "<!-->x");
    }

    #[test]
    fn references_are_decoded_and_excerpts_made_plain() {
        assert_eq!(decode_entities("News &amp; Politics"), "News & Politics");
        assert_eq!(decode_entities("It&#8217;s &#x41;&nbsp;b"), "It’s A\u{a0}b");
        assert_eq!(
            decode_entities("AT&T &unknown; & &#xZZ; &"),
            "AT&T &unknown; & &#xZZ; &"
        );
        assert_eq!(
            plain_text("<p>The <em>snake_case</em> &amp;\n more</p>"),
            "The snake_case & more"
        );
        assert_eq!(plain_text("a < b"), "a < b");
    }

    #[test]
    fn block_comments_go_and_more_stays() {
        let html = "<!-- wp:paragraph {\"align\":\"left\"} -->\n<p>A</p>\n<!-- /wp:paragraph -->\n<!--more-->\n<!-- a note -->";
        let out = strip_block_comments(html);
        assert!(!out.contains("wp:"), "{out}");
        assert!(out.contains(MORE_MARKER));
        assert!(out.contains("<!-- a note -->"));
        assert!(has_blocks(html));
    }
}
