//! What a sweep runs: which models and workloads, the runs in the order they happen, the job
//! each run gives its model, and how long a run may take before it is killed.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use fanout_core::results::RunRecord;
use fanout_core::{Job, ServerUrls, Target, Timeouts, Workload};

/// Time every run gets on top of its worst case, for start-up and teardown.
pub(crate) const DEADLINE_SLACK: Duration = Duration::from_secs(30);

/// How to start one model's worker process.
#[derive(Clone, Debug)]
pub struct ModelSpec {
    /// The model, as runs and reports name it.
    pub name: String,
    /// The program that runs its worker.
    pub program: PathBuf,
    /// The arguments that make that program a worker of this model.
    pub args: Vec<String>,
    /// A model that only ever runs at one concurrency (`sequential`: 1).
    pub fixed_concurrency: Option<usize>,
    /// The most requests the model keeps in flight whatever concurrency it is given (a model
    /// that blocks its runtime's threads: as many as there are cores).
    pub in_flight_cap: Option<usize>,
}

impl ModelSpec {
    /// The worker's command, pinned to `cpus` (none when empty).
    pub(crate) fn command(&self, idle: bool, cpus: &[usize]) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if idle {
            command.arg("--idle");
        }
        crate::measure::pin_to(&mut command, cpus);
        command
    }
}

/// What to run: every model over every workload, at each concurrency, `repeat` times.
#[derive(Clone, Debug)]
pub struct Plan {
    /// The models to run, in the order each round runs them.
    pub models: Vec<ModelSpec>,
    /// The workloads to run them on, in turn.
    pub workloads: Vec<Workload>,
    /// Concurrency levels; `None` uses each workload's own sweep.
    pub concurrency: Option<Vec<usize>>,
    /// Units of CPU work per body; `None` uses each workload's own.
    pub cpu_work: Option<Vec<u32>>,
    /// Runs of each (model, workload, concurrency, CPU work); with `until`, the most.
    pub repeat: u32,
    /// Stop repeating a group early once its wall times agree this well (`None`: always run
    /// `repeat` times).
    pub until: Option<Until>,
    /// Overrides each workload's client timeout.
    pub timeout_ms: Option<u64>,
    /// Cores each worker is sized to: its async runtime or pool gets this many threads.
    pub cores: usize,
    /// Overrides each run's deadline (by default: every request timing out, plus slack).
    pub deadline: Option<Duration>,
    /// Runs whose ideal time, at the most requests the model keeps in flight, is longer than
    /// this are recorded as not run instead of started (sequential fetching of 10,000 URLs that
    /// take 1 s each would take 2.8 hours).
    pub max_ideal: Option<Duration>,
    /// Which runs keep their request records in the results.
    pub keep_records: KeepRecords,
    /// The CPUs every worker is pinned to; empty for none.
    pub pin_workers: Vec<usize>,
    /// Runs of each model made before its first measured run and not recorded.
    pub warmup: u32,
    /// Whether each run also reads what its worker's resident memory is made of (thread
    /// stacks, malloc's heaps, the rest) from `/proc/PID/smaps`; see
    /// [`crate::measure::run_measured_with_parts`].
    pub memory_parts: bool,
}

/// When a group has run often enough: after at least `min` runs (and at most the plan's
/// `repeat`, bounds like hyperfine's `--min-runs` and `--max-runs`), once the 95% interval of
/// its median wall time (see [`fanout_core::stats::median_interval`]) is within `share` of the
/// median either way. A group whose runs keep disagreeing runs the plan's `repeat` times; one
/// with `min` runs and none that completed stops there, as more would not narrow anything.
///
/// Checking after every run and stopping at the first tight interval makes that interval
/// somewhat optimistic (a group may stop on runs that agreed by chance), the more so the
/// smaller `min`; and once groups stop, later rounds hold only the ones still running, so slow
/// drift on the machine is no longer spread over all groups alike.
///
/// A group whose clean runs already add up to `budget` stops too, even below `min`: a slow
/// group (one request at a time for 10 s) costs the most to repeat and, with nothing else in
/// flight, varies the least.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Until {
    /// The fewest runs of a group.
    pub min: u32,
    /// The interval's half-width, as a share of the median, at which a group stops: 0.01 for
    /// +-1%.
    pub share: f64,
    /// The wall time, over a group's clean runs, past which it stops; `None`: no such limit.
    pub budget: Option<Duration>,
}

impl Until {
    /// Whether a group whose runs so far are `runs` (clean and failed) has run often enough.
    pub fn settled(&self, runs: &[&RunRecord]) -> bool {
        let walls: Vec<f64> = runs
            .iter()
            .filter(|run| run.succeeded())
            .map(|run| run.wall_ms)
            .collect();
        if walls.is_empty() {
            return runs.len() >= self.min as usize;
        }
        let spent_ms: f64 = walls.iter().sum();
        if self
            .budget
            .is_some_and(|budget| spent_ms >= budget.as_secs_f64() * 1000.0)
        {
            return true;
        }
        walls.len() >= self.min as usize
            && fanout_core::stats::relative_half_width(&walls)
                .is_some_and(|share| share <= self.share)
    }
}

/// Which runs keep their request records (every request's times, outcome and thread) in the
/// results file. Records make a file about 110 bytes a request larger (one line each).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum KeepRecords {
    /// The first repeat of every (model, workload, concurrency, CPU work): enough to draw
    /// each, a third of the size at three repeats.
    #[default]
    First,
    /// Every run.
    All,
    /// None.
    None,
}

impl KeepRecords {
    /// Whether a run of repeat `repeat` keeps its records.
    pub fn keeps(self, repeat: u32) -> bool {
        match self {
            KeepRecords::First => repeat == 0,
            KeepRecords::All => true,
            KeepRecords::None => false,
        }
    }

    /// The value of `--records` that names each.
    pub fn parse(text: &str) -> Result<Self, String> {
        match text {
            "first" => Ok(KeepRecords::First),
            "all" => Ok(KeepRecords::All),
            "none" => Ok(KeepRecords::None),
            other => Err(format!(
                "`{other}` is not a records choice; allowed: first, all, none"
            )),
        }
    }
}

/// One (model, workload, concurrency, repeat) to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpec {
    /// Index of the model in the plan's models.
    pub model: usize,
    /// Index of the workload in the plan's workloads.
    pub workload: usize,
    /// The most requests the model may keep in flight.
    pub concurrency: usize,
    /// Units of CPU work per body.
    pub cpu_work: u32,
    /// Which repeat this is, from 0.
    pub repeat: u32,
}

impl Plan {
    /// Every model of `models` over every workload of `workloads`, once, at each workload's
    /// own concurrency levels, CPU work and timeout, with workers sized to `cores`: none
    /// pinned, no warm-up, no limit on ideal time, and records kept of the first repeat. The
    /// rest is set by struct update: `Plan { repeat: 3, ..Plan::new(models, workloads, cores) }`.
    pub fn new(models: Vec<ModelSpec>, workloads: Vec<Workload>, cores: usize) -> Self {
        Plan {
            models,
            workloads,
            concurrency: None,
            cpu_work: None,
            repeat: 1,
            until: None,
            timeout_ms: None,
            cores,
            deadline: None,
            max_ideal: None,
            keep_records: KeepRecords::First,
            pin_workers: Vec::new(),
            warmup: 0,
            memory_parts: false,
        }
    }

    /// The runs in the order they happen: repeats are interleaved (every model once, then every
    /// model again) so slow drift on a shared machine spreads over all models alike.
    pub fn runs(&self) -> Vec<RunSpec> {
        let mut runs = Vec::new();
        for (workload_index, workload) in self.workloads.iter().enumerate() {
            let levels = self
                .concurrency
                .as_deref()
                .unwrap_or(workload.concurrency());
            let work_levels = self
                .cpu_work
                .clone()
                .unwrap_or_else(|| vec![workload.cpu_work()]);
            let mut cells = Vec::new();
            for &cpu_work in &work_levels {
                for (model_index, model) in self.models.iter().enumerate() {
                    if let Some(fixed) = model.fixed_concurrency {
                        cells.push((model_index, fixed, cpu_work));
                    }
                }
                for &concurrency in levels {
                    for (model_index, model) in self.models.iter().enumerate() {
                        if model.fixed_concurrency.is_none() {
                            cells.push((model_index, concurrency, cpu_work));
                        }
                    }
                }
            }
            for repeat in 0..self.repeat {
                runs.extend(cells.iter().map(|&(model, concurrency, cpu_work)| RunSpec {
                    model,
                    workload: workload_index,
                    concurrency,
                    cpu_work,
                    repeat,
                }));
            }
        }
        runs
    }

    /// Whether `run` need not be made: the plan stops groups early and the group's earlier
    /// runs, among `done`, have settled it.
    pub fn settled(&self, run: &RunSpec, done: &[RunRecord]) -> bool {
        let Some(until) = self.until else {
            return false;
        };
        let model = &self.models[run.model].name;
        let workload = self.workloads[run.workload].name();
        let group: Vec<&RunRecord> = done
            .iter()
            .filter(|r| {
                &r.model == model
                    && r.workload == workload
                    && r.concurrency == run.concurrency
                    && r.cpu_work == run.cpu_work
            })
            .collect();
        until.settled(&group)
    }

    /// The job a run gives its model: the workload's targets on `server`.
    pub fn job(
        &self,
        targets: &[Target],
        workload: &Workload,
        run: &RunSpec,
        server: &ServerUrls,
    ) -> Job {
        let timeouts = Timeouts {
            connect_ms: workload.connect_timeout_ms(),
            receive_ms: self.timeout_ms.unwrap_or(workload.timeout_ms()),
        };
        let mut job = Job::new(targets, server, run.concurrency, self.cores, timeouts);
        job.cpu_work = run.cpu_work;
        job
    }
}

/// How many times slower than Rust's own a model's CPU work may be: Python does this work
/// about 75 times slower, on one core where its threads share the GIL.
const CPU_MARGIN: f64 = 400.0;

/// What a model's own code may spend on one request beyond its waits and its CPU work: starting
/// a thread or a coroutine for it, sending, reading and checking it. Python's thread pool at
/// 10,000 in flight spent up to 4.5 ms a request on 2 cores shared with the server.
const PER_REQUEST: Duration = Duration::from_millis(10);

/// The longest an honest run of `job` can take as a model with `in_flight_cap` runs it: every
/// request timing out, in FIFO waves of as many as the model keeps in flight, the model's own
/// code slow on every request ([`PER_REQUEST`]), and every page's CPU work (`rust_cpu` is what
/// it takes Rust, once, here) far slower than Rust does it.
pub fn deadline(job: &Job, in_flight_cap: Option<usize>, rust_cpu: Duration) -> Duration {
    let in_flight = in_flight_cap.map_or(job.concurrency, |cap| cap.min(job.concurrency));
    let waves = job.targets.len().div_ceil(in_flight.max(1)) as u64;
    let per_request = job.connect_timeout_ms + 2 * job.timeout_ms;
    DEADLINE_SLACK
        + Duration::from_millis(waves * per_request)
        + PER_REQUEST * job.targets.len() as u32
        + rust_cpu.mul_f64(CPU_MARGIN)
}

/// What the CPU work of every page of `job` takes Rust on one core, timed here.
pub fn rust_cpu(job: &Job) -> Duration {
    if job.cpu_work == 0 {
        return Duration::ZERO;
    }
    let started = std::time::Instant::now();
    for target in &job.targets {
        let body = fanout_core::expected_body(target.id, target.size);
        std::hint::black_box(fanout_core::cpu_work(&body, job.cpu_work));
    }
    started.elapsed()
}

/// A job of 3 targets of 100 bytes at concurrency 2, with 1 s timeouts, for tests.
#[cfg(test)]
pub(crate) fn test_job() -> Job {
    Job {
        targets: (0..3)
            .map(|id| fanout_core::JobTarget {
                id,
                url: format!("http://h/item/{id}"),
                size: 100,
            })
            .collect(),
        concurrency: 2,
        cores: 2,
        connect_timeout_ms: 1000,
        timeout_ms: 1000,
        cpu_work: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_covers_every_request_timing_out_in_waves() {
        let job = test_job();
        // 3 targets at concurrency 2: two waves of (1 s connect + 2 x 1 s receive), and the
        // model's own time on each of the 3.
        assert_eq!(
            deadline(&job, None, Duration::ZERO),
            DEADLINE_SLACK + Duration::from_secs(6) + PER_REQUEST * 3
        );
    }

    #[test]
    fn deadline_follows_what_the_model_keeps_in_flight_and_its_cpu_work() {
        let job = test_job();
        let own = PER_REQUEST * 3;
        // A model that keeps one request in flight at concurrency 2: three waves, not two.
        assert_eq!(
            deadline(&job, Some(1), Duration::ZERO),
            DEADLINE_SLACK + Duration::from_secs(9) + own
        );
        // A cap above the concurrency changes nothing.
        assert_eq!(
            deadline(&job, Some(8), Duration::ZERO),
            DEADLINE_SLACK + Duration::from_secs(6) + own
        );
        // 10 ms of Rust's CPU work leaves room for work far slower than that.
        assert_eq!(
            deadline(&job, None, Duration::from_millis(10)),
            DEADLINE_SLACK + Duration::from_secs(6) + own + Duration::from_secs(4)
        );
    }

    #[test]
    fn deadline_leaves_a_slow_client_time_for_ten_thousand_requests_that_never_time_out() {
        // c10k at 10,000 in flight: one wave; Python's thread pool took up to 45 s there.
        let mut job = test_job();
        job.targets = (0..10_000)
            .map(|id| fanout_core::JobTarget {
                id,
                url: format!("http://h/item/{id}"),
                size: 4096,
            })
            .collect();
        job.concurrency = 10_000;
        (job.connect_timeout_ms, job.timeout_ms) = (2000, 10_000);
        assert!(deadline(&job, None, Duration::ZERO) > Duration::from_secs(90));
    }

    fn run_of(wall_ms: f64) -> RunRecord {
        RunRecord {
            model: "tokio".into(),
            workload: "quick".into(),
            concurrency: 10,
            wall_ms,
            verified: true,
            ..RunRecord::default()
        }
    }

    #[test]
    fn a_group_stops_once_its_interval_is_tight_enough_and_not_before_its_minimum() {
        let until = Until {
            min: 2,
            share: 0.01,
            budget: None,
        };
        let runs = |walls: &[f64]| walls.iter().map(|&w| run_of(w)).collect::<Vec<_>>();
        let settled = |walls: &[f64]| until.settled(&runs(walls).iter().collect::<Vec<_>>());
        // One run has no interval, however good it looks.
        assert!(!settled(&[1000.0]));
        // Two that agree to 0.1%: +-0.6%, inside 1%.
        assert!(settled(&[1000.0, 1001.0]));
        // Two that disagree by 2%: +-13%; a third in line narrows it, not enough yet.
        assert!(!settled(&[1000.0, 1020.0]));
        assert!(!settled(&[1000.0, 1020.0, 1010.0]));
        assert!(settled(&[1000.0, 1002.0, 1001.0, 1001.0]));
        // Runs that all failed cannot narrow anything: they stop at the minimum.
        let failed = RunRecord {
            error: Some("deadline".into()),
            ..run_of(5.0)
        };
        assert!(until.settled(&[&failed, &failed]));
        assert!(!until.settled(&[&failed]));
    }

    #[test]
    fn a_group_whose_clean_runs_spent_its_budget_stops_below_its_minimum() {
        let until = Until {
            min: 3,
            share: 0.01,
            budget: Some(Duration::from_secs(10)),
        };
        let settled = |walls: &[f64]| {
            let runs: Vec<RunRecord> = walls.iter().map(|&w| run_of(w)).collect();
            until.settled(&runs.iter().collect::<Vec<_>>())
        };
        assert!(settled(&[10_100.0]));
        assert!(!settled(&[4_000.0, 4_000.0]));
        assert!(settled(&[4_000.0, 4_000.0, 4_000.0]));
        // A failed run spends nothing of the budget: it measured nothing.
        let failed = RunRecord {
            error: Some("deadline".into()),
            ..run_of(20_000.0)
        };
        assert!(!until.settled(&[&failed]));
    }

    #[test]
    fn a_plan_without_a_precision_runs_every_repeat() {
        let plan = Plan::new(Vec::new(), Vec::new(), 2);
        let spec = RunSpec {
            model: 0,
            workload: 0,
            concurrency: 10,
            cpu_work: 0,
            repeat: 5,
        };
        assert!(!plan.settled(&spec, &[run_of(1000.0), run_of(1000.0)]));
    }
}
