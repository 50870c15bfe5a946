//! The build's own state folder: `.<name>.state` beside the output folder
//! (`.output.state/` for the default `output/`), never inside it, so that a
//! generic uploader publishing the output publishes only the site.
//!
//! What lives there is what one build leaves for the next and for the tools
//! around it (caches, schedules); each user documents its own file. Like the
//! staging folder, it belongs to the output it sits beside, and the lock on
//! that output's folder ([`super::lock`]) covers it.

use std::path::{Path, PathBuf};

use super::guard::hidden_sibling;

/// `.<name>.state` beside `output`.
pub fn state_dir(output: &Path) -> PathBuf {
    hidden_sibling(output, "state")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_dir_sits_beside_the_output() {
        assert_eq!(
            state_dir(Path::new("/site/output")),
            PathBuf::from("/site/.output.state")
        );
        assert_eq!(
            state_dir(Path::new("/tmp/public")),
            PathBuf::from("/tmp/.public.state")
        );
    }
}
