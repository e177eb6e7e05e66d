//! The jump list: places to come back to with Ctrl-o and go forward to again, as in vim.

use super::reading::Pos;

/// A place to jump back to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loc {
    pub doc: usize,
    pub pos: Pos,
}

/// Back/forward history of jumps (section jumps, notes, searches, start/end).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    entries: Vec<Loc>,
    cursor: usize,
}

impl JumpList {
    /// Records `here` as a place to come back to before a jump.
    pub fn record(&mut self, here: Loc) {
        self.entries.truncate(self.cursor);
        if self.entries.last() != Some(&here) {
            self.entries.push(here);
        }
        const MAX: usize = 200;
        if self.entries.len() > MAX {
            self.entries.drain(..self.entries.len() - MAX);
        }
        self.cursor = self.entries.len();
    }

    pub fn back(&mut self, here: Loc) -> Option<Loc> {
        if self.cursor == 0 {
            return None;
        }
        if self.cursor == self.entries.len() {
            self.entries.push(here);
        } else {
            self.entries[self.cursor] = here;
        }
        self.cursor -= 1;
        self.entries.get(self.cursor).copied()
    }

    pub fn forward(&mut self, here: Loc) -> Option<Loc> {
        if self.cursor + 1 >= self.entries.len() {
            return None;
        }
        self.entries[self.cursor] = here;
        self.cursor += 1;
        self.entries.get(self.cursor).copied()
    }
}
