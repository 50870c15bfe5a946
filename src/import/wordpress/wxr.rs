//! Reading a WordPress eXtended RSS export (WXR 1.0 to 1.2) into plain
//! records. Only what the importer maps is kept; the rest of the file
//! (terms' descriptions, menus' settings) is read past.
//!
//! The reader streams events with quick-xml and keeps the whole file in
//! memory once: a 10,000-post export is tens of megabytes.

use std::collections::HashMap;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::html::decode_entities;

/// Everything the importer needs from one export.
#[derive(Debug, Default)]
pub struct Export {
    /// The site's address (`wp:base_site_url`, else the channel's `link`).
    pub site_url: String,
    /// `wp:base_blog_url`, when it differs from the site's (WordPress in a
    /// subfolder).
    pub blog_url: String,
    /// Author login -> display name.
    pub authors: HashMap<String, String>,
    /// Every `<item>`, in file order: posts, pages, attachments, menus...
    pub items: Vec<Item>,
    /// The WXR version the file says it is (`wp:wxr_version`).
    pub version: String,
}

/// One `<item>`. Its title, its terms' names and the authors' names are
/// plain text: WordPress stores them with HTML references (`&amp;`), which
/// are decoded here.
#[derive(Debug, Default, Clone)]
pub struct Item {
    pub title: String,
    pub link: String,
    pub id: u64,
    /// `wp:post_date`: the site's local time, `YYYY-MM-DD HH:MM:SS`.
    pub date: String,
    /// `wp:post_date_gmt`: `0000-00-00 00:00:00` for drafts never saved
    /// with a date.
    pub date_gmt: String,
    pub modified_gmt: String,
    /// `wp:post_name`, percent-encoded when not ASCII.
    pub name: String,
    pub status: String,
    pub post_type: String,
    pub parent: u64,
    /// `dc:creator`: the author's login.
    pub creator: String,
    pub content: String,
    pub excerpt: String,
    pub terms: Vec<Term>,
    pub meta: Vec<(String, String)>,
    pub attachment_url: String,
    pub comments: Vec<Comment>,
}

impl Item {
    /// The value of the post meta `key`, if set.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A category or tag of an item (`<category domain=.. nicename=..>Name`).
#[derive(Debug, Default, Clone)]
pub struct Term {
    /// `category`, `post_tag`, or a custom taxonomy.
    pub domain: String,
    pub nicename: String,
    pub name: String,
}

/// One `wp:comment`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Comment {
    pub id: u64,
    pub parent: u64,
    pub author: String,
    pub email: String,
    pub url: String,
    pub ip: String,
    pub date: String,
    pub date_gmt: String,
    pub content: String,
    /// `1`, `0` (held for moderation), `spam` or `trash`.
    pub approved: String,
    /// Empty for a comment; `pingback` or `trackback` otherwise.
    pub kind: String,
}

/// Why an export could not be read.
#[derive(Debug, thiserror::Error)]
pub enum WxrError {
    #[error(
        "{file}:{line}: the export is not well-formed XML ({message}); \
             export it again from WordPress (Tools > Export), or fix the XML at that line"
    )]
    Malformed {
        file: String,
        line: usize,
        message: String,
    },
    #[error(
        "{file}: this is not a WordPress export (no <rss><channel>); \
             in WordPress use Tools > Export > All content to make one"
    )]
    NotWxr { file: String },
}

/// Where the reader is: which record the next leaf element belongs to.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    Channel,
    Author,
    Item,
    Meta,
    Comment,
    /// Inside something the importer does not read (`wp:term`, `image`...).
    Other,
}

/// Parses the export `text`, read from `file` (named in errors).
pub fn parse(file: &Path, text: &str) -> Result<Export, WxrError> {
    let file_name = file.display().to_string();
    let malformed = |pos: u64, message: String| WxrError::Malformed {
        file: file_name.clone(),
        line: line_at(text, pos as usize),
        message,
    };
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;

    let mut export = Export::default();
    let mut stack: Vec<String> = Vec::new();
    let mut scopes: Vec<Scope> = Vec::new();
    let mut leaf = String::new();
    let mut item = Item::default();
    let mut comment = Comment::default();
    let mut meta = (String::new(), String::new());
    let mut author = (String::new(), String::new());
    let mut term_attrs: Option<(String, String)> = None;
    let mut saw_channel = false;

    loop {
        let event = reader
            .read_event()
            .map_err(|e| malformed(reader.error_position(), e.to_string()))?;
        match event {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                let scope = scopes.last().copied();
                let next = match (scope, name.as_str()) {
                    (None, "rss") => None,
                    (None, other) => {
                        return Err(malformed(
                            reader.buffer_position(),
                            format!("the root element is <{other}>, not <rss>"),
                        ));
                    }
                    (Some(_), _) if stack.len() == 1 && name == "channel" => {
                        saw_channel = true;
                        Some(Scope::Channel)
                    }
                    (Some(Scope::Channel), "item") => {
                        item = Item::default();
                        Some(Scope::Item)
                    }
                    (Some(Scope::Channel), "wp:author") => {
                        author = Default::default();
                        Some(Scope::Author)
                    }
                    (Some(Scope::Item), "wp:postmeta") => {
                        meta = Default::default();
                        Some(Scope::Meta)
                    }
                    (Some(Scope::Item), "wp:comment") => {
                        comment = Comment::default();
                        Some(Scope::Comment)
                    }
                    (Some(Scope::Item), "category") => {
                        let attr = |key: &[u8]| {
                            start
                                .try_get_attribute(key)
                                .ok()
                                .flatten()
                                .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                                .unwrap_or_default()
                        };
                        term_attrs = Some((attr(b"domain"), attr(b"nicename")));
                        None
                    }
                    (Some(Scope::Channel), "wp:category" | "wp:tag" | "wp:term" | "image") => {
                        Some(Scope::Other)
                    }
                    (Some(Scope::Meta | Scope::Comment), "wp:commentmeta") => Some(Scope::Other),
                    _ => None,
                };
                if stack.is_empty() {
                    scopes.push(Scope::Other);
                } else if let Some(s) = next {
                    scopes.push(s);
                } else {
                    scopes.push(*scopes.last().unwrap_or(&Scope::Other));
                }
                stack.push(name);
                leaf.clear();
            }
            Event::Empty(_) => {}
            Event::Text(t) => match t.unescape() {
                Ok(s) => leaf.push_str(&s),
                // An HTML entity (`&nbsp;`) outside CDATA: keep it as written.
                Err(_) => leaf.push_str(&String::from_utf8_lossy(&t)),
            },
            Event::CData(c) => leaf.push_str(&String::from_utf8_lossy(&c.into_inner())),
            Event::End(_) => {
                let name = stack.pop().unwrap_or_default();
                let scope = scopes.pop().unwrap_or(Scope::Other);
                let parent_scope = scopes.last().copied().unwrap_or(Scope::Other);
                let value = std::mem::take(&mut leaf);
                // A record's own element closing: hand it to its parent.
                match (scope, name.as_str()) {
                    (Scope::Item, "item") if parent_scope == Scope::Channel => {
                        export.items.push(std::mem::take(&mut item));
                        continue;
                    }
                    (Scope::Author, "wp:author") if parent_scope == Scope::Channel => {
                        let (login, display) = std::mem::take(&mut author);
                        if !login.is_empty() {
                            export.authors.insert(login, display);
                        }
                        continue;
                    }
                    (Scope::Meta, "wp:postmeta") => {
                        item.meta.push(std::mem::take(&mut meta));
                        continue;
                    }
                    (Scope::Comment, "wp:comment") => {
                        item.comments.push(std::mem::take(&mut comment));
                        continue;
                    }
                    _ => {}
                }
                let depth_ok = stack.len() >= 2;
                match scope {
                    Scope::Channel if stack.len() == 2 => match name.as_str() {
                        "link" if export.site_url.is_empty() => export.site_url = value,
                        "wp:base_site_url" => export.site_url = value,
                        "wp:base_blog_url" => export.blog_url = value,
                        "wp:wxr_version" => export.version = value,
                        _ => {}
                    },
                    Scope::Author => match name.as_str() {
                        "wp:author_login" => author.0 = value,
                        "wp:author_display_name" => author.1 = decode_entities(&value),
                        _ => {}
                    },
                    Scope::Meta => match name.as_str() {
                        "wp:meta_key" => meta.0 = value,
                        "wp:meta_value" => meta.1 = value,
                        _ => {}
                    },
                    Scope::Comment => set_comment_field(&mut comment, &name, value),
                    Scope::Item if depth_ok => {
                        if name == "category" {
                            if let Some((domain, nicename)) = term_attrs.take() {
                                item.terms.push(Term {
                                    domain,
                                    nicename,
                                    name: decode_entities(&value),
                                });
                            }
                        } else {
                            set_item_field(&mut item, &name, value);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(malformed(
            text.len() as u64,
            format!("the file ends before <{open}> is closed (is it cut short?)"),
        ));
    }
    if !saw_channel {
        return Err(WxrError::NotWxr { file: file_name });
    }
    if export.blog_url.is_empty() {
        export.blog_url = export.site_url.clone();
    }
    Ok(export)
}

fn set_item_field(item: &mut Item, name: &str, value: String) {
    match name {
        "title" => item.title = decode_entities(&value),
        "link" => item.link = value,
        "wp:post_id" => item.id = value.trim().parse().unwrap_or(0),
        "wp:post_date" => item.date = value,
        "wp:post_date_gmt" => item.date_gmt = value,
        "wp:post_modified_gmt" => item.modified_gmt = value,
        "wp:post_name" => item.name = value,
        "wp:status" => item.status = value,
        "wp:post_type" => item.post_type = value,
        "wp:post_parent" => item.parent = value.trim().parse().unwrap_or(0),
        "dc:creator" => item.creator = value,
        "content:encoded" => item.content = value,
        "excerpt:encoded" => item.excerpt = value,
        "wp:attachment_url" => item.attachment_url = value,
        _ => {}
    }
}

fn set_comment_field(comment: &mut Comment, name: &str, value: String) {
    match name {
        "wp:comment_id" => comment.id = value.trim().parse().unwrap_or(0),
        "wp:comment_parent" => comment.parent = value.trim().parse().unwrap_or(0),
        "wp:comment_author" => comment.author = value,
        "wp:comment_author_email" => comment.email = value,
        "wp:comment_author_url" => comment.url = value,
        "wp:comment_author_IP" => comment.ip = value,
        "wp:comment_date" => comment.date = value,
        "wp:comment_date_gmt" => comment.date_gmt = value,
        "wp:comment_content" => comment.content = value,
        "wp:comment_approved" => comment.approved = value,
        "wp:comment_type" => comment.kind = value,
        _ => {}
    }
}

/// 1-based line of byte `pos` in `text`.
fn line_at(text: &str, pos: usize) -> usize {
    let end = pos.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/">
<channel>
  <title>Site</title>
  <link>https://old.example.com</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.com</wp:base_site_url>
  <wp:author><wp:author_login><![CDATA[jdoe]]></wp:author_login>
    <wp:author_display_name><![CDATA[Jane Doe]]></wp:author_display_name></wp:author>
  <wp:category><wp:category_nicename>world</wp:category_nicename></wp:category>
  <item>
    <title>Hello &amp; welcome</title>
    <link>https://old.example.com/2020/01/hello/</link>
    <dc:creator><![CDATA[jdoe]]></dc:creator>
    <content:encoded><![CDATA[<p>Body</p>]]></content:encoded>
    <wp:post_id>7</wp:post_id>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
    <category domain="category" nicename="world"><![CDATA[World]]></category>
    <wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>9</wp:meta_value></wp:postmeta>
    <wp:comment><wp:comment_id>3</wp:comment_id><wp:comment_content>Nice</wp:comment_content>
      <wp:commentmeta><wp:meta_key>x</wp:meta_key></wp:commentmeta></wp:comment>
  </item>
</channel>
</rss>"#;

    #[test]
    fn reads_items_authors_terms_meta_and_comments() {
        let e = parse(Path::new("x.xml"), SMALL).unwrap();
        assert_eq!(e.site_url, "https://old.example.com");
        assert_eq!(e.version, "1.2");
        assert_eq!(e.authors["jdoe"], "Jane Doe");
        assert_eq!(e.items.len(), 1);
        let i = &e.items[0];
        assert_eq!(i.title, "Hello & welcome");
        assert_eq!(i.id, 7);
        assert_eq!(i.content, "<p>Body</p>");
        assert_eq!(i.terms[0].nicename, "world");
        assert_eq!(i.terms[0].name, "World");
        assert_eq!(i.meta("_thumbnail_id"), Some("9"));
        assert_eq!(i.comments.len(), 1);
        assert_eq!(i.comments[0].content, "Nice");
    }

    #[test]
    fn malformed_xml_names_the_line() {
        let broken = SMALL.replace("</wp:post_type>", "</wp:post_typo>");
        let line = broken
            .lines()
            .position(|l| l.contains("post_typo"))
            .unwrap()
            + 1;
        let err = parse(Path::new("x.xml"), &broken).unwrap_err().to_string();
        assert!(err.starts_with(&format!("x.xml:{line}:")), "{err}");
        let cut = &SMALL[..SMALL.find("</channel>").unwrap()];
        let err = parse(Path::new("x.xml"), cut).unwrap_err().to_string();
        assert!(err.contains("ends before"), "{err}");
        // Every prefix of an export is an error or an export, never a panic.
        for (i, _) in SMALL.char_indices() {
            let _ = parse(Path::new("x.xml"), &SMALL[..i]);
        }
        let err = parse(Path::new("x.xml"), "<html></html>").unwrap_err();
        assert!(err.to_string().contains("not <rss>"), "{err}");
    }
}
