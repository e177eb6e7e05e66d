//! Keys to actions: parses `assets/keymap.toml` (embedded) and the user's
//! `$XDG_CONFIG_HOME/recto/keymap.toml`, merges them, and resolves key sequences.
//!
//! Owns the key notation ("Ctrl-w v", "Shift-Tab", "PageDown") and the lookup of a pending
//! sequence. Knows nothing of what actions do: `app::update` interprets them. Never touches
//! the terminal.

use super::app::{Action, Mode};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;
use std::fmt;

/// The embedded default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

/// One key with its modifiers, normalised so that a key typed and a key written in the
/// keymap compare equal (an upper-case letter carries no Shift; Shift-Tab is BackTab).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub code: KeyCodeKey,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// The subset of key codes recto can bind, in an orderable form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeKey {
    Char(char),
    F(u8),
    Named(NamedKey),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NamedKey {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

const NAMED: &[(&str, NamedKey)] = &[
    ("Enter", NamedKey::Enter),
    ("Esc", NamedKey::Esc),
    ("Tab", NamedKey::Tab),
    ("BackTab", NamedKey::BackTab),
    ("Backspace", NamedKey::Backspace),
    ("Delete", NamedKey::Delete),
    ("Insert", NamedKey::Insert),
    ("Up", NamedKey::Up),
    ("Down", NamedKey::Down),
    ("Left", NamedKey::Left),
    ("Right", NamedKey::Right),
    ("Home", NamedKey::Home),
    ("End", NamedKey::End),
    ("PageUp", NamedKey::PageUp),
    ("PageDown", NamedKey::PageDown),
];

impl KeyChord {
    pub fn plain(c: char) -> Self {
        KeyChord {
            code: KeyCodeKey::Char(c),
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub fn named(key: NamedKey) -> Self {
        KeyChord {
            code: KeyCodeKey::Named(key),
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    pub fn ctrl(c: char) -> Self {
        KeyChord {
            ctrl: true,
            ..KeyChord::plain(c)
        }
    }

    /// The chord of a terminal key event, or `None` for keys recto never binds.
    pub fn from_event(event: &KeyEvent) -> Option<Self> {
        let m = event.modifiers;
        let code = match event.code {
            KeyCode::Char(c) => KeyCodeKey::Char(c),
            KeyCode::F(n) => KeyCodeKey::F(n),
            KeyCode::Enter => KeyCodeKey::Named(NamedKey::Enter),
            KeyCode::Esc => KeyCodeKey::Named(NamedKey::Esc),
            KeyCode::Tab => KeyCodeKey::Named(NamedKey::Tab),
            KeyCode::BackTab => KeyCodeKey::Named(NamedKey::BackTab),
            KeyCode::Backspace => KeyCodeKey::Named(NamedKey::Backspace),
            KeyCode::Delete => KeyCodeKey::Named(NamedKey::Delete),
            KeyCode::Insert => KeyCodeKey::Named(NamedKey::Insert),
            KeyCode::Up => KeyCodeKey::Named(NamedKey::Up),
            KeyCode::Down => KeyCodeKey::Named(NamedKey::Down),
            KeyCode::Left => KeyCodeKey::Named(NamedKey::Left),
            KeyCode::Right => KeyCodeKey::Named(NamedKey::Right),
            KeyCode::Home => KeyCodeKey::Named(NamedKey::Home),
            KeyCode::End => KeyCodeKey::Named(NamedKey::End),
            KeyCode::PageUp => KeyCodeKey::Named(NamedKey::PageUp),
            KeyCode::PageDown => KeyCodeKey::Named(NamedKey::PageDown),
            _ => return None,
        };
        Some(
            KeyChord {
                code,
                ctrl: m.contains(KeyModifiers::CONTROL),
                alt: m.contains(KeyModifiers::ALT),
                shift: m.contains(KeyModifiers::SHIFT),
            }
            .normalized(),
        )
    }

    fn normalized(mut self) -> Self {
        match self.code {
            // The character already says whether Shift was held.
            KeyCodeKey::Char(c) => {
                self.shift = false;
                if self.ctrl && c.is_ascii_uppercase() {
                    self.code = KeyCodeKey::Char(c.to_ascii_lowercase());
                }
            }
            KeyCodeKey::Named(NamedKey::Tab) if self.shift => {
                self.code = KeyCodeKey::Named(NamedKey::BackTab);
                self.shift = false;
            }
            KeyCodeKey::Named(NamedKey::BackTab) => self.shift = false,
            _ => {}
        }
        self
    }

    /// Parses one key of the notation ("Ctrl-w", "Shift-Tab", "PageDown", "Space", "-").
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut rest = text;
        let (mut ctrl, mut alt, mut shift) = (false, false, false);
        loop {
            // A modifier prefix is only a prefix when something follows it ("Ctrl--" is
            // Ctrl and the minus key; a lone "-" is the minus key).
            let lower = rest.to_ascii_lowercase();
            let strip = |p: &str| lower.starts_with(p) && rest.len() > p.len();
            if strip("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if strip("alt-") {
                alt = true;
                rest = &rest[4..];
            } else if strip("shift-") {
                shift = true;
                rest = &rest[6..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCodeKey::Char(c),
            _ if rest.eq_ignore_ascii_case("space") => KeyCodeKey::Char(' '),
            _ => {
                if let Some((_, k)) = NAMED.iter().find(|(n, _)| n.eq_ignore_ascii_case(rest)) {
                    KeyCodeKey::Named(*k)
                } else if let Some(n) = rest
                    .strip_prefix(['F', 'f'])
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=24).contains(n))
                {
                    KeyCodeKey::F(n)
                } else {
                    return Err(format!("unknown key {text:?}"));
                }
            }
        };
        Ok(KeyChord {
            code,
            ctrl,
            alt,
            shift,
        }
        .normalized())
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCodeKey::Char(' ') => f.write_str("Space"),
            KeyCodeKey::Char(c) => write!(f, "{c}"),
            KeyCodeKey::F(n) => write!(f, "F{n}"),
            KeyCodeKey::Named(NamedKey::BackTab) => f.write_str("Shift-Tab"),
            KeyCodeKey::Named(k) => {
                let name = NAMED.iter().find(|(_, v)| *v == k).map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// Writes a key sequence the way the keymap file does.
pub fn sequence_to_string(keys: &[KeyChord]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a (possibly partial) key sequence means in a mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Action(Action),
    /// The keys so far start one or more bindings: wait for the next key.
    Prefix,
    Unbound,
}

/// Bindings per mode.
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: BTreeMap<Mode, BTreeMap<Vec<KeyChord>, Action>>,
}

/// A problem in a keymap file, with the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{source_name}, line {line}: {message}")]
pub struct KeymapError {
    pub source_name: String,
    pub line: usize,
    pub message: String,
}

type RawKeymap = BTreeMap<String, BTreeMap<String, toml::Spanned<String>>>;

impl Keymap {
    /// The built-in keymap.
    pub fn defaults() -> Self {
        let mut map = Keymap::default();
        map.merge_toml("assets/keymap.toml", DEFAULT_KEYMAP)
            .expect("the default keymap is valid");
        map
    }

    /// The defaults merged with the user's file, if there is one. An invalid user file
    /// leaves the defaults in force and comes back as the error to show.
    pub fn load_user() -> (Self, Option<KeymapError>) {
        let map = Keymap::defaults();
        let Some(path) = user_keymap_path() else {
            return (map, None);
        };
        let text = match super::state::read_own_file(&path).and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        }) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (map, None),
            Err(e) => {
                let err = KeymapError {
                    source_name: path.display().to_string(),
                    line: 0,
                    message: e.to_string(),
                };
                return (map, Some(err));
            }
        };
        let mut map = map;
        match map.merge_toml(&path.display().to_string(), &text) {
            Ok(()) => (map, None),
            Err(e) => (map, Some(e)),
        }
    }

    /// Adds the bindings of a TOML keymap; a key bound here replaces its old binding.
    pub fn merge_toml(&mut self, source_name: &str, text: &str) -> Result<(), KeymapError> {
        // All or nothing: a half-applied user keymap would be more confusing than none.
        let mut merged = self.clone();
        merged.merge_raw(source_name, text)?;
        *self = merged;
        Ok(())
    }

    fn merge_raw(&mut self, source_name: &str, text: &str) -> Result<(), KeymapError> {
        let err = |line: usize, message: String| KeymapError {
            source_name: source_name.to_string(),
            line,
            message,
        };
        let raw: RawKeymap = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| line_of(text, s.start));
            err(line, e.message().trim().to_string())
        })?;
        for (section, bindings) in raw {
            let mode = Mode::from_section(&section).ok_or_else(|| {
                let line = text
                    .lines()
                    .position(|l| l.trim() == format!("[{section}]"))
                    .map_or(0, |i| i + 1);
                err(
                    line,
                    format!(
                        "unknown section [{section}] (expected one of: {})",
                        Mode::ALL.map(|m| m.section()).join(", ")
                    ),
                )
            })?;
            for (keys, action) in bindings {
                let line = line_of(text, action.span().start);
                let chords = parse_sequence(&keys).map_err(|m| err(line, m))?;
                let table = self.modes.entry(mode).or_default();
                if action.get_ref() == "none" {
                    table.remove(&chords);
                    continue;
                }
                let action = Action::from_name(action.get_ref()).ok_or_else(|| {
                    err(
                        line,
                        format!("unknown action {:?} for {keys:?}", action.get_ref()),
                    )
                })?;
                table.insert(chords, action);
            }
        }
        Ok(())
    }

    /// What `keys` (the pending keys plus the new one) mean in `mode`.
    pub fn lookup(&self, mode: Mode, keys: &[KeyChord]) -> Lookup {
        let Some(table) = self.modes.get(&mode) else {
            return Lookup::Unbound;
        };
        if let Some(action) = table.get(keys) {
            return Lookup::Action(action.clone());
        }
        let is_prefix = table
            .range(keys.to_vec()..)
            .next()
            .is_some_and(|(k, _)| k.len() > keys.len() && k.starts_with(keys));
        if is_prefix {
            Lookup::Prefix
        } else {
            Lookup::Unbound
        }
    }

    /// Every binding of a mode, grouped by action in the order actions are declared, for
    /// the help overlay.
    pub fn bindings(&self, mode: Mode) -> Vec<(Action, Vec<String>)> {
        let mut out: Vec<(Action, Vec<String>)> = Vec::new();
        if let Some(table) = self.modes.get(&mode) {
            for (keys, action) in table {
                let text = sequence_to_string(keys);
                match out.iter_mut().find(|(a, _)| a == action) {
                    Some((_, list)) => list.push(text),
                    None => out.push((action.clone(), vec![text])),
                }
            }
        }
        out.sort_by_key(|(a, _)| a.order());
        for (_, keys) in &mut out {
            keys.sort_by_key(|k| (k.len(), k.clone()));
        }
        out
    }

    /// The first key sequence bound to `action` in `mode`, for hints ("press ? for help").
    pub fn key_for(&self, mode: Mode, action: &Action) -> Option<String> {
        self.bindings(mode)
            .into_iter()
            .find(|(a, _)| a == action)
            .and_then(|(_, keys)| keys.into_iter().next())
    }
}

/// Parses "Ctrl-w v" into its chords.
pub fn parse_sequence(text: &str) -> Result<Vec<KeyChord>, String> {
    let chords = text
        .split_whitespace()
        .map(KeyChord::parse)
        .collect::<Result<Vec<_>, _>>()?;
    if chords.is_empty() {
        // " " written literally means the space bar.
        if !text.is_empty() && text.chars().all(|c| c == ' ') {
            return Ok(vec![KeyChord::plain(' ')]);
        }
        return Err("empty key".to_string());
    }
    Ok(chords)
}

fn line_of(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// `$XDG_CONFIG_HOME/recto/keymap.toml`, defaulting to `~/.config`.
pub fn user_keymap_path() -> Option<std::path::PathBuf> {
    super::state::xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("recto").join("keymap.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_notation() {
        assert_eq!(KeyChord::parse("j"), Ok(KeyChord::plain('j')));
        assert_eq!(KeyChord::parse("Ctrl-w"), Ok(KeyChord::ctrl('w')));
        assert_eq!(KeyChord::parse("ctrl-W"), Ok(KeyChord::ctrl('w')));
        assert_eq!(KeyChord::parse("-"), Ok(KeyChord::plain('-')));
        assert_eq!(KeyChord::parse("Space"), Ok(KeyChord::plain(' ')));
        assert_eq!(
            KeyChord::parse("Shift-Tab"),
            Ok(KeyChord::named(NamedKey::BackTab))
        );
        assert_eq!(KeyChord::parse("F5").map(|k| k.code), Ok(KeyCodeKey::F(5)));
        assert!(KeyChord::parse("Hyper-x").is_err());
        assert!(KeyChord::parse("F99").is_err());
        assert_eq!(
            parse_sequence("Ctrl-w  v"),
            Ok(vec![KeyChord::ctrl('w'), KeyChord::plain('v')])
        );
    }

    #[test]
    fn display_round_trips() {
        for k in [
            "j",
            "G",
            "Ctrl-w",
            "Alt-Left",
            "Shift-Tab",
            "Space",
            "PageDown",
            "F3",
        ] {
            let chord = KeyChord::parse(k).unwrap();
            assert_eq!(chord.to_string(), k);
            assert_eq!(KeyChord::parse(&chord.to_string()), Ok(chord));
        }
    }

    #[test]
    fn events_normalise_like_the_file() {
        let upper = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&upper), KeyChord::parse("G").ok());
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(
            KeyChord::from_event(&backtab),
            KeyChord::parse("Shift-Tab").ok()
        );
        let ctrl_w = KeyEvent::new(KeyCode::Char('w'), KeyModifiers::CONTROL);
        assert_eq!(KeyChord::from_event(&ctrl_w), Some(KeyChord::ctrl('w')));
    }

    #[test]
    fn sequences_resolve_through_prefixes() {
        let map = Keymap::defaults();
        let ctrl_w = KeyChord::ctrl('w');
        assert_eq!(map.lookup(Mode::Reader, &[ctrl_w]), Lookup::Prefix);
        assert_eq!(
            map.lookup(Mode::Reader, &[ctrl_w, KeyChord::plain('v')]),
            Lookup::Action(Action::SplitSideBySide)
        );
        assert_eq!(
            map.lookup(Mode::Reader, &[ctrl_w, KeyChord::plain('z')]),
            Lookup::Unbound
        );
        assert_eq!(
            map.lookup(Mode::Reader, &[KeyChord::plain('j')]),
            Lookup::Action(Action::ScrollDown)
        );
        assert_eq!(
            map.lookup(Mode::Popup, &[KeyChord::named(NamedKey::Esc)]),
            Lookup::Action(Action::Cancel)
        );
    }

    #[test]
    fn user_bindings_override_and_remove() {
        let mut map = Keymap::defaults();
        map.merge_toml("user", "[reader]\nj = \"page_down\"\nk = \"none\"\n")
            .unwrap();
        assert_eq!(
            map.lookup(Mode::Reader, &[KeyChord::plain('j')]),
            Lookup::Action(Action::PageDown)
        );
        assert_eq!(
            map.lookup(Mode::Reader, &[KeyChord::plain('k')]),
            Lookup::Unbound
        );
        // Other defaults still work.
        assert_eq!(
            map.lookup(Mode::Reader, &[KeyChord::plain('G')]),
            Lookup::Action(Action::Bottom)
        );
    }

    #[test]
    fn errors_name_the_line() {
        let mut map = Keymap::defaults();
        let text = "[reader]\nj = \"scroll_down\"\n\"Ctrl-Q x\" = \"fly_away\"\n";
        let e = map.merge_toml("user.toml", text).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.to_string().contains("user.toml, line 3"), "{e}");
        assert!(e.message.contains("fly_away"), "{e}");

        let e = map
            .merge_toml("user.toml", "[reader]\n\n\"Meta-x\" = \"quit\"\n")
            .unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.message.contains("Meta-x"), "{e}");

        let e = map.merge_toml("user.toml", "[reader]\nj = \n").unwrap_err();
        assert_eq!(e.line, 2, "{e}");

        let e = map
            .merge_toml("user.toml", "[nowhere]\nj = \"quit\"\n")
            .unwrap_err();
        assert_eq!(e.line, 1, "{e}");
        // The defaults are untouched by failed merges.
        assert_eq!(
            map.lookup(Mode::Reader, &[KeyChord::plain('j')]),
            Lookup::Action(Action::ScrollDown)
        );
    }

    #[test]
    fn every_default_binding_is_described_in_help() {
        let map = Keymap::defaults();
        for mode in Mode::ALL {
            let bindings = map.bindings(mode);
            assert!(!bindings.is_empty(), "{mode:?} has keys");
            for (action, keys) in bindings {
                assert!(!action.description().is_empty());
                assert!(!keys.is_empty());
            }
        }
    }
}
