//! JSON-LD checks against Google's structured-data guidelines: the required
//! and recommended properties of `NewsArticle` (and its kinds), `Person`,
//! `Organization`, `WebSite` and `BreadcrumbList`
//! (developers.google.com/search/docs/appearance/structured-data/article,
//! .../breadcrumb, .../organization, .../profile-page).

use serde_json::Value;

/// Article types Google reads as articles, as Gazette writes them.
pub const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "ReviewNewsArticle",
    "BackgroundNewsArticle",
    "AdvertiserContentArticle",
    "LiveBlogPosting",
];

/// Every node of a page's JSON-LD blocks (`@graph` members, or the block itself).
pub fn nodes(html: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(open) {
        let after = &rest[start + open.len()..];
        let end = after.find("</script>").expect("closed script");
        let v: Value = serde_json::from_str(&after[..end]).expect("JSON-LD is JSON");
        assert_eq!(v["@context"], "https://schema.org", "context of {v}");
        match v.get("@graph").and_then(Value::as_array) {
            Some(g) => out.extend(g.iter().cloned()),
            None => out.push(v),
        }
        rest = &after[end..];
    }
    out
}

/// The first node of `@type` `ty` on the page; panics naming the types found.
pub fn node(html: &str, ty: &str) -> Value {
    let all = nodes(html);
    all.iter()
        .find(|n| n["@type"] == ty)
        .cloned()
        .unwrap_or_else(|| panic!("no {ty} in JSON-LD; found {:?}", types(&all)))
}

pub fn types(nodes: &[Value]) -> Vec<String> {
    nodes.iter().map(|n| n["@type"].to_string()).collect()
}

/// Problems of every node on the page: none for valid, complete data.
pub fn problems(html: &str) -> Vec<String> {
    nodes(html).iter().flat_map(check).collect()
}

/// Asserts that the page's JSON-LD has no problems, and returns its nodes.
pub fn assert_valid(html: &str) -> Vec<Value> {
    let p = problems(html);
    assert!(p.is_empty(), "JSON-LD problems: {p:#?}");
    nodes(html)
}

/// The problems of one node, by its type.
pub fn check(n: &Value) -> Vec<String> {
    let ty = n["@type"].as_str().unwrap_or("");
    let mut p = Vec::new();
    if ARTICLE_TYPES.contains(&ty) {
        article(n, &mut p);
    } else {
        match ty {
            "Person" => person(n, &mut p),
            "Organization" | "NewsMediaOrganization" => organization(n, &mut p),
            "WebSite" => {
                text(n, "name", &mut p);
                url(n, "url", &mut p);
            }
            "BreadcrumbList" => breadcrumbs(n, &mut p),
            "ProfilePage" => {
                if !n["mainEntity"].is_object() {
                    p.push("ProfilePage without mainEntity".into());
                } else {
                    person(&n["mainEntity"], &mut p);
                }
            }
            "CollectionPage" | "ItemList" => {}
            other => p.push(format!("unexpected @type {other:?}")),
        }
    }
    p.into_iter().map(|m| format!("{ty}: {m}")).collect()
}

fn article(n: &Value, p: &mut Vec<String>) {
    text(n, "headline", p);
    if n["headline"]
        .as_str()
        .is_some_and(|h| h.chars().count() > 110)
    {
        p.push("headline longer than 110 characters".into());
    }
    // Recommended: image (absolute URLs), dates in ISO 8601 with a time zone,
    // author with name and url, publisher.
    match n["image"].as_array() {
        Some(list) if !list.is_empty() => {
            for i in list {
                absolute(i.as_str().unwrap_or(""), "image", p);
            }
        }
        _ => p.push("no image".into()),
    }
    date(n, "datePublished", p);
    date(n, "dateModified", p);
    if let (Some(a), Some(b)) = (n["datePublished"].as_str(), n["dateModified"].as_str())
        && let (Some(a), Some(b)) = (day_of(a), day_of(b))
        && b < a
    {
        p.push("dateModified before datePublished".into());
    }
    match &n["author"] {
        Value::Array(list) => {
            for a in list {
                match a["@type"].as_str() {
                    Some("Person") => person(a, p),
                    Some("Organization" | "NewsMediaOrganization") => organization(a, p),
                    _ => p.push(format!("author of unknown type: {a}")),
                }
            }
        }
        other => p.push(format!("author is not a list: {other}")),
    }
    if n["publisher"].is_object() {
        organization(&n["publisher"], p);
    } else {
        p.push("no publisher".into());
    }
    url(n, "url", p);
    url(n, "mainEntityOfPage", p);
    if n["isAccessibleForFree"] == false {
        let selector = n["hasPart"]["cssSelector"].as_str().unwrap_or("");
        if n["hasPart"]["@type"] != "WebPageElement"
            || n["hasPart"]["isAccessibleForFree"] != false
            || !selector.starts_with('.')
        {
            p.push(format!(
                "paywalled without a valid hasPart: {}",
                n["hasPart"]
            ));
        }
    }
    // Google's live blog markup: the coverage's start, and each update a
    // BlogPosting with a headline and a time.
    if n["@type"] == "LiveBlogPosting" {
        date(n, "coverageStartTime", p);
        if !n["coverageEndTime"].is_null() {
            date(n, "coverageEndTime", p);
        }
        match n["liveBlogUpdate"].as_array() {
            Some(list) => {
                for u in list {
                    if u["@type"] != "BlogPosting" {
                        p.push(format!("liveBlogUpdate of type {}", u["@type"]));
                    }
                    text(u, "headline", p);
                    date(u, "datePublished", p);
                    url(u, "url", p);
                }
            }
            None => p.push("LiveBlogPosting without liveBlogUpdate".into()),
        }
    }
    if let Some(list) = n["correction"].as_array() {
        for c in list {
            if c["@type"] != "CorrectionComment" {
                p.push(format!("correction of type {}", c["@type"]));
            }
            text(c, "text", p);
            date(c, "datePublished", p);
        }
    }
}

fn person(n: &Value, p: &mut Vec<String>) {
    text(n, "name", p);
    url(n, "url", p);
    if let Some(same) = n.get("sameAs") {
        for s in same.as_array().into_iter().flatten() {
            absolute(s.as_str().unwrap_or(""), "sameAs", p);
        }
    }
}

fn organization(n: &Value, p: &mut Vec<String>) {
    text(n, "name", p);
    url(n, "url", p);
    if let Some(logo) = n.get("logo") {
        let u = logo["url"].as_str().or(logo.as_str()).unwrap_or("");
        absolute(u, "logo", p);
    }
}

fn breadcrumbs(n: &Value, p: &mut Vec<String>) {
    let items = n["itemListElement"].as_array().cloned().unwrap_or_default();
    if items.len() < 2 {
        p.push("fewer than two items".into());
    }
    for (k, item) in items.iter().enumerate() {
        if item["@type"] != "ListItem" || item["position"] != k + 1 {
            p.push(format!("item {k} is not ListItem at position {}", k + 1));
        }
        text(item, "name", p);
        // `item` may be left out of the last crumb only.
        if k + 1 < items.len() || item.get("item").is_some() {
            url(item, "item", p);
        }
    }
}

fn text(n: &Value, key: &str, p: &mut Vec<String>) {
    if n[key].as_str().is_none_or(|s| s.trim().is_empty()) {
        p.push(format!("missing {key}"));
    }
}

fn url(n: &Value, key: &str, p: &mut Vec<String>) {
    match n[key].as_str() {
        Some(u) => absolute(u, key, p),
        None => p.push(format!("missing {key}")),
    }
}

fn absolute(u: &str, what: &str, p: &mut Vec<String>) {
    if !(u.starts_with("https://") || u.starts_with("http://")) {
        p.push(format!("{what} {u:?} is not an absolute URL"));
    }
}

/// An ISO 8601 date-time with a time zone, or a day alone (`2024-05-01`)
/// for a date written without a time: Google reads both.
fn date(n: &Value, key: &str, p: &mut Vec<String>) {
    match n[key].as_str() {
        Some(d) if d.parse::<jiff::Timestamp>().is_ok() || gazette::content::dates::is_day(d) => {}
        Some(d) => p.push(format!(
            "{key} {d:?} is neither an ISO 8601 date-time with a time zone nor a day"
        )),
        None => p.push(format!("missing {key}")),
    }
}

/// The UTC day of a date-time, or the day itself: enough to tell whether
/// one date comes before another when either may be a day alone.
fn day_of(d: &str) -> Option<jiff::civil::Date> {
    if gazette::content::dates::is_day(d) {
        return d.parse().ok();
    }
    let t: jiff::Timestamp = d.parse().ok()?;
    Some(t.to_zoned(jiff::tz::TimeZone::UTC).date())
}
