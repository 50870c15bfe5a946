//! Gazette: a static site generator for news sites.
//!
//! A build is a pipeline of plain-data stages, each in its own module:
//!
//! ```text
//! site.yaml --config--> Config
//! content/  --content--> Content { articles, pages, section indexes, assets, left out }
//!           --site-----> Site { sorted articles, sections, taxonomies, related }
//!           --media----> Images { WebP variants, fallbacks, social cards } (cached)
//!           --render---> Job -> (path, bytes), in parallel
//!           --output---> staging folder --atomic swap--> output/
//! ```
//!
//! [`pipeline`] strings them together for every command: [`build()`] runs
//! them to disk, `check` renders to memory and checks the links, `serve`
//! keeps the site in memory and re-runs what an edit touches. The commands
//! themselves (arguments, printing, exit codes) are in [`cmd`].
//!
//! Each module uses only the stages before it, in this order: base and
//! error, config, content, site, media, render, output, pipeline, then check,
//! serve, deploy and import, then cmd (`tests/layering.rs` checks that).

pub mod base;
pub mod check;
pub mod cmd;
pub mod config;
pub mod content;
pub mod deploy;
pub mod error;
pub mod import;
pub mod media;
pub mod output;
pub mod pipeline;
pub mod render;
pub mod serve;
pub mod site;

pub use pipeline::{BuildOptions, BuildReport, build};
