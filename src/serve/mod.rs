//! `gazette serve`: build into memory, serve over HTTP, watch the sources,
//! rebuild what changed, and tell open browser tabs to reload.
//!
//! - [`session`]: the in-memory site and the incremental rebuild (no I/O
//!   besides reading sources; the equality with full builds is tested there).
//! - [`watch`]: file events from notify, debounced and filtered.
//! - [`http`]: the HTTP server, the live-reload event stream and the error overlay.

pub mod http;
pub mod session;
pub mod watch;

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use futures::FutureExt;

use crate::base::clock::Clock;
pub use crate::config::NotASite;
use crate::error::BuildError;
use crate::pipeline::BuildOptions;
use crate::{errln, outln};
use http::{Notice, Shared};
use session::Session;

/// `gazette serve` options.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Print each rebuild's stages.
    pub timings: bool,
}

/// How long open connections get to finish after Ctrl-C before they are
/// dropped: enough for a page in flight, short enough to feel immediate.
pub const SHUTDOWN_GRACE: Duration = Duration::from_millis(300);

/// All the problems of a failed build as text, for the terminal and the overlay.
pub fn error_text(e: &BuildError) -> String {
    match e.diagnostics() {
        Some(d) => d
            .errors()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n"),
        None => e.to_string(),
    }
}

/// What the thread that holds the site is asked to do.
enum Event {
    /// Sources changed (from the watcher).
    Changed(Vec<PathBuf>),
    /// A page is wanted (from the HTTP server).
    Page(http::PageRequest),
}

/// The next batch of changed paths from the watcher, or an empty batch
/// when `due` (the next scheduled change) has come by `clock`; none once
/// the watcher is gone. Pages asked for in the meantime are handed to
/// `answer`. Without a scheduled change it waits for edits alone; with
/// one, it reads the clock at least every [`Clock::poll`].
fn next_batch(
    rx: &mpsc::Receiver<Event>,
    clock: &Clock,
    due: Option<jiff::Timestamp>,
    mut answer: impl FnMut(http::PageRequest),
) -> Option<Vec<PathBuf>> {
    let mut batch = loop {
        let event = match due {
            None => rx.recv().ok()?,
            Some(due) => {
                // An unreadable test clock is reported by the rebuild;
                // until it is fixed, the change waits.
                let wait = match clock.now() {
                    Ok(now) if now >= due => return Some(Vec::new()),
                    Ok(now) => {
                        Duration::try_from(due.duration_since(now)).unwrap_or(Duration::ZERO)
                    }
                    Err(_) => clock.poll(),
                };
                match rx.recv_timeout(wait.min(clock.poll())) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => continue,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return None,
                }
            }
        };
        match event {
            Event::Changed(batch) => break batch,
            Event::Page(request) => answer(request),
        }
    };
    while let Ok(event) = rx.try_recv() {
        match event {
            Event::Changed(more) => batch.extend(more),
            Event::Page(request) => answer(request),
        }
    }
    Some(batch)
}

/// Answers a page request from the last good build.
fn answer(
    session: &Session,
    renderers: Option<&crate::render::Renderers<'_>>,
    request: http::PageRequest,
    shared: &Shared,
) {
    let page = match renderers {
        Some(renderers) => session.page(renderers, &request.path),
        None => Ok(None),
    };
    let reply = page.map_err(|d| {
        let text = d.to_string();
        errln!("{text}");
        shared.fail(text.clone());
        text
    });
    let _ = request.reply.send(reply);
}

/// Builds, serves and watches until Ctrl-C. Fails with [`NotASite`] when
/// the root has no site to serve (the CLI has said so already; a library
/// caller learns it here).
pub fn run(options: ServeOptions) -> anyhow::Result<()> {
    // Before the runtime and the port: a folder that is no site gets its
    // error alone, not after a "Serving" line.
    let root = crate::config::find_site(&options.build.root)?;
    let runtime = crate::base::runtime::new().context("cannot start the server runtime")?;
    // Watch events carry absolute paths; the session must see the same root.
    let mut build_options = options.build.clone();
    build_options.root = root.clone();
    let listener = runtime.block_on(http::bind(SocketAddr::new(options.bind, options.port)))?;
    let addr = listener
        .local_addr()
        .context("cannot read the bound address")?;
    // Pages link to base_url; while previewing, that is this server.
    build_options.base_url = Some(format!("http://{addr}"));
    let clock = Clock::from_env();
    build_options.now = clock.fixed().map_err(anyhow::Error::msg)?;
    // Watching starts before the first build: an edit made while it runs,
    // or right after the address is printed, is queued, not lost.
    let (tx, rx) = mpsc::channel::<Event>();
    let changes = tx.clone();
    let mut watcher = watch::Watcher::start(&root, move |batch| {
        let _ = changes.send(Event::Changed(batch));
    })
    .context("cannot watch the site's files")?;
    let (mut session, first) = Session::new(build_options);
    let ask: http::AskPage = Box::new(move |request| tx.send(Event::Page(request)).is_ok());
    let pages = http::Pages {
        kept: session.kept(),
        previews: session.previews(),
        ask,
    };
    let shared = Shared::new(std::sync::Arc::clone(session.catalogue()), pages);
    match &first {
        Ok(stats) => outln!(
            "Built {} files in {:.0} ms",
            session.catalogue().len(),
            stats.millis
        ),
        Err(e) => {
            errln!("{}", error_text(e));
            shared.fail(error_text(e));
        }
    }
    // Ctrl-C is caught from here on (the first poll installs the handler),
    // so that it always stops the server the same way.
    let mut interrupted = Box::pin(tokio::signal::ctrl_c());
    let early = {
        let _in_runtime = runtime.enter();
        interrupted.as_mut().now_or_never()
    };
    match early {
        None => {}
        Some(Ok(())) => return Ok(()),
        Some(Err(e)) => anyhow::bail!("cannot catch Ctrl-C: {e}"),
    }
    outln!(
        "Serving {} at http://{addr}/ (Ctrl-C to stop)",
        root.display()
    );

    let rebuild_shared = std::sync::Arc::clone(&shared);
    std::thread::spawn(move || {
        let shared = rebuild_shared;
        // Made once per rebuild: they render the pages asked for until
        // the next.
        let mut renderers = session.renderers();
        loop {
            let due = session.next_change().map(|c| c.at);
            let Some(mut batch) = next_batch(&rx, &clock, due, |request| {
                answer(&session, renderers.as_ref(), request, &shared)
            }) else {
                break;
            };
            if !batch.is_empty() {
                watcher.rearm(&batch);
                batch.sort();
                batch.dedup();
                if let Some(stats) = renderers.as_ref().and_then(|r| session.preview(r, &batch)) {
                    outln!(
                        "Updated {} in {:.1} ms; rebuilding the rest",
                        stats.changed[0],
                        stats.millis
                    );
                    shared.preview();
                }
            }
            drop(renderers);
            match clock.fixed() {
                Ok(now) => session.set_now(now),
                Err(why) => errln!("{why}"),
            }
            if batch.is_empty() {
                // No edit: the time of a scheduled change has come.
                if let Some(change) = session.next_change() {
                    outln!("Scheduled change due: {}", change.describe());
                }
            }
            let rebuilt = session.rebuild(&batch);
            renderers = session.renderers();
            match rebuilt {
                Ok(stats) => {
                    outln!(
                        "Rebuilt in {:.1} ms: {} parsed, {} rendered, {} copied, {} changed",
                        stats.millis,
                        stats.parsed,
                        stats.rendered,
                        stats.copied,
                        stats.changed.len()
                    );
                    if options.timings {
                        let laps: Vec<String> = stats
                            .timings
                            .iter()
                            .map(|(stage, t)| format!("{stage} {:.1}", t.as_secs_f64() * 1000.0))
                            .collect();
                        outln!("  stages (ms): {}", laps.join(", "));
                    }
                    if stats.changed.is_empty() {
                        shared.clear_error();
                    } else {
                        let notice = if stats.css_only() {
                            Notice::Css
                        } else {
                            Notice::Reload
                        };
                        shared.update(std::sync::Arc::clone(session.catalogue()), notice);
                    }
                }
                Err(e) => {
                    let text = error_text(&e);
                    errln!("{text}\nThe last good version stays served.");
                    shared.fail(text);
                }
            }
        }
    });
    let served = runtime.block_on(http::run(
        listener,
        shared,
        async move {
            let _ = interrupted.await;
        },
        SHUTDOWN_GRACE,
    ));
    // Connections still open after the grace are dropped with the runtime;
    // nothing in it may hold the exit longer.
    runtime.shutdown_timeout(Duration::from_millis(100));
    served?;
    outln!("Stopped.");
    Ok(())
}
