//! Template values built once per build from the [`Site`]: one card per
//! article (made once, and put together for every list, feed and related
//! list that shows it), one object per term and section, the navigation.
//! Nothing in a render job serialises an article again.

use std::sync::{Arc, OnceLock};

use serde_json::json;
use tera::Value;
use tera::value::Key;

use super::i18n::{Local, Strings};
use crate::content::{Article, dates, newsroom};
use crate::media::Images;
use crate::site::Site;

/// The site's template values. Cloning a [`Value`] map or list is an Arc bump.
#[derive(Clone)]
pub struct Values {
    pub config: Value,
    pub sections_nav: Value,
    /// `cards[i]`: article `i` without its body, built on first use (a
    /// `serve` rebuild renders a few pages and needs only their cards).
    cards: Vec<OnceLock<Card>>,
    /// The keys of every card of this site (the same for all: the fixed
    /// fields, then one per taxonomy), in the order [`Card::Fields`] holds
    /// their values; taken from the first card made.
    card_keys: OnceLock<Arc<[Key<'static>]>>,
    /// `terms[taxonomy][term]`: `{name, slug, url, count, feed_url}`.
    pub terms: Vec<Vec<Value>>,
    /// `sections[s]`: `{name, slug, url}` of `site.sections[s]`, shared by
    /// the cards of its articles.
    sections: Vec<Value>,
    /// `taxonomies[t]`: `{kind, title, url, terms}` for `get_taxonomy` and taxonomy.html.
    pub taxonomies: Vec<Value>,
    /// `{kind: taxonomy}` for `get_taxonomy`.
    pub taxonomies_by_kind: Value,
    /// `{path: fingerprinted path}` for `asset`, set by the renderer.
    pub assets: Value,
    /// The media stage's images, set by the renderer.
    pub images: std::sync::Arc<crate::media::Images>,
    /// `{output path: image value}` for the `image()` function.
    pub images_value: Value,
    /// The site's language: its strings and date formats.
    pub local: Local,
    /// `ll_CC` of the site's language, for `og:locale`.
    pub locale: Value,
    /// `archive_years[y]`: `{name, url, count, months: [{name, url, count}]}`.
    pub archive_years: Vec<Value>,
    /// The `taxonomy` of `/archive/`: `{kind: "archive", title, url,
    /// terms: every month as a term, years: archive_years}`.
    pub archive: Value,
}

impl Values {
    /// Forgets the card of article `i`, to be made again from the article
    /// as it is now (see [`super::Renderer::with_edited_article`]).
    pub fn forget_card(&mut self, i: usize) {
        if let Some(card) = self.cards.get_mut(i) {
            *card = OnceLock::new();
        }
    }

    /// The card of article `i` (of the site these values were made from).
    pub fn card(&self, site: &Site, i: usize) -> Value {
        match self.cached_card(site, i) {
            Card::Whole(map) => map.clone(),
            Card::Fields(_) => Value::from(self.card_map(site, i, 0)),
        }
    }

    /// The card of article `i` as a map with room for `more` entries (the
    /// article object adds its body and related cards).
    pub fn card_map(&self, site: &Site, i: usize, more: usize) -> tera::Map {
        match self.cached_card(site, i) {
            Card::Whole(map) => map.as_map().cloned().unwrap_or_default(),
            Card::Fields(values) => {
                let keys = self.card_keys.get().expect("set with the first card");
                let mut map =
                    tera::Map::with_capacity_and_hasher(keys.len() + more, Default::default());
                for (key, value) in keys.iter().zip(values.iter()) {
                    map.insert(key.clone(), value.clone());
                }
                map
            }
        }
    }

    fn cached_card(&self, site: &Site, i: usize) -> &Card {
        self.cards[i].get_or_init(|| {
            let map = card(
                site,
                i,
                &self.terms,
                &self.sections,
                &self.images,
                &self.local,
            );
            let keys = self.card_keys.get_or_init(|| map.keys().cloned().collect());
            Card::compact(map, keys)
        })
    }

    /// The values of `site`, written in its language with `strings`.
    pub fn new(site: &Site, strings: std::sync::Arc<Strings>) -> Values {
        let local = Local::new(&site.config.language, strings);
        let config = Value::from_serializable(&site.config);
        let url = |path: &str| format!("{}{}", site.config.base_path(), path);
        let terms: Vec<Vec<Value>> = site
            .taxonomies
            .iter()
            .map(|tax| {
                tax.terms
                    .iter()
                    .map(|t| {
                        let path = tax.term_path(t);
                        let profile = (tax.kind == "authors")
                            .then(|| site.profiles.get(&t.slug))
                            .flatten()
                            .map(|p| profile_value(&site.config, &t.name, p));
                        // Made as a map directly, not through JSON: a site
                        // has thousands of terms, made again at each `serve`
                        // rebuild.
                        let feed = [&path, "atom.xml"].concat();
                        let mut term = tera::Map::new();
                        term.insert("name".into(), t.name.as_str().into());
                        term.insert("slug".into(), t.slug.as_str().into());
                        term.insert("url".into(), url(&path).into());
                        term.insert("count".into(), t.articles.len().into());
                        term.insert("feed_url".into(), site.config.absolute(&feed).into());
                        term.insert("feed_path".into(), url(&feed).into());
                        let profile =
                            profile.map_or_else(Value::none, |p| Value::from_serializable(&p));
                        term.insert("profile".into(), profile);
                        Value::from(term)
                    })
                    .collect()
            })
            .collect();
        let taxonomies: Vec<Value> = site
            .taxonomies
            .iter()
            .zip(&terms)
            .map(|(tax, term_values)| {
                let mut map = tera::Map::new();
                map.insert("kind".into(), tax.kind.clone().into());
                map.insert(
                    "title".into(),
                    local.taxonomy_title(&tax.kind, &tax.title).into(),
                );
                map.insert("url".into(), url(&tax.path()).into());
                map.insert("terms".into(), term_values.clone().into());
                Value::from(map)
            })
            .collect();
        let cards = (0..site.articles.len()).map(|_| OnceLock::new()).collect();
        let sections = site
            .sections
            .iter()
            .map(|s| {
                Value::from_serializable(&json!({
                    "name": s.name, "slug": s.slug, "url": url(&s.path()),
                }))
            })
            .collect();
        let sections_nav = Value::from_serializable(&ordered_sections(site));
        let mut by_kind = tera::Map::new();
        for (tax, v) in site.taxonomies.iter().zip(&taxonomies) {
            by_kind.insert(tax.kind.clone().into(), v.clone());
        }
        let (archive_years, archive) = archive_values(site, &local);
        Values {
            local,
            archive_years,
            archive,
            assets: Value::none(),
            images: Default::default(),
            images_value: Value::none(),
            locale: super::locale::og_locale(&site.config.language).into(),
            taxonomies_by_kind: Value::from(by_kind),
            config,
            sections_nav,
            cards,
            card_keys: OnceLock::new(),
            terms,
            sections,
            taxonomies,
        }
    }
}

/// An author's profile for templates: `{name, role, bio, photo, email,
/// website, social: [{url, label}]}` (absent keys are none).
fn profile_value(
    config: &crate::config::Config,
    byline: &str,
    p: &crate::content::authors::Profile,
) -> serde_json::Value {
    json!({
        "name": p.name.as_deref().unwrap_or(byline),
        "role": p.role,
        "bio": p.bio,
        "photo": p.photo.as_deref().map(|ph| site_url(config, ph)),
        "email": p.links.email,
        "website": p.links.website,
        "social": p.links.social.iter().map(|u| json!({"url": u, "label": link_label(u)})).collect::<Vec<_>>(),
    })
}

/// `https://mastodon.social/@a` -> `mastodon.social`: a link's visible name.
fn link_label(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

/// The date archives as template values (see [`Values::archive`]).
fn archive_values(site: &Site, local: &Local) -> (Vec<Value>, Value) {
    use crate::site::archives::INDEX_PATH;
    let url = |path: &str| format!("{}{}", site.config.base_path(), path);
    let mut all_months = Vec::new();
    let years: Vec<Value> = site
        .archives
        .iter()
        .map(|y| {
            let months: Vec<serde_json::Value> = y
                .months
                .iter()
                .map(|m| {
                    let name = local.dates.month(y.year, m.month);
                    all_months.push(json!({
                        "name": local.dates.month_year(y.year, m.month),
                        "slug": format!("{:04}-{:02}", y.year, m.month),
                        "url": url(&y.month_path(m)),
                        "count": m.articles.len(),
                        // The shape of a term, for themes' taxonomy.html;
                        // months have no feed of their own.
                        "feed_url": null,
                        "feed_path": null,
                    }));
                    json!({"name": name, "url": url(&y.month_path(m)), "count": m.articles.len()})
                })
                .collect();
            Value::from_serializable(&json!({
                "name": y.year.to_string(), "url": url(&y.path()),
                "count": y.articles.len(), "months": months,
            }))
        })
        .collect();
    let mut index = tera::Map::new();
    index.insert("kind".into(), "archive".into());
    index.insert("title".into(), local.text("titles.archive", &[]).into());
    index.insert("url".into(), url(INDEX_PATH).into());
    index.insert("terms".into(), Value::from_serializable(&all_months));
    index.insert("years".into(), years.clone().into());
    (years, Value::from(index))
}

/// `{name, slug, url}` of each section, in `nav` order then alphabetical.
fn ordered_sections(site: &Site) -> Vec<serde_json::Value> {
    let mut sections: Vec<_> = site.sections.iter().collect();
    let rank = |slug: &str| {
        site.config
            .nav
            .iter()
            .position(|n| crate::content::slug::slugify(n) == slug)
            .unwrap_or(usize::MAX)
    };
    sections.sort_by_key(|s| (rank(&s.slug), s.slug.clone()));
    sections
        .into_iter()
        .map(|s| {
            json!({"name": s.name, "slug": s.slug,
                   "url": format!("{}{}", site.config.base_path(), s.path())})
        })
        .collect()
}

/// A card as [`Values`] keeps it. A build holds every article's card until
/// its last page is written, and tera's map of some thirty fields takes
/// 2 KB (64-byte slots), nearly three times its values: 140 MB more at
/// 100,000 articles. So a card keeps its values alone, in the order of
/// [`Values::card_keys`], and is made a map again for each page that shows
/// it (about a microsecond).
#[derive(Clone)]
enum Card {
    Fields(Box<[Value]>),
    /// A card whose keys are not the site's card keys. None is: the keys
    /// are fixed by [`card`]; this keeps a card right if that ever changes.
    Whole(Value),
}

impl Card {
    fn compact(mut map: tera::Map, keys: &[Key<'static>]) -> Card {
        let same_keys = map.len() == keys.len() && keys.iter().all(|k| map.contains_key(k));
        if !same_keys {
            return Card::Whole(Value::from(map));
        }
        Card::Fields(
            keys.iter()
                .map(|k| map.remove(k).unwrap_or_else(Value::none))
                .collect(),
        )
    }
}

/// The card of article `i`: everything but the body.
fn card(
    site: &Site,
    i: usize,
    terms: &[Vec<Value>],
    sections: &[Value],
    images: &Images,
    local: &Local,
) -> tera::Map {
    let a = &site.articles[i];
    let mut map = common_fields(site, a, images, local);
    for (t, tax) in site.taxonomies.iter().enumerate() {
        let list: Vec<Value> = site.article_terms[t]
            .of(i)
            .iter()
            .map(|&term| terms[t][term as usize].clone())
            .collect();
        map.insert(tax.kind.clone().into(), list.into());
    }
    for kind in ["tags", "categories", "authors"] {
        if !map.contains_key(&tera::value::Key::from(kind)) {
            map.insert(kind.into(), Vec::<Value>::new().into());
        }
    }
    let section = a
        .section
        .as_ref()
        .and_then(|slug| site.sections.iter().position(|s| &s.slug == slug));
    map.insert(
        "section".into(),
        section.map_or(Value::none(), |s| sections[s].clone()),
    );
    map
}

/// Fields shared by article cards and standalone pages.
pub fn common_fields(site: &Site, a: &Article, images: &Images, local: &Local) -> tera::Map {
    let config = &site.config;
    let opt_date = |d: &Option<jiff::Zoned>, f: &dyn Fn(&jiff::Zoned) -> String| -> Value {
        d.as_ref().map_or(Value::none(), |z| f(z).into())
    };
    let mut map = tera::Map::new();
    map.insert("title".into(), a.title.clone().into());
    map.insert("slug".into(), a.slug.clone().into());
    map.insert(
        "url".into(),
        format!("{}{}", config.base_path(), a.path).into(),
    );
    map.insert("permalink".into(), config.absolute(&a.path).into());
    map.insert(
        "date".into(),
        a.date_iso().map_or(Value::none(), Value::from),
    );
    map.insert("date_display".into(), opt_date(&a.date, &|z| local.date(z)));
    map.insert(
        "updated".into(),
        a.updated_iso().map_or(Value::none(), Value::from),
    );
    // An update written as a day is shown as that day, with no invented time.
    let updated_display = |z: &jiff::Zoned| {
        if a.day_only.updated {
            local.date(z)
        } else {
            local.date_time(z)
        }
    };
    map.insert(
        "updated_display".into(),
        opt_date(&a.updated, &updated_display),
    );
    newsroom_fields(&mut map, &a.newsroom, local);
    map.insert("live".into(), live_value(site, a, local));
    let archived = site.config.archives && a.kind == crate::content::Kind::Article;
    map.insert(
        "date_archive_url".into(),
        match &a.date {
            Some(d) if archived => format!(
                "{}{}",
                config.base_path(),
                crate::site::archives::month_path(d.year(), d.month())
            )
            .into(),
            _ => Value::none(),
        },
    );
    map.insert(
        "summary".into(),
        super::links::prefix_root_links(&a.summary_html, config.shared_prefix())
            .into_owned()
            .into(),
    );
    map.insert(
        "image".into(),
        a.image
            .as_deref()
            .map_or(Value::none(), |i| site_url(config, i).into()),
    );
    map.insert("image_alt".into(), image_alt(a).into());
    // The lead image's variants (docs/templates.md), when it was processed.
    let image_set = a
        .image
        .as_deref()
        .and_then(|i| crate::media::output_of(i, ""))
        .and_then(|out| images.value(&out, config.shared_prefix()));
    map.insert("image_set".into(), image_set.unwrap_or_else(Value::none));
    map.insert("reading_time".into(), a.reading_time.into());
    map.insert("word_count".into(), a.word_count.into());
    map.insert("extra".into(), Value::from_serializable(&a.extra));
    map.insert("comments".into(), a.comments.into());
    map
}

/// `kind`, `kind_label`, `sponsored`, `dateline`, `subscribers_only` and
/// `corrections` (`[{date, date_display, text}]`, newest first).
fn newsroom_fields(map: &mut tera::Map, n: &newsroom::Newsroom, local: &Local) {
    let kind = n.kind.as_deref();
    map.insert("kind".into(), kind.map_or(Value::none(), Value::from));
    map.insert(
        "kind_label".into(),
        kind.map_or(Value::none(), |k| local.kind_label(k).into()),
    );
    map.insert("sponsored".into(), n.is_sponsored().into());
    map.insert(
        "dateline".into(),
        n.dateline.clone().map_or(Value::none(), Value::from),
    );
    map.insert("subscribers_only".into(), n.subscribers_only.into());
    let corrections: Vec<serde_json::Value> = n
        .corrections
        .iter()
        .map(|c| {
            json!({"date": dates::rfc3339(&c.date),
                   "date_display": local.date_time(&c.date),
                   "text": c.text})
        })
        .collect();
    map.insert("corrections".into(), Value::from_serializable(&corrections));
}

/// `live` of live coverage: `{open, end, end_display, updates, latest:
/// {date, date_display, anchor}}` (`latest` none before the first update;
/// `end` none while no `live_end` is set); none for other articles.
fn live_value(site: &Site, a: &Article, local: &Local) -> Value {
    let Some(live) = &a.live else {
        return Value::none();
    };
    let latest = live.latest().map(|u| {
        json!({"date": u.iso,
               "date_display": local.date_time(&u.time),
               "anchor": u.anchor})
    });
    Value::from_serializable(&json!({
        "open": site.is_live_open(a),
        "end": live.end.as_ref().map(dates::rfc3339),
        "end_display": live.end.as_ref().map(|z| local.date_time(z)),
        "updates": live.updates.len(),
        "latest": latest,
    }))
}

/// Alt text of the lead image: `image_alt` if given, else empty (the
/// headline as alt text made screen readers read it twice; a build warns
/// about lead images without `image_alt`).
fn image_alt(a: &Article) -> String {
    crate::site::newsroom::image_alt(a)
        .unwrap_or_default()
        .to_string()
}

/// Characters a URL path cannot hold as they are (non-ASCII is always encoded).
const PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'`')
    .add(b'#')
    .add(b'?')
    .add(b'{')
    .add(b'}');

/// A site path (a file name as written) as a valid URL path: `/a b.jpg` -> `/a%20b.jpg`.
fn encode_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, PATH).to_string()
}

fn is_site_path(s: &str) -> bool {
    s.starts_with('/') && !s.starts_with("//")
}

/// A site path of a file (an image, a photo) gets the base path in front
/// (`/x.jpg` -> `/news/x.jpg`), that of the files all editions share, and
/// is percent-encoded; URLs stay as written.
pub fn site_url(config: &crate::config::Config, path_or_url: &str) -> String {
    if is_site_path(path_or_url) {
        format!("{}{}", config.shared_prefix(), encode_path(path_or_url))
    } else {
        path_or_url.to_string()
    }
}

/// Absolute form of a site path or URL, for feeds and metadata.
pub fn absolute_url(config: &crate::config::Config, path_or_url: &str) -> String {
    if is_site_path(path_or_url) {
        format!("{}{}", config.edition.site_url, encode_path(path_or_url))
    } else {
        path_or_url.to_string()
    }
}
