//! `fanout worker` (hidden): run one model on the job read from standard input and print its
//! outcome, for the harness that started this process and measures it.

use std::io::{Read, Write};
use std::process::{Command, ExitCode};
use std::time::Instant;

use fanout_core::{CpuTime, Job, WorkerReport};
use fanout_registry::{Interpreter, Runner};

use super::bad_input;
use crate::cli::WorkerArgs;

pub fn worker(args: WorkerArgs) -> ExitCode {
    let Some(model) = fanout_registry::find(&args.model) else {
        return bad_input(format!(
            "unknown model `{}`; allowed: {}",
            args.model,
            fanout_registry::names_list()
        ));
    };
    let run = match fanout_registry::runner(model) {
        Runner::Rust(run) => run,
        Runner::Python {
            script,
            interpreter,
        } => return become_python(script, interpreter, args.idle),
    };
    let mut input = String::new();
    if let Err(err) = std::io::stdin().read_to_string(&mut input) {
        eprintln!("error: cannot read the job: {err}");
        return ExitCode::FAILURE;
    }
    let job: Job = match serde_json::from_str(&input) {
        Ok(job) => job,
        Err(err) => return bad_input(format!("the job on standard input is not readable: {err}")),
    };
    let report = if args.idle {
        // The harness samples a stopped worker and continues it: its baseline memory is read
        // here, with the job read, however quickly it would otherwise exit.
        // SAFETY: raise only sends a signal to this process.
        unsafe { libc::raise(libc::SIGSTOP) };
        WorkerReport::default()
    } else {
        let cpu_before = CpuTime::this_process_and_children();
        let started = Instant::now();
        let outcome = run(&job);
        let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
        let run_cpu = CpuTime::this_process_and_children().since(cpu_before);
        match outcome {
            Ok(outcome) => WorkerReport {
                wall_ms,
                run_cpu_user_ms: Some(run_cpu.user_ms),
                run_cpu_sys_ms: Some(run_cpu.sys_ms),
                python: None,
                outcome,
            },
            Err(err) => {
                eprintln!("error: {} could not start: {err}", model.name);
                return ExitCode::from(3);
            }
        }
    };
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer(&mut stdout, &report).expect("stdout is a pipe to the harness");
    let _ = stdout.flush();
    ExitCode::SUCCESS
}

/// Replaces this worker with the Python program, keeping its process (and so its measurement),
/// its standard input (the job) and its standard output (the report). On the free-threaded
/// interpreter, `PYTHON_GIL` turns the lock on or off: the same binary either way.
fn become_python(script: &str, interpreter: Interpreter, idle: bool) -> ExitCode {
    use std::os::unix::process::CommandExt;
    // Only whether it exists: importing the packages here would be measured as the model's.
    let python = match fanout_registry::python_path(interpreter) {
        Ok(python) => python,
        Err(why) => return bad_input(why),
    };
    let mut command = Command::new(python);
    command.arg(fanout_registry::python_dir().join(script));
    match interpreter {
        Interpreter::Default => command.env_remove("PYTHON_GIL"),
        Interpreter::FreeThreaded { gil } => command.env("PYTHON_GIL", if gil { "1" } else { "0" }),
    };
    if idle {
        command.arg("--idle");
    }
    let err = command.exec();
    eprintln!("error: cannot start the Python model {script}: {err}");
    ExitCode::FAILURE
}
