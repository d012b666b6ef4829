//! What a model's run returns: its records and the threads it was given, or why it could not
//! start at all.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::record::Record;

/// What a model returns: one record per target, in any order, and the thread counts it gave
/// its runtime or pool (e.g. `{"workers": 2, "blocking": 100}`), so a reader sees what each
/// model was allowed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// One record per target of the job, in any order.
    pub records: Vec<Record>,
    /// Threads the model gave its runtime or pool, by role.
    pub pinned_threads: BTreeMap<String, usize>,
}

impl Outcome {
    /// An outcome of `records`, with no thread counts said yet.
    pub fn new(records: Vec<Record>) -> Self {
        Self {
            records,
            pinned_threads: BTreeMap::new(),
        }
    }

    /// Records that the model gave `count` threads to `role`.
    pub fn pinned(mut self, role: &str, count: usize) -> Self {
        self.pinned_threads.insert(role.to_owned(), count);
        self
    }
}

/// A model could not start at all (its pool or runtime refused to be built): the whole run
/// fails, as opposed to a request failing, which is a [`Record`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupError(pub String);

impl fmt::Display for SetupError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SetupError {}
