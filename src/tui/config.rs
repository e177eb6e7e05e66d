//! The reader's settings: `$XDG_CONFIG_HOME/recto/config.toml` (usually
//! `~/.config/recto/config.toml`), read once at start. A mistake is reported with its line
//! and the defaults stay in force; `NO_COLOR` (set and not empty) turns colours off
//! whatever the file says.
//!
//! ```toml
//! width = 80        # the widest a text column gets, in columns (20 or more)
//! theme = "dark"    # "dark", "light", or "terminal" (the terminal's own colours)
//! ```

use super::panes::DEFAULT_MEASURE;
use serde::Deserialize;
use std::path::PathBuf;

/// How the reader is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeName {
    /// Colours made for a dark background (the default).
    #[default]
    Dark,
    /// The same roles, coloured for a light background.
    Light,
    /// No colours of recto's: the terminal's own, with bold, italic and reverse video.
    Terminal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The measure: the widest a text column gets.
    pub width: u16,
    pub theme: ThemeName,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            width: DEFAULT_MEASURE,
            theme: ThemeName::Dark,
        }
    }
}

/// `$XDG_CONFIG_HOME/recto/config.toml`, defaulting to `~/.config`.
pub fn config_path() -> Option<PathBuf> {
    crate::store::xdg_dir("XDG_CONFIG_HOME", ".config").map(|d| d.join("recto").join("config.toml"))
}

impl Config {
    /// Parses a config file's text; `Err` names the line and what is wrong.
    pub fn parse(source_name: &str, text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            });
            format!("{source_name}, line {line}: {}", e.message().trim())
        })?;
        if config.width < 20 {
            let line = text
                .lines()
                .position(|l| l.trim_start().starts_with("width"))
                .map_or(0, |k| k + 1);
            return Err(format!(
                "{source_name}, line {line}: width must be 20 columns or more"
            ));
        }
        Ok(config)
    }

    /// The user's settings (the defaults when there is no file), and the problem with the
    /// file if it could not be used. `no_color` is the `NO_COLOR` variable's value.
    pub fn load_user(no_color: Option<&str>) -> (Config, Option<String>) {
        let (mut config, problem) = match config_path() {
            Some(path) => match crate::store::read_own_file(&path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Config::default(), None),
                Err(e) => (
                    Config::default(),
                    Some(format!("could not read {}: {e}", path.display())),
                ),
                Ok(bytes) => {
                    let name = crate::ingest::display_name(&path.to_string_lossy());
                    match Config::parse(&name, &String::from_utf8_lossy(&bytes)) {
                        Ok(config) => (config, None),
                        Err(e) => (Config::default(), Some(e)),
                    }
                }
            },
            None => (Config::default(), None),
        };
        if no_color.is_some_and(|v| !v.is_empty()) {
            config.theme = ThemeName::Terminal;
        }
        (config, problem)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_and_their_mistakes_with_the_line() {
        let c = Config::parse("config.toml", "width = 72\ntheme = \"light\"\n").unwrap();
        assert_eq!((c.width, c.theme), (72, ThemeName::Light));
        assert_eq!(Config::parse("c", "").unwrap(), Config::default());
        let e = Config::parse("config.toml", "width = 72\ntheme = \"pink\"\n").unwrap_err();
        assert!(e.starts_with("config.toml, line 2:"), "{e}");
        let e = Config::parse("config.toml", "\n\nwidht = 3\n").unwrap_err();
        assert!(e.contains("line 3"), "{e}");
        let e = Config::parse("config.toml", "width = 5\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("20"), "{e}");
        // NO_COLOR wins over the file, set to anything but nothing.
        assert_eq!(Config::load_user(Some("1")).0.theme, ThemeName::Terminal);
    }
}
