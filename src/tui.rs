//! The interactive reader: terminal setup and teardown, and the event loop.
//!
//! This is the thin shell around `tui::app` (state and `update`) and `tui::view` (drawing):
//! it loads the documents, turns terminal events and signals into actions, draws a frame
//! only after something changed, saves the reading state on the way out, and always gives
//! the terminal back (raw mode off, alternate screen left, mouse reporting off, cursor
//! shown) on quit, error, panic, SIGTERM and SIGHUP; Ctrl-Z suspends and `fg` redraws.

pub mod app;
pub mod keymap;
pub mod picker;
pub mod reading;
pub mod search;
pub mod state;
pub mod view;

use anyhow::Context;
use app::{Action, App, update};
use crossterm::event::{Event, EventStream, KeyEventKind, MouseButton, MouseEventKind};
use crossterm::{cursor, event, execute, terminal};
use futures_util::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{Stdout, Write};
use std::path::{Path, PathBuf};

/// Environment variable that makes the loop panic after its first frame: lets the tests
/// check that a panic gives the terminal back.
pub const TEST_PANIC_ENV: &str = "RECTO_TEST_PANIC";

/// Runs the reader on `paths` (the bundled library when empty) until the user quits.
pub fn run(paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let (mut app, warnings) = build_app(&paths)?;
    let (width, height) = terminal::size().unwrap_or((80, 24));
    update(&mut app, Action::Resize { width, height });
    if let Some(w) = warnings.into_iter().next() {
        app.message = Some(w);
    }
    install_panic_hook();
    let mut term = enter_terminal().context("could not set up the terminal")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("could not start the event loop")?;
    let result = runtime.block_on(event_loop(&mut term, &mut app));
    leave_terminal();
    let saved = save_state(&app);
    let exit = result?;
    saved?;
    if let Some(code) = exit {
        // Killed by SIGTERM/SIGHUP: leave with the conventional status once state is safe.
        std::process::exit(code);
    }
    Ok(())
}

/// Loads `paths` (or prepares the library) and the saved state; the keymap and state
/// problems come back as warnings to show, never as errors. A file that cannot be read
/// or parsed is an error naming it.
pub fn build_app(paths: &[PathBuf]) -> anyhow::Result<(App, Vec<String>)> {
    let mut warnings = Vec::new();
    let (keymap, keymap_error) = keymap::Keymap::load_user();
    if let Some(e) = keymap_error {
        warnings.push(format!("keymap not used: {e}"));
    }
    let mut app = App::new(keymap, 80, 24);
    let mut docs = Vec::new();
    for path in paths {
        let doc = crate::ingest::load(path)?;
        docs.push((doc, document_key(path)));
    }
    for (doc, key) in docs {
        let d = app.add_document(doc, key);
        app.open_in_new_pane(d);
    }
    app.focus = 0;
    let saved = match state::state_path() {
        Some(path) => {
            let (saved, warning) = state::load(&path);
            warnings.extend(warning);
            saved
        }
        None => state::SavedState::default(),
    };
    app.restore(saved, |key| crate::ingest::load(Path::new(key)).ok());
    if paths.is_empty() {
        app.load_library();
        app.screen = app::Screen::Library;
    }
    Ok((app, warnings))
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
    state::save(&path, &app.saved_state())
        .with_context(|| format!("could not save reading state to {}", path.display()))
}

type Term = Terminal<CrosstermBackend<Stdout>>;

fn enter_terminal() -> std::io::Result<Term> {
    terminal::enable_raw_mode()?;
    let mut out = std::io::stdout();
    execute!(
        out,
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        cursor::Hide
    )?;
    Terminal::new(CrosstermBackend::new(out))
}

/// Gives the terminal back; safe to call more than once and from the panic hook.
pub fn leave_terminal() {
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = out.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        leave_terminal();
        previous(info);
    }));
}

/// Returns `Some(exit status)` when a signal ended the loop.
async fn event_loop(term: &mut Term, app: &mut App) -> anyhow::Result<Option<i32>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut events = EventStream::new();
    let test_panic = std::env::var_os(TEST_PANIC_ENV).is_some_and(|v| v == "1");
    term.draw(|f| view::view(app, f))?;
    if test_panic {
        panic!("{TEST_PANIC_ENV}=1: panicking after the first frame, as asked");
    }
    loop {
        let action = tokio::select! {
            _ = sigterm.recv() => return Ok(Some(128 + libc::SIGTERM)),
            _ = sighup.recv() => return Ok(Some(128 + libc::SIGHUP)),
            event = events.next() => match event {
                None => return Ok(None),
                Some(Err(e)) => return Err(e.into()),
                Some(Ok(event)) => action_of(event),
            },
        };
        let Some(action) = action else {
            continue;
        };
        if let Action::Resize { .. } = action {
            term.autoresize()?;
        }
        update(app, action);
        if app.should_quit {
            return Ok(None);
        }
        if app.suspend_requested {
            app.suspend_requested = false;
            drop(events);
            suspend(term)?;
            events = EventStream::new();
            let (width, height) = terminal::size().unwrap_or((app.width, app.height));
            update(app, Action::Resize { width, height });
        }
        term.draw(|f| view::view(app, f))?;
    }
}

/// Stops the process the way Ctrl-Z does in a shell, with the terminal given back while
/// stopped; on SIGCONT re-enters and forces a full redraw.
fn suspend(term: &mut Term) -> std::io::Result<()> {
    leave_terminal();
    // SAFETY: raising a signal has no memory-safety preconditions.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    terminal::enable_raw_mode()?;
    execute!(
        std::io::stdout(),
        terminal::EnterAlternateScreen,
        event::EnableMouseCapture,
        cursor::Hide
    )?;
    term.clear()
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
