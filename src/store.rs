//! recto's own files on disk: where they live (the XDG directories), reading them (a
//! corrupt file is moved aside, never fatal), writing them atomically, and a lock so that
//! any number of recto processes can merge their changes into one file.
//!
//! Knows nothing of what the files hold; the state file (`tui::state`) and the user's
//! links (`user_links`) are built on it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `$VAR` when it is set to an absolute path, else `$HOME/fallback`.
pub fn xdg_dir(var: &str, fallback: &str) -> Option<PathBuf> {
    match std::env::var_os(var).map(PathBuf::from) {
        Some(p) if p.is_absolute() => Some(p),
        _ => std::env::var_os("HOME")
            .map(PathBuf::from)
            .filter(|h| h.is_absolute())
            .map(|h| h.join(fallback)),
    }
}

/// Reads a file recto keeps (state, links, keymap). Anything but a regular file is an
/// error: a FIFO in its place would block the start for ever.
pub fn read_own_file(path: &Path) -> std::io::Result<Vec<u8>> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::read(path)
}

/// Reads one of recto's own JSON files (`what` names it in warnings). A missing file is
/// the default value; a truncated or garbage one is moved aside to
/// `NAME.corrupt-<unix seconds>` (kept for the user, never overwritten) and reported.
pub fn load_json<T: DeserializeOwned + Default>(path: &Path, what: &str) -> (T, Option<String>) {
    let bytes = match read_own_file(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (T::default(), None),
        Err(e) => {
            let warning = format!("could not read {what} {}: {e}", path.display());
            return (T::default(), Some(warning));
        }
    };
    match serde_json::from_slice::<T>(&bytes) {
        Ok(value) => (value, None),
        Err(e) => {
            let stamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let mut aside = path.as_os_str().to_os_string();
            aside.push(format!(".corrupt-{stamp}"));
            let aside = PathBuf::from(aside);
            let warning = match std::fs::rename(path, &aside) {
                Ok(()) => format!(
                    "{what} was unreadable ({e}); moved it to {} and started fresh",
                    aside.display()
                ),
                Err(m) => format!(
                    "{what} {} was unreadable ({e}) and could not be moved aside ({m})",
                    path.display()
                ),
            };
            (T::default(), Some(warning))
        }
    }
}

/// Writes `value` as JSON atomically: a temp file in the same directory, synced, then
/// renamed over `path`, so a crash or kill mid-write leaves the previous file whole.
pub fn save_json<T: Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let json = serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?;
    let name = path
        .file_name()
        .map_or("recto.json".into(), |n| n.to_string_lossy().into_owned());
    // Unique per process so two recto processes saving at once do not share a temp file;
    // the later rename wins whole.
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&json)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Runs `f` holding an exclusive lock on `path` (a `.NAME.lock` file beside it, taken
/// with `flock`, so that it is given back when the process dies): two processes that
/// read, merge and write the same file take turns.
pub fn with_lock<T>(path: &Path, f: impl FnOnce() -> std::io::Result<T>) -> std::io::Result<T> {
    use std::os::fd::AsRawFd;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .map_or("recto".into(), |n| n.to_string_lossy().into_owned());
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(format!(".{name}.lock")))?;
    // SAFETY: flock on a file descriptor we own; no memory is involved.
    while unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX) } != 0 {
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    // Closing the file (when `lock` drops) releases the lock.
    f()
}
