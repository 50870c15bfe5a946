//! Translated interface strings (issue 29): the words a theme and the
//! renderer show around the articles ("Search", "Page 2 of 9", "5 min
//! read", "Tags"...), in the page's language.
//!
//! Strings come from YAML files, one per language (`en.yaml`, `kk.yaml`,
//! `ru-KZ.yaml`), nested maps whose paths are the keys (`search.button`).
//! Three layers are merged key by key, each winning over the one before:
//! the default theme's files compiled into Gazette (so that the renderer's
//! own strings, page titles and taxonomy names, exist whatever the theme),
//! the theme's `i18n/` folder, then the site's `i18n/` folder.
//!
//! A look-up tries the page's language (`ru-KZ`, then `ru`), then the site's
//! default language, then English. Strings missing in a language the site
//! uses are found once, when the files are loaded, by comparing its keys
//! with English's ([`Strings::check`]): a build warns once per language, and
//! rendering keeps no state. A key in no file at all is a template error.
//!
//! A value is text with `{name}` placeholders, or a map of CLDR plural
//! categories (`one`, `few`, `many`, `other`...) chosen by the language's
//! plural rules (ICU4X's, compiled in) for the call's `count`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use icu_locale_core::Locale;
use icu_plurals::{PluralCategory, PluralRules};
use jiff::Zoned;

use crate::content::dates::LocalDates;

use crate::error::Diagnostic;

/// The default theme's translation files, compiled in: the bottom layer.
static BUILT_IN: include_dir::Dir<'_> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/themes/broadsheet/i18n");

/// The language every key exists in: the last fallback and the reference
/// the other languages are checked against.
pub const REFERENCE: &str = "en";

/// One translated string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    /// CLDR plural category (`one`, `few`...) -> text; `other` is always there.
    Plural(BTreeMap<String, String>),
}

/// The strings of one language: key -> text, and the file that last set
/// them (the one to name in a warning).
#[derive(Debug, Default)]
struct Table {
    texts: HashMap<String, Text>,
    file: PathBuf,
    /// The texts without placeholders or plural forms, escaped for HTML
    /// once per build: most calls of `t()` (`t(key="nav.skip")`) are
    /// answered by cloning one of these.
    html: HashMap<String, tera::Value>,
}

/// Every language's strings, merged from the three layers.
pub struct Strings {
    /// Lower-case language tag (`en`, `ru-kz`) -> its strings.
    tables: HashMap<String, Table>,
    /// The site's language: the fallback before English.
    default_lang: String,
    /// Plural rules of each language with a table, made once per build.
    plurals: HashMap<String, PluralRules>,
    /// A hash of every file read, in order: pages depend on it as on
    /// their templates (`serve` re-renders them when a translation changes).
    pub hash: u64,
}

impl std::fmt::Debug for Strings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Strings")
            .field("languages", &self.tables.keys().collect::<BTreeSet<_>>())
            .field("default_lang", &self.default_lang)
            .finish()
    }
}

/// An argument for a `{name}` placeholder.
pub type Arg<'a> = (&'a str, String);

impl Strings {
    /// The built-in strings, then `themes/<theme>/i18n/`, then the site's
    /// `i18n/`, with `default_lang` as the site's language. Every file that
    /// cannot be read is reported, with its line where YAML says.
    pub fn load(root: &Path, theme: &str, default_lang: &str) -> Result<Strings, Vec<Diagnostic>> {
        let mut strings = Strings::empty(default_lang);
        let mut errors = strings.add_built_in();
        for dir in [
            PathBuf::from("themes").join(theme).join("i18n"),
            PathBuf::from("i18n"),
        ] {
            let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
                continue;
            };
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            for path in files {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                let Some(lang) = language_of(&name) else {
                    continue;
                };
                let rel = dir.join(&*name);
                match std::fs::read_to_string(&path) {
                    Ok(text) => {
                        if let Err(e) = strings.add(lang, &text, &rel) {
                            errors.push(e);
                        }
                    }
                    Err(e) => errors.push(Diagnostic::error(
                        &rel,
                        format!("cannot read translation file: {e}"),
                        "save translation files as UTF-8 text",
                    )),
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        strings.make_plural_rules();
        Ok(strings)
    }

    /// The built-in strings alone (when a site's file is broken, so that
    /// the rest of the build can still be checked).
    pub fn built_in(default_lang: &str) -> Strings {
        let mut strings = Strings::empty(default_lang);
        strings.add_built_in();
        strings.make_plural_rules();
        strings
    }

    fn add_built_in(&mut self) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        for file in BUILT_IN.files() {
            let name = file.path().to_string_lossy();
            let shown = Path::new("themes/broadsheet/i18n").join(file.path());
            if let (Some(lang), Some(text)) = (language_of(&name), file.contents_utf8())
                && let Err(e) = self.add(lang, text, &shown)
            {
                errors.push(e);
            }
        }
        errors
    }

    fn empty(default_lang: &str) -> Strings {
        Strings {
            tables: HashMap::new(),
            default_lang: default_lang.to_ascii_lowercase(),
            plurals: HashMap::new(),
            hash: 0,
        }
    }

    /// Merges one file's strings into `lang`'s table, key by key.
    fn add(&mut self, lang: &str, yaml: &str, file: &Path) -> Result<(), Diagnostic> {
        self.hash = crate::base::hash::content_hash(
            format!("{}\0{}\0{lang}\0{yaml}", self.hash, file.display()).as_bytes(),
        );
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).map_err(|e| {
            Diagnostic::error(
                file,
                format!("translation file is not valid YAML: {e}"),
                "write nested `key: text` maps, quoting texts that contain `:` or start with `{`",
            )
            .at_line(e.location().map(|l| l.line()))
        })?;
        let mut flat = Vec::new();
        if !value.is_null() {
            flatten("", &value, &mut flat).map_err(|why| {
                Diagnostic::error(
                    file,
                    format!("translation file: {why}"),
                    "each key maps to a text, to nested keys, or to plural forms \
                     (`one:`, `few:`, `many:`, `other:`...) that include `other`",
                )
            })?;
        }
        let table = self.tables.entry(lang.to_ascii_lowercase()).or_default();
        table.file = file.to_path_buf();
        table.texts.extend(flat);
        Ok(())
    }

    fn make_plural_rules(&mut self) {
        for table in self.tables.values_mut() {
            table.html = table
                .texts
                .iter()
                .filter_map(|(k, t)| match t {
                    Text::Plain(s) if !s.contains(['{', '}']) => Some((
                        k.clone(),
                        tera::Value::safe_string(&crate::content::escape_html(s)),
                    )),
                    _ => None,
                })
                .collect();
        }
        let mut langs: BTreeSet<String> = self.tables.keys().cloned().collect();
        langs.insert(self.default_lang.clone());
        for lang in langs {
            if let Some(rules) = plural_rules(&lang) {
                self.plurals.insert(lang, rules);
            }
        }
    }

    /// Languages to try for `lang`, best first: `ru-kz`, `ru`, the
    /// default (`default` if given, else the site's), its base, English.
    fn chain(&self, lang: &str, default: Option<&str>) -> Vec<String> {
        let mut out: Vec<String> = Vec::with_capacity(5);
        let default = default.map_or_else(|| self.default_lang.clone(), str::to_ascii_lowercase);
        for tag in [lang.to_ascii_lowercase(), default, REFERENCE.to_string()] {
            let mut t = tag.as_str();
            loop {
                if !out.iter().any(|o| o == t) {
                    out.push(t.to_string());
                }
                match t.rfind('-') {
                    Some(i) => t = &t[..i],
                    None => break,
                }
            }
        }
        out
    }

    /// The text of `key` for `lang` and the table's language it was found
    /// in. Called for every string of every page: the chain of
    /// [`Strings::chain`] is walked without allocating.
    pub fn lookup<'s>(
        &'s self,
        lang: &str,
        default: Option<&str>,
        key: &str,
    ) -> Option<(&'s Text, &'s str)> {
        let lang = lower(lang);
        let default = lower(default.unwrap_or(&self.default_lang));
        for tag in [&*lang, &*default, REFERENCE] {
            let mut t = tag;
            loop {
                if let Some((l, table)) = self.tables.get_key_value(t)
                    && let Some(text) = table.texts.get(key)
                {
                    return Some((text, l.as_str()));
                }
                match t.rfind('-') {
                    Some(i) => t = &t[..i],
                    None => break,
                }
            }
        }
        None
    }

    /// The escaped text of a `key` without placeholders or plural forms,
    /// made once per build (see `Table::html`); none for other keys.
    fn plain_html(&self, lang: &str, default: Option<&str>, key: &str) -> Option<tera::Value> {
        let (_, found_in) = self.lookup(lang, default, key)?;
        self.tables.get(found_in)?.html.get(key).cloned()
    }

    /// Whether `lang` (`ru-kz`, or its base `ru`) has `key` itself.
    fn in_language(&self, lang: &str, key: &str) -> bool {
        let lang = lower(lang);
        let mut t = &*lang;
        loop {
            if self
                .tables
                .get(t)
                .is_some_and(|table| table.texts.contains_key(key))
            {
                return true;
            }
            match t.rfind('-') {
                Some(i) => t = &t[..i],
                None => return false,
            }
        }
    }

    /// `key` in `lang`'s own files only (no fallback to another
    /// language): a language's name for itself, say.
    pub fn own(&self, lang: &str, key: &str) -> Option<String> {
        self.in_language(lang, key)
            .then(|| self.get(lang, key, &[]))
    }

    /// Whether some file has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.tables.values().any(|t| t.texts.contains_key(key))
    }

    /// For Rust callers: `key` in `lang` as plain text, `{name}`s filled
    /// from `args`. A key no file has (a bug: every key the renderer asks
    /// for is in the built-in English file, which a unit test checks) gives
    /// the key itself.
    pub fn get(&self, lang: &str, key: &str, args: &[Arg<'_>]) -> String {
        self.format(lang, None, key, None, args, false)
            .unwrap_or_else(|_| key.to_string())
    }

    /// As [`Strings::get`], with the plural form for `count` (also `{count}`).
    pub fn get_count(&self, lang: &str, key: &str, count: i64, args: &[Arg<'_>]) -> String {
        self.format(lang, None, key, Some(count), args, false)
            .unwrap_or_else(|_| key.to_string())
    }

    /// `key` in `lang`, its plural form picked by `count`, `{name}`s filled
    /// from `args`. With `html`, the text is escaped for HTML and so are
    /// the arguments, except those in `safe` (already HTML).
    pub fn format(
        &self,
        lang: &str,
        default: Option<&str>,
        key: &str,
        count: Option<i64>,
        args: &[Arg<'_>],
        html: bool,
    ) -> Result<String, String> {
        self.format_with((lang, default, key), count, None, args, &|_| !html)
    }

    /// [`Strings::format`] with, per argument, whether it is inserted as
    /// it is (`true`) or escaped for HTML, the text then escaped too.
    fn format_with(
        &self,
        (lang, default, key): (&str, Option<&str>, &str),
        count: Option<i64>,
        form: Option<&str>,
        args: &[Arg<'_>],
        raw: &dyn Fn(&str) -> bool,
    ) -> Result<String, String> {
        let Some((text, found_in)) = self.lookup(lang, default, key) else {
            return Err(self.unknown_key(key));
        };
        let pattern = match text {
            Text::Plain(s) => s.as_str(),
            Text::Plural(forms) if form.is_some() => form
                .and_then(|f| forms.get(f))
                .or_else(|| forms.get("other"))
                .map(String::as_str)
                .unwrap_or_default(),
            Text::Plural(forms) => {
                let Some(n) = count else {
                    return Err(format!(
                        "t: {key:?} has plural forms; pass `count=` (the number they count)"
                    ));
                };
                let category = self
                    .plurals
                    .get(found_in)
                    .map_or(PluralCategory::Other, |r| r.category_for(n.unsigned_abs()));
                forms
                    .get(category_name(category))
                    .or_else(|| forms.get("other"))
                    .map(String::as_str)
                    .unwrap_or_default()
            }
        };
        let escape_text = !raw("");
        fill(pattern, key, count, args, escape_text, raw)
    }

    fn unknown_key(&self, key: &str) -> String {
        let mut all: Vec<&str> = self
            .tables
            .values()
            .flat_map(|t| t.texts.keys().map(String::as_str))
            .collect();
        all.sort_unstable();
        all.dedup();
        let hint = crate::base::suggest::closest(key, &all)
            .map(|k| format!(" Did you mean {k:?}?"))
            .unwrap_or_default();
        format!(
            "t: no translation file has the key {key:?}.{hint} Add it to the theme's \
             i18n/en.yaml (and the other languages), or to the site's i18n/<language>.yaml"
        )
    }

    /// The warnings for `languages` (the ones the site's pages use): once
    /// per language, the English keys it lacks (shown in the fallback
    /// language), and the taxonomies of `kinds` with no title in any file.
    pub fn check(&self, languages: &[&str], kinds: &[String]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let Some(reference) = self.tables.get(REFERENCE) else {
            return out;
        };
        let mut seen = BTreeSet::new();
        for lang in languages {
            let lang = lang.to_ascii_lowercase();
            if lang == REFERENCE || !seen.insert(lang.clone()) {
                continue;
            }
            // `ru-kz` and `ru`: the files of the language itself.
            let own_tags: Vec<String> = self
                .chain(&lang, Some(&lang))
                .into_iter()
                .filter(|l| lang == *l || lang.starts_with(&format!("{l}-")))
                .collect();
            let own: Vec<&Table> = own_tags.iter().filter_map(|l| self.tables.get(l)).collect();
            let fallback = self
                .chain(&lang, None)
                .into_iter()
                .find(|l| !own_tags.contains(l) && self.tables.contains_key(l))
                .unwrap_or_else(|| REFERENCE.to_string());
            let base = lang.split('-').next().unwrap_or(&lang).to_string();
            if own.is_empty() {
                out.push(Diagnostic::warning(
                    format!("i18n/{base}.yaml"),
                    format!(
                        "no translation file for language `{lang}`: the theme's {} strings \
                         show in `{fallback}`",
                        reference.texts.len()
                    ),
                    format!(
                        "add i18n/{base}.yaml at the site root with the keys of the theme's \
                         i18n/en.yaml, translated"
                    ),
                ));
                continue;
            }
            let mut missing: Vec<&str> = reference
                .texts
                .keys()
                .filter(|k| !own.iter().any(|t| t.texts.contains_key(*k)))
                .map(String::as_str)
                .collect();
            if missing.is_empty() {
                continue;
            }
            missing.sort_unstable();
            let shown = missing
                .iter()
                .take(12)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            let more = if missing.len() > 12 {
                format!(" and {} more", missing.len() - 12)
            } else {
                String::new()
            };
            out.push(Diagnostic::warning(
                &own[0].file,
                format!(
                    "{} string{} missing in `{lang}`, shown in `{fallback}`: {shown}{more}",
                    missing.len(),
                    if missing.len() == 1 { " is" } else { "s are" },
                ),
                format!(
                    "add the key{} to i18n/{base}.yaml at the site root (a site's file wins \
                     over the theme's key by key)",
                    if missing.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        for kind in kinds {
            let key = format!("taxonomies.{kind}.title");
            if !self.has(&key) {
                out.push(Diagnostic::warning(
                    "site.yaml",
                    format!("the taxonomy `{kind}` has no title in any translation file"),
                    format!(
                        "add `taxonomies: {{{kind}: {{title: ..., singular: ...}}}}` to \
                         i18n/{}.yaml at the site root",
                        self.default_lang.split('-').next().unwrap_or("en")
                    ),
                ));
            }
        }
        out
    }
}

/// Everything the renderer needs to write in one language: its strings
/// and its date formats, made once per build (per edition) and shared by
/// every page.
#[derive(Debug, Clone)]
pub struct Local {
    pub lang: String,
    pub strings: Arc<Strings>,
    /// The language's date formats, made once per process (the content
    /// stage's live updates use the same ones).
    pub dates: Arc<LocalDates>,
}

impl Local {
    pub fn new(lang: &str, strings: Arc<Strings>) -> Local {
        Local {
            lang: lang.to_string(),
            dates: LocalDates::shared(lang),
            strings,
        }
    }

    /// [`Strings::get`] in this language.
    pub fn text(&self, key: &str, args: &[Arg<'_>]) -> String {
        self.strings.get(&self.lang, key, args)
    }

    /// A page's date: `7 December 2026`, ru `7 декабря 2026 г.`.
    pub fn date(&self, z: &Zoned) -> String {
        self.dates.date(z)
    }

    /// A date with its time and zone, for updates and corrections, which
    /// happen within a day: `9 January 2022, 18:30 UTC` (`dates.date_time`).
    pub fn date_time(&self, z: &Zoned) -> String {
        self.text(
            "dates.date_time",
            &[
                ("date", self.dates.date(z)),
                ("time", self.dates.time(z)),
                ("zone", crate::content::newsroom::zone_label(z)),
            ],
        )
    }

    /// The label of an article kind (`kinds.opinion`); a kind no file
    /// names keeps its name, capitalised.
    pub fn kind_label(&self, kind: &str) -> String {
        self.text_or(&format!("kinds.{kind}"), || super::newsroom::label(kind))
    }

    /// A taxonomy's title (`taxonomies.tags.title`), else `fallback` (the
    /// kind's name, capitalised, for a kind no file names).
    pub fn taxonomy_title(&self, kind: &str, fallback: &str) -> String {
        self.text_or(&format!("taxonomies.{kind}.title"), || fallback.to_string())
    }

    /// The name of one term's kind (`taxonomies.tags.singular`: `Tag`);
    /// for a kind no file names, its title as it is (no language's
    /// grammar is guessed; the build warned about the missing title).
    pub fn taxonomy_singular(&self, kind: &str, title: &str) -> String {
        self.text_or(&format!("taxonomies.{kind}.singular"), || title.to_string())
    }

    /// The string `key`, if any file names it; else `otherwise()`.
    fn text_or(&self, key: &str, otherwise: impl FnOnce() -> String) -> String {
        if self.strings.has(key) {
            self.text(key, &[])
        } else {
            otherwise()
        }
    }
}

/// `ru-kz` for `ru-KZ` or `ru_KZ`: tables' keys; borrowed when it is already.
fn lower(tag: &str) -> std::borrow::Cow<'_, str> {
    if tag.bytes().any(|b| b.is_ascii_uppercase() || b == b'_') {
        tag.to_ascii_lowercase().replace('_', "-").into()
    } else {
        tag.into()
    }
}

/// `ru-KZ` of `ru-KZ.yaml`; none for other files.
fn language_of(file_name: &str) -> Option<&str> {
    let lang = file_name
        .strip_suffix(".yaml")
        .or_else(|| file_name.strip_suffix(".yml"))?;
    let valid = !lang.is_empty()
        && lang
            .split('-')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    valid.then_some(lang)
}

const CATEGORIES: &[&str] = &["zero", "one", "two", "few", "many", "other"];

fn category_name(c: PluralCategory) -> &'static str {
    match c {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        PluralCategory::Other => "other",
    }
}

/// The cardinal plural rules of a language tag; none for a tag ICU
/// cannot parse (its strings then always take `other`).
fn plural_rules(lang: &str) -> Option<PluralRules> {
    let locale: Locale = lang.parse().ok()?;
    PluralRules::try_new_cardinal((&locale).into()).ok()
}

/// Nested YAML maps as `a.b.c` keys. A map of plural categories that has
/// `other` is one plural text.
fn flatten(
    prefix: &str,
    value: &serde_yaml::Value,
    out: &mut Vec<(String, Text)>,
) -> Result<(), String> {
    use serde_yaml::Value as Y;
    let scalar = |v: &Y| -> Option<String> {
        match v {
            Y::String(s) => Some(s.clone()),
            Y::Number(n) => Some(n.to_string()),
            Y::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    };
    match value {
        Y::Mapping(map) => {
            let keys: Vec<String> = map.keys().filter_map(scalar).collect();
            let plural = !prefix.is_empty()
                && keys.iter().any(|k| k == "other")
                && keys.iter().all(|k| CATEGORIES.contains(&k.as_str()));
            if plural {
                let mut forms = BTreeMap::new();
                for (k, v) in map {
                    let (Some(k), Some(v)) = (scalar(k), scalar(v)) else {
                        return Err(format!("the plural forms of `{prefix}` must be texts"));
                    };
                    forms.insert(k, v);
                }
                out.push((prefix.to_string(), Text::Plural(forms)));
                return Ok(());
            }
            for (k, v) in map {
                let Some(k) = scalar(k) else {
                    return Err(format!("a key under `{prefix}` is not a name"));
                };
                let key = if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, v, out)?;
            }
            Ok(())
        }
        Y::Null => Err(format!("`{prefix}` has no text")),
        Y::Sequence(_) | Y::Tagged(_) => Err(format!("`{prefix}` is a list, not a text")),
        other => {
            let text = scalar(other).unwrap_or_default();
            if prefix.is_empty() {
                return Err("the file is a single text, not a map of keys".into());
            }
            out.push((prefix.to_string(), Text::Plain(text)));
            Ok(())
        }
    }
}

/// `pattern` with each `{name}` replaced by its argument (`{count}` by the
/// count); `{{` and `}}` stand for braces. An argument the call does not
/// pass is an error naming the key.
fn fill(
    pattern: &str,
    key: &str,
    count: Option<i64>,
    args: &[Arg<'_>],
    escape_text: bool,
    raw: &dyn Fn(&str) -> bool,
) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 16);
    let push_text = |out: &mut String, s: &str| {
        if escape_text {
            out.push_str(&crate::content::escape_html(s));
        } else {
            out.push_str(s);
        }
    };
    let mut rest = pattern;
    while let Some(open) = rest.find(['{', '}']) {
        push_text(&mut out, &rest[..open]);
        let tail = &rest[open..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            push_text(&mut out, &tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let close = if tail.starts_with('{') {
            tail.find('}')
        } else {
            None
        };
        let Some(close) = close else {
            push_text(&mut out, &tail[..1]);
            rest = &tail[1..];
            continue;
        };
        let name = &tail[1..close];
        if let Some((_, value)) = args.iter().find(|(n, _)| *n == name) {
            if raw(name) {
                out.push_str(value);
            } else {
                out.push_str(&crate::content::escape_html(value));
            }
        } else if let (Some(n), "count") = (count, name) {
            let _ = write!(out, "{n}");
        } else {
            return Err(format!(
                "t: the text of {key:?} uses {{{name}}}, which the call does not pass: \
                 add `{name}=...` to the t() call, or remove {{{name}}} from the translation"
            ));
        }
        rest = &tail[close + 1..];
    }
    push_text(&mut out, rest);
    Ok(out)
}

/// The `t()` template function: `t(key="search.button")`, with `count=`
/// for plural forms and any other argument filling a `{name}`. The
/// language is the context's `lang`; the fallback is `default_lang` when
/// the context has one, else the site's language. The result is HTML:
/// the text escaped, and arguments too unless they are already HTML (a
/// `{% set x %}...{% endset %}` block, or a value marked `safe`).
pub fn t_function(
    strings: &Strings,
    kwargs: tera::Kwargs,
    state: &tera::State,
) -> tera::TeraResult<tera::Value> {
    use tera::Value;
    let key: &str = kwargs.must_get("key")?;
    let lang_value = state.get::<Value>("lang")?;
    let lang = lang_value
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or(&strings.default_lang);
    // The default language matters only for a key the page's language
    // lacks: it is looked up in the context (a search through every
    // scope) only then.
    let default_value = if strings.in_language(lang, key) {
        None
    } else {
        state.get::<Value>("default_lang")?
    };
    let default = default_value.as_ref().and_then(Value::as_str);
    // Most calls name a plain text alone: its escaped form is ready.
    if kwargs.iter().all(|(k, _)| k.as_str() == Some("key"))
        && let Some(v) = strings.plain_html(lang, default, key)
    {
        return Ok(v);
    }
    let mut count = None;
    let mut args: Vec<Arg<'_>> = Vec::new();
    let mut safe: Vec<&str> = Vec::new();
    for (k, v) in kwargs.iter() {
        let Some(name) = k.as_str() else { continue };
        if name == "key" || name == "default" || name == "form" {
            continue;
        }
        // A number picks the plural form; a text (`count="{count}"`, for a
        // script to fill) is only an argument.
        if name == "count" && v.as_str().is_none() {
            count = Some(
                v.as_i64()
                    .or_else(|| v.as_f64().map(|f| f as i64))
                    .ok_or_else(|| {
                        tera::Error::message(format!(
                            "t: `count` of {key:?} must be a number, not {v}"
                        ))
                    })?,
            );
        }
        if v.is_safe() {
            safe.push(name);
        }
        let text = match v.as_str() {
            Some(s) => s.to_string(),
            None => v.to_string(),
        };
        args.push((name, text));
    }
    let raw = |name: &str| !name.is_empty() && safe.contains(&name);
    // `default=`: the text when no file has the key (a taxonomy a site
    // adds, named in the footer); `form=`: one plural form by its name,
    // for scripts that choose the form themselves.
    if let Some(fallback) = kwargs.get::<String>("default")?
        && !strings.has(key)
    {
        return Ok(Value::from(fallback));
    }
    let form: Option<String> = kwargs.get("form")?;
    strings
        .format_with((lang, default, key), count, form.as_deref(), &args, &raw)
        .map(|s| Value::safe_string(&s))
        .map_err(tera::Error::message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_with_their_time_keep_englishs_form() {
        let local = Local::new("en", Arc::new(Strings::built_in("en")));
        let z = crate::content::dates::parse_date("2024-05-01T09:05:00+01:00").unwrap();
        assert_eq!(local.date_time(&z), "1 May 2024, 09:05 +01:00");
        let ru = Local::new("ru", Arc::new(Strings::built_in("ru")));
        let z = crate::content::dates::parse_date("2024-05-01T09:05:00Z").unwrap();
        assert_eq!(ru.date_time(&z), "1 мая 2024\u{202f}г., 09:05 UTC");
    }

    fn strings(files: &[(&str, &str)], default: &str) -> Strings {
        let mut s = Strings::empty(default);
        for (lang, yaml) in files {
            s.add(lang, yaml, Path::new(&format!("i18n/{lang}.yaml")))
                .unwrap();
        }
        s.make_plural_rules();
        s
    }

    #[test]
    fn nested_keys_and_placeholders() {
        let s = strings(
            &[("en", "pagination:\n  page_of: Page {page} of {total}\n")],
            "en",
        );
        let args = [("page", "2".to_string()), ("total", "9".to_string())];
        assert_eq!(s.get("en", "pagination.page_of", &args), "Page 2 of 9");
        assert!(
            s.format("en", None, "pagination.page_of", None, &args[..1], false)
                .is_err()
        );
    }

    #[test]
    fn fallback_chain_region_then_default_then_english() {
        let s = strings(
            &[
                ("en", "a: A-en\nb: B-en\nc: C-en\nd: D-en\n"),
                ("ru", "a: A-ru\nb: B-ru\n"),
                ("ru-KZ", "a: A-ru-KZ\n"),
                ("kk", "c: C-kk\n"),
            ],
            "kk",
        );
        assert_eq!(s.get("ru-KZ", "a", &[]), "A-ru-KZ");
        assert_eq!(s.get("ru-KZ", "b", &[]), "B-ru");
        assert_eq!(
            s.get("ru-KZ", "c", &[]),
            "C-kk",
            "the site's language comes before English"
        );
        assert_eq!(s.get("ru-KZ", "d", &[]), "D-en");
        assert_eq!(s.chain("RU-kz", None), ["ru-kz", "ru", "kk", "en"]);
        let err = s.format("ru", None, "e", None, &[], false).unwrap_err();
        assert!(
            err.contains("no translation file has the key \"e\""),
            "{err}"
        );
    }

    #[test]
    fn later_layers_win_key_by_key() {
        let mut s = strings(&[("ru", "a: theme\nb: theme\n")], "ru");
        s.add("ru", "a: site\n", Path::new("i18n/ru.yaml")).unwrap();
        assert_eq!(s.get("ru", "a", &[]), "site");
        assert_eq!(s.get("ru", "b", &[]), "theme");
    }

    #[test]
    fn plural_forms_follow_each_languages_rules() {
        let s = strings(
            &[
                (
                    "en",
                    "min:\n  one: '{count} minute'\n  other: '{count} minutes'\n",
                ),
                (
                    "ru",
                    "min:\n  one: '{count} минута'\n  few: '{count} минуты'\n  many: '{count} минут'\n  other: '{count} минуты'\n",
                ),
                (
                    "ar",
                    "min:\n  zero: 'zero'\n  one: 'one'\n  two: 'two'\n  few: 'few {count}'\n  many: 'many {count}'\n  other: 'other {count}'\n",
                ),
            ],
            "en",
        );
        let ru: Vec<String> = [1, 2, 5, 21, 22, 25, 11]
            .iter()
            .map(|&n| s.get_count("ru", "min", n, &[]))
            .collect();
        assert_eq!(
            ru,
            [
                "1 минута",
                "2 минуты",
                "5 минут",
                "21 минута",
                "22 минуты",
                "25 минут",
                "11 минут"
            ]
        );
        assert_eq!(s.get_count("en", "min", 1, &[]), "1 minute");
        assert_eq!(s.get_count("en", "min", 21, &[]), "21 minutes");
        let ar: Vec<String> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| s.get_count("ar", "min", n, &[]))
            .collect();
        assert_eq!(ar, ["zero", "one", "two", "few 3", "many 11", "other 100"]);
    }

    #[test]
    fn html_escapes_text_and_arguments_but_not_safe_ones() {
        let s = strings(&[("en", "q: 'No results for “{q}” & {link}'\n")], "en");
        let args = [
            ("q", "<b>".to_string()),
            ("link", "<a href=\"/\">x</a>".to_string()),
        ];
        let out = s
            .format_with(("en", None, "q"), None, None, &args, &|n| n == "link")
            .unwrap();
        assert_eq!(out, "No results for “&lt;b&gt;” &amp; <a href=\"/\">x</a>");
    }

    #[test]
    fn missing_strings_are_found_once_per_language() {
        let s = strings(
            &[
                ("en", "a: A\nb: B\nc: C\n"),
                ("it", "a: A-it\n"),
                ("de", "a: a\nb: b\nc: c\n"),
            ],
            "it",
        );
        let w = s.check(&["it", "it", "de", "en", "ja"], &["tags".into()]);
        let texts: Vec<String> = w.iter().map(|d| d.message.clone()).collect();
        assert_eq!(w.len(), 3, "{texts:?}");
        assert!(texts[0].contains("2 strings are missing in `it`") && texts[0].contains("b, c"));
        assert_eq!(w[0].file, Path::new("i18n/it.yaml"));
        assert!(
            texts[1].contains("no translation file for language `ja`"),
            "{texts:?}"
        );
        assert!(texts[2].contains("taxonomy `tags`"));
    }

    #[test]
    fn bad_files_name_the_problem() {
        let mut s = Strings::empty("en");
        let e = s
            .add("en", "a: [1, 2]\n", Path::new("i18n/en.yaml"))
            .unwrap_err();
        assert!(e.message.contains("`a` is a list"), "{}", e.message);
        let e = s
            .add("en", "a: b: c\n", Path::new("i18n/en.yaml"))
            .unwrap_err();
        assert_eq!(e.line, Some(1));
        assert_eq!(language_of("ru-KZ.yaml"), Some("ru-KZ"));
        assert_eq!(language_of("notes.txt"), None);
    }

    #[test]
    fn built_in_files_parse_and_cover_english() {
        let s = Strings::load(Path::new("/nonexistent"), "broadsheet", "en").unwrap();
        let langs = ["kk", "ru", "ar", "de", "fr", "es"];
        let w = s.check(
            &langs,
            &["tags".into(), "categories".into(), "authors".into()],
        );
        assert!(w.is_empty(), "{w:?}");
    }
}
