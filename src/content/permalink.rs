//! Site paths: expanding the `permalink` pattern, and making sure a path
//! written by a user (an alias) stays inside the output folder.

use jiff::Zoned;

/// Expands `/:section/:slug/` and friends. Empty parts collapse, so an
/// article at the content root with `/:section/:slug/` lives at `/slug/`.
pub fn expand(pattern: &str, section: Option<&str>, slug: &str, date: Option<&Zoned>) -> String {
    let mut out = String::from("/");
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        let value = match part {
            ":section" => section.unwrap_or("").to_string(),
            ":slug" => slug.to_string(),
            ":year" => date.map_or(String::new(), |d| format!("{:04}", d.year())),
            ":month" => date.map_or(String::new(), |d| format!("{:02}", d.month())),
            ":day" => date.map_or(String::new(), |d| format!("{:02}", d.day())),
            literal => crate::content::slug::slugify(literal),
        };
        if !value.is_empty() {
            out.push_str(&value);
            out.push('/');
        }
    }
    out
}

/// Normalises a user-written site path (`old/url`, `/old/url/`,
/// `/old/page.html`) to `/old/url/` form, refusing anything that could leave
/// the output folder or confuse a file system: `..`, `.`, backslashes, NUL,
/// percent-encoding, control characters, or an absolute URL.
pub fn safe_site_path(raw: &str) -> Result<String, String> {
    let t = raw.trim();
    if t.contains("://") || t.starts_with("//") {
        return Err("must be a path on this site, not a URL".into());
    }
    if t.contains(['\\', '\0', '%']) || t.chars().any(char::is_control) {
        return Err("contains a backslash, `%`, NUL or a control character".into());
    }
    let parts: Vec<&str> = t.split('/').filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err("is the site root; an alias must name a page path".into());
    }
    if parts
        .iter()
        .any(|p| *p == ".." || *p == "." || p.starts_with('.'))
    {
        return Err("contains `..`, `.` or a hidden folder".into());
    }
    let mut out = String::from("/");
    for p in parts {
        out.push_str(p);
        out.push('/');
    }
    if out.ends_with(".html/") || out.ends_with(".htm/") {
        out.pop();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_placeholders() {
        let d = crate::content::dates::parse_date("2022-01-09").unwrap();
        assert_eq!(
            expand("/:section/:slug/", Some("world"), "kz", Some(&d)),
            "/world/kz/"
        );
        assert_eq!(
            expand("/:year/:month/:day/:slug/", None, "kz", Some(&d)),
            "/2022/01/09/kz/"
        );
        assert_eq!(expand("/:section/:slug/", None, "kz", Some(&d)), "/kz/");
        assert_eq!(expand("/news/:slug", None, "kz", None), "/news/kz/");
    }

    #[test]
    fn alias_paths_stay_inside() {
        assert_eq!(safe_site_path("old/url").unwrap(), "/old/url/");
        assert_eq!(safe_site_path("/old/page.html").unwrap(), "/old/page.html");
        for bad in [
            "../etc",
            "/a/../../b",
            "a\\b",
            "%2e%2e/x",
            "a\0b",
            "https://x.org/a",
            "/",
            "/.git/x",
        ] {
            assert!(safe_site_path(bad).is_err(), "{bad}");
        }
    }
}
