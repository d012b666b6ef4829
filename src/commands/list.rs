//! `fanout list`: the models and workloads, one line each.

use std::process::ExitCode;

use fanout_core::Workload;

pub fn list() -> ExitCode {
    println!("models:");
    let python = fanout_registry::python_interpreter();
    for model in fanout_registry::MODELS {
        let note = match (model.deprecated, model.is_python(), &python) {
            (true, _, _) => " [deprecated]",
            (_, true, Ok(_)) => " [available]",
            (_, true, Err(_)) => " [not set up: run scripts/python/setup.sh]",
            _ => "",
        };
        println!("  {:<22} {}{note}", model.name, model.description);
    }
    println!("workloads:");
    for name in Workload::built_in_names() {
        let workload = Workload::load(name).expect("built-in workloads are valid");
        println!("  {:<22} {}", name, workload.description());
    }
    ExitCode::SUCCESS
}
