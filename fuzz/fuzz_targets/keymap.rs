//! Arbitrary text as a user's keymap file and as a key sequence: parsing never panics,
//! a failed merge leaves the keymap as it was, and an error shown to the user carries no
//! control characters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use recto::tui::app::Mode;
use recto::tui::keymap::{Keymap, parse_sequence};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = parse_sequence(&text);
    let mut map = Keymap::defaults();
    match map.merge_toml("fuzz.toml", &text) {
        Ok(()) => {
            for mode in Mode::ALL {
                for (_, keys) in map.bindings(mode) {
                    for k in keys {
                        if let Ok(seq) = parse_sequence(&k) {
                            let _ = map.lookup(mode, &seq);
                        }
                    }
                }
            }
        }
        Err(e) => {
            let shown = e.to_string();
            assert!(
                !shown.chars().any(|c| c.is_control() && c != '\n'),
                "control character in keymap error: {shown:?}"
            );
            let defaults = Keymap::defaults();
            for mode in Mode::ALL {
                assert_eq!(map.bindings(mode), defaults.bindings(mode), "half-applied");
            }
        }
    }
});
