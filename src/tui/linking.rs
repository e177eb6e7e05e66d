//! Linking as background work: the request (`LinkTask`, the documents to link, by value)
//! and its result (`Built`). `LinkTask::run` is pure and slow; the task runner calls it off
//! the input path, and compare takes the result.

use crate::claims::{LinkerConfig, Links};
use crate::document::Document;
use std::sync::Arc;

/// The linker's result for `docs` (indices into `App::docs`, in the order given to it).
#[derive(Clone)]
pub struct Built {
    pub generation: u64,
    pub docs: Vec<usize>,
    pub links: Arc<Links>,
}

impl PartialEq for Built {
    fn eq(&self, other: &Self) -> bool {
        self.generation == other.generation && self.docs == other.docs
    }
}

impl Eq for Built {}

impl std::fmt::Debug for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Built")
            .field("generation", &self.generation)
            .field("docs", &self.docs)
            .finish_non_exhaustive()
    }
}

/// Work for the event loop: link these documents off the input path.
#[derive(Debug)]
pub struct LinkTask {
    pub generation: u64,
    pub docs: Vec<usize>,
    /// Shared with the reader: the task copies them off the input path if it must.
    pub documents: Vec<Arc<Document>>,
}

impl LinkTask {
    /// Runs the linker (slow: on a worker thread); the result goes back to compare.
    pub fn run(self) -> Built {
        let documents: Vec<Document> = self.documents.iter().map(|d| (**d).clone()).collect();
        let links = Links::build(&documents, &LinkerConfig::default());
        Built {
            generation: self.generation,
            docs: self.docs,
            links: Arc::new(links),
        }
    }
}
