//! Watching the site's sources: notify events, debounced (an editor's
//! save-as-rename and bursts of writes give one batch), filtered (editor
//! temporary files, output folders), and sent on as batches of paths.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Folders of the site that are watched, recursively, when they exist.
pub const WATCHED_DIRS: &[&str] = &["content", "themes", "templates", "static", "data", "i18n"];

/// How long events are gathered before a rebuild: long enough to merge an
/// editor's write-rename-chmod (microseconds apart), short enough to stay
/// within the 20 ms from save to screen of a body edit (it was 15 ms, and
/// was most of the 34 ms that took). A save whose writes spread wider is
/// rebuilt twice, the second time as it ended.
pub const DEBOUNCE: Duration = Duration::from_millis(8);

/// How often the debouncer looks for events older than [`DEBOUNCE`].
const TICK: Duration = Duration::from_millis(2);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl Watcher {
    /// Watches `root`'s sources; each batch of relevant changed paths is
    /// handed to `send`.
    pub fn start(
        root: &Path,
        send: impl Fn(Vec<PathBuf>) + Send + 'static,
    ) -> notify::Result<Watcher> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let filter_root = root.clone();
        let handler = move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            let mut paths: Vec<PathBuf> = events
                .iter()
                .filter(|e| changes_content(&e.kind))
                .flat_map(|e| e.paths.iter())
                .filter(|p| is_source(&filter_root, p))
                .cloned()
                .collect();
            paths.sort();
            paths.dedup();
            if !paths.is_empty() {
                send(paths);
            }
        };
        let debouncer = new_debouncer(DEBOUNCE, Some(TICK), handler)?;
        let mut w = Watcher {
            debouncer,
            root,
            watched: Vec::new(),
        };
        w.debouncer.watch(&w.root, RecursiveMode::NonRecursive)?;
        w.rearm(&[]);
        Ok(w)
    }

    /// Watches the source folders again where `changed` (a batch from this
    /// watcher) names one of them itself, and adds those that appeared since
    /// the start (a `static/` created while serving, say).
    ///
    /// notify drops its watches on a folder that is moved out of a watched
    /// folder or deleted, and the root is watched alone (not recursively),
    /// so nothing would watch `content/` again after `mv content c && mv c
    /// content`, a `git checkout`, or `rm -r` and a restore. An event on the
    /// folder itself is the sign: its watch may be gone, so it is dropped
    /// (if notify still has it) and made anew. The rebuild that follows
    /// rereads the folder, which covers files written before the new watch.
    pub fn rearm(&mut self, changed: &[PathBuf]) {
        for d in WATCHED_DIRS {
            let dir = self.root.join(d);
            let known = self.watched.contains(&dir);
            if known && !changed.contains(&dir) {
                continue;
            }
            if known {
                // An error only says notify had already dropped the watch.
                let _ = self.debouncer.unwatch(&dir);
                self.watched.retain(|w| w != &dir);
            }
            if dir.is_dir() && self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                self.watched.push(dir);
            }
        }
    }
}

/// False for events that only say a file was read (the rebuild itself
/// reads sources; reacting to that would loop).
fn changes_content(kind: &notify::EventKind) -> bool {
    use notify::event::{AccessKind, AccessMode, EventKind, MetadataKind, ModifyKind};
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// True for site.yaml and files under the watched folders that are not
/// editor droppings.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    if rel == Path::new("site.yaml") {
        return true;
    }
    let Some(first) = rel.components().next() else {
        return false;
    };
    if !WATCHED_DIRS.iter().any(|d| first.as_os_str() == *d) {
        return false;
    }
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    !crate::content::is_ignored_name(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_sources() {
        let root = Path::new("/site");
        assert!(is_source(root, Path::new("/site/site.yaml")));
        assert!(is_source(root, Path::new("/site/content/world/a.md")));
        assert!(is_source(root, Path::new("/site/static")));
        assert!(is_source(root, Path::new("/site/data/authors.yaml")));
        assert!(!is_source(root, Path::new("/site/content/.a.md.swp")));
        assert!(!is_source(root, Path::new("/site/content/a.md~")));
        assert!(!is_source(root, Path::new("/site/output/index.html")));
        assert!(!is_source(root, Path::new("/site/README.md")));
    }
}
