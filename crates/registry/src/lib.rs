//! The model registry: the one place a model is declared.
//!
//! Every model the suite knows is one [`ModelEntry`] in [`MODELS`], in the order tables and
//! legends list them: its fixed name, its entry point, how it is drawn (colour; Python models
//! dashed), whether it is deprecated, what limits its requests in flight, and whether the
//! criterion benches run it (and why not). The CLI dispatches from it, the report styles and
//! orders models from it, the benches and tests iterate over it, and `fanout list` prints it, so
//! adding a model is one crate under `crates/models/`, one entry here and one dependency line in
//! this crate's `Cargo.toml` (a Python model: one program in `scripts/python/` and one entry in
//! `python.rs`).

use std::sync::LazyLock;

use fanout_core::{Job, Outcome, SetupError};

mod python;
mod rgb;

use python::PYTHON_MODELS;
pub use python::{
    FREE_THREADED_SETUP_HINT, Interpreter, PYTHON_SETUP_HINT, Pythons, python_dir,
    python_interpreter, python_path,
};
pub use rgb::Rgb;

/// One model: its fixed name, what it is, how it runs and how it is shown.
#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
pub enum Runner {
    /// A Rust model crate's entry point, called in the worker.
    Rust(fn(&Job) -> Result<Outcome, SetupError>),
    /// One of the Python programs in `scripts/python/`, which the worker becomes, on the
    /// interpreter named.
    Python {
        script: &'static str,
        interpreter: Interpreter,
    },
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
    /// One, whatever the concurrency: a single thread that blocks on each request.
    One,
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
            InFlight::One => Some(1),
        }
    }
}

/// Every model, in the order tables and legends list them: the Rust models, the Python models
/// on the default interpreter, then each Python model on the free-threaded interpreter with the
/// GIL forced on (`-gil`) and off (`-nogil`).
pub static MODELS: LazyLock<Vec<ModelEntry>> = LazyLock::new(|| {
    let free_threaded = [true, false].into_iter().flat_map(|gil| {
        PYTHON_MODELS
            .iter()
            .map(move |model| model.on(Interpreter::FreeThreaded { gil }))
    });
    RUST_MODELS
        .iter()
        .chain(PYTHON_MODELS)
        .map(ModelEntry::clone)
        .chain(free_threaded)
        .collect()
});

/// The Rust models.
const RUST_MODELS: &[ModelEntry] = &[
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
];

impl ModelEntry {
    pub fn is_python(&self) -> bool {
        self.interpreter().is_some()
    }

    /// The interpreter a Python model runs on; `None` for a Rust model.
    pub fn interpreter(&self) -> Option<Interpreter> {
        match self.run {
            Runner::Python { interpreter, .. } => Some(interpreter),
            Runner::Rust(_) => None,
        }
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

/// The models a `--models` value names: `all` (the Python ones only where their interpreter is
/// set up), `rust`, or names separated by commas. Also returns notes for the user when `all`
/// leaves Python models out. Errors name what was wrong and what is allowed.
pub fn select(
    spec: &str,
    pythons: &Pythons,
) -> Result<(Vec<&'static ModelEntry>, Vec<String>), String> {
    match spec.trim() {
        "rust" => Ok((rust_models().collect(), Vec::new())),
        "all" => {
            let mut notes = Vec::new();
            if let Err(why) = &pythons.default {
                notes.push(format!("skipping the Python models: {why}"));
            }
            if let (Ok(_), Err(why)) = (&pythons.default, &pythons.free_threaded) {
                notes.push(format!("skipping the -gil and -nogil rows: {why}"));
            }
            let models = MODELS
                .iter()
                .filter(|model| pythons.for_model(model).is_ok())
                .collect();
            Ok((models, notes))
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
                if let Err(why) = pythons.for_model(model) {
                    return Err(format!("model `{name}` cannot run: {why}"));
                }
                if !models
                    .iter()
                    .any(|chosen: &&ModelEntry| chosen.name == name)
                {
                    models.push(model);
                }
            }
            Ok((models, Vec::new()))
        }
    }
}

/// Every model's name, comma-separated.
pub fn names_list() -> String {
    names().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

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
    fn a_turned_colour_keeps_its_lightness_and_comes_back_after_a_full_turn() {
        let blue = Rgb(20, 70, 140);
        assert_eq!(blue.turned(360.0), blue);
        assert_eq!(Rgb(255, 0, 0).turned(120.0), Rgb(0, 255, 0));
        assert_eq!(Rgb(90, 90, 90).turned(70.0), Rgb(90, 90, 90));
        assert_ne!(blue.turned(70.0), blue.turned(-70.0));
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
        for model in MODELS.iter() {
            if let Runner::Python { script, .. } = model.run {
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
        let no_python = Pythons::none("not set up");
        let (all, notes) = select("all", &no_python).unwrap();
        assert!(all.iter().all(|m| !m.is_python()));
        assert!(
            notes.len() == 1 && notes[0].contains("not set up"),
            "{notes:?}"
        );
        let both = Pythons {
            default: Ok(PathBuf::new()),
            free_threaded: Ok(PathBuf::new()),
        };
        let (rust, notes) = select("rust", &both).unwrap();
        assert_eq!(rust.len(), rust_models().count());
        assert!(notes.is_empty());
        let (two, _) = select(" tokio, threads,tokio", &no_python).unwrap();
        assert_eq!(
            two.iter().map(|m| m.name).collect::<Vec<_>>(),
            ["tokio", "threads"]
        );
        let unknown = select("tokio,nope", &no_python).unwrap_err();
        assert!(unknown.contains("`nope`") && unknown.contains("allowed: all, rust, sequential"));
        let python = select("py-asyncio", &no_python).unwrap_err();
        assert!(python.contains("not set up"), "{python}");
        assert_eq!(select("py-asyncio", &both).unwrap().0.len(), 1);
    }

    #[test]
    fn without_the_free_threaded_interpreter_all_skips_only_its_rows_and_says_so() {
        let default_only = Pythons {
            default: Ok(PathBuf::new()),
            free_threaded: Err(FREE_THREADED_SETUP_HINT.to_owned()),
        };
        let (all, notes) = select("all", &default_only).unwrap();
        assert!(all.iter().any(|m| m.name == "py-threads"));
        assert!(all.iter().all(|m| !m.name.ends_with("gil")), "{all:?}");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("--free-threaded"), "{notes:?}");
        let refused = select("py-threads-nogil", &default_only).unwrap_err();
        assert!(refused.contains("--free-threaded"), "{refused}");
    }

    #[test]
    fn every_python_model_runs_on_the_free_threaded_interpreter_with_the_gil_on_and_off() {
        let python: Vec<&ModelEntry> = MODELS
            .iter()
            .filter(|m| m.interpreter() == Some(Interpreter::Default))
            .collect();
        for name in [
            "py-processes",
            "py-blocking-in-asyncio",
            "py-asyncio-to-thread",
        ] {
            assert!(python.iter().any(|m| m.name == name), "{name}");
        }
        for model in python {
            for (suffix, gil) in [("-gil", true), ("-nogil", false)] {
                let variant = find(&format!("{}{suffix}", model.name)).expect("registered");
                assert_eq!(
                    variant.interpreter(),
                    Some(Interpreter::FreeThreaded { gil })
                );
                let (Runner::Python { script: a, .. }, Runner::Python { script: b, .. }) =
                    (&model.run, &variant.run)
                else {
                    unreachable!()
                };
                assert_eq!(a, b, "the same program");
                assert_eq!(model.in_flight, variant.in_flight);
            }
        }
    }
}
