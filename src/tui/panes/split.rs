//! The split tree of the panes: how the screen is shared (side by side, stacked), and the
//! pure operations on it (rectangles, splitting a leaf, removing one, saving, restoring).

use crate::tui::state::SavedLayout;
use ratatui::layout::{Constraint, Layout, Rect};

/// The split tree: leaves are indices into `Workspace::panes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Split {
    Pane(usize),
    SideBySide(Vec<Split>),
    Stacked(Vec<Split>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dir {
    SideBySide,
    Stacked,
}

pub fn split_rects(node: &Split, area: Rect, out: &mut [Rect]) {
    match node {
        Split::Pane(i) => {
            if let Some(slot) = out.get_mut(*i) {
                *slot = area;
            }
        }
        Split::SideBySide(children) | Split::Stacked(children) => {
            let n = children.len().max(1) as u32;
            let constraints = vec![Constraint::Ratio(1, n); children.len()];
            let areas = if matches!(node, Split::SideBySide(_)) {
                Layout::horizontal(constraints).split(area)
            } else {
                Layout::vertical(constraints).split(area)
            };
            for (child, a) in children.iter().zip(areas.iter()) {
                split_rects(child, *a, out);
            }
        }
    }
}

pub fn save_layout(node: &Split) -> SavedLayout {
    match node {
        Split::Pane(i) => SavedLayout::Pane(*i),
        Split::SideBySide(v) => SavedLayout::SideBySide(v.iter().map(save_layout).collect()),
        Split::Stacked(v) => SavedLayout::Stacked(v.iter().map(save_layout).collect()),
    }
}

/// The saved tree with pane indices mapped through `ids` (panes that could not be
/// restored dropped); `None` when nothing is left.
pub fn rebuild_layout(saved: &SavedLayout, ids: &[Option<usize>]) -> Option<Split> {
    let children = |v: &[SavedLayout]| -> Vec<Split> {
        v.iter().filter_map(|c| rebuild_layout(c, ids)).collect()
    };
    let node = match saved {
        SavedLayout::Pane(i) => Split::Pane(ids.get(*i).copied().flatten()?),
        SavedLayout::SideBySide(v) => Split::SideBySide(children(v)),
        SavedLayout::Stacked(v) => Split::Stacked(children(v)),
    };
    normalize(node)
}

/// Collapses empty splits and splits with one child.
pub fn normalize(node: Split) -> Option<Split> {
    match node {
        Split::Pane(_) => Some(node),
        Split::SideBySide(v) | Split::Stacked(v) if v.is_empty() => None,
        Split::SideBySide(mut v) | Split::Stacked(mut v) if v.len() == 1 => v.pop(),
        other => Some(other),
    }
}

pub fn layout_leaves(node: &Split, out: &mut Vec<usize>) {
    match node {
        Split::Pane(i) => out.push(*i),
        Split::SideBySide(v) | Split::Stacked(v) => v.iter().for_each(|c| layout_leaves(c, out)),
    }
}

pub fn split_leaf(node: &mut Split, target: usize, new: usize, dir: Dir) -> bool {
    match node {
        Split::Pane(i) if *i == target => {
            let pair = vec![Split::Pane(target), Split::Pane(new)];
            *node = match dir {
                Dir::SideBySide => Split::SideBySide(pair),
                Dir::Stacked => Split::Stacked(pair),
            };
            true
        }
        Split::Pane(_) => false,
        Split::SideBySide(_) | Split::Stacked(_) => {
            let same_dir = matches!(
                (&*node, dir),
                (Split::SideBySide(_), Dir::SideBySide) | (Split::Stacked(_), Dir::Stacked)
            );
            let (Split::SideBySide(v) | Split::Stacked(v)) = node else {
                return false;
            };
            if same_dir && let Some(k) = v.iter().position(|c| *c == Split::Pane(target)) {
                v.insert(k + 1, Split::Pane(new));
                return true;
            }
            v.iter_mut().any(|c| split_leaf(c, target, new, dir))
        }
    }
}

/// Removes leaf `target` and renumbers leaves above it.
pub fn remove_leaf(node: Split, target: usize) -> Option<Split> {
    match node {
        Split::Pane(i) if i == target => None,
        Split::Pane(i) => Some(Split::Pane(if i > target { i - 1 } else { i })),
        Split::SideBySide(v) => normalize(Split::SideBySide(
            v.into_iter()
                .filter_map(|c| remove_leaf(c, target))
                .collect(),
        )),
        Split::Stacked(v) => normalize(Split::Stacked(
            v.into_iter()
                .filter_map(|c| remove_leaf(c, target))
                .collect(),
        )),
    }
}
