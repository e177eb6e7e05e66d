//! Key notation: one key with its modifiers (`KeyChord`), read from a terminal event or
//! written as in the keymap ("Ctrl-w v", "Shift-Tab", "PageDown"), and shown back.
//!
//! Knows nothing of actions or modes (`keymap` binds chords to actions) and never touches
//! the terminal.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::fmt;

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
