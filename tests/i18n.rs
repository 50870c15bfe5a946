//! Issue 29, a site in any language: the default theme's words, the
//! renderer's titles and the dates follow site.yaml's `language`, from the
//! theme's translation files (overridden key by key by the site's), with
//! a fallback to the default language then English that is warned once.

use crate::common::TestSite;

/// `n` words, so that the reading time is `n / 230` minutes rounded up.
fn words(n: usize) -> String {
    vec!["слово"; n].join(" ")
}

/// A `language: <lang>` site with three articles of 1, 2 and 5 minutes,
/// by one author, tagged, two to a page.
fn site_in(lang: &str) -> TestSite {
    let site = TestSite::with_broadsheet(&format!("language: {lang}\npaginate: 2"));
    for (slug, minutes, date) in [
        ("one", 1, "2026-12-01T09:00:00Z"),
        ("two", 2, "2026-11-20T09:00:00Z"),
        ("five", 5, "2026-05-03T09:00:00Z"),
    ] {
        site.article(
            &format!("world/{slug}.md"),
            &format!("Статья {slug}"),
            date,
            "authors: [Анна Петрова]\ntags: [Нефть]",
            &words(230 * minutes),
        );
    }
    site
}

#[test]
fn a_russian_site_shows_russian_words_and_month_names() {
    let site = site_in("ru");
    let run = site.build();
    let article = site.read("world/one/index.html");
    for expected in [
        "<html lang=\"ru\" dir=\"ltr\">",
        "Перейти к содержанию",
        ">Главная</a>",
        "Автор: <a href=",
        "1 декабря 2026\u{202f}г.",
        "Читайте также",
        ">Теги</a>",
        "Сайт создан на Gazette",
    ] {
        assert!(
            article.contains(expected),
            "{expected:?} missing in:\n{article}"
        );
    }
    for english in [
        ">Home<",
        "min read",
        "You may also like",
        "December",
        " By ",
    ] {
        assert!(!article.contains(english), "{english:?} left in English");
    }
    let front2 = site.read("page/2/index.html");
    assert!(
        front2.contains("<title>Страница 2 – Broadsheet Test</title>"),
        "{front2}"
    );
    assert!(front2.contains("Страница 2 из 2"));
    let tag = site.read("tags/neft/index.html");
    assert!(
        tag.contains("<title>Тег: Нефть | Broadsheet Test</title>"),
        "{tag}"
    );
    assert!(tag.contains("3 статьи"), "{tag}");
    let tags = site.read("tags/index.html");
    assert!(tags.contains("<title>Теги | Broadsheet Test</title>"));
    let month = site.read("2026/12/index.html");
    assert!(month.contains("Декабрь 2026\u{202f}г."), "{month}");
    let year = site.read("2026/index.html");
    assert!(
        year.contains(">Май</a>") && year.contains(">Ноябрь</a>"),
        "{year}"
    );
    assert!(!run.stderr.contains("missing in"), "{}", run.stderr);
}

#[test]
fn the_redirect_at_an_old_address_speaks_the_sites_language() {
    let site = site_in("ru");
    site.article(
        "world/moved.md",
        "Переезд",
        "2026-10-01",
        "aliases: [/old/moved/]",
        "Текст.",
    );
    site.build();
    let page = site.read("old/moved/index.html");
    assert!(page.contains("<html lang=\"ru\" dir=\"ltr\">"), "{page}");
    assert!(page.contains("<title>Перенаправление…</title>"));
    assert!(
        page.contains("Эта страница переехала: <a href=\"/world/moved/\">"),
        "{page}"
    );
}

#[test]
fn russian_plural_forms_follow_russian_rules() {
    let site = site_in("ru");
    site.build();
    let minutes = |slug: &str| {
        let html = site.read(&format!("world/{slug}/index.html"));
        html.split("<span>")
            .find_map(|s| s.split_once(" чтения</span>").map(|(m, _)| m.to_string()))
            .unwrap_or_else(|| panic!("no reading time in {slug}:\n{html}"))
    };
    assert_eq!(minutes("one"), "1 минута");
    assert_eq!(minutes("two"), "2 минуты");
    assert_eq!(minutes("five"), "5 минут");
}

#[test]
fn the_sites_own_file_wins_key_by_key() {
    let site = site_in("ru");
    site.write(
        "i18n/ru.yaml",
        "related:\n  title: Ещё по теме\nbyline:\n  reading_time:\n    one: '{count} мин'\n    few: '{count} мин'\n    many: '{count} мин'\n    other: '{count} мин'\n",
    );
    site.build();
    let article = site.read("world/five/index.html");
    assert!(article.contains("Ещё по теме"), "{article}");
    assert!(!article.contains("Читайте также"));
    assert!(article.contains("<span>5 мин</span>"));
    // Keys the site's file does not name keep the theme's translation.
    assert!(article.contains("Перейти к содержанию"));
}

#[test]
fn a_missing_string_falls_back_and_is_warned_once() {
    // Italian is not shipped with the theme: the site brings its own file,
    // with one string, and the others fall back to English.
    let site = site_in("it");
    site.write(
        "i18n/it.yaml",
        "related:\n  title: Potrebbe interessarti anche\n",
    );
    let run = site.build();
    let article = site.read("world/one/index.html");
    assert!(article.contains("Potrebbe interessarti anche"));
    assert!(
        article.contains("Skip to content"),
        "English is the fallback"
    );
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("missing in `it`"))
        .collect();
    assert_eq!(
        warnings.len(),
        1,
        "warned once for the whole build:\n{}",
        run.stderr
    );
    assert!(
        warnings[0].starts_with("warning: i18n/it.yaml"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("article.filed_under"),
        "the warning names the keys: {}",
        warnings[0]
    );
    assert!(run.stderr.contains("add the keys to i18n/it.yaml"));
    // A language with no file at all: one warning that says so.
    let bare = site_in("pt");
    let run = bare.build();
    assert_eq!(
        run.stderr
            .matches("no translation file for language `pt`")
            .count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_key_is_a_template_error_naming_the_file_and_line() {
    let site = site_in("en");
    site.write(
        "templates/404.html",
        "<!DOCTYPE html>\n<title>x</title>\n<p>{{ t(key=\"nav.skipp\") }}</p>\n",
    );
    site.build_with(&[])
        .fails()
        .stderr_has("templates/404.html:3")
        .stderr_has("no translation file has the key \"nav.skipp\"")
        .stderr_has("Did you mean \"nav.skip\"?");
}

#[test]
fn a_broken_translation_file_is_an_error_with_its_line() {
    let site = site_in("ru");
    site.write("i18n/ru.yaml", "nav:\n  home: Главная\n  skip: [1, 2]\n");
    site.build_with(&[])
        .fails()
        .stderr_has("error: i18n/ru.yaml")
        .stderr_has("`nav.skip` is a list");
}

#[test]
fn english_sites_read_as_before() {
    let site = site_in("en");
    let run = site.build();
    let article = site.read("world/five/index.html");
    for expected in [
        "<span class=\"byline__authors\">By <a href=",
        "<span>5 min read</span>",
        ">1 December 2026<",
        "You may also like",
        "Skip to content",
        "<span>Published <a href=",
    ] {
        assert!(
            article.contains(expected) || site.read("index.html").contains(expected),
            "{expected:?} missing"
        );
    }
    let tag = site.read("tags/neft/index.html");
    assert!(
        tag.contains("<title>Tag: Нефть | Broadsheet Test</title>"),
        "{tag}"
    );
    assert!(tag.contains("Articles tagged “Нефть” in Broadsheet Test."));
    assert!(site.read("2026/12/index.html").contains("December 2026"));
    assert!(
        site.read("page/2/index.html")
            .contains("<title>Page 2 – Broadsheet Test</title>")
    );
    assert!(!run.stderr.contains("translation"), "{}", run.stderr);
}

#[test]
fn kazakh_and_arabic_dates_and_directions() {
    let kk = site_in("kk");
    kk.build();
    let article = kk.read("world/one/index.html");
    assert!(article.contains("2026\u{202f}ж. 1 желтоқсан"), "{article}");
    assert!(article.contains("Басты бет"));
    assert!(article.contains("Оқу уақыты: 1 минут"));
    let ar = site_in("ar");
    ar.build();
    let article = ar.read("world/two/index.html");
    assert!(article.contains("<html lang=\"ar\" dir=\"rtl\">"));
    assert!(article.contains("نوفمبر"), "Arabic month name:\n{article}");
    assert!(
        article.contains("دقيقتان للقراءة"),
        "Arabic dual:\n{article}"
    );
}

#[test]
fn a_live_update_from_another_day_is_dated_in_the_sites_language() {
    let site = site_in("ru");
    site.article(
        "world/live.md",
        "Онлайн",
        "2026-11-01T08:00:00Z",
        "live: true",
        "Вступление.\n\n## 09:15\n\nПервое.\n\n## 2026-11-02 08:00\n\nНа следующий день.\n",
    );
    site.build();
    let page = site.read("world/live/index.html");
    assert!(page.contains("2 ноября 2026\u{202f}г., 08:00"), "{page}");
    assert!(!page.contains("November"));
}
