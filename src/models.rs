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
    ModelEntry {
        name: "rayon",
        description: "par_iter in a rayon pool of `concurrency` threads, blocking ureq calls",
        deprecated: false,
        fixed_concurrency: None,
        run: fanout_rayon::run,
    },
    ModelEntry {
        name: "tokio",
        description: "tokio tasks on one worker per core, reqwest, a semaphore (Python: asyncio + aiohttp)",
        deprecated: false,
        fixed_concurrency: None,
        run: fanout_tokio::run,
    },
    ModelEntry {
        name: "tokio-current-thread",
        description: "the same on one thread, one event loop (Python: the asyncio loop)",
        deprecated: false,
        fixed_concurrency: None,
        run: fanout_tokio_current_thread::run,
    },
    ModelEntry {
        name: "async-std",
        description: "async-std tasks, hyper over async-std's TcpStream (discontinued upstream)",
        deprecated: true,
        fixed_concurrency: None,
        run: fanout_async_std::run,
    },
    ModelEntry {
        name: "smol",
        description: "a smol executor on one thread per core, hyper over smol's TcpStream",
        deprecated: false,
        fixed_concurrency: None,
        run: fanout_smol::run,
    },
    ModelEntry {
        name: "spawn-blocking",
        description: "blocking ureq calls offloaded with tokio's spawn_blocking (Python: run_in_executor)",
        deprecated: false,
        fixed_concurrency: None,
        run: fanout_spawn_blocking::run,
    },
];

pub fn find(name: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().find(|model| model.name == name)
}

pub fn names() -> Vec<&'static str> {
    MODELS.iter().map(|model| model.name).collect()
}
