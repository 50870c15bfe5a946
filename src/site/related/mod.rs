//! Related articles. (Stub: to be replaced by the real implementation.)

pub mod text;

use crate::config::RelatedConfig;
use text::TermCounts;

/// What the related stage knows of one published article.
pub struct RelatedInput<'a> {
    pub text: &'a TermCounts,
    /// Term keys of every taxonomy except categories and authors.
    pub tags: &'a [String],
    /// Category term keys.
    pub categories: &'a [String],
    /// Publication time, seconds since the epoch.
    pub timestamp: i64,
}

/// For each input, the indices of its most related other inputs, best first.
pub fn compute(inputs: &[RelatedInput<'_>], config: &RelatedConfig) -> Vec<Vec<usize>> {
    let _ = config;
    vec![Vec::new(); inputs.len()]
}
