//! The table of fanout's models, as plain data: each model's fixed name, what it is and how it
//! fetches, how it is drawn (colour; Python models dashed), whether it is deprecated, what
//! limits its requests in flight, what kind of model it is and whether the criterion benches run
//! it (and why not).
//!
//! Every model the suite knows is one [`ModelEntry`] in [`MODELS`], in the order tables and
//! legends list them. The report styles, orders and describes models from it without building
//! any of them; `fanout-registry` adds each Rust model's entry point and how a Python program
//! is started. Adding a model is one crate under `crates/models/`, one entry in `rust.rs` and
//! two lines in the registry, its dependency and its entry point (a Python model: one program
//! in `scripts/python/` and one entry in `python.rs`).

#![warn(missing_docs)]

use std::sync::LazyLock;

mod python;
mod rgb;
mod rust;

pub use python::Interpreter;
use python::PYTHON_MODELS;
pub use rgb::Rgb;
use rust::RUST_MODELS;

/// One model: its fixed name, what it is, how it runs and how it is shown.
#[derive(Clone, Debug)]
pub struct ModelEntry {
    /// Its fixed name, as `--models` takes it and results files record it.
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
    /// How its requests occupy threads.
    pub kind: Kind,
    /// Its colour in every chart.
    pub colour: Rgb,
    /// Which criterion bench groups run it.
    pub benches: Benches,
    /// What runs it: a Rust crate or a Python program.
    pub program: Program,
}

/// What runs a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Program {
    /// A Rust model crate, called in the worker (its entry point is in `fanout-registry`).
    Rust,
    /// One of the Python programs in `scripts/python/`, which the worker becomes, on the
    /// interpreter named.
    Python {
        /// The program's file name in `scripts/python/`.
        script: &'static str,
        /// The CPython it runs on.
        interpreter: Interpreter,
    },
}

/// How a model's requests occupy its threads, whatever its language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Each request holds a thread for its whole time (a loop, a pool, a blocking pool).
    Blocking,
    /// Tasks on an event loop or runtime: a thread waits on many requests at once.
    Async,
    /// Blocking calls inside async tasks: each request holds a runtime's thread, the lesson's
    /// mistake.
    BlockingInAsync,
    /// Processes, each fetching its share one request at a time.
    Processes,
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

impl ModelEntry {
    /// Whether it is a Python program.
    pub fn is_python(&self) -> bool {
        self.interpreter().is_some()
    }

    /// The interpreter a Python model runs on; `None` for a Rust model.
    pub fn interpreter(&self) -> Option<Interpreter> {
        match self.program {
            Program::Python { interpreter, .. } => Some(interpreter),
            Program::Rust => None,
        }
    }
}

/// The default comparison, `fanout run` with no `--models`: the seven models the suite was
/// asked for, `tokio-current-thread` (one event loop, as Python's asyncio has), and stock
/// Python's versions of the seeds' programs. The lesson models and the free-threaded rows
/// belong to the lessons and the suites.
pub const DEFAULT_MODELS: &[&str] = &[
    "sequential",
    "threads",
    "rayon",
    "tokio",
    "tokio-current-thread",
    "async-std",
    "smol",
    "spawn-blocking",
    "py-sequential",
    "py-threads",
    "py-asyncio",
    "py-executor",
];

/// The Rust models: every model that needs nothing but this binary.
pub fn rust_models() -> impl Iterator<Item = &'static ModelEntry> {
    MODELS.iter().filter(|model| !model.is_python())
}

/// The model named `name`.
pub fn find(name: &str) -> Option<&'static ModelEntry> {
    MODELS.iter().find(|model| model.name == name)
}

/// Every model's name, in the table's order.
fn names() -> Vec<&'static str> {
    MODELS.iter().map(|model| model.name).collect()
}

/// Every model's name, comma-separated.
pub fn names_list() -> String {
    names().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_comparison_names_models_that_exist() {
        for name in DEFAULT_MODELS {
            assert!(find(name).is_some(), "{name}");
        }
    }

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
             entry to crates/catalog/src/rust.rs and its crate to the registry"
        );
    }

    #[test]
    fn a_shade_mixes_with_black_or_white() {
        let blue = Rgb(20, 70, 140);
        assert_eq!(blue.darker(0.5), Rgb(10, 35, 70));
        assert_eq!(blue.lighter(1.0), Rgb(255, 255, 255));
        assert_eq!(blue.darker(0.0), blue);
    }

    #[test]
    fn the_models_a_chart_draws_together_are_told_apart_by_colour() {
        // A chart of many lines draws one family at a time: Rust, stock Python, free-threaded.
        let family = |m: &ModelEntry| {
            m.interpreter()
                .map(|i| matches!(i, Interpreter::FreeThreaded { .. }))
        };
        for (i, a) in MODELS.iter().enumerate() {
            for b in MODELS[i + 1..].iter().filter(|b| family(b) == family(a)) {
                assert!(
                    a.colour.distance(b.colour) >= 40.0,
                    "{} and {} are too close in colour",
                    a.name,
                    b.name
                );
            }
        }
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
    fn every_python_model_runs_on_the_free_threaded_interpreter_with_the_gil_on_and_off() {
        let python: Vec<&ModelEntry> = MODELS
            .iter()
            .filter(|m| m.interpreter() == Some(Interpreter::Default))
            .collect();
        for name in [
            "py-processes",
            "py-blocking-in-asyncio",
            "py-asyncio-to-thread",
            "py-asyncio-loops",
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
                let (Program::Python { script: a, .. }, Program::Python { script: b, .. }) =
                    (&model.program, &variant.program)
                else {
                    unreachable!()
                };
                assert_eq!(a, b, "the same program");
                assert_eq!(model.in_flight, variant.in_flight);
            }
        }
    }
}
