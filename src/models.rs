//! The model registry: every model the CLI can run, by its fixed name.

use fanout_core::{Job, Outcome, SetupError};

/// One model: its fixed name, what it is, and its entry point.
pub struct ModelEntry {
    pub name: &'static str,
    pub description: &'static str,
    /// Still measured, but discontinued upstream.
    pub deprecated: bool,
    /// A model that only runs at one concurrency.
    pub fixed_concurrency: Option<usize>,
    pub run: fn(&Job) -> Result<Outcome, SetupError>,
}

pub const MODELS: &[ModelEntry] = &[
    ModelEntry {
        name: "sequential",
        description: "one ureq agent, one request at a time (Python: a requests loop)",
        deprecated: false,
        fixed_concurrency: Some(1),
        run: fanout_sequential::run,
    },
    ModelEntry {
        name: "threads",
        description: "a pool of `concurrency` OS threads sharing a work queue (Python: ThreadPoolExecutor)",
        deprecated: false,
        fixed_concurrency: None,
        run: fanout_threads::run,
    },
];

pub fn find(name: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().find(|model| model.name == name)
}

pub fn names() -> Vec<&'static str> {
    MODELS.iter().map(|model| model.name).collect()
}
