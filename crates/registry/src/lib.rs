//! The model registry: the one place a model is declared.
//!
//! Every model the suite knows is one [`ModelEntry`] in [`MODELS`], in the order tables and
//! legends list them: its fixed name, its entry point, how it is drawn (colour; Python models
//! dashed), whether it is deprecated, what limits its requests in flight, and whether the
//! criterion benches run it (and why not). The CLI dispatches from it, the report styles and
//! orders models from it, the benches and tests iterate over it, and `fanout list` prints it, so
//! adding a model is one crate under `crates/models/`, one entry here and one dependency line in
//! this crate's `Cargo.toml`.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use fanout_core::{Job, Outcome, SetupError};

/// A colour, as red, green and blue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// One model: its fixed name, what it is, how it runs and how it is shown.
#[derive(Debug)]
pub struct ModelEntry {
    pub name: &'static str,
    /// One line for `fanout list`.
    pub description: &'static str,
    /// How it fetches, for README's table of models.
    pub fetches: &'static str,
    /// The HTTP client library it fetches with (for the table of each client alone).
    pub client: &'static str,
    /// The threads (or processes) it is given, for README's table of models.
    pub threads: &'static str,
    /// The Python program it stands for (for a Python model: where its program comes from).
    pub python: &'static str,
    /// Still measured, but discontinued upstream.
    pub deprecated: bool,
    /// A model that only runs at one concurrency.
    pub fixed_concurrency: Option<usize>,
    /// How many requests the model can have in flight at most.
    pub in_flight: InFlight,
    /// Its colour in every chart.
    pub colour: Rgb,
    /// Which criterion bench groups run it.
    pub benches: Benches,
    pub run: Runner,
}

/// How a model runs inside its worker process.
#[derive(Debug)]
pub enum Runner {
    /// A Rust model crate's entry point, called in the worker.
    Rust(fn(&Job) -> Result<Outcome, SetupError>),
    /// One of the Python programs in `scripts/python/`, which the worker becomes.
    Python(&'static str),
}

/// Which criterion bench groups run a model (`benches/models.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Benches {
    /// Every group.
    Every,
    /// Every group but `io-bound-wide` (2,000 targets at 1,000 in flight), for the reason given.
    NotWide(&'static str),
    /// None, for the reason given: `fanout run` measures it.
    Never(&'static str),
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

/// Every model, in the order tables and legends list them.
pub const MODELS: &[ModelEntry] = &[
    ModelEntry {
        name: "sequential",
        description: "one ureq agent, one request at a time (Python: a requests loop)",
        fetches: "one `ureq` agent, one request at a time (always concurrency 1)",
        client: "ureq",
        threads: "1",
        python: "a `requests.Session` loop",
        deprecated: false,
        fixed_concurrency: Some(1),
        in_flight: InFlight::Concurrency,
        colour: Rgb(110, 110, 110),
        benches: Benches::NotWide("concurrency does not apply: one iteration would take 40 s"),
        run: Runner::Rust(fanout_sequential::run),
    },
    ModelEntry {
        name: "threads",
        description: "a pool of `concurrency` OS threads sharing a work queue (Python: ThreadPoolExecutor)",
        fetches: "`concurrency` OS threads take targets from a shared queue, one shared `ureq` agent",
        client: "ureq",
        threads: "`concurrency`",
        python: "`ThreadPoolExecutor(max_workers=concurrency)`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(31, 119, 180),
        benches: Benches::Every,
        run: Runner::Rust(fanout_threads::run),
    },
    ModelEntry {
        name: "rayon",
        description: "par_iter in a rayon pool of `concurrency` threads, blocking ureq calls",
        fetches: "`par_iter` over the targets in a rayon pool of `concurrency` threads, blocking `ureq`",
        client: "ureq",
        threads: "`concurrency`",
        python: "`pool.map` on a thread pool",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(23, 190, 207),
        benches: Benches::Every,
        run: Runner::Rust(fanout_rayon::run),
    },
    ModelEntry {
        name: "spawn-blocking",
        description: "blocking ureq calls offloaded with tokio's spawn_blocking (Python: run_in_executor)",
        fetches: "tokio tasks hand blocking `ureq` calls to `spawn_blocking`",
        client: "ureq",
        threads: "one worker per core + `concurrency` blocking",
        python: "`loop.run_in_executor(None, urlopen, url)`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(148, 103, 189),
        benches: Benches::Every,
        run: Runner::Rust(fanout_spawn_blocking::run),
    },
    ModelEntry {
        name: "tokio",
        description: "tokio tasks on one worker per core, reqwest, a semaphore (Python: asyncio + aiohttp)",
        fetches: "a task per target on a multi-thread runtime, one `reqwest` client, a semaphore",
        client: "reqwest (hyper)",
        threads: "one worker per core",
        python: "`asyncio.gather` + `aiohttp` under a `Semaphore`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(214, 39, 40),
        benches: Benches::Every,
        run: Runner::Rust(fanout_tokio::run),
    },
    ModelEntry {
        name: "tokio-current-thread",
        description: "the same on one thread, one event loop (Python: the asyncio loop)",
        fetches: "the same on a current-thread runtime: one thread, one event loop",
        client: "reqwest (hyper)",
        threads: "1",
        python: "the asyncio event loop itself",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(227, 119, 194),
        benches: Benches::Every,
        run: Runner::Rust(fanout_tokio_current_thread::run),
    },
    ModelEntry {
        name: "async-std",
        description: "async-std tasks, hyper over async-std's TcpStream (discontinued upstream)",
        fetches: "async-std tasks, hyper over async-std's `TcpStream`",
        client: "hyper over async-std",
        threads: "one per core (its global executor's configuration)",
        python: "as `tokio`",
        deprecated: true,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(140, 86, 75),
        benches: Benches::Every,
        run: Runner::Rust(fanout_async_std::run),
    },
    ModelEntry {
        name: "smol",
        description: "a smol executor on one thread per core, hyper over smol's TcpStream",
        fetches: "a smol executor run by one thread per core, hyper over smol's `TcpStream`",
        client: "hyper through smol-hyper",
        threads: "one per core",
        python: "as `tokio`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(44, 160, 44),
        benches: Benches::Every,
        run: Runner::Rust(fanout_smol::run),
    },
    ModelEntry {
        name: "gil-threads",
        description: "lesson: the thread pool under a simulated GIL (Python: threads under CPython's GIL)",
        fetches: "`threads` under a simulated GIL: one lock held except around network I/O, handed over after a 5 ms switch interval",
        client: "ureq",
        threads: "`concurrency`, one running at a time",
        python: "threads under CPython's GIL",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(120, 170, 230),
        benches: Benches::Every,
        run: Runner::Rust(fanout_gil_threads::run),
    },
    ModelEntry {
        name: "blocking-in-async",
        description: "lesson: blocking calls inside async tasks (Python: requests.get in a coroutine)",
        fetches: "tokio tasks that call blocking `ureq` directly: each blocks its worker thread",
        client: "ureq",
        threads: "one worker per core",
        python: "`requests.get` inside a coroutine",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        colour: Rgb(255, 127, 14),
        benches: Benches::NotWide("one request per core in flight: 20 s an iteration"),
        run: Runner::Rust(fanout_blocking_in_async::run),
    },
    ModelEntry {
        name: "processes",
        description: "lesson: one process per core, each fetching a share (Python: multiprocessing.Pool)",
        fetches: "one process per core (this binary, re-executed), each fetching a share of the targets one at a time",
        client: "ureq",
        threads: "one process per core",
        python: "`multiprocessing.Pool(cores).map(fetch, urls)`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        colour: Rgb(188, 189, 34),
        benches: Benches::Never(
            "it re-executes its own binary as workers, which in a bench would be the bench",
        ),
        run: Runner::Rust(fanout_processes::run),
    },
    ModelEntry {
        name: "py-sequential",
        description: "Python: one requests.Session, one request at a time",
        fetches: "a `requests.Session` loop",
        client: "requests",
        threads: "1",
        python: "seed 000, blocking version",
        deprecated: false,
        fixed_concurrency: Some(1),
        in_flight: InFlight::Concurrency,
        colour: Rgb(60, 60, 60),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python("py_sequential.py"),
    },
    ModelEntry {
        name: "py-threads",
        description: "Python: ThreadPoolExecutor of `concurrency` threads, requests, under the real GIL",
        fetches: "`ThreadPoolExecutor(max_workers=concurrency)` with `requests`",
        client: "requests",
        threads: "`concurrency`, under the GIL",
        python: "the thread-pool version of seed 000",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(20, 70, 140),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python("py_threads.py"),
    },
    ModelEntry {
        name: "py-asyncio",
        description: "Python: asyncio + aiohttp, a semaphore, gather: one thread, one event loop",
        fetches: "`asyncio` + `aiohttp`: one session, a `Semaphore(concurrency)`, `gather`",
        client: "aiohttp",
        threads: "1",
        python: "seed 000",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(150, 20, 20),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python("py_asyncio.py"),
    },
    ModelEntry {
        name: "py-executor",
        description: "Python: asyncio + run_in_executor with blocking urllib (seed 004)",
        fetches: "`asyncio` + `loop.run_in_executor` with blocking `urllib`",
        client: "urllib",
        threads: "1 + the default executor's",
        python: "seed 004",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(100, 60, 150),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python("py_executor.py"),
    },
];

/// Why the Python models are not in the criterion benches.
const PYTHON_NOT_BENCHED: &str =
    "a Python program runs in its own interpreter, not in the bench's process";

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

/// The models a `--models` value names: `all` (the Python ones only when `python` says they
/// can run), `rust`, or names separated by commas. Also returns a note for the user when `all`
/// leaves the Python models out. Errors name what was wrong and what is allowed.
pub fn select(
    spec: &str,
    python: &Result<PathBuf, String>,
) -> Result<(Vec<&'static ModelEntry>, Option<String>), String> {
    match spec.trim() {
        "rust" => Ok((rust_models().collect(), None)),
        "all" => {
            let note = python
                .as_ref()
                .err()
                .map(|why| format!("skipping the Python models: {why}"));
            let models = MODELS
                .iter()
                .filter(|model| !model.is_python() || python.is_ok())
                .collect();
            Ok((models, note))
        }
        names => {
            let mut models = Vec::new();
            for name in names.split(',').map(str::trim) {
                let Some(model) = find(name) else {
                    return Err(format!(
                        "unknown model `{name}`; allowed: all, rust, {}",
                        names_list()
                    ));
                };
                if let (true, Err(why)) = (model.is_python(), python) {
                    return Err(format!("model `{name}` cannot run: {why}"));
                }
                if !models
                    .iter()
                    .any(|chosen: &&ModelEntry| chosen.name == name)
                {
                    models.push(model);
                }
            }
            Ok((models, None))
        }
    }
}

/// Every model's name, comma-separated.
pub fn names_list() -> String {
    names().join(", ")
}

/// Where the Python programs are: `FANOUT_PYTHON_DIR`, or `scripts/python` of the source tree
/// this was built from.
pub fn python_dir() -> PathBuf {
    std::env::var_os("FANOUT_PYTHON_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/python"))
        })
}

/// The one-line hint for running the Python models.
pub const PYTHON_SETUP_HINT: &str = "the Python models need scripts/python/setup.sh (a virtual environment with requests and aiohttp)";

/// The interpreter of the Python models' virtual environment, if it exists; else why not.
pub fn python_path() -> Result<PathBuf, String> {
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
pub fn python_interpreter() -> Result<PathBuf, String> {
    let python = python_path()?;
    let imports = Command::new(&python)
        .args(["-c", "import requests, aiohttp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match imports {
        Ok(status) if status.success() => Ok(python),
        _ => Err(format!(
            "{PYTHON_SETUP_HINT}: its packages do not import; run it again"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model crates in this source tree, by directory name.
    fn model_crates() -> Vec<String> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../models");
        let mut crates: Vec<String> = std::fs::read_dir(dir)
            .expect("crates/models is there")
            .flatten()
            .filter(|entry| entry.path().join("Cargo.toml").exists())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        crates.sort();
        crates
    }

    #[test]
    fn every_model_crate_is_registered_and_every_rust_entry_has_a_crate() {
        let crates = model_crates();
        let mut registered: Vec<String> = rust_models().map(|m| m.name.to_owned()).collect();
        registered.sort();
        assert_eq!(
            crates, registered,
            "crates under crates/models/ and Rust models in MODELS differ: add the crate's \
             entry to MODELS and its dependency line to crates/registry/Cargo.toml"
        );
    }

    #[test]
    fn every_model_has_a_name_and_colour_of_its_own() {
        for (i, a) in MODELS.iter().enumerate() {
            for b in &MODELS[i + 1..] {
                assert_ne!(a.name, b.name);
                assert_ne!(
                    a.colour, b.colour,
                    "{} and {} share a colour",
                    a.name, b.name
                );
            }
        }
    }

    #[test]
    fn every_python_program_exists() {
        for model in MODELS {
            if let Runner::Python(script) = model.run {
                let path = python_dir().join(script);
                assert!(
                    path.exists(),
                    "{}: {} is missing",
                    model.name,
                    path.display()
                );
            }
        }
    }

    #[test]
    fn selection_names_models_groups_and_refuses_unknown_names() {
        let no_python: Result<PathBuf, String> = Err("not set up".into());
        let (all, note) = select("all", &no_python).unwrap();
        assert!(all.iter().all(|m| !m.is_python()) && note.unwrap().contains("not set up"));
        let (rust, note) = select("rust", &Ok(PathBuf::new())).unwrap();
        assert_eq!(rust.len(), rust_models().count());
        assert!(note.is_none());
        let (two, _) = select(" tokio, threads,tokio", &no_python).unwrap();
        assert_eq!(
            two.iter().map(|m| m.name).collect::<Vec<_>>(),
            ["tokio", "threads"]
        );
        let unknown = select("tokio,nope", &no_python).unwrap_err();
        assert!(unknown.contains("`nope`") && unknown.contains("allowed: all, rust, sequential"));
        let python = select("py-asyncio", &no_python).unwrap_err();
        assert!(python.contains("not set up"), "{python}");
        assert_eq!(
            select("py-asyncio", &Ok(PathBuf::new())).unwrap().0.len(),
            1
        );
    }
}
