//! Other tools' template code in an article body, found so that it can be
//! reported: Liquid and Nunjucks (`{% tag %}`, `{{ value }}`), Hugo
//! shortcodes (`{{< name >}}`, `{{% name %}}`), Zola shortcodes
//! (`{{ name(arg=1) }}`) and WordPress shortcodes (`[caption ...]`).
//!
//! Gazette runs none of it: it is shown as text. `{% raw %}` and
//! `{% endraw %}` only tell Liquid and Nunjucks to show what is between them
//! as text, which Gazette does anyway: the markers are removed, and what is
//! between them is not reported.
//!
//! Hugo and Zola shortcode syntax (`{{< name >}}`, `{{% name %}}`,
//! `{{ name(...) }}`, `{% name(...) %}`, `{% end %}`) is the shortcode
//! stage's ([`super::shortcodes`]): it runs what it knows and reports the
//! rest call by call before the body reaches Markdown, so it is not counted
//! here (an escaped call shown as text is not counted either). Code (blocks
//! and inline) is never passed in: code is code.

use std::borrow::Cow;

use super::shortcodes::parse::is_zola_form;

/// WordPress shortcodes common in exports, by name (`[caption]`,
/// `[/caption]`). Other bracketed words (`[sic]`, `[1]`) are prose.
const WORDPRESS: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "video",
    "audio",
    "playlist",
    "youtube",
    "vimeo",
    "tweet",
    "soundcloud",
    "gist",
    "googlemaps",
    "contact-form-7",
];

/// What [`scan`] found in one text.
#[derive(Debug, PartialEq, Eq)]
pub struct Scan<'a> {
    /// Places holding template code.
    pub places: usize,
    /// The text with `{% raw %}` markers removed (borrowed when there are none).
    pub text: Cow<'a, str>,
}

/// Whether `text` may hold template code: the cheap test run first, on
/// every text of every article (a byte search: a search for either of two
/// characters decodes each one and cost 2% of a build).
pub fn may_have_code(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.contains(&b'{') || bytes.contains(&b'[')
}

/// Counts template code in prose `text`. `in_raw` carries a `{% raw %}`
/// block from one text to the next.
pub fn scan<'a>(text: &'a str, in_raw: &mut bool) -> Scan<'a> {
    if !*in_raw && !may_have_code(text) {
        return Scan {
            places: 0,
            text: Cow::Borrowed(text),
        };
    }
    let mut places = 0;
    // A closer missing after one opener is missing after every later one:
    // remembered, so that a text of openers alone takes linear time.
    let mut no_close = [false; 3];
    let mut kept = String::new();
    let mut copied_to = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        let rest = &text[i..];
        if let Some(inner) = rest.strip_prefix("{%") {
            if let Some(end) = find_closer(inner, "%}", &mut no_close[0]) {
                let tag = inner[..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
                let name = tag.split_whitespace().next().unwrap_or("");
                let len = 2 + end + 2;
                match name {
                    _ if is_zola_form(&inner[..end]) => {}
                    "raw" | "endraw" | "verbatim" | "endverbatim" => {
                        *in_raw = name == "raw" || name == "verbatim";
                        kept.push_str(&text[copied_to..i]);
                        copied_to = i + len;
                    }
                    _ if !*in_raw => places += 1,
                    _ => {}
                }
                i += len;
                continue;
            }
        } else if let Some(inner) = rest.strip_prefix("{{") {
            if let Some(end) = find_closer(inner, "}}", &mut no_close[1]) {
                let code = &inner[..end];
                if !*in_raw && !code.trim().is_empty() && !is_shortcode(code) {
                    places += 1;
                }
                i += 2 + end + 2;
                continue;
            }
        } else if !*in_raw
            && rest.starts_with('[')
            && is_wordpress_shortcode(&rest[1..], &mut no_close[2])
        {
            places += 1;
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    let text = if copied_to == 0 {
        Cow::Borrowed(text)
    } else {
        kept.push_str(&text[copied_to..]);
        Cow::Owned(kept)
    };
    Scan { places, text }
}

/// Whether the text between `{{` and `}}` is a Hugo or Zola shortcode
/// (`< name >`, `% name %`, `name(...)`), which the shortcode stage reports.
fn is_shortcode(inner: &str) -> bool {
    (inner.starts_with('<') && inner.ends_with('>'))
        || (inner.starts_with('%') && inner.ends_with('%'))
        || is_zola_form(inner)
}

/// Where `closer` starts in `text`, unless an earlier search found none.
fn find_closer(text: &str, closer: &str, none_left: &mut bool) -> Option<usize> {
    if *none_left {
        return None;
    }
    let found = text.find(closer);
    *none_left = found.is_none();
    found
}

/// `caption id="x"]` or `gallery]`: a known name then attributes or `]`,
/// with the closing bracket on the same text. Closing tags are not counted.
fn is_wordpress_shortcode(after_bracket: &str, no_bracket_left: &mut bool) -> bool {
    // Names are short: look no further than the longest.
    let head = &after_bracket.as_bytes()[..after_bracket.len().min(16)];
    let Some(name_end) = head.iter().position(|&b| b == b' ' || b == b']') else {
        return false;
    };
    WORDPRESS.contains(&&after_bracket[..name_end])
        && find_closer(&after_bracket[name_end..], "]", no_bracket_left).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(text: &str) -> usize {
        scan(text, &mut false).places
    }

    #[test]
    fn counts_each_tools_forms() {
        assert_eq!(count("{% include figure.html src=\"a.jpg\" %}"), 1);
        assert_eq!(count("Hello {{ page.title }} and {{ site.url }}"), 2);
        assert_eq!(
            count("[caption id=\"a\" width=\"300\"]A photo[/caption]"),
            1
        );
        assert_eq!(count("[gallery ids=\"1,2\"]"), 1);
    }

    #[test]
    fn shortcodes_are_left_to_the_shortcode_stage() {
        assert_eq!(
            count("{{< figure src=\"a.jpg\" >}} {{% note %}}x{{% /note %}}"),
            0
        );
        assert_eq!(count("{{ youtube(id=\"abc\") }} {% quote() %}{% end %}"), 0);
        assert_eq!(count("{{ a | b(c=1) }}"), 1);
        assert_eq!(
            count("[caption id=\"a\" width=\"300\"]A photo[/caption]"),
            1
        );
        assert_eq!(count("[gallery ids=\"1,2\"]"), 1);
    }

    #[test]
    fn prose_is_not_code() {
        assert_eq!(count("A set {a, b} and [sic] and [1] and {{ unclosed"), 0);
        assert_eq!(count("[captioned] and [caption"), 0);
        assert_eq!(count("{{}}"), 0);
    }

    #[test]
    fn openers_without_closers_take_linear_time() {
        for opener in ["{%", "{{", "[caption "] {
            let text = opener.repeat(200_000);
            let start = std::time::Instant::now();
            assert_eq!(count(&text), 0);
            assert!(
                start.elapsed() < std::time::Duration::from_secs(2),
                "{opener}"
            );
        }
    }

    #[test]
    fn raw_markers_are_removed_and_their_content_not_counted() {
        let mut in_raw = false;
        let s = scan("{% raw %}{{ shown }}", &mut in_raw);
        assert_eq!(
            (s.places, s.text.as_ref(), in_raw),
            (0, "{{ shown }}", true)
        );
        let s = scan("{% include x %} {%- endraw -%} after {{ y }}", &mut in_raw);
        assert_eq!(
            (s.places, s.text.as_ref(), in_raw),
            (1, "{% include x %}  after {{ y }}", false)
        );
    }
}
