//! What runs each model: the entry point of every Rust model crate, and how a Python model's
//! interpreter is found. The table of models itself, as plain data, is `fanout-catalog`,
//! re-exported here; this crate is the one that builds every model (and so every runtime and
//! HTTP client), and only what runs models depends on it.

#![warn(missing_docs)]

use fanout_core::{Job, Outcome, SetupError};

mod interpreters;

pub use fanout_catalog::*;
pub use interpreters::{
    FREE_THREADED_SETUP_HINT, PYTHON_SETUP_HINT, Pythons, python_dir, python_interpreter,
    python_path,
};

/// A Rust model's entry point: runs the job and reports every request.
pub type EntryPoint = fn(&Job) -> Result<Outcome, SetupError>;

/// How a model runs inside its worker process.
#[derive(Clone, Copy, Debug)]
pub enum Runner {
    /// A Rust model crate's entry point, called in the worker.
    Rust(EntryPoint),
    /// One of the Python programs in `scripts/python/`, which the worker becomes, on the
    /// interpreter named.
    Python {
        /// The program's file name in [`python_dir`].
        script: &'static str,
        /// The CPython it runs on.
        interpreter: Interpreter,
    },
}

/// How `model` runs. Panics for a Rust model without an entry point here, which a test rules
/// out.
pub fn runner(model: &ModelEntry) -> Runner {
    match model.program {
        Program::Rust => Runner::Rust(entry_point(model.name).unwrap_or_else(|| {
            panic!("{} is in the catalogue without an entry point", model.name)
        })),
        Program::Python {
            script,
            interpreter,
        } => Runner::Python {
            script,
            interpreter,
        },
    }
}

/// The entry point of the Rust model named `name`: one line per model crate, beside its
/// dependency line in this crate's `Cargo.toml`.
fn entry_point(name: &str) -> Option<EntryPoint> {
    Some(match name {
        "sequential" => fanout_sequential::run,
        "threads" => fanout_threads::run,
        "rayon" => fanout_rayon::run,
        "spawn-blocking" => fanout_spawn_blocking::run,
        "tokio" => fanout_tokio::run,
        "tokio-current-thread" => fanout_tokio_current_thread::run,
        "async-std" => fanout_async_std::run,
        "smol" => fanout_smol::run,
        "gil-threads" => fanout_gil_threads::run,
        "blocking-in-async" => fanout_blocking_in_async::run,
        "processes" => fanout_processes::run,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rust_model_has_an_entry_point_and_no_entry_point_is_left_over() {
        for model in MODELS.iter() {
            assert_eq!(
                entry_point(model.name).is_some(),
                model.program == Program::Rust,
                "{}: add its line to entry_point and its crate to Cargo.toml",
                model.name
            );
        }
        assert!(entry_point("nope").is_none());
    }

    #[test]
    fn every_python_program_exists() {
        for model in MODELS.iter() {
            if let Runner::Python { script, .. } = runner(model) {
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
}
