//! The real `recto` binary in a real terminal (tmux): start it, type keys, read the screen,
//! and check that the terminal is given back after a quit, a panic, SIGTERM, SIGHUP and
//! Ctrl-Z/SIGCONT. tmux must be installed (`.ci/run` installs it): these tests fail, not
//! skip, without it. Each test uses its own tmux server socket and its own XDG dirs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    /// Starts `recto ARGS` in a 160x48 tmux pane through `sh`, so that after it exits the
    /// pane shows its exit status and the terminal modes (`stty`) it left behind.
    fn start(tag: &str, args: &[&str], env: &[(&str, &str)]) -> Tmux {
        Tmux::start_with(tag, args, env, |_| {})
    }

    /// Like `start`, with `setup` run on the fresh temp dir (its `config/` is
    /// XDG_CONFIG_HOME) before recto starts.
    fn start_with(
        tag: &str,
        args: &[&str],
        env: &[(&str, &str)],
        setup: impl FnOnce(&Path),
    ) -> Tmux {
        let socket = format!("recto-test-{}-{tag}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["state", "config", "home"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        setup(&dir);
        let t = Tmux { socket, dir };
        let mut vars = vec![
            format!("XDG_STATE_HOME={}", t.dir.join("state").display()),
            format!("XDG_CONFIG_HOME={}", t.dir.join("config").display()),
            format!("HOME={}", t.dir.join("home").display()),
        ];
        vars.extend(env.iter().map(|(k, v)| format!("{k}={v}")));
        let bin = env!("CARGO_BIN_EXE_recto");
        let args: Vec<String> = args.iter().map(|a| shell_quote(a)).collect();
        let script = format!(
            "env {} {} {}; echo \"recto exited $?\"; stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; exec sleep 600",
            vars.join(" "),
            shell_quote(bin),
            args.join(" ")
        );
        let out = t
            .cmd(&["new-session", "-d", "-x", "160", "-y", "48", "-s", "main"])
            .arg(script)
            .output()
            .expect("tmux must be installed to run the end-to-end tests");
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t
    }

    /// An interactive bash with job control in a 160x48 pane, no rc files.
    fn start_shell(tag: &str) -> Tmux {
        let socket = format!("recto-test-{}-{tag}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["state", "config"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let t = Tmux { socket, dir };
        let out = t
            .cmd(&["new-session", "-d", "-x", "160", "-y", "48", "-s", "main"])
            .arg("env PS1='$ ' bash --norc --noprofile -i")
            .output()
            .expect("tmux must be installed to run the end-to-end tests");
        assert!(out.status.success(), "tmux new-session: {out:?}");
        t.wait_for("$");
        t
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]).args(args);
        c
    }

    fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "main"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    fn format(&self, f: &str) -> String {
        let out = self
            .cmd(&["display", "-p", "-t", "main", f])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits (bounded) until the screen satisfies `ok`; panics with the screen if not.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    }

    /// Waits until the screen shows `text` and has stopped changing (a capture can catch
    /// a frame half drawn).
    fn settled(&self, text: &str) -> String {
        let mut last = self.wait_for(text);
        let start = Instant::now();
        loop {
            std::thread::sleep(Duration::from_millis(80));
            let now = self.screen();
            if now == last && now.contains(text) {
                return now;
            }
            assert!(start.elapsed() < WAIT, "screen never settled:\n{now}");
            last = now;
        }
    }

    /// Waits until the linker has finished on the open documents (its marks appear in
    /// the gutter when it does, so a screen captured earlier would not be the screen
    /// later): opens the links picker until it opens, then closes it.
    fn linked(&self) {
        let start = Instant::now();
        loop {
            self.keys(&["L"]);
            std::thread::sleep(Duration::from_millis(80));
            let screen = self.screen();
            if screen.contains("Links between the open documents") {
                self.keys(&["Escape"]);
                self.wait_until("the links picker closed", |s| {
                    !s.contains("Links between the open documents")
                });
                return;
            }
            assert!(start.elapsed() < WAIT, "linking never finished:\n{screen}");
        }
    }

    fn wait_for(&self, text: &str) -> String {
        self.wait_until(text, |s| s.contains(text))
    }

    fn keys(&self, keys: &[&str]) {
        let out = self
            .cmd(&["send-keys", "-t", "main"])
            .args(keys)
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    fn text(&self, text: &str) {
        let out = self
            .cmd(&["send-keys", "-t", "main", "-l", text])
            .output()
            .unwrap();
        assert!(out.status.success());
    }

    fn pid(&self) -> i32 {
        // The pane runs sh; recto is its child.
        let sh: i32 = self.format("#{pane_pid}").parse().unwrap();
        let out = Command::new("pgrep")
            .args(["-P", &sh.to_string()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        text.lines()
            .filter_map(|l| l.trim().parse().ok())
            .find(|&p: &i32| {
                std::fs::read_to_string(format!("/proc/{p}/comm"))
                    .is_ok_and(|c| c.trim() == "recto")
            })
            .unwrap_or_else(|| panic!("recto is running under sh {sh}: {text}"))
    }

    fn signal(&self, sig: &str) {
        let pid = self.pid();
        let st = Command::new("kill")
            .args([&format!("-{sig}"), &pid.to_string()])
            .status()
            .unwrap();
        assert!(st.success());
    }

    /// Waits for recto to exit, then checks the terminal it left: normal screen, mouse
    /// reporting off, cursor shown, canonical mode and echo back on. Returns the status.
    fn assert_restored(&self) -> i32 {
        let screen = self.wait_until("recto to exit and stty to report", |s| {
            s.contains("recto exited") && s.contains("icanon")
        });
        assert_eq!(
            self.format("#{alternate_on}"),
            "0",
            "left the alternate screen"
        );
        assert_eq!(self.format("#{cursor_flag}"), "1", "cursor visible");
        assert_eq!(
            self.format("#{mouse_any_flag}#{mouse_button_flag}#{mouse_standard_flag}"),
            "000",
            "mouse reporting off"
        );
        let modes = screen
            .lines()
            .find(|l| l.contains("icanon"))
            .unwrap_or_default()
            .to_string();
        assert!(
            modes.split_whitespace().any(|m| m == "icanon")
                && modes.split_whitespace().any(|m| m == "echo"),
            "out of raw mode: {modes:?}"
        );
        screen
            .lines()
            .find_map(|l| l.trim().strip_prefix("recto exited "))
            .and_then(|s| s.trim().parse().ok())
            .expect("exit status shown")
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // The server leaves its socket file behind when killed; remove it too.
        let socket_path = self.format("#{socket_path}");
        let _ = self.cmd(&["kill-server"]).output();
        if !socket_path.is_empty() {
            let _ = std::fs::remove_file(socket_path);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn shell_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn seed(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(name) && n.ends_with(".txt"))
        })
        .unwrap_or_else(|| panic!("seed {name}"));
    file.display().to_string()
}

/// The first `n` characters of a document's title as recto parses it.
fn title_start(path: &str, n: usize) -> String {
    let doc = recto::ingest::load(Path::new(path)).unwrap();
    doc.title().chars().take(n).collect()
}

#[test]
fn two_seeds_section_jump_note_popup_and_back() {
    let (a, b) = (seed("002"), seed("000"));
    let t = Tmux::start("reading", &[&a, &b], &[]);
    for path in [&a, &b] {
        t.wait_for(&title_start(path, 24));
    }
    assert_eq!(t.format("#{alternate_on}"), "1");
    // The screens compared below must not change under the test when the links arrive.
    t.linked();

    // Jump to a section through the picker.
    t.keys(&["t"]);
    t.wait_for("Sections");
    t.text("Decapitation");
    t.wait_for("> Decapitation");
    t.keys(&["Enter"]);
    let screen = t.wait_for("› Decapitation");
    let first_line = screen.lines().nth(1).unwrap_or_default();
    assert!(
        first_line.contains("Decapitation"),
        "heading at the top: {screen}"
    );

    // Back to the start, select the first reference and open its note.
    t.keys(&["C-o"]);
    t.wait_until("the start of the article", |s| {
        !s.contains("› Decapitation")
    });
    t.keys(&["]"]);
    // The selected reference's line is marked in the gutter.
    let before = t.settled("┃▸");
    let body = |s: &str| s.lines().take(47).collect::<Vec<_>>().join("\n");
    t.keys(&["Enter"]);
    t.wait_for("Note 1");
    t.wait_for("Provisional Drug Overdose Data");

    // On to the note in the notes list, and back with Ctrl-o.
    t.keys(&["Enter"]);
    let notes = t.wait_until("the notes list", |s| !s.contains("╭ Note 1"));
    t.keys(&["C-o"]);
    assert!(notes.contains("Provisional Drug Overdose Data"), "{notes}");
    t.wait_until(
        &format!("the screen as it was before the note:\n{before}"),
        |s| body(s) == body(&before),
    );

    t.keys(&["q"]);
    assert_eq!(t.assert_restored(), 0);
    // The positions were saved.
    let state = t.dir.join("state/recto/state.json");
    let saved = std::fs::read_to_string(&state).expect("state saved on quit");
    assert!(saved.contains("002_"), "{saved}");
}

#[test]
fn library_start_screen_opens_an_article_and_remembers_it() {
    let t = Tmux::start("library", &[], &[]);
    t.wait_for("the library");
    t.wait_for("No GWOT-Narco");
    t.keys(&["j", "j", "Enter"]);
    t.wait_for("┏ No GWOT-Narco");
    t.keys(&["G"]);
    t.wait_for(" 100% ");
    t.keys(&["q"]);
    assert_eq!(t.assert_restored(), 0);
    let saved = std::fs::read_to_string(t.dir.join("state/recto/state.json")).unwrap();
    assert!(saved.contains("\"percent\": 100"), "{saved}");
}

#[test]
fn terminal_restored_after_panic() {
    let t = Tmux::start("panic", &[&seed("001")], &[("RECTO_TEST_PANIC", "1")]);
    let status = t.assert_restored();
    assert_eq!(status, 101, "the injected panic");
}

#[test]
fn terminal_restored_after_sigterm() {
    let t = Tmux::start("sigterm", &[&seed("001")], &[]);
    t.wait_for("Trump’s War on Cartels");
    t.signal("TERM");
    assert_eq!(t.assert_restored(), 128 + 15);
}

#[test]
fn terminal_restored_after_sighup() {
    let t = Tmux::start("sighup", &[&seed("001")], &[]);
    t.wait_for("Trump’s War on Cartels");
    t.signal("HUP");
    assert_eq!(t.assert_restored(), 128 + 1);
}

#[test]
fn terminal_restored_after_sigint_and_sigquit_from_outside() {
    for (name, number) in [("INT", 2), ("QUIT", 3)] {
        let t = Tmux::start(&format!("sig{name}"), &[&seed("001")], &[]);
        t.wait_for("Trump’s War on Cartels");
        t.signal(name);
        assert_eq!(t.assert_restored(), 128 + number, "after SIG{name}");
    }
}

#[test]
fn ctrl_z_suspends_and_fg_redraws() {
    // Job control needs an interactive shell: start one, then recto from it, the way a
    // reader does.
    let t = Tmux::start_shell("suspend");
    let command = format!(
        "env XDG_STATE_HOME={0}/state XDG_CONFIG_HOME={0}/config {1} {2}",
        t.dir.display(),
        shell_quote(env!("CARGO_BIN_EXE_recto")),
        shell_quote(&seed("001"))
    );
    t.text(&command);
    t.keys(&["Enter"]);
    t.wait_for("Trump’s War on Cartels");
    t.keys(&["C-z"]);
    // Stopped: the shell is back and the terminal is normal while recto waits.
    t.wait_for("Stopped");
    assert_eq!(t.format("#{alternate_on}"), "0");
    assert_eq!(t.format("#{cursor_flag}"), "1");
    assert_eq!(t.format("#{mouse_any_flag}#{mouse_button_flag}"), "00");
    t.text("stty -a | tr ' ;' '\\n\\n' | grep -cx icanon");
    t.keys(&["Enter"]);
    t.wait_until("canonical mode while stopped", |s| {
        s.lines().any(|l| l.trim() == "1")
    });
    // fg sends SIGCONT: recto takes the screen back and redraws.
    t.text("fg");
    t.keys(&["Enter"]);
    let start = Instant::now();
    while t.format("#{alternate_on}") != "1" {
        assert!(start.elapsed() < WAIT, "fg re-entered the alternate screen");
        std::thread::sleep(Duration::from_millis(40));
    }
    t.wait_for("┏ Trump’s War on Cartels");
    t.keys(&["G"]);
    t.wait_for(" 100% ");
    t.keys(&["q"]);
    let start = Instant::now();
    while t.format("#{alternate_on}") != "0" {
        assert!(start.elapsed() < WAIT, "quit left the alternate screen");
        std::thread::sleep(Duration::from_millis(40));
    }
    assert_eq!(t.format("#{cursor_flag}"), "1");
}

#[test]
fn a_bad_file_is_a_one_line_error_not_a_broken_terminal() {
    let t = Tmux::start("badfile", &["/nonexistent/article.txt"], &[]);
    let status = t.assert_restored();
    assert_eq!(status, 1);
    let screen = t.screen();
    assert!(screen.contains("/nonexistent/article.txt"), "{screen}");
}

#[test]
fn invalid_user_keymap_is_reported_and_defaults_still_work() {
    let t = Tmux::start_with("keymap", &[&seed("001")], &[], |dir| {
        std::fs::create_dir_all(dir.join("config/recto")).unwrap();
        std::fs::write(
            dir.join("config/recto/keymap.toml"),
            "[reader]\nj = \"scroll_down\"\n\"Ctrl-q x\" = \"fly_away\"\n",
        )
        .unwrap();
    });
    t.wait_for("line 3");
    t.wait_for("fly_away");
    t.keys(&["G"]);
    t.wait_for(" 100% ");
    t.keys(&["q"]);
    assert_eq!(t.assert_restored(), 0);
}

#[test]
fn a_corrupt_state_file_is_set_aside_with_a_warning() {
    let t = Tmux::start_with("corrupt", &[&seed("001")], &[], |dir| {
        std::fs::create_dir_all(dir.join("state/recto")).unwrap();
        std::fs::write(
            dir.join("state/recto/state.json"),
            b"{\"positions\": [garbage",
        )
        .unwrap();
    });
    t.wait_for("moved it to");
    t.wait_for("┏ Trump’s War on Cartels");
    t.keys(&["G"]);
    t.wait_for(" 100% ");
    t.keys(&["q"]);
    assert_eq!(t.assert_restored(), 0);
    let names: Vec<String> = std::fs::read_dir(t.dir.join("state/recto"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().any(|n| n.starts_with("state.json.corrupt-")),
        "{names:?}"
    );
    let saved = std::fs::read_to_string(t.dir.join("state/recto/state.json")).unwrap();
    assert!(
        saved.contains("\"percent\": 100"),
        "a fresh state was saved: {saved}"
    );
}

#[test]
fn a_file_that_fails_to_parse_ends_the_reader_with_its_name() {
    let bin = std::env::temp_dir().join(format!("recto-e2e-binary-{}.txt", std::process::id()));
    std::fs::write(
        &bin,
        b"\x7fELF\x02\x01\x01\0\0\0\0\0binary noise\0\0\x01\x02",
    )
    .unwrap();
    let path = bin.display().to_string();
    let t = Tmux::start("binary", &[&seed("001"), &path], &[]);
    assert_eq!(t.assert_restored(), 1);
    let screen = t.screen();
    assert!(screen.contains(&path), "{screen}");
    let _ = std::fs::remove_file(&bin);
}

/// A FIFO of its own under the temp dir.
fn make_fifo(tag: &str) -> std::path::PathBuf {
    let fifo = std::env::temp_dir().join(format!("recto-e2e-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    fifo
}

#[test]
fn a_pipe_nobody_writes_to_does_not_hang_the_reader() {
    let fifo = make_fifo("fifo-silent");
    let path = fifo.display().to_string();
    // Nobody ever writes to it: the reader waits for it in the background, and answers.
    let t = Tmux::start("fifo", &[&path], &[]);
    t.wait_for(&format!("Reading {path}"));
    t.keys(&["q"]);
    assert_eq!(t.assert_restored(), 0);
    let _ = std::fs::remove_file(&fifo);
}

#[test]
fn a_pipe_is_read_as_it_comes() {
    let fifo = make_fifo("fifo-article");
    let path = fifo.display().to_string();
    let t = Tmux::start("fifo-article", &[&path], &[]);
    t.wait_for(&format!("Reading {path}"));
    // The writer opens the pipe once the reader has it open, writes an article, and ends.
    let text = std::fs::read(seed("003")).unwrap();
    let target = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(target, text));
    t.wait_for("naval task");
    writer.join().unwrap().unwrap();
    t.keys(&["q"]);
    assert_eq!(t.assert_restored(), 0);
    let _ = std::fs::remove_file(&fifo);
}
