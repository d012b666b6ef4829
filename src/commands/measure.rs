//! What `run` and `lesson` share: turning catalogued models into a plan of worker specs, starting
//! the mock server in its own process, and timing what it adds to every request.

use std::path::{Path, PathBuf};
use std::process::Command;

use fanout_core::results::ServerFloor;
use fanout_core::{Workload, worker_args};
use fanout_harness::server::{ServerControl, ServerProcess};
use fanout_harness::{ModelSpec, Plan};
use fanout_registry::ModelEntry;

/// This program's own path, which workers and the server are started from.
pub fn this_program() -> Result<PathBuf, String> {
    std::env::current_exe()
        .map_err(|err| format!("cannot find this program's own path to start workers: {err}"))
}

/// The plan of running `entries` over `workloads`, each model's worker started as this
/// program's hidden `worker` command and sized to `cores`. A model that blocks its threads keeps
/// at most as many requests in flight as its runtime or pool has threads, so its cap comes from
/// the same `cores` the worker gets.
pub fn plan_for(
    entries: &[&ModelEntry],
    program: &Path,
    workloads: Vec<Workload>,
    cores: usize,
) -> Plan {
    let models = entries
        .iter()
        .map(|entry| ModelSpec {
            name: entry.name.into(),
            program: program.to_path_buf(),
            args: worker_args(entry.name).map(String::from).to_vec(),
            fixed_concurrency: entry.fixed_concurrency,
            in_flight_cap: entry.in_flight.limit(cores),
        })
        .collect();
    Plan::new(models, workloads, cores)
}

/// Starts the mock server as its own process on a free loopback port, so its threads and
/// memory never count against a model; it stops when the returned handle is dropped.
pub fn start_server(
    program: &Path,
    instances: u16,
    cpus: &[usize],
) -> Result<ServerProcess, String> {
    let mut command = Command::new(program);
    command.args(["serve", "--port", "0", "--bind", "127.0.0.1", "--instances"]);
    command.arg(instances.to_string());
    fanout_harness::measure::pin_to(&mut command, cpus);
    ServerProcess::start(command)
}

/// What the server adds to every request, which the ideal leaves out: timed before the runs,
/// so it is not timed while a model loads the machine. A server that cannot be timed is said
/// so, and the results go without it.
pub fn server_floor(server_url: &str) -> Option<ServerFloor> {
    match ServerControl::new(server_url).floor() {
        Ok(floor) => Some(floor),
        Err(message) => {
            eprintln!(
                "note: {message}; the results will not say what the server adds to a request"
            );
            None
        }
    }
}

/// The command line as the results file records it.
pub fn command_line() -> String {
    std::iter::once("fanout".to_owned())
        .chain(std::env::args().skip(1))
        .collect::<Vec<_>>()
        .join(" ")
}
