//! The command line's arguments: every command and option, with what each allows.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use fanout_core::workload::limits::{MAX_CONCURRENCY, MAX_CPU_WORK, MAX_TIMEOUT_MS};
use fanout_harness::KeepRecords;

#[derive(Parser)]
#[command(name = "fanout", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Commands>,
}

const RUN_EXIT_CODES: &str = "Exit codes: 0 every run completed and verified; 1 a run failed \
(a worker crashed, passed its deadline or failed verification; listed at the end) or the mock \
server stopped answering; 2 bad input, or an output that cannot be written (checked before the \
first run); 130 Ctrl-C, 143 SIGTERM, every completed run kept.";

const REPORT_EXIT_CODES: &str = "Exit codes: 0 written; 2 bad input, or an output that cannot \
be written (nothing of the report is then written).";

const COMPARE_EXIT_CODES: &str = "Exit codes: 0 no regression; 1 a regression: a group of OLD \
significantly slower in NEW by more than the threshold, missing in NEW, or broken there (named, \
with why); 2 bad input, or a --csv that cannot be written.";

#[derive(Subcommand)]
pub enum Commands {
    /// Run models over a workload and print the comparison (the default command).
    #[command(after_help = RUN_EXIT_CODES)]
    Run(RunArgs),
    /// Serve the latency-injecting mock server until killed.
    Serve(ServeArgs),
    /// Print the comparison tables of results files, or write charts and markdown with --out.
    #[command(after_help = REPORT_EXIT_CODES)]
    Report(ReportArgs),
    /// Compare two results files group by group: the change in median wall time with its
    /// interval and a significance test, and every group of OLD that NEW lacks or that broke
    /// in NEW (failed runs, more failed requests).
    #[command(after_help = COMPARE_EXIT_CODES)]
    Compare(CompareArgs),
    /// List the lessons; with a number or name, run that lesson's experiment here and
    /// explain what it shows.
    Lesson(LessonArgs),
    /// List the models, workloads and suites.
    List(ListArgs),
    /// Run one model on the job read from standard input (used by `run`).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Args)]
pub struct ListArgs {
    /// List only the parts NAME selects (see `run --suite`), one a line: the part's name, and
    /// for a part measured by a script, the script's command line.
    #[arg(long, value_name = "NAME")]
    pub suite: Option<String>,
}

#[derive(Args)]
pub struct RunArgs {
    /// Models to run, comma-separated; or `default` (the seven asked models, tokio-current-thread
    /// and stock Python's seed programs, when set up); `all` (every model, the Python ones when
    /// set up); or `rust`.
    #[arg(long, default_value = "default")]
    pub models: String,
    /// Workload names or paths to TOML files, comma-separated.
    #[arg(long, default_value = "quick")]
    pub workload: String,
    /// Concurrency levels, comma-separated [default: the workload's own sweep].
    #[arg(long, value_delimiter = ',', value_parser = parse_concurrency, allow_negative_numbers = true)]
    pub concurrency: Option<Vec<usize>>,
    /// Units of parse-like CPU work per body, comma-separated for a sweep [default: the workload's].
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true,
          value_parser = clap::value_parser!(u32).range(0..=i64::from(MAX_CPU_WORK)))]
    pub cpu_work: Option<Vec<u32>>,
    /// Runs of each model before its first measured one, not recorded. The first run after
    /// the server starts measured no different from the rest (see results/README.md), so none
    /// by default.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = clap::value_parser!(u32).range(0..=10))]
    pub warmup: u32,
    /// Runs of each (model, workload, concurrency); tables show the median. `N` runs each
    /// group N times; `MIN..MAX` runs each at least MIN and at most MAX times, stopping a group
    /// once its wall time's 95% interval is within --precision of its median: a group whose
    /// runs agree stops early, one whose runs disagree runs on.
    #[arg(long, default_value = "3..10", allow_negative_numbers = true, value_parser = parse_repeats)]
    pub repeat: Repeats,
    /// With --repeat MIN..MAX: the half-width of a group's 95% interval, in percent of its
    /// median wall time, at which it stops repeating [default: 1].
    #[arg(long, allow_negative_numbers = true, value_parser = parse_precision)]
    pub precision: Option<f64>,
    /// With --repeat MIN..MAX: a group also stops once its completed runs add up to this many
    /// seconds of wall time, even below MIN. A model that fetches one URL at a time takes
    /// 10 s a run on `quick`, and its runs agree within 0.5%: repeating it costs the most and
    /// tells the least.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub group_budget_s: u64,
    /// Client timeout for the response headers, and again for the body [default: the workload's].
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..=MAX_TIMEOUT_MS))]
    pub timeout_ms: Option<u64>,
    /// Use a mock server already running at this URL instead of starting one.
    #[arg(long, value_parser = parse_server_url)]
    pub server: Option<String>,
    /// Wiremock instances the started mock server runs, each on its own thread and port;
    /// targets are spread over them.
    #[arg(long, default_value_t = 1, conflicts_with = "server", allow_negative_numbers = true,
          value_parser = clap::value_parser!(u16).range(1..=fanout_mock::MAX_INSTANCES as i64))]
    pub server_instances: u16,
    /// Do not start a run whose ideal time, at the most requests its model keeps in flight, is
    /// longer than this many seconds: it is recorded as not run, with the reason.
    #[arg(long, allow_negative_numbers = true, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub max_ideal_s: Option<u64>,
    /// Which runs keep every request's record (times, phases, outcome, thread) in the results
    /// file: `first` (the first repeat of each), `all`, or `none`. Runs of more than 5,000
    /// requests keep a sample of about 250, spread over the run.
    #[arg(long, default_value = "first", value_parser = KeepRecords::parse)]
    pub records: KeepRecords,
    /// Pin every worker to these CPUs (`0`, `0,1`, `0-1`), recorded with each run. A model
    /// sizes its runtime or pool by the CPUs it may use, so `--pin-workers 0` runs each model
    /// as on a one-core machine.
    #[arg(long, value_parser = parse_cpus)]
    pub pin_workers: Option<Cpus>,
    /// Pin the started mock server to these CPUs, recorded in the results file.
    #[arg(long, conflicts_with = "server", value_parser = parse_cpus)]
    pub pin_server: Option<Cpus>,
    /// Print every column of the table (about 220 characters wide), not only the first look's.
    #[arg(long)]
    pub wide: bool,
    /// Also read what each worker's resident memory is made of (thread stacks, malloc's heaps,
    /// other anonymous memory, files) from `/proc/PID/smaps` at its highest, into the results
    /// file's `rss_parts_kib`. Reading the map holds the worker's memory lock, which a thread
    /// being made waits for: for runs made to see memory, not to time models.
    #[arg(long)]
    pub memory_parts: bool,
    /// Also write every run to this results file; with a --suite of more than one part, to
    /// this directory, a file per part (PART.json).
    #[arg(long)]
    pub json: Option<PathBuf>,
    /// Run a named experiment from fixtures/suites.toml with its own flags (`fanout list
    /// --suites` names them): a suite (`standard`), a part of one (`quick`, `scale.c10k`), or a
    /// lesson's experiment (`lesson.gil`, `lesson.2`). Flags given beside it are added to each
    /// part's; one given twice is refused.
    #[arg(long)]
    pub suite: Option<String>,
}

impl Default for RunArgs {
    fn default() -> Self {
        Self {
            models: "default".into(),
            workload: "quick".into(),
            concurrency: None,
            cpu_work: None,
            repeat: Repeats { min: 3, max: 10 },
            precision: None,
            group_budget_s: 10,
            warmup: 0,
            timeout_ms: None,
            suite: None,
            server: None,
            server_instances: 1,
            max_ideal_s: None,
            records: KeepRecords::default(),
            pin_workers: None,
            pin_server: None,
            wide: false,
            memory_parts: false,
            json: None,
        }
    }
}

#[derive(Args)]
pub struct ServeArgs {
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Wiremock instances, each on its own thread: the first on `--port`, the others on free
    /// ports (listed by `GET /_fanout/info`).
    #[arg(long, default_value_t = 1, allow_negative_numbers = true,
          value_parser = clap::value_parser!(u16).range(1..=fanout_mock::MAX_INSTANCES as i64))]
    pub instances: u16,
}

#[derive(Args)]
pub struct ReportArgs {
    /// Results files written by `fanout run --json`.
    #[arg(long, num_args = 1.., required = true)]
    pub from: Vec<PathBuf>,
    /// Print every column of the table, not only the first look's.
    #[arg(long)]
    pub wide: bool,
    /// Write SVG charts and README.md into this directory.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Also rewrite the generated summary section of this README (between its markers).
    #[arg(long, requires = "out")]
    pub readme: Option<PathBuf>,
    /// Also write every group (every column of the tables, and the interval) as CSV to this
    /// file.
    #[arg(long)]
    pub csv: Option<PathBuf>,
    /// A load generator's figures (written by `scripts/ceiling.sh`), to compare the best
    /// model's requests per second against.
    #[arg(long, requires = "out")]
    pub wrk: Option<PathBuf>,
}

#[derive(Args)]
pub struct CompareArgs {
    /// The baseline results file.
    pub old: PathBuf,
    /// The results file to check against it.
    pub new: PathBuf,
    /// How much slower (in percent of the old median) a significant change must be to count
    /// as a regression.
    #[arg(long, default_value_t = 5.0, allow_negative_numbers = true, value_parser = parse_threshold)]
    pub threshold: f64,
    /// Also print the comparison as CSV to this file.
    #[arg(long)]
    pub csv: Option<PathBuf>,
}

fn parse_threshold(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=1000.0).contains(&value) => Ok(value),
        _ => Err(format!(
            "`{text}` is not a threshold; allowed: a percentage from 0 to 1000, e.g. 5"
        )),
    }
}

#[derive(Args)]
pub struct LessonArgs {
    /// The lesson, 1 to 9 or its name; without it, the list.
    pub lesson: Option<String>,
    /// Also write the lesson's charts (and a results page) into this directory.
    #[arg(long)]
    pub out: Option<std::path::PathBuf>,
}

#[derive(Args)]
pub struct WorkerArgs {
    #[arg(long)]
    pub model: String,
    /// Read the job, stop until the harness has read this process's memory, and exit without
    /// running it: the baseline memory of a worker.
    #[arg(long)]
    pub idle: bool,
}

/// How many times each group runs: exactly (`min == max`) or until its runs agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Repeats {
    /// The fewest runs of a group.
    pub min: u32,
    /// The most.
    pub max: u32,
}

/// The default --precision, in percent.
pub const DEFAULT_PRECISION: f64 = 1.0;

/// The most runs of one group.
const MAX_REPEAT: u32 = 100;

fn parse_repeats(text: &str) -> Result<Repeats, String> {
    let bad = || {
        format!(
            "`{text}` is not a number of repeats; allowed: N, or MIN..MAX with MIN no more than \
             MAX, each from 1 to {MAX_REPEAT} (e.g. 3 or 2..10)"
        )
    };
    let count = |part: &str| match part.trim().parse::<u32>() {
        Ok(n) if (1..=MAX_REPEAT).contains(&n) => Ok(n),
        _ => Err(bad()),
    };
    let (min, max) = match text.split_once("..") {
        Some((min, max)) => (count(min)?, count(max)?),
        None => (count(text)?, count(text)?),
    };
    if min > max {
        return Err(bad());
    }
    Ok(Repeats { min, max })
}

fn parse_precision(text: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value > 0.0 && value <= 100.0 => Ok(value),
        _ => Err(format!(
            "`{text}` is not a precision; allowed: a percentage above 0 and up to 100, e.g. 1"
        )),
    }
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

/// A list of CPUs to pin to, each one this process may run on.
#[derive(Clone, Debug)]
pub struct Cpus(pub Vec<usize>);

fn parse_cpus(text: &str) -> Result<Cpus, String> {
    fanout_harness::machine::parse_cpus(text).map(Cpus)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_arguments_start_the_worker_command() {
        let args = std::iter::once("fanout").chain(fanout_core::worker_args("threads"));
        let Some(Commands::Worker(worker)) = Cli::try_parse_from(args).unwrap().command else {
            panic!("the worker arguments start another command");
        };
        assert_eq!(worker.model, "threads");
        assert!(!worker.idle);
    }
}
