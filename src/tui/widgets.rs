//! The pieces `view` draws over or beside the panes, one file each.

pub mod help;
pub mod library;
pub mod outline;
pub mod picker;
pub mod popup;
pub mod status;
