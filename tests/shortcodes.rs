//! Issue 27, embeds and shortcodes: every built-in shortcode in Hugo's and
//! Zola's syntax, privacy-preserving facades (no third-party URL loaded by
//! the page), site shortcode templates, unknown calls shown as text with a
//! warning at their line, code left alone, other tools' template code left
//! as text, and the iframe host allow-list.

use crate::common;

use common::*;

/// An article at `content/news/<name>.md` whose body starts on file line 5.
fn article(site: &TestSite, name: &str, body: &str) {
    site.raw(
        &format!("news/{name}.md"),
        &format!("---\ntitle: {name}\ndate: 2024-05-01\n---\n{body}\n"),
    );
}

/// The file line (from 1) of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// The first `<figure ...>...</figure>` of an article page.
fn first_figure(page: &str) -> String {
    let start = page.find("<figure").expect("a figure");
    let end = page[start..].find("</figure>").unwrap() + start + "</figure>".len();
    page[start..end].to_string()
}

/// Built-in calls in Hugo's and Zola's syntax, and what the HTML must hold.
const CALLS: &[(&str, &str, &str, &[&str])] = &[
    (
        "youtube",
        "{{< youtube dQw4w9WgXcQ >}}",
        "{{ youtube(id=\"dQw4w9WgXcQ\") }}",
        &[
            "class=\"embed embed--video embed--youtube\"",
            "data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\"",
            "href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\"",
            "Loads content from youtube-nocookie.com when you click",
        ],
    ),
    (
        "vimeo",
        "{{< vimeo 146022717 >}}",
        "{{ vimeo(id=\"146022717\") }}",
        &[
            "data-embed-src=\"https://player.vimeo.com/video/146022717?dnt=1&amp;autoplay=1\"",
            "href=\"https://vimeo.com/146022717\"",
        ],
    ),
    (
        "x",
        "{{< x user=\"SanDiegoZoo\" id=\"1453110110599868418\" >}}",
        "{{ x(user=\"SanDiegoZoo\", id=\"1453110110599868418\") }}",
        &[
            "data-embed-src=\"https://platform.twitter.com/embed/Tweet.html?id=1453110110599868418&amp;dnt=true\"",
            "href=\"https://x.com/SanDiegoZoo/status/1453110110599868418\"",
            "View post by @SanDiegoZoo on X",
        ],
    ),
    (
        "twitter",
        "{{< twitter SanDiegoZoo 1453110110599868418 >}}",
        "{{ twitter(user=\"SanDiegoZoo\", id=\"1453110110599868418\") }}",
        &[
            "data-embed-src=\"https://platform.twitter.com/embed/Tweet.html?id=1453110110599868418&amp;dnt=true\"",
        ],
    ),
    (
        "bluesky",
        "{{< bluesky \"https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l\" >}}",
        "{{ bluesky(url=\"https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l\") }}",
        &[
            "data-embed-src=\"https://embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l\"",
            "href=\"https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l\"",
        ],
    ),
    (
        "mastodon",
        "{{< mastodon \"https://mastodon.social/@Gargron/109612804144478016\" >}}",
        "{{ mastodon(url=\"https://mastodon.social/@Gargron/109612804144478016\") }}",
        &["data-embed-src=\"https://mastodon.social/@Gargron/109612804144478016/embed\""],
    ),
    (
        "instagram",
        "{{< instagram CxOWiQNP2MO >}}",
        "{{ instagram(id=\"CxOWiQNP2MO\") }}",
        &[
            "data-embed-src=\"https://www.instagram.com/p/CxOWiQNP2MO/embed/captioned/\"",
            "href=\"https://www.instagram.com/p/CxOWiQNP2MO/\"",
        ],
    ),
    (
        "tiktok",
        "{{< tiktok \"https://www.tiktok.com/@scout2015/video/6718335390845095173\" >}}",
        "{{ tiktok(url=\"https://www.tiktok.com/@scout2015/video/6718335390845095173\") }}",
        &[
            "class=\"embed embed--tall embed--tiktok\"",
            "data-embed-src=\"https://www.tiktok.com/player/v1/6718335390845095173?autoplay=1\"",
            "href=\"https://www.tiktok.com/@scout2015/video/6718335390845095173\"",
        ],
    ),
    (
        "figure",
        "{{< figure src=\"crowd.jpg\" alt=\"A crowd\" caption=\"The square at *noon*\" credit=\"A. Photographer\" >}}",
        "{{ figure(src=\"crowd.jpg\", alt=\"A crowd\", caption=\"The square at *noon*\", credit=\"A. Photographer\") }}",
        &[
            "<figure class=\"figure\"><img src=\"/news/crowd.jpg\" alt=\"A crowd\" loading=\"lazy\" decoding=\"async\">\
             <figcaption>The square at <em>noon</em> <span class=\"credit\">A. Photographer</span></figcaption></figure>",
        ],
    ),
    (
        "audio",
        "{{< audio src=\"/media/interview.mp3\" caption=\"The interview\" >}}",
        "{{ audio(src=\"/media/interview.mp3\", caption=\"The interview\") }}",
        &[
            "<audio controls preload=\"none\" src=\"/media/interview.mp3\"><a href=\"/media/interview.mp3\">Download the audio</a></audio><figcaption>The interview</figcaption>",
        ],
    ),
    (
        "video",
        "{{< video src=\"clip.mp4\" poster=\"clip.jpg\" >}}",
        "{{ video(src=\"clip.mp4\", poster=\"clip.jpg\") }}",
        &[
            "<video controls preload=\"none\" src=\"/news/clip.mp4\" playsinline poster=\"/news/clip.jpg\">",
        ],
    ),
    (
        "iframe",
        "{{< iframe src=\"https://datawrapper.dwcdn.net/AbC12/1/\" title=\"Poll of polls\" >}}",
        "{{ iframe(src=\"https://datawrapper.dwcdn.net/AbC12/1/\", title=\"Poll of polls\") }}",
        &[
            "class=\"embed embed--post embed--iframe\" data-embed-src=\"https://datawrapper.dwcdn.net/AbC12/1/\" data-embed-title=\"Poll of polls\" data-embed-height=\"480\"",
            "Show: Poll of polls",
        ],
    ),
];

#[test]
fn every_built_in_gives_the_same_html_in_hugo_and_zola_syntax() {
    let site = TestSite::new("");
    for (name, hugo, zola, _) in CALLS {
        article(
            &site,
            &format!("{name}-hugo"),
            &format!("Before.\n\n{hugo}\n\nAfter."),
        );
        article(
            &site,
            &format!("{name}-zola"),
            &format!("Before.\n\n{zola}\n\nAfter."),
        );
    }
    let run = site.build();
    assert!(
        !run.stderr.contains("shortcode") && !run.stderr.contains("template code"),
        "{}",
        run.stderr
    );
    for (name, _, _, expected) in CALLS {
        let hugo = site.page(&format!("/news/{name}-hugo/"));
        let zola = site.page(&format!("/news/{name}-zola/"));
        let figure = first_figure(&hugo);
        assert_eq!(figure, first_figure(&zola), "{name}");
        for e in *expected {
            assert!(figure.contains(e), "{name}: {e}\n{figure}");
        }
        // The HTML block is left alone by Markdown, the text around it is not.
        assert!(
            hugo.contains("<p>Before.</p>") && hugo.contains("<p>After.</p>"),
            "{hugo}"
        );
        // Nothing is loaded from another site: no iframe, script or image
        // pointing elsewhere, until a click.
        for tag in [
            "<iframe",
            "<script src=\"http",
            " src=\"https://",
            " src=\"//",
        ] {
            assert!(!figure.contains(tag), "{name}: {tag}\n{figure}");
        }
    }
}

#[test]
fn other_forms_hugo_markdown_self_closed_bodies_and_escapes() {
    let site = TestSite::new("");
    let body = "{{% youtube id=\"dQw4w9WgXcQ\" start=90 %}}\n\n\
                {{< figure src=\"a.jpg\" alt=\"A\" />}}\n\n\
                {% figure(src=\"b.jpg\", alt=\"B\") %}\nA caption with a [link](https://example.org/).\n{% end %}\n\n\
                {{< x id=\"20\" >}}just setting up my twttr{{< /x >}}\n\n\
                Shown as text: {{</* youtube dQw4w9WgXcQ */>}} and {{/* vimeo(id=\"1\") */}}.";
    article(&site, "forms", body);
    let run = site.build();
    assert!(!run.stderr.contains("shortcode"), "{}", run.stderr);
    let p = site.page("/news/forms/");
    assert!(
        p.contains("youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;start=90"),
        "{p}"
    );
    assert!(p.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;t=90s\""));
    assert!(p.contains("<img src=\"/news/a.jpg\" alt=\"A\""));
    assert!(p.contains(
        "<img src=\"/news/b.jpg\" alt=\"B\" loading=\"lazy\" decoding=\"async\"><figcaption>A caption with a <a href=\"https://example.org/\">link</a>.</figcaption>"
    ), "{p}");
    // A post's text given in the body is quoted in the facade.
    assert!(
        p.contains("<span class=\"embed__quote\">just setting up my twttr</span>"),
        "{p}"
    );
    assert!(
        p.contains("Shown as text: {{&lt; youtube dQw4w9WgXcQ &gt;}} and {{ vimeo(id=“1”) }}."),
        "{p}"
    );
}

#[test]
fn unknown_shortcodes_warn_at_their_line_and_stay_visible() {
    let site = TestSite::new("");
    let body =
        "Intro.\n\n{{< gallery dir=\"photos\" >}}\n\nMore.\n\nA chart: {{ chart(id=\"3\") }}\n";
    article(&site, "unknown", body);
    let run = site.build();
    let file = format!("---\ntitle: unknown\ndate: 2024-05-01\n---\n{body}");
    run.stderr_has(&format!(
        "warning: content/news/unknown.md:{}: unknown shortcode `gallery` shown as text",
        line_of(&file, "gallery")
    ));
    run.stderr_has(&format!(
        "warning: content/news/unknown.md:{}: unknown shortcode `chart` shown as text",
        line_of(&file, "chart")
    ));
    run.stderr_has("templates/shortcodes/gallery.html");
    // Not counted again as other tools' template code.
    assert!(
        !run.stderr.contains("template code shown as text"),
        "{}",
        run.stderr
    );
    let p = site.page("/news/unknown/");
    assert!(p.contains("{{&lt; gallery dir=“photos” &gt;}}"), "{p}");
    assert!(p.contains("A chart: {{ chart(id=“3”) }}"), "{p}");
}

#[test]
fn shortcodes_in_code_are_left_alone() {
    let site = TestSite::new("");
    let body = "Inline `{{< youtube dQw4w9WgXcQ >}}` code.\n\n\
                ```markdown\n{{< youtube dQw4w9WgXcQ >}}\n{{ vimeo(id=\"1\") }}\n```\n\n    \
                {{< instagram CxOWiQNP2MO >}}\n\n\
                - A list\n\n  ```\n  {% note() %}x{% end %}\n  ```\n";
    article(&site, "code", body);
    let run = site.build();
    assert!(
        !run.stderr.contains("shortcode") && !run.stderr.contains("template code"),
        "{}",
        run.stderr
    );
    let p = site.page("/news/code/");
    assert!(!p.contains("data-embed-src"), "{p}");
    assert!(
        p.contains("<code>{{&lt; youtube dQw4w9WgXcQ &gt;}}</code>"),
        "{p}"
    );
    assert!(p.contains("{{&lt; instagram CxOWiQNP2MO &gt;}}"), "{p}");
    assert!(p.contains("{% note() %}x{% end %}"), "{p}");
}

#[test]
fn template_code_that_is_no_call_stays_text() {
    let site = TestSite::new("");
    let body =
        "Hello {{ page.title }} and {{ site.data.x | upcase }}.\n\n{% include figure.html %}\n";
    article(&site, "liquid", body);
    let run = site.build();
    run.stderr_has("warning: content/news/liquid.md:5: template code shown as text: 3 places");
    assert!(!run.stderr.contains("shortcode `"), "{}", run.stderr);
    let p = site.page("/news/liquid/");
    assert!(
        p.contains("Hello {{ page.title }} and {{ site.data.x | upcase }}."),
        "{p}"
    );
    assert!(p.contains("{% include figure.html %}"), "{p}");
}

#[test]
fn site_shortcodes_are_tera_templates_with_arguments_and_body() {
    let site = TestSite::new("");
    site.write(
        "templates/shortcodes/note.html",
        "<aside class=\"note note--{{ kind | default(value=\"info\") }}\" data-nth=\"{{ nth }}\">{{ body | markdown | safe }}</aside>",
    );
    site.write(
        "templates/shortcodes/pull.html",
        "<q class=\"pull\">{{ args[0] }}</q>",
    );
    // A site template replaces the built-in of the same name.
    site.write(
        "templates/shortcodes/vimeo.html",
        "<p class=\"own-vimeo\">Vimeo {{ id }}</p>",
    );
    let body = "{{< note kind=\"warn\" >}}\n**Careful** here.\n{{< /note >}}\n\n\
                {% note() %}\nSecond, with {{ youtube(id=\"dQw4w9WgXcQ\") }} inside.\n{% end %}\n\n\
                {{< pull \"A quote & more\" >}}\n\n{{ vimeo(id=\"7\") }}\n";
    article(&site, "own", body);
    let run = site.build();
    assert!(!run.stderr.contains("shortcode"), "{}", run.stderr);
    let p = site.page("/news/own/");
    assert!(
        p.contains(
            "<aside class=\"note note--warn\" data-nth=\"1\"><p><strong>Careful</strong> here.</p>"
        ),
        "{p}"
    );
    assert!(p.contains("<aside class=\"note note--info\" data-nth=\"2\"><p>Second, with <figure class=\"embed embed--video embed--youtube\""), "{p}");
    assert!(p.contains("<div class=\"shortcode shortcode--pull\"><q class=\"pull\">A quote &amp; more</q></div>"), "{p}");
    assert!(p.contains("<p class=\"own-vimeo\">Vimeo 7</p>"), "{p}");

    // Editing a template re-renders the pages calling it.
    site.write(
        "templates/shortcodes/pull.html",
        "<q class=\"pull2\">{{ args[0] }}</q>",
    );
    site.build();
    assert!(site.page("/news/own/").contains("class=\"pull2\""));
}

#[test]
fn a_failing_site_shortcode_is_an_error_naming_both_files() {
    let site = TestSite::new("");
    site.write("templates/shortcodes/box.html", "<div>{{ missing }}</div>");
    article(&site, "box", "Text.\n\n{{< box >}}\n");
    let run = site.build_with(&[]).fails();
    run.stderr_has(
        "error: content/news/box.md:7: shortcode `box` failed in templates/shortcodes/box.html:1",
    );
    site.write("templates/shortcodes/box.html", "<div>{% if %}</div>");
    let run = site.build_with(&[]).fails();
    run.stderr_has("templates/shortcodes/box.html:1: shortcode template error");
}

#[test]
fn iframes_from_hosts_not_allowed_are_errors_at_their_line() {
    let site = TestSite::new("");
    article(
        &site,
        "chart",
        "Text.\n\n{{< iframe src=\"https://charts.example.net/c/1\" title=\"Chart\" >}}\n",
    );
    let run = site.build_with(&[]).fails();
    run.stderr_has("error: content/news/chart.md:7: iframe host charts.example.net is not allowed");
    run.stderr_has("`embeds: iframe_hosts:` in site.yaml");
    site.config("embeds:\n  iframe_hosts: [charts.example.net]\n");
    site.build();
    let p = site.page("/news/chart/");
    assert!(
        p.contains("data-embed-src=\"https://charts.example.net/c/1\""),
        "{p}"
    );
}

#[test]
fn bad_arguments_are_errors_and_typos_warnings() {
    let site = TestSite::new("");
    article(&site, "bad", "{{< youtube \"not an id\" >}}\n");
    site.build_with(&[])
        .fails()
        .stderr_has("error: content/news/bad.md:5: `youtube` id \"not an id\" is not valid");
    article(
        &site,
        "bad",
        "{{< youtube id=\"dQw4w9WgXcQ\" autoplya=true >}}\n",
    );
    site.build()
        .stderr_has("warning: content/news/bad.md:5: shortcode `youtube` does not use `autoplya`");
    article(&site, "bad", "{{ youtube(id=dQw4w9WgXcQ) }}\n");
    site.build()
        .stderr_has("warning: content/news/bad.md:5: shortcode call shown as text: value \"dQw4w9WgXcQ\" must be quoted");
}

#[test]
fn later_lines_keep_their_numbers_after_an_expansion() {
    let site = TestSite::new("");
    let body = "{{< figure\n  src=\"a.jpg\"\n  alt=\"A\"\n>}}\n\n{{< youtube dQw4w9WgXcQ >}}\n\n```nosuchlang\nx\n```\n\n{{< nosuch >}}\n";
    article(&site, "lines", body);
    let run = site.build();
    let file = format!("---\ntitle: lines\ndate: 2024-05-01\n---\n{body}");
    run.stderr_has(&format!(
        "content/news/lines.md:{}",
        line_of(&file, "```nosuchlang")
    ));
    run.stderr_has(&format!(
        "warning: content/news/lines.md:{}: unknown shortcode `nosuch`",
        line_of(&file, "nosuch >}}")
    ));
    // `gazette check` sees the figure's image, at the call's line.
    let check = site.run(&["check"]);
    assert!(
        check.stderr.contains("a.jpg") || check.stdout.contains("a.jpg"),
        "{}{}",
        check.stdout,
        check.stderr
    );
}

#[test]
fn the_theme_loads_its_embed_script_only_where_there_are_embeds() {
    let site = TestSite::with_broadsheet("");
    article(&site, "with", "{{< youtube dQw4w9WgXcQ >}}\n");
    article(&site, "without", "Plain text.\n");
    site.build();
    let with = site.page("/news/with/");
    let script = with
        .split("<script src=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a script");
    assert!(
        script.starts_with("/js/embeds.") && script.ends_with(".js"),
        "{script}"
    );
    let js = site.read(script.trim_start_matches('/'));
    assert!(
        js.contains("data-embed-src") && !js.contains("http"),
        "{js}"
    );
    assert!(!site.page("/news/without/").contains("embeds."));
}

/// `serve` parses again the articles of a changed shortcode template: the
/// served page shows the new output without the article being touched.
#[test]
fn serve_rebuilds_pages_when_a_shortcode_template_changes() {
    use gazette::BuildOptions;
    use gazette::serve::session::Session;

    let site = TestSite::new("");
    site.write(
        "templates/shortcodes/pull.html",
        "<q class=\"one\">{{ args[0] }}</q>",
    );
    article(&site, "pull", "{{< pull \"Said\" >}}\n");
    let options = BuildOptions::new(site.root());
    let (mut session, first) = Session::new(options);
    first.unwrap();
    let served = |session: &Session| {
        let bytes = session
            .files()
            .iter()
            .find(|(k, _)| k.contains("news/pull/") && k.ends_with("index.html"))
            .map(|(_, v)| v.clone())
            .expect("the article is served");
        String::from_utf8(bytes.to_vec()).unwrap()
    };
    assert!(served(&session).contains("<q class=\"one\">Said</q>"));
    let template = site.path("templates/shortcodes/pull.html");
    std::fs::write(&template, "<q class=\"two\">{{ args[0] }}</q>").unwrap();
    session.rebuild(std::slice::from_ref(&template)).unwrap();
    assert!(
        served(&session).contains("<q class=\"two\">Said</q>"),
        "{}",
        served(&session)
    );
}
