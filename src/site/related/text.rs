//! Tokenising an article's text into term counts for text similarity.
//! (Stub: to be replaced by the related-articles implementation.)

/// The terms of one article's text with their counts.
#[derive(Debug, Clone, Default)]
pub struct TermCounts {
    pub terms: Vec<(u64, u32)>,
}

impl TermCounts {
    pub fn from_text(_title: &str, _text: &str, _language: &str) -> TermCounts {
        TermCounts::default()
    }
}
