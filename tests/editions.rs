//! Several language editions of one site (issue 29, docs/languages.md):
//! URLs per edition, translations linked both ways (`hreflang` in the head
//! and the sitemap, the language switcher), feeds, taxonomies, search and
//! related lists that stay within their edition, and `gazette new --lang`.

use crate::common::{self, TestSite, assert_same, full_build};
use gazette::BuildOptions;
use gazette::serve::session::Session;

const LANGUAGES: &str = "language: en\nlanguages:\n  kk:\n    name: Қазақша\n    title: Дала поштасы\n    description: Қазақша жаңалықтар\n  ru:\n    name: Русский\n    title: Степная почта\n";

/// A site in English with Kazakh and Russian editions: a bundle translated
/// into Kazakh, an article translated into Russian, a Kazakh-only article,
/// and a pair linked by `translation_key` whose paths differ.
fn editions_site() -> TestSite {
    let site = TestSite::with_broadsheet(LANGUAGES);
    site.article(
        "world/fuel/index.md",
        "Fuel prices rise in Almaty",
        "2026-12-01 09:00",
        "tags: [Energy, Almaty]",
        "Petrol prices rose again this week. ![The pump](pump.jpg)",
    );
    site.write_bytes(
        "content/world/fuel/pump.jpg",
        &crate::images::photo(600, 400),
    );
    site.article(
        "world/fuel/index.kk.md",
        "Алматыда жанармай қымбаттады",
        "2026-12-01 09:00",
        "tags: [Энергетика, Алматы]",
        "Осы аптада жанармай бағасы тағы өсті. ![Бекет](pump.jpg)",
    );
    site.article(
        "world/rail.md",
        "Rail link opens to the Caspian",
        "2026-11-20 10:00",
        "tags: [Rail]",
        "The first train reached Aktau.",
    );
    site.article(
        "world/rail.ru.md",
        "Открылась железная дорога к Каспию",
        "2026-11-20 10:00",
        "tags: [Железная дорога]",
        "Первый поезд прибыл в Актау.",
    );
    site.article(
        "world/school.kk.md",
        "Ауылда жаңа мектеп ашылды",
        "2026-11-25 08:00",
        "tags: [Білім]",
        "Жаңа мектеп үш жүз оқушыны қабылдады.",
    );
    site.article(
        "world/budget.md",
        "City budget passes",
        "2026-11-10 12:00",
        "translation_key: budget-2027",
        "The council passed the budget.",
    );
    site.article(
        "world/biudzhet.ru.md",
        "Городской бюджет принят",
        "2026-11-10 12:00",
        "translation_key: budget-2027",
        "Совет принял бюджет.",
    );
    site.raw("world/_index.kk.md", "---\ntitle: Әлем\n---\n");
    site
}

/// The value of attribute `name` in the first tag of `html` that has it.
fn attr(html: &str, name: &str) -> String {
    let value = html.split(&format!("{name}=\"")).nth(1).expect(name);
    value.split('"').next().unwrap().to_string()
}

/// `<link rel="alternate" hreflang=...>` of a page, as (hreflang, href).
fn alternates(html: &str) -> Vec<(String, String)> {
    html.split("<link rel=\"alternate\" hreflang=")
        .skip(1)
        .map(|tag| {
            let tag = format!("hreflang={}", tag.split('>').next().unwrap());
            (attr(&tag, "hreflang"), attr(&tag, "href"))
        })
        .collect()
}

/// The language switcher's links: (hreflang, href, current).
fn switcher(html: &str) -> Vec<(String, String, bool)> {
    let nav = html
        .split("<nav class=\"languages\"")
        .nth(1)
        .expect("a language switcher")
        .split("</nav>")
        .next()
        .unwrap();
    nav.split("<a ")
        .skip(1)
        .map(|a| {
            let tag = a.split('>').next().unwrap();
            (
                attr(tag, "hreflang"),
                attr(tag, "href"),
                tag.contains("aria-current"),
            )
        })
        .collect()
}

#[test]
fn each_edition_has_its_own_urls_front_page_and_language() {
    let site = editions_site();
    site.build();
    assert!(
        site.page("/world/fuel/")
            .contains("Fuel prices rise in Almaty")
    );
    let kk = site.page("/kk/world/fuel/");
    assert!(kk.contains("<html lang=\"kk\""), "{kk}");
    assert!(kk.contains("Алматыда жанармай қымбаттады"));
    assert!(site.page("/ru/world/rail/").contains("<html lang=\"ru\""));
    // Each edition speaks its language: the theme's words and the dates.
    assert!(
        kk.contains("Басты бет") && kk.contains("ж. 1 желтоқсан"),
        "{kk}"
    );
    let ru = site.page("/ru/world/rail/");
    assert!(
        ru.contains("20 ноября 2026") && ru.contains("Главная"),
        "{ru}"
    );
    assert!(site.page("/world/fuel/").contains("1 December 2026"));
    // The switcher names each language in itself: site.yaml's `name`, else
    // the language's translation file.
    assert!(kk.contains("aria-label=\"Тілдер\""), "{kk}");
    for name in [">English</a>", ">Қазақша</a>", ">Русский</a>"] {
        assert!(kk.contains(name), "{name}");
    }
    assert!(site.page_exists("/kk/world/school/"));
    assert!(
        !site.page_exists("/world/school/"),
        "a Kazakh article is only in its edition"
    );
    assert!(site.page_exists("/ru/world/biudzhet/"));

    // Each front page lists its own edition's articles, under its title.
    let en_front = site.page("/");
    let kk_front = site.page("/kk/");
    assert!(en_front.contains("Fuel prices rise") && !en_front.contains("Ауылда жаңа мектеп"));
    assert!(kk_front.contains("Ауылда жаңа мектеп") && kk_front.contains("Дала поштасы"));
    assert!(!kk_front.contains("Rail link opens"));
    // The Kazakh section takes its _index.kk.md title.
    assert!(site.page("/kk/world/").contains("Әлем"));

    // Files every edition shares are written once, at the root; a bundle's
    // files also beside its translation, which links them relatively.
    assert!(kk.contains("/css/site.") && !kk.contains("/kk/css/"));
    assert!(site.exists("world/fuel/pump.jpg") && site.exists("kk/world/fuel/pump.jpg"));
    assert!(kk.contains("/kk/world/fuel/pump"), "{kk}");
    assert!(!site.exists("kk/404.html") && !site.exists("kk/robots.txt"));
    let robots = site.read("robots.txt");
    for sitemap in ["/sitemap.xml", "/kk/sitemap.xml", "/ru/sitemap.xml"] {
        assert!(
            robots.contains(&format!("{}{sitemap}", common::BASE_URL)),
            "{robots}"
        );
    }
}

#[test]
fn translations_link_each_other_both_ways_in_head_sitemap_and_switcher() {
    let site = editions_site();
    site.build();
    let base = common::BASE_URL;
    let fuel_versions = vec![
        ("en".to_string(), format!("{base}/world/fuel/")),
        ("kk".to_string(), format!("{base}/kk/world/fuel/")),
        ("x-default".to_string(), format!("{base}/world/fuel/")),
    ];
    assert_eq!(alternates(&site.page("/world/fuel/")), fuel_versions);
    assert_eq!(alternates(&site.page("/kk/world/fuel/")), fuel_versions);
    // Linked by translation_key, though the paths differ.
    let budget = alternates(&site.page("/ru/world/biudzhet/"));
    assert!(
        budget.contains(&("en".into(), format!("{base}/world/budget/"))),
        "{budget:?}"
    );
    assert!(budget.contains(&("ru".into(), format!("{base}/ru/world/biudzhet/"))));
    // An article without translation has no alternates.
    assert!(alternates(&site.page("/kk/world/school/")).is_empty());

    // The switcher links the translation, else the edition's front page.
    assert_eq!(
        switcher(&site.page("/kk/world/fuel/")),
        vec![
            ("en".into(), "/world/fuel/".into(), false),
            ("kk".into(), "/kk/world/fuel/".into(), true),
            ("ru".into(), "/ru/".into(), false),
        ]
    );
    let ru_rail = switcher(&site.page("/ru/world/rail/"));
    assert_eq!(ru_rail[0].1, "/world/rail/");
    assert_eq!(ru_rail[1].1, "/kk/");

    // The sitemaps carry the same alternates, each edition's its own URLs.
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    assert!(sitemap.contains(&format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"kk\" href=\"{base}/kk/world/fuel/\"/>"
    )));
    let kk_sitemap = site.read("kk/sitemap.xml");
    assert!(kk_sitemap.contains(&format!("<loc>{base}/kk/world/fuel/</loc>")));
    assert!(kk_sitemap.contains(&format!(
        "<xhtml:link rel=\"alternate\" hreflang=\"en\" href=\"{base}/world/fuel/\"/>"
    )));
    assert!(!kk_sitemap.contains(&format!("<loc>{base}/world/")));
}

#[test]
fn feeds_taxonomies_search_and_related_stay_in_their_edition() {
    let site = editions_site();
    // Related lists: similar stories in every edition.
    for i in 0..4 {
        site.article(
            &format!("world/grain-{i}.md"),
            &format!("Grain harvest report {i}"),
            &format!("2026-10-0{} 09:00", i + 1),
            "tags: [Grain, Harvest]",
            "The grain harvest in the north was large; farmers sold grain early.",
        );
        site.article(
            &format!("world/astyq-{i}.kk.md"),
            &format!("Астық жинау есебі {i}"),
            &format!("2026-10-0{} 09:00", i + 1),
            "tags: [Астық, Егін]",
            "Солтүстікте астық жинау жақсы өтті; фермерлер астықты ерте сатты.",
        );
    }
    site.build();
    let kk_feed = site.read("kk/atom.xml");
    assert!(kk_feed.contains("Алматыда жанармай қымбаттады") && kk_feed.contains("Дала поштасы"));
    assert!(!kk_feed.contains("Fuel prices rise") && !kk_feed.contains("Открылась"));
    let ru_feed = site.read("ru/rss.xml");
    assert!(ru_feed.contains("Открылась железная дорога") && !ru_feed.contains("Rail link"));
    assert!(!site.read("atom.xml").contains("Алматыда"));

    // Terms as written in each edition, with their own pages and feeds.
    assert!(site.page("/kk/tags/").contains("Энергетика"));
    assert!(!site.page("/tags/").contains("Энергетика"));
    let kk_terms: Vec<String> = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("kk/tags/") && f.ends_with("/atom.xml"))
        .collect();
    assert!(kk_terms.len() >= 4, "{kk_terms:?}");

    // Each edition has its own search index, of its own documents.
    let kk_meta = site.read("kk/search/meta.json");
    let en_meta = site.read("search/meta.json");
    assert_ne!(kk_meta, en_meta);
    let kk_docs: String = site
        .output_files()
        .into_iter()
        .filter(|f| f.starts_with("kk/search/d/"))
        .map(|f| site.read(&f))
        .collect();
    assert!(kk_docs.contains("Ауылда жаңа мектеп") && !kk_docs.contains("Grain harvest"));

    // Related lists under a Kazakh article name Kazakh articles only.
    let page = site.page("/kk/world/astyq-0/");
    let related = page.split("related__list").nth(1).expect("a related list");
    assert!(related.contains("/kk/world/astyq-1/"), "{related}");
    assert!(!related.contains("href=\"/world/grain-"), "{related}");
}

#[test]
fn an_edition_on_its_own_host_links_there_and_to_the_site_for_shared_files() {
    let site = TestSite::with_broadsheet(
        "languages:\n  kk:\n    name: Қазақша\n    base_url: https://kk.example.com\n",
    );
    site.article("world/a.md", "A story", "2026-12-01", "", "Text.");
    site.article("world/a.kk.md", "Бір хабар", "2026-12-01", "", "Мәтін.");
    site.build();
    let kk = site.page("/kk/world/a/");
    assert!(kk.contains("<link rel=\"canonical\" href=\"https://kk.example.com/world/a/\""));
    assert!(
        kk.contains(&format!("href=\"{}/css/site.", common::BASE_URL)),
        "{kk}"
    );
    assert_eq!(
        alternates(&kk)[1],
        (
            "kk".to_string(),
            "https://kk.example.com/world/a/".to_string()
        )
    );
    assert!(
        switcher(&site.page("/world/a/"))[1]
            .1
            .starts_with("https://kk.example.com/")
    );
}

#[test]
fn mistakes_with_languages_are_explained() {
    // A language code that is no code, with the line of `languages:`.
    let site = TestSite::with_broadsheet("languages:\n  kazakh:\n    title: X\n");
    let run = site.build_with(&[]).fails();
    // with_broadsheet writes four lines before `languages:`.
    assert!(
        run.stderr.contains("site.yaml:5: `languages`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("\"kazakh\" is not a language tag (did you mean `kk`?)"),
        "{}",
        run.stderr
    );

    // A file named for an edition the site does not have: a warning.
    let site = TestSite::with_broadsheet(LANGUAGES);
    site.article("world/a.md", "A story", "2026-12-01", "", "Text.");
    site.article(
        "world/a.de.md",
        "Eine Geschichte",
        "2026-12-01",
        "",
        "Text.",
    );
    let run = site.build();
    assert!(
        run.stderr.contains("content/world/a.de.md") && run.stderr.contains("no `de` edition"),
        "{}",
        run.stderr
    );

    // Two stories of one edition with one translation key: the second is
    // not linked, and the build says so.
    site.article(
        "world/c.ru.md",
        "Третья",
        "2026-12-01",
        "translation_key: same",
        "Текст.",
    );
    site.article(
        "world/d.ru.md",
        "Четвёртая",
        "2026-12-01",
        "translation_key: same",
        "Текст.",
    );
    let run = site.build();
    assert!(
        run.stderr.contains(
            "content/world/d.ru.md: its translation key `same` is also content/world/c.ru.md's"
        ),
        "{}",
        run.stderr
    );

    // An edition that translated only some of the sections `nav` names
    // is not warned about the others.
    let site = TestSite::with_broadsheet(&format!("nav: [world, business]\n{LANGUAGES}"));
    site.article("world/a.md", "A story", "2026-12-01", "", "Text.");
    site.article("business/b.md", "B story", "2026-12-01", "", "Text.");
    site.article("world/a.kk.md", "Бір хабар", "2026-12-01", "", "Мәтін.");
    let run = site.build();
    assert!(!run.stderr.contains("`nav` names"), "{}", run.stderr);

    // A section named like an edition takes its folder: both are named.
    let site = TestSite::with_broadsheet(LANGUAGES);
    site.article("kk/index-page.md", "Clash", "2026-12-01", "", "Text.");
    site.article("world/b.kk.md", "Бір", "2026-12-01", "", "Мәтін.");
    site.raw("_index.kk.md", "---\ntitle: Басты бет\n---\n");
    site.raw("kk/_index.md", "---\ntitle: KK section\n---\n");
    let run = site.build_with(&[]).fails();
    assert!(
        run.stderr.contains("content/kk/index-page.md: the path /kk/index-page/ is in the folder of the `kk` edition"),
        "{}",
        run.stderr
    );
}

#[test]
fn serve_rebuilds_editions_like_a_full_build() {
    let site = editions_site();
    let options = BuildOptions::new(site.root());
    let out = site.top().join("full");
    let (mut session, first) = Session::new(options.clone());
    first.expect("first build");
    assert_same(&session, &full_build(&options, &out), "the first build");

    // A body edit of a translation, then a new translation of a story.
    site.article(
        "world/fuel/index.kk.md",
        "Алматыда жанармай қымбаттады",
        "2026-12-01 09:00",
        "tags: [Энергетика, Алматы]",
        "Жаңа мәтін: баға тағы өсті. ![Бекет](pump.jpg)",
    );
    let changed = [site.path("content/world/fuel/index.kk.md")];
    assert!(
        session
            .preview(&session.renderers().unwrap(), &changed)
            .is_some()
    );
    // The quick preview parses the file as the build does: a Kazakh
    // bundle's photo is the one beside the Kazakh page.
    let preview =
        String::from_utf8_lossy(&session.files()["kk/world/fuel/index.html"]).into_owned();
    assert!(
        preview.contains("Жаңа мәтін") && preview.contains("/kk/world/fuel/pump"),
        "{preview}"
    );
    session.rebuild(&changed).expect("rebuild");
    assert!(
        String::from_utf8_lossy(&session.files()["kk/world/fuel/index.html"])
            .contains("Жаңа мәтін")
    );
    assert_same(&session, &full_build(&options, &out), "a Kazakh body edit");

    site.article(
        "world/school.md",
        "A new village school opens",
        "2026-11-25 08:00",
        "",
        "The school took three hundred pupils.",
    );
    session
        .rebuild(&[site.path("content/world/school.md")])
        .expect("rebuild");
    let kk_school =
        String::from_utf8_lossy(&session.files()["kk/world/school/index.html"]).into_owned();
    assert!(
        kk_school.contains("hreflang=\"en\""),
        "the new translation is linked"
    );
    assert_same(
        &session,
        &full_build(&options, &out),
        "a new English translation",
    );
}

#[test]
fn new_writes_articles_and_translation_drafts_in_an_edition() {
    let site = editions_site();
    let run = site
        .run(&[
            "new",
            "--lang",
            "kk",
            "Жаңа көпір салынды",
            "--section",
            "world",
        ])
        .ok();
    let path = run.stdout.trim().to_string();
    assert!(
        path.ends_with("content/world/zhanga-kopir-salyndy.kk.md"),
        "{path}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("draft: true")
    );

    let run = site
        .run(&[
            "new",
            "--lang",
            "ru",
            "--translate",
            "content/world/fuel/index.md",
            "Цены на бензин растут",
        ])
        .ok();
    let path = run.stdout.trim().to_string();
    assert!(path.ends_with("content/world/fuel/index.ru.md"), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("title: \"Цены на бензин растут\""), "{text}");
    assert!(
        text.contains("date: \"2026-12-01 09:00\"") || text.contains("date: 2026-12-01 09:00"),
        "{text}"
    );
    assert!(
        text.contains("draft: true") && text.contains("Petrol prices rose"),
        "{text}"
    );
    // Drafts stay out until the translator removes the mark.
    site.build();
    assert!(!site.page_exists("/ru/world/fuel/"));
    site.write(
        &path.replace(&format!("{}/", site.root().display()), ""),
        &text.replace("draft: true\n", ""),
    );
    site.build();
    assert!(
        site.page("/ru/world/fuel/")
            .contains("Цены на бензин растут")
    );
    assert_eq!(
        alternates(&site.page("/world/fuel/")).len(),
        4,
        "en, kk, ru and x-default"
    );

    // Never over an existing file, and only into an edition the site has.
    let again = site
        .run(&[
            "new",
            "--lang",
            "ru",
            "--translate",
            "content/world/fuel/index.md",
        ])
        .fails();
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    let unknown = site.run(&["new", "--lang", "de", "Ein Titel"]).fails();
    assert!(
        unknown.stderr.contains("no edition in \"de\""),
        "{}",
        unknown.stderr
    );
}
