//! `data/authors.yaml`: profiles of the site's authors, keyed by the slug
//! of their byline (`amara-okonjo:` for `author: Amara Okonjo`).
//!
//! ```yaml
//! amara-okonjo:
//!   name: Amara Okonjo
//!   role: Labour and ports correspondent
//!   bio: Covers the port, shipping and the people who work there.
//!   photo: /images/authors/amara.png
//!   links:
//!     email: amara@example.com
//!     website: https://amara.example.com
//!     social: [https://mastodon.social/@amara]
//! ```
//!
//! Every key is optional; an unknown key is an error naming it and its line.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::slug::slugify;
use super::yaml;
use crate::error::Diagnostic;

/// Where the profiles live, relative to the site root.
pub const FILE: &str = "data/authors.yaml";

/// One author's profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Display name; the byline's spelling when absent.
    pub name: Option<String>,
    /// Job title (`Economics editor`), JSON-LD `jobTitle`.
    pub role: Option<String>,
    /// A few sentences, plain text.
    pub bio: Option<String>,
    /// Portrait: a site path (`/images/a.jpg`) or URL.
    pub photo: Option<String>,
    #[serde(default)]
    pub links: Links,
}

/// `links:` of a profile.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Links {
    pub email: Option<String>,
    pub website: Option<String>,
    /// Profile pages elsewhere (Mastodon, Bluesky, LinkedIn...), JSON-LD `sameAs`.
    #[serde(default)]
    pub social: Vec<String>,
}

/// Every profile, by author slug.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profiles(BTreeMap<String, Profile>);

impl Profiles {
    pub fn get(&self, slug: &str) -> Option<&Profile> {
        self.0.get(slug)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Reads `data/authors.yaml` under `root`; no file means no profiles.
pub fn load(root: &Path) -> Result<Profiles, Diagnostic> {
    let path = root.join(FILE);
    if !path.is_file() {
        return Ok(Profiles::default());
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Diagnostic::error(
            FILE,
            format!("cannot read author profiles: {e}"),
            "save it as UTF-8 text, or remove it",
        )
    })?;
    parse(&text)
}

/// Parses the profiles file's text.
pub fn parse(text: &str) -> Result<Profiles, Diagnostic> {
    let yaml_error = |e: serde_yaml::Error| {
        Diagnostic::error(
            FILE,
            format!("invalid author profiles: {e}"),
            "write one entry per author slug, with `name`, `role`, `bio`, `photo` and \
             `links` (`email`, `website`, `social`)",
        )
        .at_line(e.location().map(|l| l.line()))
    };
    // Aliases expanded within a budget first, as for front matter.
    if text.len() > yaml::MAX_TEXT {
        return Err(Diagnostic::error(
            FILE,
            "the author profiles file is larger than 1 MiB",
            "keep bios short",
        ));
    }
    yaml::from_str_bounded(text, yaml::MAX_EXPANDED).map_err(yaml_error)?;
    let raw: Option<BTreeMap<String, Profile>> = serde_yaml::from_str(text).map_err(yaml_error)?;
    let mut profiles = BTreeMap::new();
    for (key, profile) in raw.unwrap_or_default() {
        let line = line_of_key(text, &key);
        let slug = slugify(&key);
        let fail =
            |message: String, help: &str| Err(Diagnostic::error(FILE, message, help).at_line(line));
        if slug.is_empty() {
            return fail(
                format!("author key {key:?} has no letters or digits"),
                "key each profile by the author's slug, like `amara-okonjo`",
            );
        }
        for url in profile.links.website.iter().chain(&profile.links.social) {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return fail(
                    format!("`{key}`: link {url:?} is not an http(s) URL"),
                    "write links in full, like `https://mastodon.social/@name`",
                );
            }
        }
        if let Some(email) = &profile.links.email
            && (!email.contains('@') || email.contains(char::is_whitespace))
        {
            return fail(
                format!("`{key}`: {email:?} is not an email address"),
                "write it like `name@example.com`",
            );
        }
        if profiles.insert(slug.clone(), profile).is_some() {
            return fail(
                format!("two profiles for the author slug `{slug}`"),
                "keep one of them",
            );
        }
    }
    Ok(Profiles(profiles))
}

/// The line of a top-level key, for errors found after parsing.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_end();
            !l.starts_with([' ', '\t', '#'])
                && l.trim_start_matches(['"', '\''])
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start_matches(['"', '\'']).starts_with(':'))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_by_slug_with_their_links() {
        let p = parse(
            "Amara Okonjo:\n  role: Ports\n  links:\n    social: [https://m.example/@a]\nhollis-grant:\n  bio: Hi\n",
        )
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(
            p.get("amara-okonjo").unwrap().role.as_deref(),
            Some("Ports")
        );
        assert_eq!(p.get("hollis-grant").unwrap().bio.as_deref(), Some("Hi"));
    }

    #[test]
    fn mistakes_are_named_at_their_line() {
        let e = parse("a:\n  role: x\n  twitter: y\n").unwrap_err();
        assert!(e.message.contains("twitter"), "{e:?}");
        assert_eq!(e.line, Some(3));
        let e = parse("a:\n  role: x\nb:\n  links: {website: example.com}\n").unwrap_err();
        assert!(e.message.contains("example.com"), "{e:?}");
        assert_eq!(e.line, Some(3));
        let e = parse("a:\n  links: {email: nobody}\n").unwrap_err();
        assert!(e.message.contains("email"), "{e:?}");
        assert!(parse("").unwrap().is_empty());
        assert!(parse("- a\n").is_err());
    }
}
