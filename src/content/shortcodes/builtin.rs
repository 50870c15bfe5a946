//! The built-in shortcodes: video and social embeds, figures, audio,
//! video files and allow-listed iframes.
//!
//! Every third-party embed is a *facade*: a plain link to the post or video
//! on its platform, inside a `<figure data-embed-src="...">` that names the
//! player to load. Nothing is fetched from the platform until the reader
//! clicks (no script, no thumbnail, no font); without JavaScript the link
//! simply opens the platform's page. The theme's `js/embeds.js` swaps the
//! link for an `<iframe>` of the player on click. Players are the
//! privacy-enhanced ones where the platform has one: YouTube's
//! `youtube-nocookie.com`, Vimeo's and X's `dnt` ("do not track") options.
//!
//! Nothing here touches the network: a build gives the same HTML whatever
//! the platforms do, and a platform changing its API cannot break a build
//! (only, at worst, its player after a click).
//!
//! Output is one line of HTML starting with `<figure`, which Markdown takes
//! as an HTML block and leaves alone.

use std::fmt::Write;

use serde_json::Value;

use super::parse::Args;
use crate::content::markdown;

/// Names of the built-in shortcodes. A site's own template of the same
/// name replaces the built-in one.
pub const NAMES: &[&str] = &[
    "youtube",
    "vimeo",
    "x",
    "twitter",
    "tweet",
    "bluesky",
    "mastodon",
    "instagram",
    "tiktok",
    "figure",
    "audio",
    "video",
    "iframe",
];

/// What a call needs besides its arguments.
pub struct Call<'a> {
    pub args: &'a Args,
    /// The text between a paired call's tags, as written (Markdown).
    pub body: Option<&'a str>,
    /// URL folder that relative `src` paths resolve against (`/world/`).
    pub asset_base: &'a str,
    /// Hosts `iframe` may load.
    pub iframe_hosts: &'a [String],
}

/// A built-in's HTML, the files it points to (for `gazette check`) and the
/// arguments it did not use (a typo, usually).
#[derive(Debug, Default)]
pub struct Built {
    pub html: String,
    pub files: Vec<String>,
    pub unused: Vec<String>,
}

/// Why a call cannot be rendered, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub help: String,
}

fn refuse(message: impl Into<String>, help: impl Into<String>) -> Refusal {
    Refusal {
        message: message.into(),
        help: help.into(),
    }
}

/// Renders built-in shortcode `name`; none when there is no such built-in.
pub fn render(name: &str, call: &Call<'_>) -> Option<Result<Built, Refusal>> {
    let (result, accepted): (Result<String, Refusal>, &[&str]) = match name {
        "youtube" => (
            youtube(call),
            &[
                "id", "start", "title", "caption", "autoplay", "class", "loading",
            ],
        ),
        "vimeo" => (vimeo(call), &["id", "hash", "title", "caption", "class"]),
        "x" | "twitter" | "tweet" => (
            x_post(call),
            &["id", "user", "url", "title", "caption", "text", "height"],
        ),
        "bluesky" => (
            bluesky(call),
            &["url", "user", "id", "title", "caption", "text", "height"],
        ),
        "mastodon" => (
            mastodon(call),
            &["url", "title", "caption", "text", "height"],
        ),
        "instagram" => (
            instagram(call),
            &[
                "id",
                "url",
                "title",
                "caption",
                "text",
                "height",
                "hidecaption",
            ],
        ),
        "tiktok" => (
            tiktok(call),
            &["id", "url", "user", "title", "caption", "text"],
        ),
        "iframe" => (iframe(call), &["src", "title", "caption", "height"]),
        "figure" => {
            return Some(figure(call).map(|(html, src)| Built {
                html,
                files: vec![src],
                unused: unused(call.args, FIGURE_ARGS),
            }));
        }
        "audio" | "video" => {
            return Some(media(name, call).map(|(html, files)| Built {
                html,
                files,
                unused: unused(call.args, MEDIA_ARGS),
            }));
        }
        _ => return None,
    };
    Some(result.map(|html| Built {
        html,
        files: Vec::new(),
        unused: unused(call.args, accepted),
    }))
}

const FIGURE_ARGS: &[&str] = &[
    "src",
    "alt",
    "caption",
    "credit",
    "attr",
    "attrlink",
    "credit_link",
    "link",
    "target",
    "rel",
    "title",
    "width",
    "height",
    "class",
    "loading",
];
const MEDIA_ARGS: &[&str] = &[
    "src", "caption", "credit", "poster", "width", "height", "title", "loop", "muted",
];

/// Named arguments no built-in reads, and positional ones past the first two.
fn unused(args: &Args, accepted: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = args
        .named
        .iter()
        .filter(|(k, _)| !accepted.contains(&k.as_str()))
        .map(|(k, _)| format!("`{k}`"))
        .collect();
    if args.positional.len() > 2 {
        out.push(format!("{} positional arguments", args.positional.len()));
    }
    out
}

/// An argument as text: strings as written, numbers and booleans printed.
fn text(args: &Args, key: &str, index: Option<usize>) -> Option<String> {
    match args.get(key, index)? {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// What kind of box a facade is, which sets its shape.
#[derive(Clone, Copy)]
enum Shape {
    /// 16:9 video player.
    Wide,
    /// 9:16 phone video player.
    Tall,
    /// A social post or other document of a fixed height.
    Post(u32),
}

/// A click-to-load embed.
struct Facade<'a> {
    platform: &'a str,
    shape: Shape,
    /// The player or embed URL loaded on click.
    player: String,
    /// The post or video on its platform: the no-JavaScript link.
    link: String,
    /// The link text ("Play video on YouTube").
    label: String,
    /// The third-party host the click contacts, said beside the link.
    host: String,
    /// The iframe's accessible name.
    title: String,
    /// A quote of the post shown before the click, given by the author.
    quote: Option<String>,
    caption_html: Option<String>,
}

fn facade(f: Facade<'_>) -> String {
    let (shape, height) = match f.shape {
        Shape::Wide => ("video", None),
        Shape::Tall => ("tall", None),
        Shape::Post(h) => ("post", Some(h)),
    };
    let mut html = String::with_capacity(512);
    let _ = write!(
        html,
        "<figure class=\"embed embed--{shape} embed--{}\" data-embed-src=\"{}\" data-embed-title=\"{}\"",
        f.platform,
        esc(&f.player),
        esc(&f.title)
    );
    if let Some(h) = height {
        let _ = write!(html, " data-embed-height=\"{h}\"");
    }
    let _ = write!(
        html,
        "><a class=\"embed__facade\" href=\"{}\"><span class=\"embed__button\" aria-hidden=\"true\"></span>\
         <span class=\"embed__label\">{}</span>",
        esc(&f.link),
        esc(&f.label)
    );
    if let Some(q) = &f.quote {
        let _ = write!(html, "<span class=\"embed__quote\">{}</span>", esc(q));
    }
    let _ = write!(
        html,
        "<span class=\"embed__note\">Loads content from {} when you click</span></a>",
        esc(&f.host)
    );
    if let Some(c) = &f.caption_html {
        let _ = write!(html, "<figcaption>{c}</figcaption>");
    }
    html.push_str("</figure>");
    html
}

/// A caption from the `caption` argument, else the body: Markdown made
/// inline HTML.
fn caption(call: &Call<'_>) -> Option<String> {
    let written = text(call.args, "caption", None).or_else(|| {
        call.body
            .map(str::trim)
            .filter(|b| !b.is_empty())
            .map(str::to_string)
    })?;
    Some(inline_markdown(&written))
}

/// A social post's quote: the `text` argument, else the body, as plain text.
fn quote(call: &Call<'_>) -> Option<String> {
    text(call.args, "text", None).or_else(|| {
        call.body
            .map(|b| b.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|b| !b.is_empty())
    })
}

/// Markdown rendered as HTML without the paragraph around a single one.
pub fn inline_markdown(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(md, markdown::options()),
    );
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.replace('\n', " "),
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let _ = pulldown_cmark_escape::escape_html(&mut out, s);
    out
}

/// `value` if every character passes `ok`, else a refusal saying what an
/// id looks like.
fn checked_id(
    value: Option<String>,
    shortcode: &str,
    what: &str,
    ok: fn(char) -> bool,
) -> Result<String, Refusal> {
    let help = format!(
        "write `{{{{< {shortcode} ID >}}}}` or `{{{{ {shortcode}(id=\"ID\") }}}}` with {what}"
    );
    match value {
        None => Err(refuse(
            format!("`{shortcode}` needs the id of the post or video"),
            help,
        )),
        Some(v) if !v.is_empty() && v.len() <= 100 && v.chars().all(ok) => Ok(v),
        Some(v) => Err(refuse(format!("`{shortcode}` id {v:?} is not valid"), help)),
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// The part of `url` after `prefix` (ignoring `http`/`https`, `www.`),
/// split on `/`, without a query or fragment.
fn url_parts<'u>(url: &'u str, hosts: &[&str]) -> Option<Vec<&'u str>> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let rest = rest.split(['?', '#']).next().unwrap_or("");
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.strip_prefix("www.").unwrap_or(host);
    hosts
        .contains(&host)
        .then(|| path.split('/').filter(|p| !p.is_empty()).collect())
}

fn youtube(call: &Call<'_>) -> Result<String, Refusal> {
    let written = text(call.args, "id", Some(0));
    // A pasted address: youtu.be/ID, youtube.com/watch?v=ID, /shorts/ID.
    let id = written.map(|w| {
        if let Some(v) = w.split(['?', '&']).find_map(|p| p.strip_prefix("v=")) {
            v.to_string()
        } else if w.contains('/') {
            w.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or("")
                .split('?')
                .next()
                .unwrap_or("")
                .to_string()
        } else {
            w
        }
    });
    let id = checked_id(
        id,
        "youtube",
        "the 11-character video id (letters, digits, - and _)",
        is_word_char,
    )?;
    let start = text(call.args, "start", None)
        .and_then(|s| s.parse::<u32>().ok())
        .filter(|s| *s > 0);
    let (player_start, link_start) = match start {
        Some(s) => (format!("&start={s}"), format!("&t={s}s")),
        None => (String::new(), String::new()),
    };
    let title = text(call.args, "title", None).unwrap_or_else(|| "YouTube video".into());
    Ok(facade(Facade {
        platform: "youtube",
        shape: Shape::Wide,
        player: format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1{player_start}"),
        link: format!("https://www.youtube.com/watch?v={id}{link_start}"),
        label: format!("Play video: {title}"),
        host: "youtube-nocookie.com".into(),
        title,
        quote: None,
        caption_html: caption(call),
    }))
}

fn vimeo(call: &Call<'_>) -> Result<String, Refusal> {
    let written = text(call.args, "id", Some(0)).map(|w| {
        w.trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string()
    });
    let id = checked_id(written, "vimeo", "the video's number", |c| {
        c.is_ascii_digit()
    })?;
    // Unlisted videos need their hash (`h=`).
    let hash = text(call.args, "hash", None)
        .filter(|h| h.chars().all(|c| c.is_ascii_alphanumeric()))
        .map(|h| format!("&h={h}"))
        .unwrap_or_default();
    let title = text(call.args, "title", None).unwrap_or_else(|| "Vimeo video".into());
    Ok(facade(Facade {
        platform: "vimeo",
        shape: Shape::Wide,
        player: format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1{hash}"),
        link: format!("https://vimeo.com/{id}"),
        label: format!("Play video: {title}"),
        host: "player.vimeo.com".into(),
        title,
        quote: None,
        caption_html: caption(call),
    }))
}

/// The height of a post's frame: `height` or the platform's usual one.
fn post_height(call: &Call<'_>, usual: u32) -> u32 {
    text(call.args, "height", None)
        .and_then(|h| h.trim_end_matches("px").parse::<u32>().ok())
        .map_or(usual, |h| h.clamp(100, 2000))
}

fn x_post(call: &Call<'_>) -> Result<String, Refusal> {
    let args = call.args;
    // `x user id`, `x id`, `x url` (x.com or twitter.com/user/status/id).
    let (mut user, mut id) = match args.positional.len() {
        2 => (text(args, "", Some(0)), text(args, "", Some(1))),
        _ => (None, text(args, "", Some(0))),
    };
    user = text(args, "user", None).or(user);
    id = text(args, "id", None).or(id);
    if let Some(url) = text(args, "url", None).or_else(|| id.clone().filter(|i| i.contains('/'))) {
        match url_parts(&url, &["x.com", "twitter.com", "mobile.twitter.com"]).as_deref() {
            Some([u, "status", i, ..]) => {
                user = Some(u.to_string());
                id = Some(i.to_string());
            }
            _ => {
                return Err(refuse(
                    format!("{url:?} is not the address of a post on X"),
                    "give the post's address, like https://x.com/user/status/1234567890, or its id",
                ));
            }
        }
    }
    let id = checked_id(id, "x", "the post's number", |c| c.is_ascii_digit())?;
    let user = user.filter(|u| u.chars().all(is_word_char));
    let link = match &user {
        Some(u) => format!("https://x.com/{u}/status/{id}"),
        None => format!("https://x.com/i/web/status/{id}"),
    };
    let by = user
        .as_ref()
        .map(|u| format!(" by @{u}"))
        .unwrap_or_default();
    Ok(facade(Facade {
        platform: "x",
        shape: Shape::Post(post_height(call, 560)),
        player: format!("https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true"),
        link,
        label: format!("View post{by} on X"),
        host: "platform.twitter.com".into(),
        title: text(args, "title", None).unwrap_or_else(|| format!("Post{by} on X")),
        quote: quote(call),
        caption_html: caption(call).filter(|_| text(args, "caption", None).is_some()),
    }))
}

fn bluesky(call: &Call<'_>) -> Result<String, Refusal> {
    let args = call.args;
    let (mut user, mut id) = match args.positional.len() {
        2 => (text(args, "", Some(0)), text(args, "", Some(1))),
        _ => (None, None),
    };
    user = text(args, "user", None).or(user);
    id = text(args, "id", None).or(id);
    let help =
        "give the post's address, like https://bsky.app/profile/name.bsky.social/post/3kabc…";
    if let Some(url) = text(args, "url", Some(0)).filter(|u| u.contains('/')) {
        match url_parts(&url, &["bsky.app"]).as_deref() {
            Some(["profile", u, "post", i, ..]) => {
                user = Some(u.to_string());
                id = Some(i.to_string());
            }
            _ => {
                return Err(refuse(
                    format!("{url:?} is not the address of a Bluesky post"),
                    help,
                ));
            }
        }
    }
    let (Some(user), Some(id)) = (user, id) else {
        return Err(refuse("`bluesky` needs the post's address", help));
    };
    let handle_ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_');
    if !user.chars().all(handle_ok) || !id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(refuse(
            format!("Bluesky post {user}/{id} is not a valid address"),
            help,
        ));
    }
    Ok(facade(Facade {
        platform: "bluesky",
        shape: Shape::Post(post_height(call, 480)),
        player: format!("https://embed.bsky.app/embed/{user}/app.bsky.feed.post/{id}"),
        link: format!("https://bsky.app/profile/{user}/post/{id}"),
        label: format!("View post by @{user} on Bluesky"),
        host: "embed.bsky.app".into(),
        title: text(args, "title", None).unwrap_or_else(|| format!("Post by @{user} on Bluesky")),
        quote: quote(call),
        caption_html: caption(call).filter(|_| text(args, "caption", None).is_some()),
    }))
}

fn mastodon(call: &Call<'_>) -> Result<String, Refusal> {
    let help =
        "give the post's address on its server, like https://mastodon.social/@name/112233445566";
    let Some(url) = text(call.args, "url", Some(0)) else {
        return Err(refuse("`mastodon` needs the post's address", help));
    };
    let rest = url.strip_prefix("https://").unwrap_or("");
    let parts: Vec<&str> = rest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .split('/')
        .collect();
    let (host, user, id) = match parts.as_slice() {
        [host, user, id, ..] if user.starts_with('@') => (*host, &user[1..], *id),
        _ => {
            return Err(refuse(
                format!("{url:?} is not the address of a Mastodon post"),
                help,
            ));
        }
    };
    let host_ok = !host.is_empty()
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
    let user_ok = !user.is_empty()
        && user
            .chars()
            .all(|c| is_word_char(c) || c == '.' || c == '@');
    if !host_ok || !user_ok || id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(refuse(
            format!("{url:?} is not the address of a Mastodon post"),
            help,
        ));
    }
    let link = format!("https://{host}/@{user}/{id}");
    Ok(facade(Facade {
        platform: "mastodon",
        shape: Shape::Post(post_height(call, 480)),
        player: format!("{link}/embed"),
        label: format!("View post by @{user}@{host} on Mastodon"),
        host: host.to_string(),
        title: text(call.args, "title", None)
            .unwrap_or_else(|| format!("Post by @{user} on Mastodon")),
        link,
        quote: quote(call),
        caption_html: caption(call).filter(|_| text(call.args, "caption", None).is_some()),
    }))
}

fn instagram(call: &Call<'_>) -> Result<String, Refusal> {
    let written = text(call.args, "url", None).or_else(|| text(call.args, "id", Some(0)));
    let id = written.map(|w| {
        if w.contains('/') {
            url_parts(&w, &["instagram.com"])
                .and_then(|p| match p.as_slice() {
                    ["p" | "reel" | "tv", id, ..] => Some(id.to_string()),
                    _ => None,
                })
                .unwrap_or(w)
        } else {
            w
        }
    });
    let id = checked_id(
        id,
        "instagram",
        "the post's code from its address (instagram.com/p/CODE/)",
        is_word_char,
    )?;
    let captioned = if matches!(call.args.get("hidecaption", None), Some(Value::Bool(true))) {
        ""
    } else {
        "captioned/"
    };
    Ok(facade(Facade {
        platform: "instagram",
        shape: Shape::Post(post_height(call, 640)),
        player: format!("https://www.instagram.com/p/{id}/embed/{captioned}"),
        link: format!("https://www.instagram.com/p/{id}/"),
        label: "View post on Instagram".into(),
        host: "instagram.com".into(),
        title: text(call.args, "title", None).unwrap_or_else(|| "Post on Instagram".into()),
        quote: quote(call),
        caption_html: caption(call).filter(|_| text(call.args, "caption", None).is_some()),
    }))
}

fn tiktok(call: &Call<'_>) -> Result<String, Refusal> {
    let mut user = text(call.args, "user", None);
    let written = text(call.args, "url", None).or_else(|| text(call.args, "id", Some(0)));
    let id = match written {
        Some(w) if w.contains('/') => match url_parts(&w, &["tiktok.com"]).as_deref() {
            Some([u, "video", id, ..]) if u.starts_with('@') => {
                user = Some(u[1..].to_string());
                Some(id.to_string())
            }
            _ => {
                return Err(refuse(
                    format!("{w:?} is not the address of a TikTok video"),
                    "give the video's address, like https://www.tiktok.com/@name/video/7300000000000000000",
                ));
            }
        },
        other => other,
    };
    let id = checked_id(id, "tiktok", "the video's number", |c| c.is_ascii_digit())?;
    let user = user.filter(|u| u.chars().all(|c| is_word_char(c) || c == '.'));
    let link = match &user {
        Some(u) => format!("https://www.tiktok.com/@{u}/video/{id}"),
        None => format!("https://www.tiktok.com/embed/v2/{id}"),
    };
    let title = text(call.args, "title", None).unwrap_or_else(|| "TikTok video".into());
    Ok(facade(Facade {
        platform: "tiktok",
        shape: Shape::Tall,
        player: format!("https://www.tiktok.com/player/v1/{id}?autoplay=1"),
        link,
        label: format!("Play video: {title}"),
        host: "tiktok.com".into(),
        title,
        quote: quote(call),
        caption_html: caption(call).filter(|_| text(call.args, "caption", None).is_some()),
    }))
}

fn iframe(call: &Call<'_>) -> Result<String, Refusal> {
    let Some(src) = text(call.args, "src", Some(0)) else {
        return Err(refuse(
            "`iframe` needs the address to embed",
            "write `{{< iframe src=\"https://...\" title=\"What it shows\" >}}`",
        ));
    };
    let host = src
        .strip_prefix("https://")
        .map(|r| r.split(['/', '?', '#']).next().unwrap_or(""))
        .filter(|h| !h.is_empty() && !h.contains('@'));
    let Some(host) = host else {
        return Err(refuse(
            format!("iframe address {src:?} is not an https:// address"),
            "embed only https:// addresses",
        ));
    };
    let host = host.to_ascii_lowercase();
    if !call
        .iframe_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(&host))
    {
        return Err(refuse(
            format!("iframe host {host} is not allowed"),
            format!(
                "if you trust {host}, add it to `embeds: iframe_hosts:` in site.yaml (the list replaces the default one, which docs/shortcodes.md gives)"
            ),
        ));
    }
    let title = text(call.args, "title", None).unwrap_or_else(|| format!("Content from {host}"));
    Ok(facade(Facade {
        platform: "iframe",
        shape: Shape::Post(post_height(call, 480)),
        player: src.clone(),
        link: src,
        label: format!("Show: {title}"),
        host,
        title,
        quote: None,
        caption_html: caption(call),
    }))
}

/// The figure's HTML and its image's address.
fn figure(call: &Call<'_>) -> Result<(String, String), Refusal> {
    let args = call.args;
    let Some(src) = text(args, "src", Some(0)) else {
        return Err(refuse(
            "`figure` needs `src`, the image",
            "write `{{< figure src=\"photo.jpg\" alt=\"What it shows\" caption=\"...\" credit=\"...\" >}}`",
        ));
    };
    let src = markdown::resolve_relative(src.as_str().into(), call.asset_base).into_string();
    let alt = text(args, "alt", None)
        .or_else(|| text(args, "title", None))
        .unwrap_or_default();
    let mut img = format!("<img src=\"{}\" alt=\"{}\"", esc(&src), esc(&alt));
    for dim in ["width", "height"] {
        if let Some(v) = text(args, dim, None).and_then(|v| v.parse::<u32>().ok()) {
            let _ = write!(img, " {dim}=\"{v}\"");
        }
    }
    img.push_str(" loading=\"lazy\" decoding=\"async\">");
    if let Some(link) = text(args, "link", None) {
        let link = markdown::resolve_relative(link.as_str().into(), call.asset_base);
        img = format!("<a href=\"{}\">{img}</a>", esc(&link));
    }
    let class = text(args, "class", None)
        .map(|c| format!(" {}", esc(&c)))
        .unwrap_or_default();
    let mut html = format!("<figure class=\"figure{class}\">{img}");
    let title = text(args, "title", None).filter(|_| text(args, "alt", None).is_some());
    let credit = credit(call);
    let caption = caption(call);
    if title.is_some() || caption.is_some() || credit.is_some() {
        html.push_str("<figcaption>");
        if let Some(t) = title {
            let _ = write!(
                html,
                "<strong class=\"figure__title\">{}</strong> ",
                esc(&t)
            );
        }
        if let Some(c) = caption {
            html.push_str(&c);
        }
        if let Some(c) = credit {
            html.push_str(&c);
        }
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>");
    Ok((html, src))
}

/// ` <span class="credit">Photo: A. Person</span>`, linked when a credit
/// link is given (Hugo's `attr` and `attrlink` are the same thing).
fn credit(call: &Call<'_>) -> Option<String> {
    let args = call.args;
    let credit = text(args, "credit", None).or_else(|| text(args, "attr", None))?;
    let link = text(args, "credit_link", None).or_else(|| text(args, "attrlink", None));
    Some(match link {
        Some(l) => format!(
            " <span class=\"credit\"><a href=\"{}\">{}</a></span>",
            esc(&l),
            esc(&credit)
        ),
        None => format!(" <span class=\"credit\">{}</span>", esc(&credit)),
    })
}

/// `audio` and `video`: the browser's own player for a file. `preload="none"`:
/// nothing is fetched until the reader presses play.
fn media(kind: &str, call: &Call<'_>) -> Result<(String, Vec<String>), Refusal> {
    let args = call.args;
    let Some(src) = text(args, "src", Some(0)) else {
        return Err(refuse(
            format!("`{kind}` needs `src`, the file to play"),
            format!("write `{{{{< {kind} src=\"file\" caption=\"...\" >}}}}`"),
        ));
    };
    let src = markdown::resolve_relative(src.as_str().into(), call.asset_base).into_string();
    let mut files = vec![src.clone()];
    let mut tag = format!("<{kind} controls preload=\"none\" src=\"{}\"", esc(&src));
    if kind == "video" {
        tag.push_str(" playsinline");
        if let Some(poster) = text(args, "poster", None) {
            let poster =
                markdown::resolve_relative(poster.as_str().into(), call.asset_base).into_string();
            let _ = write!(tag, " poster=\"{}\"", esc(&poster));
            files.push(poster);
        }
        for dim in ["width", "height"] {
            if let Some(v) = text(args, dim, None).and_then(|v| v.parse::<u32>().ok()) {
                let _ = write!(tag, " {dim}=\"{v}\"");
            }
        }
    }
    for flag in ["loop", "muted"] {
        if matches!(args.get(flag, None), Some(Value::Bool(true))) {
            let _ = write!(tag, " {flag}");
        }
    }
    if let Some(t) = text(args, "title", None) {
        let _ = write!(tag, " aria-label=\"{}\"", esc(&t));
    }
    let noun = if kind == "audio" { "audio" } else { "video" };
    let _ = write!(
        tag,
        "><a href=\"{}\">Download the {noun}</a></{kind}>",
        esc(&src)
    );
    let mut html = format!("<figure class=\"media media--{kind}\">{tag}");
    let caption = caption(call);
    let credit = credit(call);
    if caption.is_some() || credit.is_some() {
        html.push_str("<figcaption>");
        html.push_str(caption.as_deref().unwrap_or(""));
        html.push_str(credit.as_deref().unwrap_or(""));
        html.push_str("</figcaption>");
    }
    html.push_str("</figure>");
    Ok((html, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(name: &str, positional: &[&str], named: &[(&str, Value)]) -> Result<Built, Refusal> {
        let args = Args {
            positional: positional.iter().map(|p| json!(p)).collect(),
            named: named
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        };
        let hosts = vec!["datawrapper.dwcdn.net".to_string()];
        render(
            name,
            &Call {
                args: &args,
                body: None,
                asset_base: "/world/",
                iframe_hosts: &hosts,
            },
        )
        .unwrap()
    }

    #[test]
    fn youtube_is_a_nocookie_facade_with_a_plain_link() {
        let html = run("youtube", &["dQw4w9WgXcQ"], &[]).unwrap().html;
        assert!(
            html.starts_with("<figure class=\"embed embed--video embed--youtube\""),
            "{html}"
        );
        assert!(html.contains(
            "data-embed-src=\"https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1\""
        ));
        assert!(html.contains("href=\"https://www.youtube.com/watch?v=dQw4w9WgXcQ\""));
        assert!(!html.contains("<img") && !html.contains("<iframe") && !html.contains("<script"));
        assert!(!html.contains('\n'));
        // Pasted addresses work too.
        for pasted in [
            "https://youtu.be/dQw4w9WgXcQ",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3",
        ] {
            assert!(
                run("youtube", &[pasted], &[])
                    .unwrap()
                    .html
                    .contains("/embed/dQw4w9WgXcQ?")
            );
        }
    }

    #[test]
    fn ids_that_could_inject_are_refused() {
        let r = run("youtube", &["x\" onclick=\"y"], &[]).unwrap_err();
        assert!(r.message.contains("not valid"), "{r:?}");
        assert!(run("vimeo", &["12ab"], &[]).is_err());
        assert!(run("x", &[], &[]).is_err());
    }

    #[test]
    fn social_posts_from_addresses() {
        let x = run(
            "x",
            &[],
            &[("url", json!("https://twitter.com/jack/status/20"))],
        )
        .unwrap()
        .html;
        assert!(
            x.contains("platform.twitter.com/embed/Tweet.html?id=20&amp;dnt=true"),
            "{x}"
        );
        assert!(x.contains("href=\"https://x.com/jack/status/20\""));
        let b = run(
            "bluesky",
            &["https://bsky.app/profile/bsky.app/post/3l6oveex3ii2l"],
            &[],
        )
        .unwrap()
        .html;
        assert!(
            b.contains("embed.bsky.app/embed/bsky.app/app.bsky.feed.post/3l6oveex3ii2l"),
            "{b}"
        );
        let m = run("mastodon", &["https://mastodon.social/@Gargron/1"], &[])
            .unwrap()
            .html;
        assert!(
            m.contains("data-embed-src=\"https://mastodon.social/@Gargron/1/embed\""),
            "{m}"
        );
        let t = run(
            "tiktok",
            &["https://www.tiktok.com/@scout2015/video/6718335390845095173"],
            &[],
        )
        .unwrap()
        .html;
        assert!(
            t.contains("tiktok.com/player/v1/6718335390845095173"),
            "{t}"
        );
        let i = run(
            "instagram",
            &["https://www.instagram.com/p/CxOWiQNP2MO/"],
            &[],
        )
        .unwrap()
        .html;
        assert!(
            i.contains("instagram.com/p/CxOWiQNP2MO/embed/captioned/"),
            "{i}"
        );
    }

    #[test]
    fn iframe_hosts_are_allow_listed() {
        assert!(
            run(
                "iframe",
                &[],
                &[("src", json!("https://datawrapper.dwcdn.net/abc/1/"))]
            )
            .is_ok()
        );
        let r = run("iframe", &[], &[("src", json!("https://evil.example/x"))]).unwrap_err();
        assert!(r.message.contains("evil.example is not allowed"), "{r:?}");
        assert!(
            run(
                "iframe",
                &[],
                &[("src", json!("http://datawrapper.dwcdn.net/"))]
            )
            .is_err()
        );
    }

    #[test]
    fn figure_resolves_its_image_and_credits() {
        let b = run(
            "figure",
            &[],
            &[
                ("src", json!("lead.jpg")),
                ("alt", json!("A <b>")),
                ("caption", json!("The *scene*")),
                ("attr", json!("AP")),
                ("colour", json!("red")),
            ],
        )
        .unwrap();
        assert_eq!(
            b.html,
            "<figure class=\"figure\"><img src=\"/world/lead.jpg\" alt=\"A &lt;b&gt;\" loading=\"lazy\" decoding=\"async\">\
             <figcaption>The <em>scene</em> <span class=\"credit\">AP</span></figcaption></figure>"
        );
        assert_eq!(b.files, ["/world/lead.jpg"]);
        assert_eq!(b.unused, ["`colour`"]);
    }

    #[test]
    fn media_waits_for_play() {
        let a = run("audio", &["clip.mp3"], &[]).unwrap().html;
        assert!(
            a.contains("<audio controls preload=\"none\" src=\"/world/clip.mp3\">"),
            "{a}"
        );
    }
}
