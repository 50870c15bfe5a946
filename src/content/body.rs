//! An article's HTML body, held in memory or spilled to a file.
//!
//! Bodies are the largest part of what the content stage keeps (about
//! 4 KB an article), and a build reads each only a few times: for the
//! article's page, its search document and its feed entry. So `build`
//! writes them to a [`Spill`], an unnamed file in the output's state
//! folder that the system removes when the build ends (however it ends),
//! and reads each back when a page needs it: the page cache, not the
//! build's own memory, holds them. `serve` and `check` keep theirs in
//! memory ([`Body::held`]).

use std::borrow::Cow;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// An article's body, as HTML.
#[derive(Clone, Default)]
pub struct Body(Repr);

#[derive(Clone)]
enum Repr {
    Held(String),
    Spilled {
        spill: Arc<Spill>,
        offset: u64,
        len: u32,
    },
}

impl Default for Repr {
    fn default() -> Self {
        Repr::Held(String::new())
    }
}

impl Body {
    /// A body kept in memory.
    pub fn held(html: String) -> Body {
        Body(Repr::Held(html))
    }

    /// The HTML. A spilled body is read back from its file; if that fails
    /// the text is empty and the spill [remembers why](Spill::failure), so
    /// that the build fails instead of writing the page.
    pub fn html(&self) -> Cow<'_, str> {
        match &self.0 {
            Repr::Held(html) => Cow::Borrowed(html),
            Repr::Spilled { spill, offset, len } => Cow::Owned(spill.read(*offset, *len)),
        }
    }

    /// Length of the HTML in bytes, without reading it back.
    pub fn len(&self) -> usize {
        match &self.0 {
            Repr::Held(html) => html.len(),
            Repr::Spilled { len, .. } => *len as usize,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Body {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Repr::Held(html) => f.debug_tuple("Held").field(html).finish(),
            Repr::Spilled { offset, len, .. } => f
                .debug_struct("Spilled")
                .field("offset", offset)
                .field("len", len)
                .finish(),
        }
    }
}

/// The file bodies are spilled to: written once each, at offsets handed out
/// atomically, so that the content stage's threads write without a lock,
/// and read back by any thread.
pub struct Spill {
    file: File,
    end: AtomicU64,
    failure: Mutex<Option<String>>,
}

impl Spill {
    /// An unnamed file in `dir` (a name is never made, or is removed at
    /// once where the file system cannot do without one).
    pub fn in_dir(dir: &Path) -> std::io::Result<Arc<Spill>> {
        Ok(Arc::new(Spill {
            file: tempfile::tempfile_in(dir)?,
            end: AtomicU64::new(0),
            failure: Mutex::new(None),
        }))
    }

    /// Writes a body held in memory to the file and returns its handle; a
    /// body that cannot be written (a full disk, one over 4 GB) stays in
    /// memory.
    pub fn keep(self: &Arc<Self>, body: Body) -> Body {
        let html = match body.0 {
            Repr::Held(html) => html,
            spilled @ Repr::Spilled { .. } => return Body(spilled),
        };
        let Ok(len) = u32::try_from(html.len()) else {
            return Body::held(html);
        };
        if len == 0 {
            return Body::held(html);
        }
        let offset = self.end.fetch_add(u64::from(len), Ordering::Relaxed);
        match self.file.write_all_at(html.as_bytes(), offset) {
            Ok(()) => Body(Repr::Spilled {
                spill: Arc::clone(self),
                offset,
                len,
            }),
            Err(_) => Body::held(html),
        }
    }

    fn read(&self, offset: u64, len: u32) -> String {
        let mut bytes = vec![0; len as usize];
        let text = self
            .file
            .read_exact_at(&mut bytes, offset)
            .map_err(|e| e.to_string())
            .and_then(|()| String::from_utf8(bytes).map_err(|e| e.to_string()));
        text.unwrap_or_else(|e| {
            let mut failure = self.failure.lock().unwrap_or_else(|p| p.into_inner());
            failure.get_or_insert(e);
            String::new()
        })
    }

    /// Why a body could not be read back, if one could not.
    pub fn failure(&self) -> Option<String> {
        self.failure
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spilled_bodies_read_back_as_written_from_any_thread() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::in_dir(dir.path()).unwrap();
        let texts: Vec<String> = (0..200)
            .map(|i| format!("<p>Article {i}: {}</p>", "é".repeat(i)))
            .collect();
        let bodies: Vec<Body> = std::thread::scope(|s| {
            let halves = texts.chunks(100).map(|half| {
                let spill = &spill;
                s.spawn(move || {
                    half.iter()
                        .map(|t| spill.keep(Body::held(t.clone())))
                        .collect::<Vec<_>>()
                })
            });
            halves
                .collect::<Vec<_>>()
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        for (body, text) in bodies.iter().zip(&texts) {
            assert!(matches!(body.0, Repr::Spilled { .. }));
            assert_eq!(body.len(), text.len());
            assert_eq!(body.html(), text.as_str());
        }
        assert_eq!(spill.failure(), None);
        // The file has no name: nothing is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn an_empty_body_stays_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let spill = Spill::in_dir(dir.path()).unwrap();
        let body = spill.keep(Body::held(String::new()));
        assert!(matches!(body.0, Repr::Held(_)));
        assert!(body.is_empty());
    }
}
