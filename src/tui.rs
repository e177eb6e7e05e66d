//! The interactive reader: terminal setup and teardown, and the event loop.
//!
//! This is the thin shell around `tui::app` (state and `update`) and `tui::view` (drawing):
//! it loads the documents, turns terminal events and signals into actions, draws a frame
//! only after something changed, saves the reading state on the way out, and always gives
//! the terminal back (raw mode off, alternate screen left, mouse reporting off, cursor
//! shown) on quit, error, panic, SIGTERM, SIGHUP, SIGINT and SIGQUIT; Ctrl-Z suspends and
//! `fg` redraws.

pub mod action;
pub mod app;
pub mod compare;
pub mod compare_view;
pub mod effect;
pub mod hyperlinks;
pub mod jumps;
pub mod keymap;
pub mod keys;
pub mod library;
pub mod linking;
pub mod marks;
pub mod overlays;
pub mod panes;
pub mod picker;
pub mod reader;
pub mod reading;
pub mod search;
pub mod state;
pub mod tasks;
pub mod text;
pub mod theme;
pub mod view;
pub mod widgets;

use anyhow::Context;
use app::{Action, App, update};
use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::{cursor, event, execute, terminal};
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{BufWriter, Stdout, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};
use tasks::Report;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// Environment variable that makes the loop panic after its first frame: lets the tests
/// check that a panic gives the terminal back.
pub const TEST_PANIC_ENV: &str = "RECTO_TEST_PANIC";

/// Runs the reader on `paths` (the bundled library when empty) until the user quits.
///
/// Files are read in the background so that the terminal answers at once even for a huge
/// file, or a named pipe (read as it comes, even one that never ends); one that cannot be
/// read ends the reader with an error naming it. A path that does not exist is refused
/// before the terminal is touched.
pub fn run(paths: Vec<PathBuf>) -> anyhow::Result<()> {
    for path in &paths {
        if crate::ingest::fetch::is_url(&path.to_string_lossy()) {
            continue; // fetched by the loader, in the background
        }
        std::fs::metadata(path).with_context(|| crate::ingest::display_path(path))?;
    }
    let (mut app, warnings) = prepare(&paths);
    let (width, height) = terminal::size().unwrap_or((80, 24));
    update(&mut app, Action::Resize { width, height });
    if let Some(w) = warnings.into_iter().next() {
        app.message = Some(w);
    }
    let (tx, rx) = tasks::channel();
    if !paths.is_empty() {
        app.screen = app::Screen::Loading;
        app.loading = paths.iter().map(|p| p.display().to_string()).collect();
        let (kind, label) = match paths.as_slice() {
            [one] => load_label(&one.display().to_string()),
            many => (
                tasks::TaskKind::Load,
                format!("reading {} files", many.len()),
            ),
        };
        let reporter = app.tasks.start(&tx, kind, label);
        spawn_loader(paths, reporter);
    }
    install_panic_hook();
    hyperlinks::set_osc8(hyperlinks::terminal_supports_osc8(|k| {
        std::env::var(k).ok()
    }));
    let mut term = enter_terminal().context("could not set up the terminal")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the event loop")?;
    let result = runtime.block_on(event_loop(&mut term, &mut app, tx, rx));
    app.tasks.cancel_all();
    leave_terminal();
    if let Some(error) = app.fatal.take() {
        // What was read so far is kept; with nothing open, the previous state stays whole.
        if !app.ws.panes.is_empty() {
            let _ = save_state(&app);
        }
        return Err(anyhow::anyhow!(error));
    }
    let saved = save_state(&app);
    let exit = result?;
    saved?;
    if let Some(code) = exit {
        // Killed by a signal: leave with the conventional status once state is safe.
        std::process::exit(code);
    }
    Ok(())
}

/// What kind of task reads `path`, and what the status line says meanwhile: a URL is
/// fetched ("fetching example.org…", then how much came), a file read.
fn load_label(path: &str) -> (tasks::TaskKind, String) {
    if crate::ingest::fetch::is_url(path) {
        let host = path
            .split_once("://")
            .map_or(path, |(_, rest)| rest)
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default();
        let host = crate::ingest::sanitize(host);
        (tasks::TaskKind::Fetch, format!("fetching {host}"))
    } else {
        (
            tasks::TaskKind::Load,
            format!("reading {}", crate::ingest::display_name(path)),
        )
    }
}

/// Files longer than this are first shown from their beginning (cut at a paragraph), so
/// the first screen does not wait for the whole file to be parsed.
pub const PREVIEW_BYTES: u64 = 256 * 1024;

/// Reads `paths` one after the other on a thread of its own (a task), sending each
/// document (or the first error) to the event loop; for a large file, its beginning first.
/// Stops between files once cancelled.
fn spawn_loader(paths: Vec<PathBuf>, reporter: tasks::Reporter) {
    std::thread::spawn(move || {
        for path in paths {
            if reporter.is_cancelled() {
                return;
            }
            let loaded_doc = |doc| app::LoadedDoc {
                path: path.display().to_string(),
                key: document_key(&path),
                doc: Box::new(doc),
            };
            let url = path
                .to_str()
                .filter(|p| crate::ingest::fetch::is_url(p))
                .map(str::to_string);
            let loaded = if let Some(url) = url {
                // Progress goes to the status line; a cancelled task stops the download.
                std::panic::catch_unwind(|| {
                    crate::ingest::fetch::fetch_until(
                        &url,
                        crate::ingest::fetch::FetchLimits::default(),
                        |p| reporter.progress(p.to_string()),
                    )
                })
            } else if is_fifo(&path) {
                // A pipe is read as it comes (it may never end): its beginning is shown
                // once there is a screenful, and the reader answers keys meanwhile.
                std::panic::catch_unwind(|| {
                    crate::ingest::load_pipe(&path, PREVIEW_BYTES as usize, |doc| {
                        let _ = reporter.send(Action::Previewed(loaded_doc(doc)));
                    })
                })
            } else {
                // A preview that fails is not an error of its own: the whole load says why.
                let preview =
                    std::panic::catch_unwind(|| crate::ingest::load_preview(&path, PREVIEW_BYTES));
                if let Ok(Ok(Some(doc))) = preview
                    && !reporter.send(Action::Previewed(loaded_doc(doc)))
                {
                    return;
                }
                // A bug in the parser must not leave the reader waiting forever.
                std::panic::catch_unwind(|| crate::ingest::load(&path))
            };
            let failed = |error| {
                Action::LoadFailed(app::LoadFailure {
                    path: path.display().to_string(),
                    key: document_key(&path),
                    error,
                })
            };
            let action = match loaded {
                Ok(Ok(doc)) => Action::Loaded(loaded_doc(doc)),
                Ok(Err(e)) => failed(e.to_string()),
                Err(_) => failed(format!(
                    "{}: recto failed while reading this file (a bug; please report it)",
                    crate::ingest::display_path(&path)
                )),
            };
            // After a failure the others are still read: the reader decides whether it
            // can go on (it can when the file's beginning is already on screen).
            if !reporter.send(action) {
                return;
            }
        }
    });
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

/// The app before any file is read: keymap, saved state (positions; the saved panes too
/// when no file was given), and the library when no file was given. Keymap and state
/// problems come back as warnings to show, never as errors.
pub fn prepare(paths: &[PathBuf]) -> (App, Vec<String>) {
    let mut warnings = Vec::new();
    let (keymap, keymap_error) = keymap::Keymap::load_user();
    if let Some(e) = keymap_error {
        warnings.push(format!("keymap not used: {e}"));
    }
    let mut app = App::new(keymap, 80, 24);
    if let Some(path) = keymap::user_keymap_path() {
        app.keymap_path = crate::ingest::display_name(&path.to_string_lossy());
    }
    let saved = match state::state_path() {
        Some(path) => {
            let (saved, warning) = state::load(&path);
            warnings.extend(warning);
            saved
        }
        None => state::SavedState::default(),
    };
    if paths.is_empty() {
        // A saved URL is not fetched again unasked: recto goes online only when told to.
        app.restore(saved, |key| {
            (!crate::ingest::fetch::is_url(key))
                .then(|| crate::ingest::load(Path::new(key)).ok())
                .flatten()
        });
        app.load_library();
        app.screen = app::Screen::Library;
        // Start on the article that was being read.
        if let Some(doc) = app.focused().map(|p| p.doc)
            && let Some(n) = library::rows(&app.ws)
                .iter()
                .position(|r| r.doc == Some(doc))
        {
            app.library.selected = n;
        }
    } else {
        app.ws.positions = saved.positions;
        app.ws.documents = saved.documents;
        app.ws.removed = saved.removed;
        app.search_history = saved.searches;
    }
    warnings.extend(app.compare.load_user_links(crate::user_links::links_path()));
    (app, warnings)
}

/// The identity of a file in the state file: its canonical path when it has one.
pub fn document_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

fn save_state(app: &App) -> anyhow::Result<()> {
    let Some(path) = state::state_path() else {
        return Ok(());
    };
    state::save_merged(&path, &app.saved_state())
        .with_context(|| format!("could not save reading state to {}", path.display()))
}

/// Frames go out through a large buffer: one write per frame, so a terminal never shows
/// half of one.
type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Whether we asked the terminal for unambiguous key codes (and must undo it on leaving).
static KEYBOARD_ENHANCED: AtomicBool = AtomicBool::new(false);

fn enter_terminal() -> std::io::Result<Term> {
    enter_modes()?;
    Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
        1 << 18,
        std::io::stdout(),
    )))
}

/// Raw mode, the alternate screen, mouse reporting, hidden cursor, unambiguous keys.
fn enter_modes() -> std::io::Result<()> {
    terminal::enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        cursor::Hide
    )?;
    // Where the terminal can tell Ctrl-i from Tab (kitty's protocol), ask it to, so that
    // both keys work; elsewhere Ctrl-i arrives as Tab and Alt-Right is the way forward.
    if matches!(terminal::supports_keyboard_enhancement(), Ok(true))
        && execute!(
            out,
            event::PushKeyboardEnhancementFlags(
                event::KeyboardEnhancementFlags::DISAMBIGUATE_ESCAPE_CODES
            )
        )
        .is_ok()
    {
        KEYBOARD_ENHANCED.store(true, Ordering::SeqCst);
    }
    Ok(())
}

/// Gives the terminal back; safe to call more than once and from the panic hook.
pub fn leave_terminal() {
    let mut out = std::io::stdout();
    if KEYBOARD_ENHANCED.swap(false, Ordering::SeqCst) {
        let _ = execute!(out, event::PopKeyboardEnhancementFlags);
    }
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

/// Gives the terminal back before a panic of the UI thread is reported. A panic on another
/// thread (a background load) is caught there and reported through the event loop, which
/// still owns the screen, so the terminal is left alone for it.
fn install_panic_hook() {
    let ui_thread = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            leave_terminal();
            previous(info);
        }
    }));
}

/// A frame waits at most this long while input keeps coming (a burst of wheel events, a
/// pipe read as it comes): then it is drawn before more is taken.
const MAX_FRAME_DELAY: Duration = Duration::from_millis(50);

/// Returns `Some(exit status)` when a signal ended the loop.
///
/// One `select!` over signals, terminal input, the task channel and the render deadline.
/// A frame is drawn only after something changed, and once nothing else is ready (input
/// comes first, so a burst of events makes one frame, not one each) or once it has waited
/// `MAX_FRAME_DELAY`.
async fn event_loop(
    term: &mut Term,
    app: &mut App,
    tx: UnboundedSender<Report>,
    mut reports: UnboundedReceiver<Report>,
) -> anyhow::Result<Option<i32>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    // In raw mode Ctrl-C is a key, not a signal; these come from `kill` or `timeout`.
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigquit = signal(SignalKind::quit())?;
    let mut events = EventStream::new();
    let test_panic = std::env::var_os(TEST_PANIC_ENV).is_some_and(|v| v == "1");
    spawn_link_tasks(app, &tx);
    term.draw(|f| view::view(app, f))?;
    if test_panic {
        panic!("{TEST_PANIC_ENV}=1: panicking after the first frame, as asked");
    }
    // Since when the screen is out of date (`None`: it shows the state).
    let mut stale: Option<Instant> = None;
    loop {
        let overdue = stale.is_some_and(|t| t.elapsed() >= MAX_FRAME_DELAY);
        let step = tokio::select! {
            biased;
            _ = sigterm.recv() => return Ok(Some(128 + libc::SIGTERM)),
            _ = sighup.recv() => return Ok(Some(128 + libc::SIGHUP)),
            _ = sigint.recv() => return Ok(Some(128 + libc::SIGINT)),
            _ = sigquit.recv() => return Ok(Some(128 + libc::SIGQUIT)),
            _ = std::future::ready(()), if overdue => Step::Draw,
            event = events.next() => match event {
                None => return Ok(None),
                Some(Err(e)) => return Err(e.into()),
                Some(Ok(event)) => action_of(event).map_or(Step::Nothing, Step::Act),
            },
            Some(report) = reports.recv() => match report {
                Report::Action(id, action) if app.tasks.accepts(id) => Step::Act(action),
                Report::Action(..) => Step::Nothing,
                Report::Progress(id, label) => {
                    app.tasks.set_label(id, label);
                    Step::Changed
                }
                Report::Finished(id) => {
                    app.tasks.finished(id);
                    Step::Changed
                }
            },
            _ = std::future::ready(()), if stale.is_some() => Step::Draw,
        };
        match step {
            Step::Nothing => continue,
            Step::Draw => {
                term.draw(|f| view::view(app, f))?;
                stale = None;
                continue;
            }
            Step::Changed => {}
            Step::Act(action) => {
                if let Action::Resize { .. } = action {
                    term.autoresize()?;
                }
                update(app, action);
                spawn_link_tasks(app, &tx);
                if let Some(job) = app.search_job.take() {
                    spawn_search(app, &tx, job);
                }
                for path in std::mem::take(&mut app.load_requests) {
                    let (kind, label) = load_label(&path);
                    let reporter = app.tasks.start(&tx, kind, label);
                    spawn_loader(vec![PathBuf::from(path)], reporter);
                }
                if app.should_quit {
                    return Ok(None);
                }
                if app.suspend_requested {
                    app.suspend_requested = false;
                    suspend(term)?;
                    let (width, height) = terminal::size().unwrap_or((app.ws.width, app.ws.height));
                    update(app, Action::Resize { width, height });
                }
            }
        }
        stale.get_or_insert_with(Instant::now);
    }
}

/// What one turn of the event loop does.
enum Step {
    Act(Action),
    /// Something shown changed (a task ended).
    Changed,
    Draw,
    Nothing,
}

/// Starts the linking `update` asked for as a task (superseding one still running); the
/// result comes back through the task channel.
fn spawn_link_tasks(app: &mut App, tx: &UnboundedSender<Report>) {
    app::with_compare(app, compare::sync);
    for task in app.compare.take_tasks() {
        app.tasks.cancel_kind(tasks::TaskKind::Link);
        let label = format!("linking {} documents", task.docs.len());
        let reporter = app.tasks.start(tx, tasks::TaskKind::Link, label);
        tokio::task::spawn_blocking(move || {
            if !reporter.is_cancelled() {
                reporter.send(Action::LinksBuilt(task.run()));
            }
        });
    }
}

/// Runs a search of a big document as a task (superseding one still running); the
/// matches come back through the task channel.
fn spawn_search(app: &mut App, tx: &UnboundedSender<Report>, job: search::SearchJob) {
    app.tasks.cancel_kind(tasks::TaskKind::Search);
    let label = format!("searching “{}”", crate::tui::text::truncate(&job.query, 20));
    let reporter = app.tasks.start(tx, tasks::TaskKind::Search, label);
    tokio::task::spawn_blocking(move || {
        if reporter.is_cancelled() {
            return;
        }
        let matches = job.run();
        reporter.send(Action::SearchFound(app::SearchFound {
            generation: job.generation,
            key: job.key,
            query: job.query,
            matches,
        }));
    });
}

/// Stops the process the way Ctrl-Z does in a shell, with the terminal given back while
/// stopped; on SIGCONT re-enters and forces a full redraw.
fn suspend(term: &mut Term) -> std::io::Result<()> {
    leave_terminal();
    // SAFETY: raising a signal has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    enter_modes()?;
    // A full clear and redraw. (`Terminal::clear` would ask the terminal for the cursor
    // position, and the event stream owns the input, so the answer would never come.)
    let (width, height) = terminal::size()?;
    term.resize(ratatui::layout::Rect::new(0, 0, width, height))
}

/// The action a terminal event asks for, if any (mouse moves and key releases ask nothing,
/// so they cause no redraw).
pub fn action_of(event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            keymap::KeyChord::from_event(&key).map(Action::Key)
        }
        Event::Resize(width, height) => Some(Action::Resize { width, height }),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: m.column,
                row: m.row,
            }),
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Wheel {
                column: m.column,
                row: m.row,
                down: m.kind == MouseEventKind::ScrollDown,
            }),
            _ => None,
        },
        Event::FocusGained | Event::FocusLost | Event::Paste(_) | Event::Key(_) => None,
    }
}
