//! `fanout`: races concurrency models against each other on the same HTTP fan-out job.
//!
//! This binary is only the command line: argument parsing, the model registry and dispatch.
//! The work happens in the crates under `crates/`.

use std::io::{Read, Write};
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant, SystemTime};

use clap::{Args, Parser, Subcommand};
use fanout::models;
use fanout_core::results::Results;
use fanout_core::workload::limits::{MAX_CONCURRENCY, MAX_CPU_WORK, MAX_TIMEOUT_MS};
use fanout_core::{Job, WorkerReport, Workload};
use fanout_harness::server::ServerProcess;
use fanout_harness::{ModelSpec, Plan, limits, machine};

#[derive(Parser)]
#[command(name = "fanout", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Commands>,
}

#[derive(Subcommand)]
enum Commands {
    /// Run models over a workload and print the comparison (the default command).
    Run(RunArgs),
    /// Serve the latency-injecting mock server until killed.
    Serve(ServeArgs),
    /// Print the comparison tables of results files, or write charts and markdown with --out.
    Report(ReportArgs),
    /// List the models and workloads.
    List,
    /// Run one model on the job read from standard input (used by `run`).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Args)]
struct RunArgs {
    /// Models to run, comma-separated; or `all` (the Python ones too, when set up); or `rust`.
    #[arg(long, default_value = "all")]
    models: String,
    /// Workload names or paths to TOML files, comma-separated.
    #[arg(long, default_value = "quick")]
    workload: String,
    /// Concurrency levels, comma-separated [default: the workload's own sweep].
    #[arg(long, value_delimiter = ',', value_parser = parse_concurrency, allow_negative_numbers = true)]
    concurrency: Option<Vec<usize>>,
    /// Units of parse-like CPU work per body, comma-separated for a sweep [default: the workload's].
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_CPU_WORK)))]
    cpu_work: Option<Vec<u32>>,
    /// Runs of each (model, workload, concurrency); tables show the median.
    #[arg(long, default_value_t = 3, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(1..=100))]
    repeat: u32,
    /// Client timeout for the response headers, and again for the body [default: the workload's].
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_MS))]
    timeout_ms: Option<u64>,
    /// Use a mock server already running at this URL instead of starting one.
    #[arg(long, value_parser = parse_server_url)]
    server: Option<String>,
    /// Wiremock instances the started mock server runs, each on its own thread and port;
    /// targets are spread over them.
    #[arg(long, default_value_t = 1, conflicts_with = "server", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u16).range(1..=fanout_mock::MAX_INSTANCES as i64))]
    server_instances: u16,
    /// Do not start a run whose ideal time, at the most requests its model keeps in flight, is
    /// longer than this many seconds: it is recorded as not run, with the reason.
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    max_ideal_s: Option<u64>,
    /// Also write every run to this results file.
    #[arg(long)]
    json: Option<PathBuf>,
}

impl Default for RunArgs {
    fn default() -> Self {
        Self {
            models: "all".into(),
            workload: "quick".into(),
            concurrency: None,
            cpu_work: None,
            repeat: 3,
            timeout_ms: None,
            server: None,
            server_instances: 1,
            max_ideal_s: None,
            json: None,
        }
    }
}

#[derive(Args)]
struct ServeArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    bind: IpAddr,
    /// Wiremock instances, each on its own thread: the first on `--port`, the others on free
    /// ports (listed by `GET /_fanout/info`).
    #[arg(long, default_value_t = 1, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u16).range(1..=fanout_mock::MAX_INSTANCES as i64))]
    instances: u16,
}

#[derive(Args)]
struct ReportArgs {
    /// Results files written by `fanout run --json`.
    #[arg(long, num_args = 1.., required = true)]
    from: Vec<PathBuf>,
    /// Write SVG charts and README.md into this directory.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Also rewrite the generated summary section of this README (between its markers).
    #[arg(long, requires = "out")]
    readme: Option<PathBuf>,
    /// A load generator's figures (written by `scripts/ceiling.sh`), to compare the best
    /// model's requests per second against.
    #[arg(long, requires = "out")]
    wrk: Option<PathBuf>,
}

#[derive(Args)]
struct WorkerArgs {
    #[arg(long)]
    model: String,
    /// Read the job and exit without running it: the baseline memory of a worker.
    #[arg(long)]
    idle: bool,
}

fn parse_concurrency(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=MAX_CONCURRENCY).contains(&n) => Ok(n),
        _ => Err(format!(
            "`{text}` is not a concurrency; allowed: whole numbers from 1 to {MAX_CONCURRENCY}"
        )),
    }
}

fn parse_server_url(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text)
        .map_err(|err| format!("`{text}` is not a URL ({err}); e.g. http://127.0.0.1:8000"))?;
    if url.scheme() != "http" || url.host().is_none() || url.path() != "/" || url.query().is_some()
    {
        return Err(format!(
            "`{text}` is not a plain http://HOST:PORT address; e.g. http://127.0.0.1:8000"
        ));
    }
    Ok(text.trim_end_matches('/').to_owned())
}

/// Bad input: say what was wrong and what is allowed, exit 2.
fn bad_input(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Commands::Run(RunArgs::default())) {
        Commands::Run(args) => run(args),
        Commands::Serve(args) => serve(args),
        Commands::Report(args) => report(args),
        Commands::List => list(),
        Commands::Worker(args) => worker(args),
    }
}

fn run(args: RunArgs) -> ExitCode {
    let open_files = limits::raise_open_files_limit();
    let python = models::python_interpreter();
    let entries: Vec<&models::ModelEntry> = if args.models.trim() == "rust" {
        models::rust_models().collect()
    } else if args.models.trim() == "all" {
        if let Err(why) = &python {
            eprintln!("note: skipping the Python models: {why}");
        }
        models::MODELS
            .iter()
            .filter(|model| !model.is_python() || python.is_ok())
            .collect()
    } else {
        let mut entries = Vec::new();
        for name in args.models.split(',').map(str::trim) {
            match models::find(name) {
                Some(entry) if entry.is_python() && python.is_err() => {
                    return bad_input(format!(
                        "model `{name}` cannot run: {}",
                        python.as_ref().err().map_or("", String::as_str)
                    ));
                }
                Some(entry) => entries.push(entry),
                None => {
                    return bad_input(format!(
                        "unknown model `{name}`; allowed: all, rust, {}",
                        models::names().join(", ")
                    ));
                }
            }
        }
        entries
    };
    let mut workloads = Vec::new();
    for name in args.workload.split(',').map(str::trim) {
        match Workload::load(name) {
            Ok(workload) => workloads.push(workload),
            Err(err) => return bad_input(err),
        }
    }
    let highest = args
        .concurrency
        .iter()
        .flatten()
        .chain(
            workloads
                .iter()
                .filter(|_| args.concurrency.is_none())
                .flat_map(|w| w.concurrency()),
        )
        .copied()
        .max()
        .unwrap_or(1);
    if let Err(message) = limits::check_concurrency_fits(highest, open_files) {
        return bad_input(message);
    }
    let program = match std::env::current_exe() {
        Ok(program) => program,
        Err(err) => {
            eprintln!("error: cannot find this program's own path to start workers: {err}");
            return ExitCode::FAILURE;
        }
    };
    let plan = Plan {
        models: entries
            .iter()
            .map(|entry| ModelSpec {
                name: entry.name.into(),
                program: program.clone(),
                args: vec!["worker".into(), "--model".into(), entry.name.into()],
                fixed_concurrency: entry.fixed_concurrency,
                in_flight_cap: entry.in_flight.limit(machine::cores()),
            })
            .collect(),
        workloads,
        concurrency: args.concurrency,
        cpu_work: args.cpu_work,
        repeat: args.repeat,
        timeout_ms: args.timeout_ms,
        cores: machine::cores(),
        deadline: None,
        max_ideal: args.max_ideal_s.map(Duration::from_secs),
    };

    // The server runs as its own process so its threads and memory never count against a model.
    let _server;
    let server_url = match args.server {
        Some(url) => url,
        None => {
            let mut command = Command::new(&program);
            command.args(["serve", "--port", "0", "--bind", "127.0.0.1", "--instances"]);
            command.arg(args.server_instances.to_string());
            match ServerProcess::start(command) {
                Ok(server) => {
                    let url = server.url().to_owned();
                    _server = server;
                    url
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    return ExitCode::FAILURE;
                }
            }
        }
    };

    let started_at = SystemTime::now();
    let command_line = std::iter::once("fanout".to_owned())
        .chain(std::env::args().skip(1))
        .collect::<Vec<_>>()
        .join(" ");
    let runs = fanout_harness::run_sweep(&plan, &server_url);
    let results = fanout_harness::results(command_line, started_at, runs);
    print!(
        "{}",
        fanout_report::table::terminal(&fanout_report::summarise(&results.runs))
    );
    println!(
        "{} cores shared by the models and the mock server; medians of {} repeat(s).",
        results.machine.cores, plan.repeat
    );
    if let Some(path) = args.json {
        let json = serde_json::to_string_pretty(&results).expect("results always serialise");
        if let Err(err) = std::fs::write(&path, json + "\n") {
            eprintln!("error: cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

fn serve(args: ServeArgs) -> ExitCode {
    limits::raise_open_files_limit();
    let address = SocketAddr::new(args.bind, args.port);
    let server = match fanout_mock::MockServer::start_instances(address, args.instances.into()) {
        Ok(server) => server,
        Err(err) => {
            eprintln!("error: cannot listen on {}:{}: {err}", args.bind, args.port);
            return ExitCode::FAILURE;
        }
    };
    println!("listening on {}", server.uri());
    println!("faults on {}", server.fault_uri());
    if args.instances > 1 {
        println!("instances on {}", server.instance_uris().join(" "));
    }
    let _ = std::io::stdout().flush();
    loop {
        std::thread::park();
    }
}

fn report(args: ReportArgs) -> ExitCode {
    let mut all = Vec::new();
    for path in &args.from {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => return bad_input(format!("cannot read {}: {err}", path.display())),
        };
        match Results::from_json(&text) {
            Ok(results) => all.push(results),
            Err(message) => return bad_input(format!("{}: {message}", path.display())),
        }
    }
    let Some(out) = args.out else {
        let runs: Vec<_> = all.iter().flat_map(|r| r.runs.iter().cloned()).collect();
        print!(
            "{}",
            fanout_report::table::terminal(&fanout_report::summarise(&runs))
        );
        return ExitCode::SUCCESS;
    };
    let generator = match &args.wrk {
        None => None,
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|err| err.to_string())
            .and_then(|text| fanout_report::LoadGenerator::from_json(&text))
        {
            Ok(generator) => Some(generator),
            Err(message) => return bad_input(format!("{}: {message}", path.display())),
        },
    };
    match fanout_report::write_report(&all, generator.as_ref(), &out) {
        Ok(files) => println!(
            "wrote {} files to {}: {}",
            files.len(),
            out.display(),
            files.join(", ")
        ),
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    }
    if let Some(readme) = args.readme {
        let charts_dir = relative_dir(&out, &readme);
        if let Err(message) = fanout_report::update_readme(&all, &readme, &charts_dir) {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
        println!("updated the summary in {}", readme.display());
    }
    ExitCode::SUCCESS
}

/// `dir` as a link from the file `from` (both relative to the same place, or absolute).
fn relative_dir(dir: &std::path::Path, from: &std::path::Path) -> String {
    let base = from.parent().unwrap_or(std::path::Path::new(""));
    dir.strip_prefix(base)
        .unwrap_or(dir)
        .to_string_lossy()
        .trim_end_matches('/')
        .to_owned()
}

/// Replaces this worker with the Python program, keeping its process (and so its measurement),
/// its standard input (the job) and its standard output (the report).
fn become_python(script: &str, idle: bool) -> ExitCode {
    use std::os::unix::process::CommandExt;
    // Only whether it exists: importing the packages here would be measured as the model's.
    let python = match models::python_path() {
        Ok(python) => python,
        Err(why) => return bad_input(why),
    };
    let mut command = Command::new(python);
    command.arg(models::python_dir().join(script));
    if idle {
        command.arg("--idle");
    }
    let err = command.exec();
    eprintln!("error: cannot start the Python model {script}: {err}");
    ExitCode::FAILURE
}

fn list() -> ExitCode {
    println!("models:");
    let python = models::python_interpreter();
    for model in models::MODELS {
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

fn worker(args: WorkerArgs) -> ExitCode {
    let Some(model) = models::find(&args.model) else {
        return bad_input(format!(
            "unknown model `{}`; allowed: {}",
            args.model,
            models::names().join(", ")
        ));
    };
    let run = match model.run {
        models::Runner::Rust(run) => run,
        models::Runner::Python(script) => return become_python(script, args.idle),
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
        WorkerReport::default()
    } else {
        let started = Instant::now();
        let outcome = run(&job);
        let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
        match outcome {
            Ok(outcome) => WorkerReport { wall_ms, outcome },
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
