//! `og:locale` wants `ll_CC` (language and territory: `en_US`), while
//! site.yaml's `language` is a BCP 47 tag (`en`, `en-GB`, `zh-Hant-TW`).
//!
//! A tag with a region keeps it (`en-GB` -> `en_GB`, `sr-Latn-RS` ->
//! `sr_RS`). A bare language gets the territory where most of its readers
//! live, from the small table below (the defaults Facebook and CLDR's
//! "likely subtags" agree on); a language not in the table is paired with
//! its own code in capitals (`xx` -> `xx_XX`), right for most national
//! languages (de_DE, fr_FR, it_IT...). A crate for CLDR's full likely-subtag
//! data would add megabytes of tables for the few dozen languages news
//! sites use, so the table is kept here and documented in docs/templates.md.

/// Language -> territory where the language code alone does not name it.
const DEFAULT_TERRITORY: &[(&str, &str)] = &[
    ("ar", "AR"), // Facebook's pan-Arabic locale
    ("be", "BY"),
    ("bn", "IN"),
    ("ca", "ES"),
    ("cs", "CZ"),
    ("da", "DK"),
    ("el", "GR"),
    ("en", "US"),
    ("et", "EE"),
    ("fa", "IR"),
    ("he", "IL"),
    ("hi", "IN"),
    ("hy", "AM"),
    ("ja", "JP"),
    ("ka", "GE"),
    ("kk", "KZ"),
    ("ko", "KR"),
    ("ky", "KG"),
    ("ms", "MY"),
    ("nb", "NO"),
    ("nn", "NO"),
    ("pt", "BR"),
    ("sl", "SI"),
    ("sq", "AL"),
    ("sr", "RS"),
    ("sv", "SE"),
    ("sw", "KE"),
    ("ta", "IN"),
    ("tg", "TJ"),
    ("uk", "UA"),
    ("ur", "PK"),
    ("uz", "UZ"),
    ("vi", "VN"),
    ("zh", "CN"),
];

/// `ll_CC` form of a BCP 47 `language` tag, for `og:locale`.
pub fn og_locale(language: &str) -> String {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or("en").to_ascii_lowercase();
    // The region is the 2-letter (or 3-digit) subtag after the script, if any.
    let region = parts
        .find(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
        .map(str::to_ascii_uppercase);
    let region = region.unwrap_or_else(|| {
        DEFAULT_TERRITORY
            .iter()
            .find(|(l, _)| *l == lang)
            .map_or_else(|| lang.to_ascii_uppercase(), |(_, c)| c.to_string())
    });
    format!("{lang}_{region}")
}

/// Languages written right to left (ISO 639 codes): Arabic, Hebrew,
/// Persian, Urdu, Pashto, Sindhi, Uyghur, Yiddish, Dhivehi, Central Kurdish.
const RIGHT_TO_LEFT: &[&str] = &["ar", "he", "fa", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"];

/// `rtl` or `ltr`, for `<html dir>`: the direction of the language of a
/// BCP 47 tag. A script subtag decides where it names one (`ku-Arab` is
/// right to left, `ug-Latn`... left to right).
pub fn direction(language: &str) -> &'static str {
    let mut parts = language.split(['-', '_']);
    let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
    let script = parts.find(|p| p.len() == 4).map(str::to_ascii_lowercase);
    let rtl = match script.as_deref() {
        Some("arab" | "hebr" | "thaa" | "syrc" | "nkoo" | "adlm" | "rohg") => true,
        Some(_) => false,
        None => RIGHT_TO_LEFT.contains(&lang.as_str()),
    };
    if rtl { "rtl" } else { "ltr" }
}

#[cfg(test)]
mod tests {
    use super::{direction, og_locale};

    #[test]
    fn directions_of_language_tags() {
        for (tag, dir) in [
            ("en", "ltr"),
            ("ar", "rtl"),
            ("ar-EG", "rtl"),
            ("he", "rtl"),
            ("kk", "ltr"),
            ("ku-Arab", "rtl"),
            ("ug-Latn", "ltr"),
            ("fa_IR", "rtl"),
        ] {
            assert_eq!(direction(tag), dir, "{tag}");
        }
    }

    #[test]
    fn locales_from_language_tags() {
        for (tag, locale) in [
            ("en", "en_US"),
            ("en-GB", "en_GB"),
            ("de", "de_DE"),
            ("kk", "kk_KZ"),
            ("pt", "pt_BR"),
            ("pt-PT", "pt_PT"),
            ("zh-Hant-TW", "zh_TW"),
            ("sr-Latn", "sr_RS"),
            ("EN-us", "en_US"),
        ] {
            assert_eq!(og_locale(tag), locale, "{tag}");
        }
    }
}
