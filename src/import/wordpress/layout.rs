//! Where each WordPress post goes in the site: which items are imported
//! (and why the others are not), their folder, file name, date, the URL
//! Gazette will give them, and the old URL that must redirect there.

use std::collections::HashSet;

use crate::config::Config;
use crate::content::{dates, permalink, slug};

use super::links::{self, SiteUrls, Target};
use super::wxr::Item;

/// Posts or pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Post,
    Page,
}

/// One imported item's place in the site.
#[derive(Debug, Clone)]
pub struct Placed {
    /// Index of the item in the export.
    pub item: usize,
    pub kind: Kind,
    /// Folders under `content/` (`["world"]`, `["company"]`, or none).
    pub folders: Vec<String>,
    /// File stem (`slug` of `slug.md`, or the bundle folder's name).
    pub stem: String,
    /// Front matter date, in a form the content stage reads.
    pub date: Option<String>,
    pub updated: Option<String>,
    pub draft: bool,
    /// The page's URL on the new site (`/world/slug/`).
    pub new_path: String,
    /// The old permalink, when it differs from the new one and can be a
    /// static file.
    pub alias: Option<String>,
    /// The old permalink was `?p=ID` or otherwise cannot be a file.
    pub alias_impossible: bool,
    /// A page at the path of a section (a page "World" at `/world/` while
    /// posts fill `content/world/`): it becomes that section's own text,
    /// `content/world/_index.md`, shown on the section's listing, since
    /// two pages cannot have one path.
    pub section_intro: bool,
    /// The old URL is also another imported item's (old or new) URL: the
    /// first one keeps it, so that no two pages write one path.
    pub alias_shared: bool,
}

/// The decision for one item.
pub enum Decision {
    Import(Kind),
    /// Not imported; the label groups it in the summary
    /// (`private post`, `attachment`, `revision`...).
    Skip(String),
}

/// Which items become articles or pages.
pub fn decide(item: &Item) -> Decision {
    let kind = match item.post_type.as_str() {
        "post" => Kind::Post,
        "page" => Kind::Page,
        "attachment" => return Decision::Skip("attachment (used for images)".into()),
        "revision" => return Decision::Skip("revision".into()),
        "nav_menu_item" => return Decision::Skip("menu item".into()),
        other => return Decision::Skip(format!("item of post type `{other}`")),
    };
    let noun = if kind == Kind::Post { "post" } else { "page" };
    match item.status.as_str() {
        "publish" | "future" | "draft" | "pending" => Decision::Import(kind),
        "private" => Decision::Skip(format!("private {noun}")),
        "trash" => Decision::Skip(format!("trashed {noun}")),
        "auto-draft" => Decision::Skip(format!("auto-draft {noun}")),
        "inherit" => Decision::Skip(format!("{noun} revision")),
        other => Decision::Skip(format!("{noun} with status `{other}`")),
    }
}

/// A WordPress date (`2020-01-02 10:00:00`) if it is a real one.
fn real_date(d: &str) -> Option<&str> {
    let d = d.trim();
    (d.len() >= 10 && !d.starts_with("0000")).then_some(d)
}

/// The front matter date: the GMT one as UTC, else the local one without an
/// offset (read in the site's timezone), else the last change.
fn front_matter_date(item: &Item) -> Option<String> {
    if let Some(gmt) = real_date(&item.date_gmt) {
        return Some(utc(gmt));
    }
    if let Some(local) = real_date(&item.date) {
        return Some(local.to_string());
    }
    real_date(&item.modified_gmt).map(utc)
}

/// `2020-01-02 10:00:00` (GMT) -> `2020-01-02T10:00:00Z`.
fn utc(gmt: &str) -> String {
    match gmt.split_once(' ') {
        Some((d, t)) => format!("{d}T{t}Z"),
        None => gmt.to_string(),
    }
}

/// The slug WordPress gave the item (decoded, then made a Gazette slug),
/// else one from its title, else `post-ID`.
fn item_slug(item: &Item) -> String {
    let from_name = slug::slugify(&links::decode(&item.name));
    if !from_name.is_empty() {
        return from_name;
    }
    let from_title = slug::slugify(&item.title);
    if !from_title.is_empty() {
        return from_title;
    }
    format!("post-{}", item.id)
}

/// Slugs of WordPress's default category ("Uncategorized") in the languages
/// it is most often installed in; a post filed only there has no category.
const DEFAULT_CATEGORY_SLUGS: &[&str] = &[
    "uncategorized",
    "bez-rubriki",
    "sanatsyz",
    "allgemein",
    "non-classe",
    "sin-categoria",
    "senza-categoria",
    "geen-categorie",
    "sem-categoria",
];

/// Whether a category (by its WordPress nicename) is the default one.
pub fn is_default_category(nicename: &str) -> bool {
    DEFAULT_CATEGORY_SLUGS.contains(&slug::slugify(&links::decode(nicename)).as_str())
}

/// The folder of a post: its first category other than "Uncategorized",
/// as a Gazette slug, else `news`.
fn primary_section(item: &Item) -> String {
    item.terms
        .iter()
        .filter(|t| t.domain == "category" && !is_default_category(&t.nicename))
        .map(|t| {
            let from_nicename = slug::slugify(&links::decode(&t.nicename));
            if from_nicename.is_empty() {
                slug::slugify(&t.name)
            } else {
                from_nicename
            }
        })
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "news".into())
}

/// Places every imported item; `items` are (index, item, kind).
pub fn place(items: &[(usize, &Item, Kind)], config: &Config, site: &SiteUrls) -> Vec<Placed> {
    let mut taken: HashSet<String> = HashSet::new();
    let mut placed = Vec::with_capacity(items.len());
    for &(index, item, kind) in items {
        let old = site
            .local_part(item.link.trim())
            .and_then(|local| site.target(local));
        let slug = item_slug(item);
        let (folders, base) = match kind {
            Kind::Post => (vec![primary_section(item)], slug),
            Kind::Page => match &old {
                // A page keeps its old path: /company/team/ -> content/company/team.md
                Some(Target::Path(p)) if p != "/" && p.ends_with('/') => {
                    let mut parts: Vec<String> = p
                        .split('/')
                        .filter(|s| !s.is_empty())
                        .map(|s| slug::slug_or_fallback(s, "page"))
                        .collect();
                    let last = parts.pop().unwrap_or(slug);
                    (parts, last)
                }
                _ => (Vec::new(), slug),
            },
        };
        let mut stem = base.clone();
        let mut n = 2;
        while !taken.insert(format!("{}/{stem}", folders.join("/"))) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        let date = front_matter_date(item);
        let new_path = match kind {
            Kind::Post => {
                let parsed = date.as_deref().and_then(|d| dates::parse_date(d).ok());
                permalink::expand(
                    &config.permalink,
                    folders.first().map(String::as_str),
                    &stem,
                    parsed.as_ref(),
                )
            }
            Kind::Page => {
                let mut p = String::from("/");
                for f in folders.iter().chain(std::iter::once(&stem)) {
                    p.push_str(f);
                    p.push('/');
                }
                p
            }
        };
        let (alias, alias_impossible) = match &old {
            Some(Target::Path(p)) => match permalink::safe_site_path(p) {
                Ok(a) if a == new_path => (None, false),
                Ok(a) => (Some(a), false),
                Err(_) => (None, p != "/" && item.status == "publish"),
            },
            // Counted only for published posts: a draft's `?p=` link was
            // never a public URL.
            Some(Target::Id(_)) => (None, item.status == "publish"),
            _ => (None, false),
        };
        let updated = real_date(&item.modified_gmt)
            .map(utc)
            .filter(|u| Some(u) != date.as_ref() && real_date(&item.date_gmt).is_some());
        placed.push(Placed {
            item: index,
            kind,
            folders,
            stem,
            date,
            updated,
            draft: matches!(item.status.as_str(), "draft" | "pending"),
            new_path,
            alias,
            alias_impossible,
            section_intro: false,
            alias_shared: false,
        });
    }
    let sections: HashSet<String> = placed
        .iter()
        .filter(|p| p.kind == Kind::Post)
        .filter_map(|p| p.folders.first().cloned())
        .collect();
    for p in placed.iter_mut().filter(|p| p.kind == Kind::Page) {
        if p.folders.is_empty() && sections.contains(&p.stem) {
            p.section_intro = true;
            p.folders = vec![std::mem::take(&mut p.stem)];
            p.stem = "_index".into();
        }
    }
    let mut claimed: HashSet<String> = placed.iter().map(|p| p.new_path.clone()).collect();
    for p in &mut placed {
        if let Some(alias) = &p.alias
            && !claimed.insert(alias.clone())
        {
            p.alias = None;
            p.alias_shared = true;
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::wordpress::wxr::Term;

    fn post(name: &str, cat: &str, link: &str) -> Item {
        Item {
            title: "T".into(),
            name: name.into(),
            link: link.into(),
            post_type: "post".into(),
            status: "publish".into(),
            date_gmt: "2020-01-02 10:00:00".into(),
            terms: vec![Term {
                domain: "category".into(),
                nicename: cat.into(),
                name: cat.into(),
            }],
            ..Default::default()
        }
    }

    #[test]
    fn duplicate_slugs_non_latin_and_aliases() {
        let config = Config::parse(
            std::path::Path::new("site.yaml"),
            "title: T\nbase_url: https://n.example.com\n",
        )
        .unwrap();
        let site = SiteUrls::new("https://old.example.com", "");
        let a = post("hello", "world", "https://old.example.com/2020/01/hello/");
        let b = post("hello", "world", "https://old.example.com/2020/02/hello/");
        let c = post(
            "%d0%bc%d0%b8%d1%80",
            "%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8",
            "https://old.example.com/?p=9",
        );
        let d = post("same", "world", "https://old.example.com/world/same/");
        let items = vec![
            (0, &a, Kind::Post),
            (1, &b, Kind::Post),
            (2, &c, Kind::Post),
            (3, &d, Kind::Post),
        ];
        let p = place(&items, &config, &site);
        assert_eq!(p[0].stem, "hello");
        assert_eq!(p[1].stem, "hello-2");
        assert_eq!(p[1].new_path, "/world/hello-2/");
        assert_eq!(p[1].alias.as_deref(), Some("/2020/02/hello/"));
        assert_eq!(p[2].folders, vec!["novosti".to_string()]);
        assert_eq!(p[2].stem, "mir");
        assert!(p[2].alias.is_none() && p[2].alias_impossible);
        assert_eq!(p[3].alias, None);
        assert_eq!(p[0].date.as_deref(), Some("2020-01-02T10:00:00Z"));

        // Two posts with one old URL: the first keeps the redirect.
        let twin = post("hello", "sport", "https://old.example.com/2020/01/hello/");
        let p = place(&[items[0], (5, &twin, Kind::Post)], &config, &site);
        assert_eq!(p[0].alias.as_deref(), Some("/2020/01/hello/"));
        assert!(p[1].alias.is_none() && p[1].alias_shared);

        // Russian WordPress's "Без рубрики" is the default category too.
        assert!(is_default_category(
            "%d0%b1%d0%b5%d0%b7-%d1%80%d1%83%d0%b1%d1%80%d0%b8%d0%ba%d0%b8"
        ));
        assert!(!is_default_category("world"));

        let mut page = post("world", "x", "https://old.example.com/world/");
        page.post_type = "page".into();
        let with_page = [items[0], (4, &page, Kind::Page)];
        let p = place(&with_page, &config, &site);
        assert!(p[1].section_intro);
        assert_eq!(
            (p[1].folders.clone(), p[1].stem.as_str()),
            (vec!["world".to_string()], "_index")
        );
    }
}
