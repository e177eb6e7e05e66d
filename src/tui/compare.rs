//! Compare mode: linked claims in the reader. `state` owns the links (the linker's merged
//! with the user's own) and what they show; `session` the moves (sentence selection, the
//! side-by-side session, manual linking). The linker itself (`crate::claims`) is pure and
//! runs as a background task (`linking`); drawing is in `compare_view`.

pub mod session;
pub mod state;

pub use session::{handle, open_pair, realign};
pub use state::{
    Compare, Ctx, End, Partner, Session, label, label_rows, layer, recompute, relation_text, sync,
    valid_session,
};
