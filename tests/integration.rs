//! The integration tests, one module per file beside this one, built into
//! one test binary.
//!
//! One binary, not one per file: each binary links the whole library with
//! its grammars and codecs (hundreds of megabytes in a debug build), so
//! forty binaries spent most of CI's time and disk on linking (a CI run once
//! died with the linker out of disk). Run one file's tests with
//! `cargo test --test integration images::`.

mod common;
mod dialects;

mod assets;
mod browser;
mod browser_embeds;
mod browser_i18n;
mod browser_images;
mod browser_live;
mod browser_search;
mod build_site;
mod check_matches_build;
mod concurrent_builds;
mod deploy;
mod dialects_eleventy;
mod dialects_hugo;
mod dialects_jekyll;
mod dialects_zola;
mod editions;
mod first_hour;
mod first_hour_theme;
mod hostile;
mod hostile_deploy;
mod hostile_serve;
mod i18n;
mod images;
mod import_tools;
mod import_wordpress;
mod layering;
mod live;
mod newsroom_archives;
mod newsroom_authors;
mod newsroom_corrections;
mod newsroom_dateline_paywall;
mod newsroom_kinds;
mod newsroom_search;
mod rich_bodies;
mod scheduling;
mod search;
mod serve_http;
mod serve_incremental;
mod shortcodes;
mod taxonomies_feeds;
mod unpublished;
