//! Search-engine and social metadata for a page: description, image, Open
//! Graph type, and JSON-LD (`NewsArticle`, `BreadcrumbList`), serialised
//! here so that themes only print it.

use serde_json::{Value as Json, json};
use tera::Value;

use super::Renderer;
use super::values::absolute_url;
use crate::config::Config;
use crate::content::{Article, dates};
use crate::media::Images;
use crate::site::Site;

/// The `meta` template variable.
pub struct Meta {
    pub description: String,
    pub image: Option<String>,
    pub kind: &'static str,
    pub json_ld: Option<String>,
}

impl Meta {
    /// Lists and other pages that are not articles; their share image is
    /// the site's (`image` in site.yaml).
    pub fn website(site: &Site, description: Option<String>) -> Meta {
        Meta {
            description: description.unwrap_or_else(|| site.config.description.clone()),
            image: fallback_image(&site.config),
            kind: "website",
            json_ld: None,
        }
    }

    /// The front page: a website, with the publisher's `Organization` and
    /// the `WebSite` for search engines' knowledge panels and sitelinks.
    pub fn front(site: &Site, description: Option<String>) -> Meta {
        let config = &site.config;
        let mut meta = Meta::website(site, description);
        let website = json!({
            "@type": "WebSite",
            "@id": format!("{}#website", config.absolute("/")),
            "name": config.title,
            "url": config.absolute("/"),
            "description": config.description,
            "inLanguage": config.language,
            "publisher": {"@id": organization_id(config)},
        });
        let graph = json!({"@context": "https://schema.org",
                           "@graph": [organization(config), website]});
        meta.json_ld = Some(script_safe_json(&graph));
        meta
    }

    pub fn page(site: &Site, p: &Article, images: &Images) -> Meta {
        Meta {
            description: html_to_text(&p.summary_html),
            image: p
                .image
                .as_deref()
                .map(|i| share_image(&site.config, images, i))
                .or_else(|| fallback_image(&site.config)),
            kind: "website",
            json_ld: None,
        }
    }

    /// Article pages: NewsArticle and breadcrumbs.
    pub fn article(r: &Renderer<'_>, i: usize) -> Meta {
        let site = r.site;
        let a = &site.articles[i];
        let config = &site.config;
        let image = a
            .image
            .as_deref()
            .map(|img| share_image(config, &r.values.images, img))
            .or_else(|| fallback_image(config));
        let description = html_to_text(&a.summary_html);
        let authors: Vec<Json> = site
            .taxonomy("authors")
            .map(|(t, tax)| {
                site.terms_of(t, i)
                    .map(|term| person(site, &tax.term_path(term), &term.slug, &term.name))
                    .collect()
            })
            .unwrap_or_default();
        let date = a.date_iso();
        let n = &a.newsroom;
        let modified = match (a.updated.as_ref(), n.last_corrected()) {
            (Some(u), Some(c)) if c.timestamp() > u.timestamp() => Some(dates::rfc3339(c)),
            (None, Some(c)) => Some(dates::rfc3339(c)),
            _ => a.updated_iso(),
        };
        let mut article = json!({
            "@type": super::newsroom::schema_type(n.kind.as_deref()),
            "headline": a.title,
            "description": description,
            "url": config.absolute(&a.path),
            "mainEntityOfPage": config.absolute(&a.path),
            "datePublished": date,
            "dateModified": modified.or(date.clone()),
            "author": authors,
            "publisher": organization(config),
            "wordCount": a.word_count,
            "inLanguage": config.language,
        });
        if let Some(img) = &image {
            article["image"] = json!([img]);
        }
        if let Some(dateline) = &n.dateline {
            article["dateline"] = json!(dateline);
        }
        if let Some(live) = &a.live {
            live_blog(&mut article, config, a, live);
        }
        if n.subscribers_only {
            // Google's markup for paywalled content ("flexible sampling").
            article["isAccessibleForFree"] = json!(false);
            article["hasPart"] = json!({
                "@type": "WebPageElement",
                "isAccessibleForFree": false,
                "cssSelector": format!(".{}", super::newsroom::PAYWALL_CLASS),
            });
        }
        if !n.corrections.is_empty() {
            article["correction"] = n
                .corrections
                .iter()
                .map(|c| {
                    json!({"@type": "CorrectionComment", "text": c.text,
                           "datePublished": dates::rfc3339(&c.date)})
                })
                .collect();
        }
        let home = r.values.local.text("nav.home", &[]);
        let mut crumbs = vec![(home, config.absolute("/"))];
        if let Some(s) = a
            .section
            .as_ref()
            .and_then(|s| site.sections.iter().find(|x| &x.slug == s))
        {
            crumbs.push((s.name.clone(), config.absolute(&s.path())));
        }
        crumbs.push((a.title.clone(), config.absolute(&a.path)));
        let breadcrumbs = json!({
            "@type": "BreadcrumbList",
            "itemListElement": crumbs.iter().enumerate().map(|(n, (name, url))| json!({
                "@type": "ListItem", "position": n + 1, "name": name, "item": url,
            })).collect::<Vec<_>>(),
        });
        let graph = json!({"@context": "https://schema.org", "@graph": [article, breadcrumbs]});
        Meta {
            description,
            image,
            kind: "article",
            json_ld: Some(script_safe_json(&graph)),
        }
    }

    pub fn into_value(self) -> Value {
        let mut map = tera::Map::new();
        map.insert("description".into(), self.description.into());
        map.insert(
            "image".into(),
            self.image.map_or(Value::none(), Value::from),
        );
        map.insert("type".into(), self.kind.into());
        map.insert(
            "json_ld".into(),
            self.json_ld.map_or(Value::none(), Value::from),
        );
        Value::from(map)
    }
}

/// Live coverage as Google reads it: a `LiveBlogPosting` with its start
/// (the article's date), its end once `live_end` is set, and one
/// `BlogPosting` per update, newest first, linking to its anchor.
fn live_blog(article: &mut Json, config: &Config, a: &Article, live: &crate::content::live::Live) {
    article["@type"] = json!("LiveBlogPosting");
    article["coverageStartTime"] = json!(a.date.as_ref().map(dates::rfc3339));
    if let Some(end) = &live.end {
        article["coverageEndTime"] = json!(dates::rfc3339(end));
    }
    let html = a.body.html();
    let updates: Vec<Json> = live
        .updates
        .iter()
        .map(|u| {
            let text = html_to_text(html.get(u.body.clone()).unwrap_or(""));
            json!({
                "@type": "BlogPosting",
                "headline": headline(&text),
                "datePublished": u.iso,
                "url": format!("{}#{}", config.absolute(&a.path), u.anchor),
                "articleBody": text,
            })
        })
        .collect();
    article["liveBlogUpdate"] = json!(updates);
}

/// An update's headline: its first sentence, at most 110 characters
/// (Google's limit for `headline`), cut at a word.
fn headline(text: &str) -> String {
    const MAX: usize = 110;
    let sentence = text
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | '!' | '?') && text[i + 1..].starts_with(' '))
        .map_or(text, |(i, c)| &text[..i + c.len_utf8()]);
    if sentence.chars().count() <= MAX {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(MAX - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{}\u{2026}", cut.trim_end_matches([',', ';', ':']))
}

/// An author as JSON-LD `Person`: the byline's name and author page, and
/// from the profile (`data/authors.yaml`) the job title, photo and the
/// profiles elsewhere (`sameAs`).
pub fn person(site: &Site, path: &str, slug: &str, byline: &str) -> Json {
    let config = &site.config;
    let mut p = json!({"@type": "Person", "name": byline, "url": config.absolute(path)});
    if let Some(profile) = site.profiles.get(slug) {
        if let Some(name) = &profile.name {
            p["name"] = json!(name);
        }
        if let Some(role) = &profile.role {
            p["jobTitle"] = json!(role);
        }
        if let Some(photo) = &profile.photo {
            p["image"] = json!(absolute_url(config, photo));
        }
        let same_as: Vec<&String> = profile
            .links
            .website
            .iter()
            .chain(&profile.links.social)
            .collect();
        if !same_as.is_empty() {
            p["sameAs"] = json!(same_as);
        }
    }
    p
}

impl Meta {
    /// An author's page: a list, with JSON-LD `ProfilePage` about the
    /// `Person` (Google's profile-page markup), profile or not.
    pub fn author(site: &Site, path: &str, slug: &str, byline: &str, description: String) -> Meta {
        let mut meta = Meta::website(site, Some(description));
        let mut person = person(site, path, slug, byline);
        if let Some(bio) = site.profiles.get(slug).and_then(|p| p.bio.as_ref()) {
            person["description"] = json!(bio);
        }
        let page = json!({
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": site.config.absolute(path),
            "mainEntity": person,
        });
        meta.kind = "profile";
        meta.json_ld = Some(script_safe_json(&page));
        meta
    }
}

/// A lead image as shared (Open Graph, Twitter, JSON-LD), absolute: its
/// 1200x630 social card when the media stage made one, else itself.
fn share_image(config: &Config, images: &Images, image: &str) -> String {
    let card = crate::media::output_of(image, "")
        .and_then(|out| Some(format!("/{}", images.get(&out)?.social.as_ref()?.path)));
    absolute_url(config, card.as_deref().unwrap_or(image))
}

/// The site's share image, absolute, if site.yaml sets `image`.
fn fallback_image(config: &Config) -> Option<String> {
    config.image.as_deref().map(|i| absolute_url(config, i))
}

fn organization_id(config: &Config) -> String {
    format!("{}#publisher", config.absolute("/"))
}

/// The publisher: the site's title, address and (if set) logo.
pub fn organization(config: &Config) -> Json {
    let mut org = json!({
        "@type": "NewsMediaOrganization",
        "@id": organization_id(config),
        "name": config.title,
        "url": config.absolute("/"),
    });
    if let Some(logo) = &config.logo {
        org["logo"] = json!({"@type": "ImageObject", "url": absolute_url(config, logo)});
    }
    org
}

/// JSON that is safe inside `<script>`: `<`, `>` and `&` are written as
/// `\u003c` etc., so a title containing `</script>` cannot end the script.
pub fn script_safe_json(value: &Json) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    // One pass: the search index runs megabytes through here.
    let mut out = String::with_capacity(text.len() + 1);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// Plain text of an HTML fragment (tags dropped, common entities decoded),
/// whitespace collapsed; for descriptions.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script() {
        let s = script_safe_json(&json!({"headline": "</script><b>&"}));
        assert!(!s.contains("</script>"));
        let back: Json = serde_json::from_str(&s).unwrap();
        assert_eq!(back["headline"], "</script><b>&");
    }

    #[test]
    fn update_headlines_are_the_first_sentence_within_google_limit() {
        assert_eq!(headline("Troops withdraw. More later."), "Troops withdraw.");
        assert_eq!(headline("No full stop"), "No full stop");
        let long = "word ".repeat(40);
        let h = headline(long.trim());
        assert!(
            h.chars().count() <= 110 && h.ends_with("word\u{2026}"),
            "{h}"
        );
        assert_eq!(headline(""), "");
    }

    #[test]
    fn text_from_html() {
        assert_eq!(html_to_text("<p>A &amp; B <em>c</em></p>"), "A & B c");
    }
}
