//! Background work and its one channel into the event loop.
//!
//! Slow work (reading the files given on the command line, linking the open documents;
//! search over big documents and URL fetches to come) runs off the input path as a task. A
//! task gets a `Reporter`: what it sends comes back to the event loop as an `Action`
//! through the one channel, and when it ends (returns, is cancelled, or panics) the loop
//! hears so too, because dropping the reporter says it. `TaskList` (held by the app) lists
//! what runs, for the status line, and cancels: a cancelled task's reports are dropped and
//! the task is asked to stop at its next check.
//!
//! Knows nothing of what the tasks do; never touches the terminal.

use super::action::Action;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

/// Which task a report comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskId(u64);

/// What kind of work a task does (a new link task supersedes the one running).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Load,
    /// Fetching a URL: Esc stops it.
    Fetch,
    Link,
    Search,
}

/// A report from a task: an action for `update`, or the news that it ended.
#[derive(Debug)]
pub enum Report {
    Action(TaskId, Action),
    /// What the status line should now say about the task ("fetching example.org… 340 KB").
    Progress(TaskId, String),
    Finished(TaskId),
}

/// Asks a task to stop; shared by the task and the list.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// A task's end of the channel.
#[derive(Debug)]
pub struct Reporter {
    id: TaskId,
    tx: UnboundedSender<Report>,
    cancel: Cancel,
}

impl Reporter {
    /// Sends `action` to the event loop; `false` when the task should stop (cancelled, or
    /// nobody listens any more).
    pub fn send(&self, action: Action) -> bool {
        !self.cancel.is_cancelled() && self.tx.send(Report::Action(self.id, action)).is_ok()
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// Tells the status line how far the task has come; `false` when it should stop.
    pub fn progress(&self, label: String) -> bool {
        !self.cancel.is_cancelled() && self.tx.send(Report::Progress(self.id, label)).is_ok()
    }
}

impl Drop for Reporter {
    fn drop(&mut self) {
        let _ = self.tx.send(Report::Finished(self.id));
    }
}

/// A task that runs.
#[derive(Debug)]
pub struct Running {
    pub id: TaskId,
    pub kind: TaskKind,
    /// What the status line says while it runs ("reading big.txt").
    pub label: String,
    cancel: Cancel,
}

/// The tasks that run, as the app knows them.
#[derive(Debug, Default)]
pub struct TaskList {
    next: u64,
    running: Vec<Running>,
}

impl TaskList {
    /// Registers a task; the reporter goes to the task.
    pub fn start(
        &mut self,
        tx: &UnboundedSender<Report>,
        kind: TaskKind,
        label: String,
    ) -> Reporter {
        self.next += 1;
        let id = TaskId(self.next);
        let cancel = Cancel::default();
        self.running.push(Running {
            id,
            kind,
            label,
            cancel: cancel.clone(),
        });
        Reporter {
            id,
            tx: tx.clone(),
            cancel,
        }
    }

    /// Whether a report from `id` still counts (its task was not cancelled).
    pub fn accepts(&self, id: TaskId) -> bool {
        self.running
            .iter()
            .any(|r| r.id == id && !r.cancel.is_cancelled())
    }

    /// A running task's new status-line label.
    pub fn set_label(&mut self, id: TaskId, label: String) {
        if let Some(r) = self.running.iter_mut().find(|r| r.id == id) {
            r.label = label;
        }
    }

    /// Whether a task of `kind` runs.
    pub fn runs(&self, kind: TaskKind) -> bool {
        self.running.iter().any(|r| r.kind == kind)
    }

    /// The task ended: it leaves the status line.
    pub fn finished(&mut self, id: TaskId) {
        self.running.retain(|r| r.id != id);
    }

    /// Cancels every task of `kind`.
    pub fn cancel_kind(&mut self, kind: TaskKind) {
        for r in self.running.iter().filter(|r| r.kind == kind) {
            r.cancel.cancel();
        }
        self.running.retain(|r| r.kind != kind);
    }

    /// Cancels everything (on quit).
    pub fn cancel_all(&mut self) {
        for r in &self.running {
            r.cancel.cancel();
        }
        self.running.clear();
    }

    /// What runs, for the status line.
    pub fn labels(&self) -> Vec<&str> {
        self.running.iter().map(|r| r.label.as_str()).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.running.is_empty()
    }
}

/// The one channel tasks report through.
pub fn channel() -> (UnboundedSender<Report>, UnboundedReceiver<Report>) {
    unbounded_channel()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_reports_then_says_it_ended_and_a_cancelled_one_is_silenced() {
        let (tx, mut rx) = channel();
        let mut list = TaskList::default();
        let reporter = list.start(&tx, TaskKind::Load, "reading a.txt".into());
        assert_eq!(list.labels(), vec!["reading a.txt"]);
        assert!(reporter.send(Action::Quit));
        drop(reporter);
        let Some(Report::Action(id, Action::Quit)) = rx.try_recv().ok() else {
            panic!("the action comes first");
        };
        assert!(list.accepts(id));
        let Some(Report::Finished(done)) = rx.try_recv().ok() else {
            panic!("then the end");
        };
        list.finished(done);
        assert!(list.is_empty());

        let linker = list.start(&tx, TaskKind::Link, "linking".into());
        list.cancel_kind(TaskKind::Link);
        assert!(linker.is_cancelled());
        assert!(!linker.send(Action::Quit), "a cancelled task sends nothing");
        assert!(list.labels().is_empty());
    }
}
