//! The harness: runs each model in a fresh child process and measures it from outside.
//!
//! - [`measure`]: spawn one child, sample `/proc`, reap it with `wait4`, kill it at a deadline;
//! - [`server`]: the mock server as its own process, and its per-run view;
//! - [`sweep`]: the order of runs, one [`fanout_core::Job`] per run, verification, records;
//! - [`machine`] and [`limits`]: facts about the machine, and the open-files limit;
//! - [`interrupt`]: Ctrl-C and SIGTERM, noted so a sweep stops cleanly.

pub mod interrupt;
pub mod limits;
pub mod machine;
pub mod measure;
mod plan;
pub mod server;
pub mod sweep;
mod verify;

use fanout_core::results::{Results, RunRecord, SCHEMA, ServerFloor};

pub use sweep::{KeepRecords, ModelSpec, Plan, Sweep, run_sweep};

/// Wraps measured runs into a results file, with the machine read from the system.
pub fn results(
    command: String,
    started_at: std::time::SystemTime,
    server_floor: Option<ServerFloor>,
    runs: Vec<RunRecord>,
) -> Results {
    Results {
        schema: SCHEMA,
        machine: machine::describe(),
        started_at: humantime::format_rfc3339_seconds(started_at).to_string(),
        command,
        server_floor,
        server_cpus: Vec::new(),
        warmup: 0,
        runs,
        summary: Vec::new(),
    }
}

/// Writes `results` to `path` so that a reader never sees half a file: into a file beside it
/// first, then renamed over it. A crash or a kill at any moment leaves either the previous
/// whole file or the new one.
pub fn write_results(path: &std::path::Path, results: &Results) -> std::io::Result<()> {
    let json = serde_json::to_string_pretty(results).expect("results always serialise");
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, json + "\n")?;
    std::fs::rename(&partial, path)
}
