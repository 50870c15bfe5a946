//! The checklist an import prints: each thing it could not carry over
//! (layouts, plugins, shortcodes, data files, settings), with how many
//! files, their names, and what to do about it.

use std::fmt;

/// How many file names an item shows before "and N more".
const NAMES_SHOWN: usize = 5;

/// One thing left for the person to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What was not carried (`Jekyll layouts (_layouts/)`).
    pub what: String,
    /// Why, and what to do instead.
    pub help: String,
    /// The files (or settings) concerned, as the source names them.
    pub names: Vec<String>,
}

/// Everything an import could not carry, in the order found.
#[derive(Debug, Default, Clone)]
pub struct Checklist {
    pub items: Vec<Item>,
}

impl Checklist {
    /// Adds an item about `names` (none when `names` is empty and the item
    /// is about files: nothing to say).
    pub fn files(&mut self, what: impl Into<String>, help: impl Into<String>, names: Vec<String>) {
        if !names.is_empty() {
            self.items.push(Item {
                what: what.into(),
                help: help.into(),
                names,
            });
        }
    }

    /// Adds an item that concerns no file (a setting).
    pub fn note(&mut self, what: impl Into<String>, help: impl Into<String>) {
        self.items.push(Item {
            what: what.into(),
            help: help.into(),
            names: Vec::new(),
        });
    }

    /// The note every tool gives about translations: only the default
    /// language's settings are carried (`key` is how the tool spells it).
    pub fn languages(&mut self, key: &str) {
        self.note(
            format!("Several languages (`{key}`)"),
            "only the default language's settings were carried; translated files (`name.<lang>.md`) were copied as they are",
        );
    }

    /// The note about the theme the source site used.
    pub fn theme(&mut self, tool: &str, theme: &str) {
        self.note(
            format!("{tool} theme `{theme}`"),
            "the site uses Gazette's broadsheet theme; restyle it, or write a theme (docs/templates.md)",
        );
    }

    /// The note listing the source's settings that mean nothing to Gazette
    /// (none: no note); `extra` says which of them went under `extra:`.
    pub fn settings_without_equivalent(&mut self, tool: &str, keys: &[String], extra: &str) {
        if !keys.is_empty() {
            self.note(
                format!("{tool} settings with no Gazette equivalent: {}", keys.join(", ")),
                format!("nothing to carry: Gazette's own settings are in site.yaml ({extra} went under `extra:`)"),
            );
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "- {}", self.what)?;
        if !self.names.is_empty() {
            let n = self.names.len();
            let shown = self.names[..n.min(NAMES_SHOWN)].join(", ");
            let more = if n > NAMES_SHOWN {
                format!(", and {} more", n - NAMES_SHOWN)
            } else {
                String::new()
            };
            write!(f, " ({}): {shown}{more}", crate::base::plural(n, "file"))?;
        }
        write!(f, "\n    {}", self.help)
    }
}

impl fmt::Display for Checklist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for item in &self.items {
            writeln!(f, "{item}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let mut c = Checklist::default();
        c.files(
            "Layouts",
            "rewrite them",
            (1..=7).map(|i| format!("l{i}.html")).collect(),
        );
        c.files("Nothing", "", Vec::new());
        let text = c.to_string();
        assert!(
            text.contains("- Layouts (7 files): l1.html, l2.html, l3.html, l4.html, l5.html, and 2 more\n    rewrite them"),
            "{text}"
        );
        assert_eq!(c.items.len(), 1);
    }
}
