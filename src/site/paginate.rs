//! Pagination: how many pages a list needs, which items each holds, and their paths.

use std::ops::Range;

/// Number of pages for `items` at `per_page` each; an empty list still has
/// one (empty) page, so the front page and section pages always exist.
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// Item range shown on 1-based page `page`.
pub fn page_range(items: usize, per_page: usize, page: usize) -> Range<usize> {
    let per_page = per_page.max(1);
    let start = ((page.max(1) - 1) * per_page).min(items);
    start..(start + per_page).min(items)
}

/// Site path of 1-based page `page` of a list at `base` (`/world/`):
/// `/world/`, `/world/page/2/`, ...
pub fn page_path(base: &str, page: usize) -> String {
    paged(base.to_string(), page)
}

/// [`page_path`] of a base already made, extended in place: `serve` makes
/// the address of every page at each rebuild.
pub fn paged(mut base: String, page: usize) -> String {
    if page > 1 {
        base.push_str("page/");
        base.push_str(itoa::Buffer::new().format(page));
        base.push('/');
    }
    base
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries() {
        assert_eq!(page_count(0, 10), 1);
        assert_eq!(page_count(1, 10), 1);
        assert_eq!(page_count(10, 10), 1);
        assert_eq!(page_count(11, 10), 2);
        assert_eq!(page_range(11, 10, 2), 10..11);
        assert_eq!(page_range(0, 10, 1), 0..0);
    }

    #[test]
    fn paths() {
        assert_eq!(page_path("/", 1), "/");
        assert_eq!(page_path("/", 2), "/page/2/");
        assert_eq!(page_path("/tags/x/", 3), "/tags/x/page/3/");
        assert_eq!(page_path("/tags/x/", 0), "/tags/x/");
        assert_eq!(paged("/2024/".to_string(), 12), "/2024/page/12/");
    }
}
