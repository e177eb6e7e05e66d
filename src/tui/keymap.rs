//! Keys to actions: parses `assets/keymap.toml` (embedded) and the user's
//! `$XDG_CONFIG_HOME/recto/keymap.toml`, merges them, and resolves key sequences.
//!
//! Owns the key notation ("Ctrl-w v", "Shift-Tab", "PageDown") and the lookup of a pending
//! sequence. Knows nothing of what actions do: the app's dispatcher interprets them. Never touches
//! the terminal.

use super::action::{Action, Mode};
pub use super::keys::{KeyChord, KeyCodeKey, NamedKey, parse_sequence, sequence_to_string};
use std::collections::BTreeMap;

/// The embedded default keymap.
pub const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.toml");

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
        // Every bad line is reported, in the order of the file, not only the first.
        let mut problems: Vec<(usize, String)> = Vec::new();
        for (section, bindings) in raw {
            let Some(mode) = Mode::from_section(&section) else {
                let line = text
                    .lines()
                    .position(|l| l.trim() == format!("[{section}]"))
                    .map_or(0, |i| i + 1);
                problems.push((
                    line,
                    format!(
                        "unknown section [{section}] (expected one of: {})",
                        Mode::ALL.map(|m| m.section()).join(", ")
                    ),
                ));
                continue;
            };
            for (keys, action) in bindings {
                let line = line_of(text, action.span().start);
                let chords = match parse_sequence(&keys) {
                    Ok(chords) => chords,
                    Err(m) => {
                        problems.push((line, m));
                        continue;
                    }
                };
                let table = self.modes.entry(mode).or_default();
                if action.get_ref() == "none" {
                    table.remove(&chords);
                    continue;
                }
                match Action::from_name(action.get_ref()) {
                    Some(action) => {
                        table.insert(chords, action);
                    }
                    None => problems.push((
                        line,
                        format!("unknown action {:?} for {keys:?}", action.get_ref()),
                    )),
                }
            }
        }
        problems.sort();
        if let Some((line, first)) = problems.first() {
            let rest: Vec<String> = problems[1..]
                .iter()
                .map(|(l, m)| format!("; line {l}: {m}"))
                .collect();
            return Err(err(*line, format!("{first}{}", rest.concat())));
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
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

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

    #[test]
    fn every_bad_line_is_reported_in_file_order() {
        let mut map = Keymap::defaults();
        let text = "[reader]\n\"j\" = \"scroll_down\"\n\"k\" = \"scroll_up\"\n\"z\" = \"fly\"\n\"a\" = \"swim\"\n";
        let e = map.merge_toml("keymap.toml", text).unwrap_err();
        assert_eq!(e.line, 4);
        let shown = e.to_string();
        assert!(
            shown.contains("line 4") && shown.contains("line 5"),
            "{shown}"
        );
        assert!(shown.find("fly") < shown.find("swim"), "{shown}");
    }
}
