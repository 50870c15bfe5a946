//! Gazette: a static site generator for news sites.
//!
//! A build is a pipeline of plain-data stages, each in its own module:
//!
//! ```text
//! site.yaml --config--> Config
//! content/  --content--> Content { articles, pages, section indexes, assets }
//!           --site-----> Site { sorted articles, sections, taxonomies, related }
//!           --render---> Job -> (path, bytes), in parallel
//!           --output---> staging folder --atomic swap--> output/
//! ```
//!
//! [`build()`] runs them all; `serve` and `check` reuse the same stages.
//! Helpers every stage may use (the content hash, output paths and URLs)
//! are in [`base`], which uses none of them.

pub mod base;
pub mod build;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod deploy;
pub mod error;
pub mod output;
pub mod render;
pub mod serve;
pub mod site;

pub use build::{BuildOptions, BuildReport, build};
