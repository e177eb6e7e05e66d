//! Compare mode in the real binary in a real terminal (tmux): open two seeds, wait for
//! the linker (it runs in the background) to mark linked sentences, move to the first one
//! with `}`, press `c`, and find the partner sentence in the other pane; then remove the
//! link with `X` and find it saved in `$XDG_DATA_HOME/recto/links.json`. tmux must be
//! installed; each run has its own tmux socket and its own XDG dirs.

use recto::claims::{LinkerConfig, Links};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

struct Tmux {
    socket: String,
    dir: PathBuf,
}

impl Tmux {
    fn start(tag: &str, args: &[String]) -> Tmux {
        let socket = format!("recto-compare-{}-{tag}", std::process::id());
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["state", "config", "data", "home"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        let t = Tmux { socket, dir };
        let vars = [
            format!("XDG_STATE_HOME={}", t.dir.join("state").display()),
            format!("XDG_CONFIG_HOME={}", t.dir.join("config").display()),
            format!("XDG_DATA_HOME={}", t.dir.join("data").display()),
            format!("HOME={}", t.dir.join("home").display()),
        ];
        let quoted: Vec<String> = args.iter().map(|a| quote(a)).collect();
        let script = format!(
            "env {} {} {}; echo \"recto exited $?\"; exec sleep 600",
            vars.join(" "),
            quote(env!("CARGO_BIN_EXE_recto")),
            quoted.join(" ")
        );
        let out = t
            .cmd(&["new-session", "-d", "-x", "160", "-y", "48", "-s", "main"])
            .arg(script)
            .output()
            .expect("tmux must be installed to run the end-to-end tests");
        assert!(out.status.success(), "tmux new-session: {out:?}");
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

    /// Waits (bounded) until the screen satisfies `ok`, and then until it stops changing.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        let mut last = String::new();
        loop {
            let screen = self.screen();
            if ok(&screen) && screen == last {
                return screen;
            }
            if start.elapsed() > WAIT {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            last = screen;
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let out = self
            .cmd(&["send-keys", "-t", "main"])
            .args(keys)
            .output()
            .unwrap();
        assert!(out.status.success());
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let out = self
            .cmd(&["display", "-p", "-t", "main", "#{socket_path}"])
            .output();
        let _ = self.cmd(&["kill-server"]).output();
        if let Ok(out) = out {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if !path.is_empty() {
                let _ = std::fs::remove_file(path);
            }
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn seed(prefix: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".txt"))
        })
        .unwrap_or_else(|| panic!("seed {prefix}"))
}

/// The text of one pane (left or right half of the screen) in reading order, without
/// borders, gutter signs or any whitespace (so that wrapping does not matter).
fn pane_text(screen: &str, right: bool) -> String {
    screen
        .lines()
        .map(|l| {
            let chars: Vec<char> = l.chars().collect();
            let half = chars.len().min(160) / 2;
            let part: String = if right {
                chars
                    .get(half.max(80)..)
                    .map_or(String::new(), |c| c.iter().collect())
            } else {
                chars
                    .get(..80.min(chars.len()))
                    .map_or(String::new(), |c| c.iter().collect())
            };
            part
        })
        .collect::<String>()
        .chars()
        .filter(|c| !c.is_whitespace() && !"│┃≠".contains(*c))
        .collect()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn two_seeds_next_linked_sentence_compare_shows_the_partner_beside_it() {
    let paths = [seed("000"), seed("002")];
    // What the linker links, computed here from the same files.
    let docs: Vec<_> = paths
        .iter()
        .map(|p| recto::ingest::load(p).expect("seed loads"))
        .collect();
    let links = Links::build(&docs, &LinkerConfig::default());
    let visible: Vec<usize> = recto::layout::visible_blocks(&docs[0], false).collect();
    // `}` from the top of a fresh document selects its first linked sentence.
    let first = (0..docs[0].sentences.len())
        .find(|&s| {
            visible.binary_search(&docs[0].sentences[s].block).is_ok()
                && (links.is_linked(0, s)
                    || (0..docs[1].sentences.len())
                        .any(|t| links.linked(1, t).any(|l| l.target.sentence == s)))
        })
        .expect("seed 000 has a sentence linked to 002");
    let mut partners: Vec<usize> = links.linked(0, first).map(|l| l.target.sentence).collect();
    partners.extend(
        (0..docs[1].sentences.len())
            .filter(|&t| links.linked(1, t).any(|l| l.target.sentence == first)),
    );
    let args: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let t = Tmux::start("compare", &args);
    // Linked sentences get their gutter sign once the background linker is done.
    t.wait_until("linked sentences marked", |s| {
        s.lines().any(|l| l.chars().nth(1) == Some('│'))
    });
    t.keys(&["}"]);
    t.keys(&["c"]);
    let screen = t.wait_until("the compare label", |s| s.contains("Esc leave"));
    let left = pane_text(&screen, false);
    let right = pane_text(&screen, true);
    let start_of = |d: usize, s: usize| -> String {
        squeeze(docs[d].sentence_text(s)).chars().take(30).collect()
    };
    assert!(
        left.contains(&start_of(0, first)),
        "the linked sentence is in the left pane:\n{screen}"
    );
    assert!(
        partners.iter().any(|&p| right.contains(&start_of(1, p))),
        "a partner of {:?} is in the right pane:\n{screen}",
        docs[0].sentence_text(first)
    );
    assert!(
        screen.contains("same claim") || screen.contains("differ"),
        "{screen}"
    );
    // X removes the link shown; the choice is saved in the XDG data dir.
    t.keys(&["X"]);
    t.wait_until("the removal message", |s| s.contains("Link removed"));
    let saved = std::fs::read_to_string(t.dir.join("data").join("recto").join("links.json"))
        .expect("links.json written");
    let json: serde_json::Value = serde_json::from_str(&saved).unwrap();
    let removed = json["removed"].as_array().expect("a removed list");
    assert_eq!(removed.len(), 1, "{saved}");
    let wanted = docs[0].sentence_text(first).trim();
    assert!(
        ["a", "b"]
            .iter()
            .any(|end| removed[0][end]["sentence"].as_str() == Some(wanted)),
        "{saved}"
    );
    t.keys(&["q"]);
    t.wait_until("recto to exit", |s| s.contains("recto exited 0"));
}
