//! Markdown -> HTML with the project's options, plus what the rest of the
//! pipeline needs from the same parse: summary, plain text (word count and
//! related articles), heading anchors and link targets (for `gazette check`).
//!
//! One parse per file: events are collected once and rewritten in place
//! (heading ids, relative URLs), then written as the body and the summary.

use pulldown_cmark::{
    CodeBlockKind, CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html,
};

use super::highlight;
use super::slug::slugify;
use super::{autolink, template_code};

/// Everything derived from one Markdown body.
#[derive(Debug, Default, Clone)]
pub struct Rendered {
    pub html: String,
    /// Text before `<!-- more -->`, else the first paragraph; HTML.
    pub summary_html: String,
    /// True when the body had a `<!-- more -->` marker.
    pub has_more_marker: bool,
    /// Body text without markup, for word counts and text similarity.
    pub plain_text: String,
    pub word_count: usize,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// Fenced code in a language no grammar knows: (language, body line).
    pub unknown_languages: Vec<(String, usize)>,
    /// Formulas that did not parse: (body line, what is wrong).
    pub math_errors: Vec<(usize, String)>,
    /// Places holding another tool's template code (shown as text), and
    /// the body line of the first.
    pub template_code: Option<(usize, usize)>,
    /// Level-2 headings outside block quotes, lists and footnotes, where
    /// the body can be cut into parts (live coverage's updates).
    pub top_h2: Vec<TopHeading>,
    /// Body lines of images written without alt text (`![](a.jpg)`).
    pub images_without_alt: Vec<usize>,
}

/// A level-2 heading at the body's top level: which of
/// [`Rendered::headings`] it is, and its bytes in [`Rendered::html`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopHeading {
    pub heading: usize,
    pub html: std::ops::Range<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A link or image target as written, with its line in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub dest: String,
    pub line: usize,
    pub is_image: bool,
}

/// The Markdown extensions Gazette enables, shared with the fuzz targets.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_MATH
}

const MORE_MARKER: &str = "<!-- more -->";

const TABLE_OPEN: &str = "<div class=\"table-scroll\">\n";
const TABLE_CLOSE: &str = "</div>\n";

/// A body that would take more than the memory limit to render.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// The limit, in bytes.
    pub limit: usize,
    /// 1-based line of the body where rendering passed it.
    pub line: usize,
}

/// Renders `body`. Relative link and image targets are resolved against
/// `asset_base` (the URL folder that files beside the article are copied
/// to, e.g. `/world/`), so they work from the article's own URL.
///
/// The parser first builds a tree of the whole body's blocks, then the
/// events are kept until the end (the summary is written from them): dense
/// markup takes hundreds of times its size (a 20 MB table took 5 GB).
/// Rendering stops with [`TooLarge`] once the tree's worst-case size plus
/// the events and text held pass `memory_limit` bytes.
pub fn render(body: &str, asset_base: &str, memory_limit: usize) -> Result<Rendered, TooLarge> {
    let tree_bytes = tree_estimate(body);
    if tree_bytes > memory_limit {
        return Err(TooLarge {
            limit: memory_limit,
            line: 1,
        });
    }
    let events_limit = memory_limit - tree_bytes;
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);

    let mut out = Rendered::default();
    let mut events: Vec<Event<'_>> = Vec::new();
    let mut more_at: Option<usize> = None;
    let mut heading_start: Option<usize> = None;
    // Open block quotes, lists and footnotes, and the top-level level-2
    // headings as (heading, first event, event after it).
    let mut nesting = 0usize;
    let mut top_h2: Vec<(usize, usize, usize)> = Vec::new();
    let mut used_ids: std::collections::HashSet<String> = Default::default();
    // The open fenced block: its info string, body line and first event.
    let mut code_start: Option<(CowStr<'_>, usize, usize)> = None;
    // Highlighted blocks and formulas, which the events do not count.
    let mut generated_bytes = 0usize;
    // Prose: the run of text events being read (first event, its offset),
    // outside code and links, where bare addresses become links.
    let mut prose = Prose::default();
    // The open image: its first event and line, to see if it has alt text.
    let mut image_open: Option<(usize, usize)> = None;

    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let is_prose = matches!(event, Event::Text(_)) && prose.open_to_links();
        if !is_prose && let Some((start, offset)) = prose.run.take() {
            prose.finish(&mut events, start, line_of(offset), &mut out);
        } else if is_prose && prose.run.is_none() {
            prose.run = Some((events.len(), range.start));
        }
        prose.track(&event);
        if let Event::End(TagEnd::Image) = event
            && let Some((start, line)) = image_open.take()
            && !events[start..]
                .iter()
                .any(|e| matches!(e, Event::Text(t) | Event::Code(t) if !t.trim().is_empty()))
        {
            out.images_without_alt.push(line);
        }
        let event = match event {
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                let (is_image, dest) = match &tag {
                    Tag::Image { dest_url, .. } => (true, dest_url),
                    Tag::Link { dest_url, .. } => (false, dest_url),
                    _ => unreachable!("matched Link or Image above"),
                };
                out.links.push(Link {
                    dest: dest.to_string(),
                    line: line_of(range.start),
                    is_image,
                });
                if is_image {
                    image_open = Some((events.len(), line_of(range.start)));
                }
                Event::Start(with_resolved_dest(tag, asset_base))
            }
            Event::Html(ref h) | Event::InlineHtml(ref h)
                if more_at.is_none() && h.contains(MORE_MARKER) =>
            {
                more_at = Some(events.len());
                event
            }
            Event::Start(Tag::Heading { .. }) => {
                heading_start = Some(events.len());
                event
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some(start) = heading_start.take() {
                    if level == HeadingLevel::H2 && nesting == 0 {
                        top_h2.push((out.headings.len(), start, events.len() + 1));
                    }
                    let heading = name_heading(&mut events, start, level, &mut used_ids);
                    out.headings.push(heading);
                }
                event
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::FootnoteDefinition(_)) => {
                nesting += 1;
                event
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::FootnoteDefinition) => {
                nesting = nesting.saturating_sub(1);
                event
            }
            // A labelled checkbox (issue 26): an unlabelled one is a
            // critical accessibility fault.
            Event::TaskListMarker(done) => Event::InlineHtml(
                if done {
                    "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
                } else {
                    "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
                }
                .into(),
            ),
            // In a box of their own, which themes let scroll sideways: a
            // wide table must not widen the page on a phone.
            Event::Start(Tag::Table(_)) => {
                events.push(Event::Html(CowStr::Borrowed(TABLE_OPEN)));
                event
            }
            Event::End(TagEnd::Table) => {
                events.push(event);
                Event::Html(CowStr::Borrowed(TABLE_CLOSE))
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(ref info))) => {
                code_start = Some((info.clone(), line_of(range.start), events.len()));
                event
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((info, line, start)) = code_start.take() {
                    let fence = highlight::parse_info(&info);
                    let code: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) => Some(t.as_ref()),
                            _ => None,
                        })
                        .collect();
                    match highlight::highlight(&fence, &code) {
                        Ok(html) => {
                            generated_bytes += html.len();
                            events.truncate(start);
                            events.push(Event::Html(html.into()));
                            continue;
                        }
                        Err(highlight::Plain::UnknownLanguage) if !fence.lang.is_empty() => {
                            out.unknown_languages.push((fence.lang.to_string(), line));
                        }
                        Err(_) => {}
                    }
                }
                event
            }
            // Pandoc's rule, which pulldown-cmark lacks: a closing `$`
            // followed by a digit is no formula, so that "$5-$10" in a news
            // story stays money.
            Event::InlineMath(_) if body[range.end..].starts_with(|c: char| c.is_ascii_digit()) => {
                out.plain_text.push_str(&body[range.clone()]);
                Event::Text(CowStr::Borrowed(&body[range.clone()]))
            }
            Event::InlineMath(ref tex) | Event::DisplayMath(ref tex) => {
                let display = matches!(event, Event::DisplayMath(_));
                out.plain_text.push_str(tex);
                let html = match math_to_mathml(tex, display) {
                    Ok(html) => html,
                    Err(why) => {
                        let shown: String = tex.chars().take(60).collect();
                        let more = if shown.len() < tex.len() { "..." } else { "" };
                        out.math_errors
                            .push((line_of(range.start), format!("`{shown}{more}`: {why}")));
                        let mut html = String::from("<code class=\"math-error\">");
                        let _ = pulldown_cmark_escape::escape_html(&mut html, tex);
                        html.push_str("</code>");
                        html
                    }
                };
                generated_bytes += html.len();
                Event::InlineHtml(html.into())
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                out.plain_text.push_str(t);
                event
            }
            // A paragraph left empty once `{% raw %}` is taken out.
            Event::End(TagEnd::Paragraph)
                if matches!(events.last(), Some(Event::Start(Tag::Paragraph))) =>
            {
                events.pop();
                continue;
            }
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                out.plain_text.push(' ');
                event
            }
            other => other,
        };
        events.push(event);
        if events.len().is_multiple_of(1024)
            && held_bytes(&events, &out) + generated_bytes > events_limit
        {
            return Err(TooLarge {
                limit: memory_limit,
                line: line_of(range.start),
            });
        }
    }
    if let Some((start, offset)) = prose.run.take() {
        prose.finish(&mut events, start, line_of(offset), &mut out);
    }

    out.word_count = out.plain_text.split_whitespace().count();
    out.has_more_marker = more_at.is_some();
    let summary_events: &[Event<'_>] = match more_at {
        Some(end) => &events[..end],
        None => first_paragraph(&events),
    };
    html::push_html(
        &mut out.summary_html,
        summary_events
            .iter()
            .cloned()
            .chain(closing_tags(summary_events)),
    );
    out.html.reserve(body.len() + body.len() / 4);
    if top_h2.is_empty() {
        html::push_html(&mut out.html, events.into_iter());
    } else {
        let marks: Vec<usize> = top_h2.iter().flat_map(|&(_, s, e)| [s, e]).collect();
        let offsets = write_html_marking(&mut out.html, events, &marks);
        out.top_h2 = top_h2
            .iter()
            .zip(offsets.chunks(2))
            .map(|(&(heading, _, _), at)| TopHeading {
                heading,
                html: at[0]..at[1],
            })
            .collect();
    }
    Ok(out)
}

/// Writes `events` as HTML, returning where the event at each of `marks`
/// (ascending event indices; one past the end means the end) begins.
fn write_html_marking(html: &mut String, events: Vec<Event<'_>>, marks: &[usize]) -> Vec<usize> {
    /// The output, with its length where the event iterator can read it.
    struct Measured<'s> {
        out: &'s mut String,
        len: &'s std::cell::Cell<usize>,
    }
    impl std::fmt::Write for Measured<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.out.push_str(s);
            self.len.set(self.out.len());
            Ok(())
        }
    }
    let len = std::cell::Cell::new(html.len());
    let count = events.len();
    let mut offsets = Vec::with_capacity(marks.len());
    let mut next = marks.iter().peekable();
    let events = events.into_iter().enumerate().map(|(i, e)| {
        while next.next_if(|&&m| m == i).is_some() {
            offsets.push(len.get());
        }
        e
    });
    let writer = Measured {
        out: html,
        len: &len,
    };
    html::write_html_fmt(writer, events).expect("writing to a String cannot fail");
    let end = len.get();
    offsets.extend(next.filter(|&&m| m >= count).map(|_| end));
    offsets
}

/// Where the renderer is in the body, for the text of prose: bare addresses
/// become links, and other tools' template code is counted.
#[derive(Default)]
struct Prose {
    run: Option<(usize, usize)>,
    in_code: bool,
    /// Links and images open (Markdown ones, and HTML `<a>`).
    in_links: usize,
    /// Inside `{% raw %}`.
    in_raw: bool,
}

impl Prose {
    fn open_to_links(&self) -> bool {
        !self.in_code && self.in_links == 0
    }

    fn track(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => self.in_links += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => {
                self.in_links = self.in_links.saturating_sub(1);
            }
            Event::InlineHtml(h) => {
                let h = h.trim_start();
                if h.starts_with("</a>") || h.starts_with("</A>") {
                    self.in_links = self.in_links.saturating_sub(1);
                } else if h.len() > 2
                    && h.as_bytes()[..2].eq_ignore_ascii_case(b"<a")
                    && h.as_bytes()[2].is_ascii_whitespace()
                {
                    self.in_links += 1;
                }
            }
            _ => {}
        }
    }

    /// The text events from `start` on, one run of prose at body `line`:
    /// their addresses made links, template code counted, `{% raw %}`
    /// markers removed. Untouched (and not copied) when there are none.
    fn finish<'a>(
        &mut self,
        events: &mut Vec<Event<'a>>,
        start: usize,
        line: usize,
        out: &mut Rendered,
    ) {
        let texts = || {
            events[start..].iter().filter_map(|e| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
        };
        let url = texts().any(autolink::may_have_url);
        if !url && !self.in_raw && !texts().any(template_code::may_have_code) {
            return;
        }
        let merged: String = texts().collect();
        let scan = template_code::scan(&merged, &mut self.in_raw);
        if scan.places > 0 {
            let (places, first) = out.template_code.unwrap_or((0, line));
            out.template_code = Some((places + scan.places, first));
        }
        let found = if url {
            autolink::find(&scan.text)
        } else {
            Vec::new()
        };
        if found.is_empty() && matches!(scan.text, std::borrow::Cow::Borrowed(_)) {
            return;
        }
        let text = scan.text.into_owned();
        events.truncate(start);
        let mut at = 0;
        for f in found {
            if f.range.start > at {
                events.push(Event::Text(text[at..f.range.start].to_string().into()));
            }
            out.links.push(Link {
                dest: f.href.clone(),
                line,
                is_image: false,
            });
            events.push(Event::Start(Tag::Link {
                link_type: LinkType::Autolink,
                dest_url: f.href.into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            events.push(Event::Text(text[f.range.clone()].to_string().into()));
            events.push(Event::End(TagEnd::Link));
            at = f.range.end;
        }
        if at < text.len() {
            events.push(Event::Text(text[at..].to_string().into()));
        }
    }
}

/// What the parser's tree of `body` may take, at worst: each byte that can
/// open or close a node (a table cell's `|`, a line end, emphasis, code,
/// link and HTML marks) as two nodes of about 48 bytes. Prose costs little
/// (a 50 MB article of paragraphs about 80 MB); a 20 MB table is refused.
fn tree_estimate(body: &str) -> usize {
    // A table, not a search of the mark list per byte: this runs over
    // every body of every build (the search cost 12% of a build's
    // instructions).
    const MARKS: [bool; 256] = {
        let mut table = [false; 256];
        let marks = b"|\n*_`[<&\\!~";
        let mut i = 0;
        while i < marks.len() {
            table[marks[i] as usize] = true;
            i += 1;
        }
        table
    };
    let marks = body.bytes().filter(|&b| MARKS[b as usize]).count();
    marks.saturating_mul(96)
}

/// MathML for a TeX formula, or what is wrong with it in one line.
fn math_to_mathml(tex: &str, display: bool) -> Result<String, String> {
    use pulldown_latex::config::DisplayMode;
    let storage = pulldown_latex::Storage::new();
    let mut events = Vec::new();
    for event in pulldown_latex::Parser::new(tex, &storage) {
        match event {
            Ok(e) => events.push(e),
            Err(err) => {
                // The error's Display adds a drawing of the context over
                // several lines; the first line says what is wrong.
                let text = err.to_string();
                let first = text.lines().next().unwrap_or("");
                return Err(first.trim_start_matches("parsing error: ").to_string());
            }
        }
    }
    let config = pulldown_latex::RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        ..Default::default()
    };
    let mut html = String::new();
    pulldown_latex::push_mathml(
        &mut html,
        events.into_iter().map(Ok::<_, std::convert::Infallible>),
        config,
    )
    .map_err(|e| e.to_string())?;
    Ok(html)
}

/// What rendering holds so far: the events (with the text they own, as a
/// lower bound) and the plain text and links collected beside them.
fn held_bytes(events: &Vec<Event<'_>>, out: &Rendered) -> usize {
    events.capacity() * std::mem::size_of::<Event<'_>>()
        + out.plain_text.capacity()
        + out.links.capacity() * std::mem::size_of::<Link>()
}

/// Gives the heading that starts at `events[start]` an id (its own `{#id}` or a
/// slug of its text, made unique) and returns it.
fn name_heading<'a>(
    events: &mut [Event<'a>],
    start: usize,
    level: HeadingLevel,
    used: &mut std::collections::HashSet<String>,
) -> Heading {
    let text: String = events[start + 1..]
        .iter()
        .filter_map(|e| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
        unreachable!("heading_start always points at a heading start");
    };
    let wanted = match id {
        Some(given) => given.to_string(),
        None => {
            let s = slugify(&text);
            if s.is_empty() {
                "section".to_string()
            } else {
                s
            }
        }
    };
    let mut unique = wanted.clone();
    let mut n = 1;
    while !used.insert(unique.clone()) {
        unique = format!("{wanted}-{n}");
        n += 1;
    }
    *id = Some(CowStr::from(unique.clone()));
    Heading {
        level: level as u8,
        id: unique,
        text,
    }
}

/// End events for the tags still open at the end of `events`, innermost
/// first: a `<!-- more -->` marker inside a paragraph, list or table must not
/// leave the summary's HTML unclosed. A table's scroll box is raw HTML
/// around the table's events, so it is tracked as well.
fn closing_tags<'a>(events: &[Event<'a>]) -> Vec<Event<'a>> {
    let mut open: Vec<Event<'a>> = Vec::new();
    let is_box_close = |e: &Event<'_>| matches!(e, Event::Html(h) if h.as_ref() == TABLE_CLOSE);
    for e in events {
        match e {
            Event::Start(tag) => open.push(Event::End(tag.to_end())),
            Event::End(_) => {
                open.pop();
            }
            Event::Html(h) if h.as_ref() == TABLE_OPEN => {
                open.push(Event::Html(CowStr::Borrowed(TABLE_CLOSE)));
            }
            e if is_box_close(e) && open.last().is_some_and(is_box_close) => {
                open.pop();
            }
            _ => {}
        }
    }
    open.into_iter().rev().collect()
}

/// The events of the first top-level paragraph, or nothing.
fn first_paragraph<'e, 'a>(events: &'e [Event<'a>]) -> &'e [Event<'a>] {
    let mut depth = 0usize;
    let mut start = None;
    for (i, e) in events.iter().enumerate() {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => start = Some(i),
            Event::End(TagEnd::Paragraph) if depth == 1 && start.is_some() => {
                return &events[start.unwrap_or(i)..=i];
            }
            _ => {}
        }
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    &[]
}

/// A link or image tag with its target resolved by [`resolve_relative`].
fn with_resolved_dest<'a>(tag: Tag<'a>, base: &str) -> Tag<'a> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: resolve_relative(dest_url, base),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: resolve_relative(dest_url, base),
            title,
            id,
        },
        other => other,
    }
}

/// `lead.jpg` -> `/world/lead.jpg`; absolute URLs, root paths, anchors,
/// `mailto:` and the like are left alone.
pub fn resolve_relative<'a>(dest: CowStr<'a>, base: &str) -> CowStr<'a> {
    if is_relative_path(&dest) {
        let d = dest.strip_prefix("./").unwrap_or(&dest);
        CowStr::from(format!("{base}{d}"))
    } else {
        dest
    }
}

/// True for a path relative to the document (`img.png`, `../x/`), false for
/// `/abs`, `#anchor`, `https://...`, `mailto:...`, `//host/...`, empty.
pub fn is_relative_path(dest: &str) -> bool {
    if dest.is_empty() || dest.starts_with(['/', '#', '?']) {
        return false;
    }
    match dest.find(':') {
        Some(colon) => {
            let before = &dest[..colon];
            // "a/b:c" is a path with a colon; "scheme:" has no slash before it.
            before.contains(['/', '?', '#'])
        }
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_addresses_become_links_outside_code_and_links() {
        let r = render(
            "See https://x.org/a_b_c. <a href=\"https://y.org\">https://y.org</a> <é\n\n\
             [https://z.org](https://z.org) `https://code.org`\n\n    https://indented.org\n",
            "/",
        );
        assert!(
            r.html
                .contains(r#"See <a href="https://x.org/a_b_c">https://x.org/a_b_c</a>."#),
            "{}",
            r.html
        );
        assert_eq!(r.html.matches("<a href").count(), 3, "{}", r.html);
        assert!(
            r.links
                .iter()
                .any(|l| l.dest == "https://x.org/a_b_c" && l.line == 1)
        );
    }

    #[test]
    fn template_code_is_counted_in_prose_only() {
        let r = render(
            "{{< figure src=\"a.jpg\" >}}\n\nText {% include x %}.\n\n`{{ code }}`\n\n```\n{{ block }}\n```\n",
            "/",
        );
        // The shortcode is the shortcode stage's, which runs before.
        assert_eq!(r.template_code, Some((1, 3)));
        let r = render("{% raw %}\n\n{{ a }}\n\n{% endraw %}\n", "/");
        assert_eq!(r.template_code, None);
        assert_eq!(r.html.trim(), "<p>{{ a }}</p>");
    }

    /// [`super::render`] without a memory limit.
    fn render(body: &str, asset_base: &str) -> Rendered {
        super::render(body, asset_base, usize::MAX).unwrap()
    }

    #[test]
    fn a_body_past_the_memory_limit_is_refused_at_its_line() {
        let table = format!(
            "Intro.\n\n| a | b |\n|---|---|\n{}",
            "| x | y |\n".repeat(50_000)
        );
        // The events pass the limit part-way through the table.
        let err = super::render(&table, "/", 32 << 20).unwrap_err();
        assert_eq!(err.limit, 32 << 20);
        assert!(err.line > 4 && err.line < 50_000, "line {}", err.line);
        // The body alone is too large for the parser's tree.
        assert_eq!(super::render(&table, "/", 1 << 20).unwrap_err().line, 1);
        assert!(super::render(&table, "/", 256 << 20).is_ok());
    }

    #[test]
    fn extensions_are_on() {
        let r = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ \"quoted\"\n\n- [x] done\n\nNote[^1].\n\n[^1]: Footnote.\n",
            "/",
        );
        assert!(r.html.contains("<div class=\"table-scroll\">\n<table>"));
        assert!(r.html.contains("</table>\n</div>"));
        assert!(r.html.contains("<del>old</del>"));
        assert!(r.html.contains("“quoted”"));
        assert!(r.html.contains("type=\"checkbox\""));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn heading_ids_are_unique_slugs() {
        let r = render(
            "## Hello World\n\n## Hello World\n\n## Custom {#mine}\n",
            "/",
        );
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["hello-world", "hello-world-1", "mine"]);
        assert!(r.html.contains("<h2 id=\"hello-world-1\">"));
    }

    #[test]
    fn summary_from_more_marker_or_first_paragraph() {
        let r = render("First.\n\nSecond.\n\n<!-- more -->\n\nThird.\n", "/");
        assert!(r.has_more_marker);
        assert!(r.summary_html.contains("Second."));
        assert!(!r.summary_html.contains("Third."));
        let r = render("## Head\n\nFirst para.\n\nSecond.\n", "/");
        assert_eq!(r.summary_html.trim(), "<p>First para.</p>");
    }

    #[test]
    fn inline_more_marker_gives_closed_summary() {
        let r = render("Intro text. <!-- more --> Rest here.\n", "/");
        assert_eq!(r.summary_html.trim(), "<p>Intro text. </p>");
        let r = render("- item one\n- item two <!-- more --> three\n", "/");
        assert!(
            r.summary_html.trim_end().ends_with("</li>\n</ul>"),
            "{}",
            r.summary_html
        );
    }

    #[test]
    fn more_marker_in_a_table_closes_the_table_and_its_box() {
        let r = render(
            "Intro.\n\n| a | b |\n|---|---|\n| 1 <!-- more --> | 2 |\n| 3 | 4 |\n\nAfter.\n",
            "/",
        );
        assert!(r.has_more_marker);
        let summary = r.summary_html.trim_end();
        assert!(summary.ends_with("</table>\n</div>"), "{summary}");
        assert_eq!(
            summary.matches("<div").count(),
            summary.matches("</div>").count()
        );
        assert!(!summary.contains('3'), "{summary}");
    }

    #[test]
    fn words_are_counted_from_text_only() {
        let r = render("Hello **big** world.\n\n- one\n- two\n", "/");
        assert_eq!(r.word_count, 5);
    }

    #[test]
    fn relative_urls_resolve_against_asset_base() {
        let r = render(
            "![a](lead.jpg) [b](https://x.org) [c](/abs/) [d](#top)\n",
            "/world/",
        );
        assert!(r.html.contains("src=\"/world/lead.jpg\""));
        assert!(r.html.contains("href=\"https://x.org\""));
        assert!(r.html.contains("href=\"/abs/\""));
        assert!(r.html.contains("href=\"#top\""));
        assert_eq!(r.links.len(), 4);
        assert_eq!(r.links[0].line, 1);
    }

    #[test]
    fn relative_path_detection() {
        assert!(is_relative_path("img.png"));
        assert!(is_relative_path("../x/y.png"));
        assert!(!is_relative_path("mailto:a@b"));
        assert!(!is_relative_path("//cdn/x"));
        assert!(!is_relative_path(""));
    }

    #[test]
    fn math_is_mathml_and_bad_math_is_reported_at_its_line() {
        let r = render("Inline $a^2$ here.\n\nAnd $\\nope{x}$.\n", "/");
        assert!(r.html.contains("<math"), "{}", r.html);
        assert_eq!(r.math_errors.len(), 1);
        assert_eq!(r.math_errors[0].0, 3);
        assert!(
            r.html
                .contains("<code class=\"math-error\">\\nope{x}</code>")
        );
    }

    #[test]
    fn dollar_amounts_stay_text() {
        let r = render("Prices rose from $5-$10 to $20, and $3bn more.\n", "/");
        assert!(!r.html.contains("<math"), "{}", r.html);
        assert!(r.html.contains("$5-$10 to $20"), "{}", r.html);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let body = ">".repeat(50_000) + " deep\n";
        let r = render(&body, "/");
        assert!(r.html.contains("deep"));
    }
}
