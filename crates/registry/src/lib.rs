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
    pub run: Runner,
}

/// How a model runs inside its worker process.
pub enum Runner {
    /// A Rust model crate's entry point, called in the worker.
    Rust(fn(&Job) -> Result<Outcome, SetupError>),
    /// One of the Python programs in `scripts/python/`, which the worker becomes.
    Python(&'static str),
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
        self.limit(job.cores)
            .map_or(job.concurrency, |limit| limit.min(job.concurrency))
    }

    /// The most requests in flight whatever the concurrency, on a machine with `cores`;
    /// `None` when the concurrency decides.
    pub fn limit(self, cores: usize) -> Option<usize> {
        match self {
            InFlight::Concurrency => None,
            InFlight::Cores => Some(cores),
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
        run: Runner::Rust(fanout_sequential::run),
    },
    ModelEntry {
        name: "threads",
        description: "a pool of `concurrency` OS threads sharing a work queue (Python: ThreadPoolExecutor)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_threads::run),
    },
    ModelEntry {
        name: "rayon",
        description: "par_iter in a rayon pool of `concurrency` threads, blocking ureq calls",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_rayon::run),
    },
    ModelEntry {
        name: "tokio",
        description: "tokio tasks on one worker per core, reqwest, a semaphore (Python: asyncio + aiohttp)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_tokio::run),
    },
    ModelEntry {
        name: "tokio-current-thread",
        description: "the same on one thread, one event loop (Python: the asyncio loop)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_tokio_current_thread::run),
    },
    ModelEntry {
        name: "async-std",
        description: "async-std tasks, hyper over async-std's TcpStream (discontinued upstream)",
        deprecated: true,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_async_std::run),
    },
    ModelEntry {
        name: "smol",
        description: "a smol executor on one thread per core, hyper over smol's TcpStream",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_smol::run),
    },
    ModelEntry {
        name: "spawn-blocking",
        description: "blocking ureq calls offloaded with tokio's spawn_blocking (Python: run_in_executor)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_spawn_blocking::run),
    },
    ModelEntry {
        name: "gil-threads",
        description: "lesson: the thread pool under a simulated GIL (Python: threads under CPython's GIL)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Rust(fanout_gil_threads::run),
    },
    ModelEntry {
        name: "blocking-in-async",
        description: "lesson: blocking calls inside async tasks (Python: requests.get in a coroutine)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        run: Runner::Rust(fanout_blocking_in_async::run),
    },
    ModelEntry {
        name: "processes",
        description: "lesson: one process per core, each fetching a share (Python: multiprocessing.Pool)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        run: Runner::Rust(fanout_processes::run),
    },
    ModelEntry {
        name: "py-sequential",
        description: "Python: one requests.Session, one request at a time",
        deprecated: false,
        fixed_concurrency: Some(1),
        in_flight: InFlight::Concurrency,
        run: Runner::Python("py_sequential.py"),
    },
    ModelEntry {
        name: "py-threads",
        description: "Python: ThreadPoolExecutor of `concurrency` threads, requests, under the real GIL",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Python("py_threads.py"),
    },
    ModelEntry {
        name: "py-asyncio",
        description: "Python: asyncio + aiohttp, a semaphore, gather: one thread, one event loop",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Python("py_asyncio.py"),
    },
    ModelEntry {
        name: "py-executor",
        description: "Python: asyncio + run_in_executor with blocking urllib (seed 004)",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        run: Runner::Python("py_executor.py"),
    },
];

impl ModelEntry {
    pub fn is_python(&self) -> bool {
        matches!(self.run, Runner::Python(_))
    }
}

/// The Rust models: every model that needs nothing but this binary.
pub fn rust_models() -> impl Iterator<Item = &'static ModelEntry> {
    MODELS.iter().filter(|model| !model.is_python())
}

pub fn find(name: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().find(|model| model.name == name)
}

pub fn names() -> Vec<&'static str> {
    MODELS.iter().map(|model| model.name).collect()
}

/// Where the Python programs are: `FANOUT_PYTHON_DIR`, or `scripts/python` of the source tree
/// this binary was built from.
pub fn python_dir() -> std::path::PathBuf {
    std::env::var_os("FANOUT_PYTHON_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/python"))
}

/// The one-line hint for running the Python models.
pub const PYTHON_SETUP_HINT: &str = "the Python models need scripts/python/setup.sh (a virtual environment with requests and aiohttp)";

/// The interpreter of the Python models' virtual environment, if it exists; else why not.
pub fn python_path() -> Result<std::path::PathBuf, String> {
    let python = python_dir().join(".venv/bin/python");
    if python.exists() {
        Ok(python)
    } else {
        Err(format!(
            "{PYTHON_SETUP_HINT}: {} is missing",
            python.display()
        ))
    }
}

/// The interpreter, checked to import the packages the Python models need; else why not.
/// Starts a Python process, so call it once, before measuring anything.
pub fn python_interpreter() -> Result<std::path::PathBuf, String> {
    let python = python_path()?;
    let imports = std::process::Command::new(&python)
        .args(["-c", "import requests, aiohttp"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
    match imports {
        Ok(status) if status.success() => Ok(python),
        _ => Err(format!(
            "{PYTHON_SETUP_HINT}: its packages do not import; run it again"
        )),
    }
}
