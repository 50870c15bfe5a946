//! IMPORT: bringing an archive written for another tool into a Gazette
//! site. Unlike every other stage it writes into the site's sources
//! (`content/`, `site.yaml`), and only because the person asked for it;
//! it never overwrites a file that exists.
//!
//! - [`wordpress`]: a WordPress export (WXR) becomes articles, pages,
//!   aliases and a comments file.
//! - [`tools`]: a Jekyll, Hugo, Zola or Eleventy site's configuration
//!   becomes `site.yaml`, and its content is copied as it is (the content
//!   stage reads those front matter dialects itself).

pub mod tools;
pub mod wordpress;
