//! Problems found in a build, with the file and line they concern and what to do.
//!
//! Stages never stop at the first problem: they collect [`Diagnostic`]s so that
//! one build reports everything that needs fixing. Warnings do not fail a build.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem: where it is, what it is, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// 1-based line in `file`, where known.
    pub line: Option<usize>,
    pub message: String,
    pub help: String,
}

impl Diagnostic {
    pub fn error(
        file: impl AsRef<Path>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.as_ref().to_path_buf(),
            line: None,
            message: message.into(),
            help: help.into(),
        }
    }

    pub fn warning(
        file: impl AsRef<Path>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message, help)
        }
    }

    pub fn at_line(mut self, line: Option<usize>) -> Self {
        self.line = line;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // One diagnostic, one line: a control character in a file name (a
        // line break) is shown escaped, so editors can still jump to it.
        let file = self.file.display().to_string();
        if file.contains(char::is_control) {
            write!(f, "{kind}: {}", file.escape_debug())?;
        } else {
            write!(f, "{kind}: {file}")?;
        }
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}

/// Every problem of a build, in a stable order (file, line).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Sorts by file and line so reports are deterministic across parallel runs.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, &a.message, a.severity)
                .cmp(&(&b.file, b.line, &b.message, b.severity))
        });
        self.0.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(v: Vec<Diagnostic>) -> Self {
        Diagnostics(v)
    }
}

/// A build that did not produce a site: every error found, then the warnings.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{} error(s) in the site", .0.errors().count())]
    Site(Diagnostics),
    #[error("{0}")]
    Io(String),
}

impl BuildError {
    pub fn diagnostics(&self) -> Option<&Diagnostics> {
        match self {
            BuildError::Site(d) => Some(d),
            BuildError::Io(_) => None,
        }
    }
}
