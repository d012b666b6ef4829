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
    /// How many requests the model can have in flight at most.
    pub in_flight: InFlight,
    pub run: fn(&Job) -> Result<Outcome, SetupError>,
}

/// What limits a model's requests in flight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InFlight {
    /// The job's concurrency, as asked.
    Concurrency,
    /// One per core, whatever the concurrency: a lesson in what goes wrong.
    Cores,
}

impl InFlight {
    /// The most requests in flight for `job`.
    pub fn cap(self, job: &fanout_core::Job) -> usize {
        match self {
            InFlight::Concurrency => job.concurrency,
            InFlight::Cores => job.concurrency.min(job.cores),
        }
    }
}

pub const MODELS: &[ModelEntry] = &[
    ModelEntry {
        name: "sequential",
        description: "one ureq agent, one request at a time (Python: a requests loop)",
        deprecated: false,
        fixed_concurrency: Some(1),
        in_flight: InFlight::Concurrency,
        run: fanout_sequential::run,
    },
    ModelEntry {
        name: "threads",
        description: "a pool of `concurrency` OS threads sharing a work queue (Python: ThreadPoolExecutor)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_threads::run,
    },
    ModelEntry {
        name: "rayon",
        description: "par_iter in a rayon pool of `concurrency` threads, blocking ureq calls",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_rayon::run,
    },
    ModelEntry {
        name: "tokio",
        description: "tokio tasks on one worker per core, reqwest, a semaphore (Python: asyncio + aiohttp)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_tokio::run,
    },
    ModelEntry {
        name: "tokio-current-thread",
        description: "the same on one thread, one event loop (Python: the asyncio loop)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_tokio_current_thread::run,
    },
    ModelEntry {
        name: "async-std",
        description: "async-std tasks, hyper over async-std's TcpStream (discontinued upstream)",
        deprecated: true,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_async_std::run,
    },
    ModelEntry {
        name: "smol",
        description: "a smol executor on one thread per core, hyper over smol's TcpStream",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_smol::run,
    },
    ModelEntry {
        name: "spawn-blocking",
        description: "blocking ureq calls offloaded with tokio's spawn_blocking (Python: run_in_executor)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_spawn_blocking::run,
    },
    ModelEntry {
        name: "gil-threads",
        description: "lesson: the thread pool under a simulated GIL (Python: threads under CPython's GIL)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: fanout_gil_threads::run,
    },
    ModelEntry {
        name: "blocking-in-async",
        description: "lesson: blocking calls inside async tasks (Python: requests.get in a coroutine)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        run: fanout_blocking_in_async::run,
    },
    ModelEntry {
        name: "processes",
        description: "lesson: one process per core, each fetching a share (Python: multiprocessing.Pool)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        run: fanout_processes::run,
    },
];

pub fn find(name: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().find(|model| model.name == name)
}

pub fn names() -> Vec<&'static str> {
    MODELS.iter().map(|model| model.name).collect()
}
