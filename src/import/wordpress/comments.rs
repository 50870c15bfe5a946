//! The export's comments as JSON files a comment server can import.
//!
//! The shape is Isso's documented "generic" import format (the broadsheet
//! theme can show Isso, Remark42 or giscus threads; Isso's thread id is the
//! page's path, which is what the theme passes as `data-isso-id`): a list of
//! threads `{id, title, comments: [{id, author, email, website, remote_addr,
//! created, text}]}`. Each comment also carries `parent` (the WordPress id
//! of the comment it answers, 0 for none) and `type` (`comment`, `pingback`,
//! `trackback`), so that a system with threaded imports loses nothing.
//!
//! Approved comments go to `data/comments.json`; comments held for
//! moderation, spam, trash, and comments of posts that were not imported go
//! to `data/comments-unpublished.json`. Nothing under `data/` is published.

use serde::Serialize;

use super::wxr::Comment;

/// One page's thread.
#[derive(Serialize)]
pub struct Thread {
    /// The page's path on the new site (`/world/slug/`), or the old URL
    /// for a post that was not imported.
    pub id: String,
    pub title: String,
    pub comments: Vec<Entry>,
}

/// One comment, in Isso's generic import shape plus `parent`, `type` and
/// `status`.
#[derive(Serialize)]
pub struct Entry {
    pub id: u64,
    pub parent: u64,
    pub author: String,
    pub email: String,
    pub website: String,
    pub remote_addr: String,
    /// `%Y-%m-%d %H:%M:%S`, UTC.
    pub created: String,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: String,
    /// WordPress's `comment_approved`: `1`, `0` (held), `spam`, `trash`.
    pub status: String,
}

/// Splits `comments` of one page into what may be published and what may
/// not: (published thread, unpublished thread).
pub fn threads(
    id: &str,
    title: &str,
    comments: &[Comment],
    page_imported: bool,
) -> (Option<Thread>, Option<Thread>) {
    let mut published = Vec::new();
    let mut withheld = Vec::new();
    for c in comments {
        let entry = Entry {
            id: c.id,
            parent: c.parent,
            author: c.author.clone(),
            email: c.email.clone(),
            website: c.url.clone(),
            remote_addr: c.ip.clone(),
            created: if c.date_gmt.starts_with("0000") || c.date_gmt.is_empty() {
                c.date.clone()
            } else {
                c.date_gmt.clone()
            },
            text: c.content.clone(),
            kind: if c.kind.is_empty() {
                "comment".into()
            } else {
                c.kind.clone()
            },
            status: c.approved.clone(),
        };
        if page_imported && c.approved == "1" {
            published.push(entry);
        } else {
            withheld.push(entry);
        }
    }
    let thread = |comments: Vec<Entry>| {
        (!comments.is_empty()).then(|| Thread {
            id: id.to_string(),
            title: title.to_string(),
            comments,
        })
    };
    (thread(published), thread(withheld))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approved_comments_of_imported_pages_are_the_published_ones() {
        let c = |id, approved: &str| Comment {
            id,
            approved: approved.into(),
            date_gmt: "2020-01-02 03:04:05".into(),
            ..Default::default()
        };
        let all = [c(1, "1"), c(2, "0"), c(3, "spam")];
        let (p, w) = threads("/world/x/", "X", &all, true);
        assert_eq!(p.unwrap().comments.len(), 1);
        assert_eq!(w.unwrap().comments.len(), 2);
        let (p, w) = threads("https://old/x", "X", &all, false);
        assert!(p.is_none());
        assert_eq!(w.unwrap().comments.len(), 3);
    }
}
