//! The preview server: serves the in-memory site, streams reload and error
//! events to open tabs (Server-Sent Events), and injects the small script
//! that listens to them into HTML responses. Only files of the site are
//! served: no directory listings, and `..` or encoded traversal is refused.

use std::net::SocketAddr;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio::sync::broadcast;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::BroadcastStream;

use super::session::{Catalogue, Found, KeptPages, Previews, find};
use crate::base::paths::output_candidates;

/// Where the live-reload script and event stream live; no site path starts so.
pub const RELOAD_SCRIPT: &str = "/__gazette/live.js";
pub const EVENTS: &str = "/__gazette/events";

/// What the browser is told after a rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Reload the page.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The last edit broke the build: show this text over the page.
    Error(String),
    /// The server is stopping: end the event streams so it can.
    Shutdown,
}

/// A page asked of the thread that holds the site (pages are rendered
/// when asked for; see [`super::session`]).
pub struct PageRequest {
    pub path: String,
    /// The page's bytes; none when the site no longer has it; the error
    /// when it cannot be rendered.
    pub reply: tokio::sync::oneshot::Sender<Result<Option<Arc<Vec<u8>>>, String>>,
}

/// Hands a [`PageRequest`] to the thread that renders pages; false when
/// that thread is gone.
pub type AskPage = Box<dyn Fn(PageRequest) -> bool + Send + Sync>;

/// The site being served and the channel to open tabs.
pub struct Shared {
    pub files: RwLock<Arc<Catalogue>>,
    /// The current build error, shown to tabs that connect while it lasts.
    pub error: RwLock<Option<String>>,
    pub notices: broadcast::Sender<Notice>,
    /// Pages already rendered: answered here, without waiting for the
    /// site's thread (which may be rebuilding).
    kept: Arc<KeptPages>,
    previews: Arc<Previews>,
    ask: AskPage,
}

/// What [`Shared`] reads pages from besides its catalogue.
pub struct Pages {
    pub kept: Arc<KeptPages>,
    pub previews: Arc<Previews>,
    /// Asks the site's thread for a page neither holds.
    pub ask: AskPage,
}

impl Shared {
    pub fn new(files: Arc<Catalogue>, pages: Pages) -> Arc<Shared> {
        let (notices, _) = broadcast::channel(64);
        Arc::new(Shared {
            files: RwLock::new(files),
            error: RwLock::new(None),
            notices,
            kept: pages.kept,
            previews: pages.previews,
            ask: pages.ask,
        })
    }

    /// Publishes a quick preview's page (already among the previews).
    pub fn preview(&self) {
        let _ = self.notices.send(Notice::Reload);
    }

    /// Publishes a successful rebuild.
    pub fn update(&self, files: Arc<Catalogue>, notice: Notice) {
        *self.files.write().unwrap_or_else(|e| e.into_inner()) = files;
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = None;
        let _ = self.notices.send(notice);
    }

    /// A rebuild changed nothing; a shown error is gone if there was one.
    pub fn clear_error(&self) {
        let had = self.error.write().unwrap_or_else(|e| e.into_inner()).take();
        if had.is_some() {
            let _ = self.notices.send(Notice::Reload);
        }
    }

    /// Publishes a failed rebuild; the last good files stay served.
    pub fn fail(&self, message: String) {
        *self.error.write().unwrap_or_else(|e| e.into_inner()) = Some(message.clone());
        let _ = self.notices.send(Notice::Error(message));
    }
}

/// The server's routes.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(RELOAD_SCRIPT, get(reload_script))
        .route(EVENTS, get(events))
        .fallback(get(serve_file))
        .with_state(shared)
}

/// Binds `addr`, with an error that says what to do when the port is taken.
pub async fn bind(addr: SocketAddr) -> anyhow::Result<tokio::net::TcpListener> {
    tokio::net::TcpListener::bind(addr).await.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            anyhow::anyhow!(
                "port {} on {} is already in use: stop the other server, or pass \
                 `--port N` for another port (`--port 0` picks a free one)",
                addr.port(),
                addr.ip()
            )
        } else {
            anyhow::anyhow!("cannot listen on {addr}: {e}")
        }
    })
}

async fn reload_script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        LIVE_JS,
    )
        .into_response()
}

async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let current = shared
        .error
        .read()
        .unwrap_or_else(|e| e.into_inner())
        .clone();
    let first = tokio_stream::iter(current.map(Notice::Error).into_iter().map(Ok));
    let updates = BroadcastStream::new(shared.notices.subscribe()).filter_map(|n| n.ok().map(Ok));
    let stream = first
        .chain(updates)
        .take_while(|n: &Result<Notice, std::convert::Infallible>| {
            !matches!(n, Ok(Notice::Shutdown))
        })
        .map(|n| {
            n.map(|n| match n {
                Notice::Reload => Event::default().event("reload").data("page"),
                Notice::Css => Event::default().event("reload").data("css"),
                Notice::Error(msg) => Event::default().event("error").data(msg),
                Notice::Shutdown => Event::default(),
            })
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn serve_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let files = Arc::clone(&shared.files.read().unwrap_or_else(|e| e.into_inner()));
    match resolve(&*files, uri.path()) {
        Resolved::File(path) => match bytes_of(&shared, &files, &path).await {
            Ok(Some(bytes)) => respond(&path, &bytes, StatusCode::OK),
            // Gone in a rebuild since the look-up.
            Ok(None) => not_found(&shared, &files).await,
            Err(message) => failed(&message),
        },
        // resolve encodes the Location, so this cannot fail; if it did, a
        // 404 is honest where an empty 200 (the builder's default) is not.
        Resolved::Redirect(to) => match HeaderValue::from_str(&to) {
            Ok(location) => (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, location)],
            )
                .into_response(),
            Err(_) => not_found(&shared, &files).await,
        },
        Resolved::BadRequest => (StatusCode::BAD_REQUEST, "bad path").into_response(),
        Resolved::NotFound => not_found(&shared, &files).await,
    }
}

/// The bytes of `path`: held, or rendered by the site's thread.
async fn bytes_of(
    shared: &Shared,
    files: &Catalogue,
    path: &str,
) -> Result<Option<Arc<Vec<u8>>>, String> {
    match find(files, &shared.kept, &shared.previews, path) {
        Found::Missing => Ok(None),
        Found::Bytes(bytes) => Ok(Some(bytes)),
        // Gone since the rebuild: not found, until the next says so.
        Found::File(file) => Ok(tokio::fs::read(file).await.ok().map(Arc::new)),
        Found::Render(..) => {
            let (reply, answer) = tokio::sync::oneshot::channel();
            let path = path.to_string();
            if !(shared.ask)(PageRequest { path, reply }) {
                return Err("the server is stopping".into());
            }
            answer
                .await
                .unwrap_or_else(|_| Err("the server is stopping".into()))
        }
    }
}

async fn not_found(shared: &Shared, files: &Catalogue) -> Response {
    match bytes_of(shared, files, "404.html").await {
        Ok(Some(page)) => respond("404.html", &page, StatusCode::NOT_FOUND),
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// A page that cannot be rendered: its error, as the build would print it.
fn failed(message: &str) -> Response {
    let mut response = Response::new(Body::from(format!(
        "This page cannot be rendered:\n\n{message}\n"
    )));
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn respond(path: &str, bytes: &Arc<Vec<u8>>, status: StatusCode) -> Response {
    let mime = mime_guess::from_path(path).first_or_octet_stream();
    let is_html = mime.essence_str() == "text/html";
    let body = if is_html {
        inject_reload(bytes)
    } else {
        bytes.to_vec()
    };
    let content_type = if mime.type_() == "text" || mime.essence_str() == "application/xml" {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_string()
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, v);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A set of the site's output paths.
pub trait HasPath {
    fn has(&self, path: &str) -> bool;
}

impl<V> HasPath for std::collections::BTreeMap<String, V> {
    fn has(&self, path: &str) -> bool {
        self.contains_key(path)
    }
}

impl<V, S: std::hash::BuildHasher> HasPath for std::collections::HashMap<String, V, S> {
    fn has(&self, path: &str) -> bool {
        self.contains_key(path)
    }
}

/// How a request path maps onto the site's files.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(String),
    Redirect(String),
    BadRequest,
    NotFound,
}

/// Maps a URL path to a file: `/world/` -> `world/index.html`; `/world`
/// redirects to `/world/` when that is a page. Each segment is
/// percent-decoded once, on its own: an encoded `/` stays inside its segment,
/// and as no file name holds a `/`, it matches nothing. `..`, `.`,
/// backslashes and NUL are refused; names with other control characters
/// (CR, LF, tab...) are never served, as no URL or header can carry them.
pub fn resolve(files: &impl HasPath, raw_path: &str) -> Resolved {
    let mut segments = Vec::new();
    for raw in raw_path.split('/') {
        let Ok(segment) = percent_encoding::percent_decode_str(raw).decode_utf8() else {
            return Resolved::BadRequest;
        };
        if segment.contains(['\\', '\0']) || segment.split('/').any(|p| p == ".." || p == ".") {
            return Resolved::BadRequest;
        }
        if segment.contains('/') || segment.chars().any(char::is_control) {
            return Resolved::NotFound;
        }
        segments.push(segment);
    }
    let joined = segments.join("/");
    match output_candidates(&joined).as_slice() {
        [file, ..] if files.has(file) => Resolved::File(file.clone()),
        // Built from the decoded segments, never from the raw request: the
        // Location is always `/` and an encoded, non-empty first segment,
        // so it cannot become `//host` (another site).
        [_, page] if files.has(page) => {
            Resolved::Redirect(format!("/{}/", encode_path(joined.trim_start_matches('/'))))
        }
        _ => Resolved::NotFound,
    }
}

/// What a path segment of a Location must escape: controls, space, `%`,
/// and what would end the path or is not allowed raw in a URL (RFC 3986).
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `rel` (decoded, `/`-separated) as a URL path, each segment percent-encoded
/// (non-ASCII included), so that it fits in a header.
fn encode_path(rel: &str) -> String {
    rel.split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// The page with the live-reload script before `</body>` (or at the end).
pub fn inject_reload(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{RELOAD_SCRIPT}\"></script>");
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The script served at [`RELOAD_SCRIPT`]: listens for rebuilds, reloads the
/// page (or only its stylesheets), and shows build errors over the page.
const LIVE_JS: &str = r#"(function () {
  var OVERLAY = "gazette-error-overlay";
  function showError(text) {
    var o = document.getElementById(OVERLAY);
    if (!o) {
      o = document.createElement("div");
      o.id = OVERLAY;
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2rem;";
      document.body.appendChild(o);
    }
    o.innerHTML = "";
    var h = document.createElement("h2");
    h.textContent = "Gazette: the last edit did not build";
    h.style.cssText = "color:#ff8a80;font:bold 18px system-ui,sans-serif;margin:0 0 1rem";
    var pre = document.createElement("pre");
    pre.textContent = text;
    pre.style.whiteSpace = "pre-wrap";
    var p = document.createElement("p");
    p.textContent = "Fix the file and save: this page updates by itself.";
    o.appendChild(h); o.appendChild(pre); o.appendChild(p);
  }
  function swapCss() {
    document.querySelectorAll('link[rel="stylesheet"]').forEach(function (l) {
      var u = new URL(l.href); u.searchParams.set("gazette", Date.now()); l.href = u.toString();
    });
  }
  var es = new EventSource("/__gazette/events");
  es.onopen = function () { document.documentElement.setAttribute("data-gazette-live", "1"); };
  es.addEventListener("reload", function (e) {
    if (e.data === "css") { var o = document.getElementById(OVERLAY); if (o) o.remove(); swapCss(); }
    else { location.reload(); }
  });
  es.addEventListener("error", function (e) { if (e.data) showError(e.data); });
})();
"#;

/// Runs the server until `shutdown` resolves, then stops within `grace`.
///
/// A graceful shutdown alone waits for every open connection, and a client
/// that sent half a request (or a tab that never closes its event stream)
/// would hold the server for as long as it likes. So the event streams are
/// told to end, connections get `grace` to finish what they are sending,
/// and whatever is still open then is dropped.
pub async fn run(
    listener: tokio::net::TcpListener,
    shared: Arc<Shared>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: std::time::Duration,
) -> std::io::Result<()> {
    use std::future::IntoFuture;
    let (begin, begun) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, router(Arc::clone(&shared)))
        .with_graceful_shutdown(async move {
            let _ = begun.await;
        })
        .into_future();
    tokio::pin!(server);
    tokio::select! {
        served = &mut server => return served,
        () = shutdown => {}
    }
    let _ = shared.notices.send(Notice::Shutdown);
    let _ = begin.send(());
    tokio::time::timeout(grace, server).await.unwrap_or(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::session::Files;

    fn files() -> Files {
        let mut f = Files::new();
        for p in ["index.html", "world/index.html", "css/site.css", "404.html"] {
            f.insert(
                p.to_string(),
                Arc::new(b"<html><body>x</body></html>".to_vec()),
            );
        }
        f
    }

    #[test]
    fn resolves_folders_files_and_redirects() {
        let f = files();
        assert_eq!(resolve(&f, "/"), Resolved::File("index.html".into()));
        assert_eq!(
            resolve(&f, "/world/"),
            Resolved::File("world/index.html".into())
        );
        assert_eq!(resolve(&f, "/world"), Resolved::Redirect("/world/".into()));
        assert_eq!(
            resolve(&f, "/css/site.css"),
            Resolved::File("css/site.css".into())
        );
        assert_eq!(resolve(&f, "/nope/"), Resolved::NotFound);
        assert_eq!(resolve(&f, "/css/"), Resolved::NotFound);
    }

    #[test]
    fn refuses_traversal() {
        let f = files();
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a%5c..%5cb",
            "/%00",
        ] {
            assert_eq!(resolve(&f, bad), Resolved::BadRequest, "{bad}");
        }
    }

    #[test]
    fn an_encoded_slash_is_not_a_separator() {
        let f = files();
        for path in [
            "/world%2F",
            "/world%2findex.html",
            "/%2Fworld",
            "/css%2Fsite.css",
        ] {
            assert_eq!(resolve(&f, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn names_with_control_characters_are_not_found() {
        let mut f = files();
        for name in ["x\r\ny/index.html", "tab\there.txt", "del\u{7f}/index.html"] {
            f.insert(name.to_string(), Arc::new(b"x".to_vec()));
        }
        for path in [
            "/x%0D%0Ay/",
            "/x%0D%0Ay",
            "/x%0d%0ay/index.html",
            "/tab%09here.txt",
            "/del%7F",
            "/del%C2%9F/",
        ] {
            assert_eq!(resolve(&f, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn redirects_are_percent_encoded_paths_on_this_server() {
        let mut f = files();
        for name in [
            "café/index.html",
            "sp ace/index.html",
            "q?#%/index.html",
            "evil.com/index.html",
        ] {
            f.insert(name.to_string(), Arc::new(b"x".to_vec()));
        }
        for (path, to) in [
            ("/caf%C3%A9", "/caf%C3%A9/"),
            ("/café", "/caf%C3%A9/"),
            ("/sp%20ace", "/sp%20ace/"),
            ("/q%3F%23%25", "/q%3F%23%25/"),
            ("//evil.com", "/evil.com/"),
            ("///evil.com", "/evil.com/"),
        ] {
            assert_eq!(resolve(&f, path), Resolved::Redirect(to.into()), "{path}");
        }
    }

    #[test]
    fn injects_before_body_end() {
        let out = String::from_utf8(inject_reload(b"<html><body>x</body></html>")).unwrap();
        assert!(out.ends_with("<script src=\"/__gazette/live.js\"></script></body></html>"));
    }
}
