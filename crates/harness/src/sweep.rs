//! Running a sweep: each planned run in turn, recorded as not run when it cannot succeed,
//! otherwise measured in a fresh worker process and verified.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use fanout_core::results::RunRecord;
use fanout_core::{
    Job, ServerStats, ServerUrls, Target, Workload, ideal_makespan_ms, ideal_starts_ms,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::machine;
use crate::measure::{Exit, Measurement, run_measured, run_measured_with_parts};
use crate::plan::DEADLINE_SLACK;
use crate::server::ServerControl;
use crate::skip::skip_reason;
use crate::verify::{fill_from_measurement, record_failure};

// The plan and the verification live in files of their own, but callers know them as parts of
// the sweep.
pub use crate::plan::{KeepRecords, ModelSpec, Plan, RunSpec, Until, deadline};
pub use crate::verify::account;

/// What a sweep measured, and why it stopped early if it did.
#[derive(Debug)]
pub struct Sweep {
    /// One record per run that was started or recorded as not run, in order.
    pub runs: Vec<RunRecord>,
    /// Why the sweep stopped before its last run (the mock server went away); `None` if it
    /// ran to the end or was interrupted.
    pub stopped: Option<String>,
}

/// Runs every run of `plan` against the server at `server_url`, showing progress, and returns
/// one record per run. A run that crashes, hangs or fails verification is recorded with `error`
/// and the sweep goes on. After every run, `on_run` gets every record so far, so that the
/// caller can keep them safe (write them out) before the next run starts.
pub fn run_sweep(plan: &Plan, server_url: &str, on_run: &mut dyn FnMut(&[RunRecord])) -> Sweep {
    let runs = plan.runs();
    let progress = progress_bar(runs.len());
    let mut sweeper = Sweeper::new(plan, server_url, &progress);
    let mut records = Vec::with_capacity(runs.len());
    let mut stopped = None;
    for run in runs {
        // An interrupted sweep starts nothing more; what completed is already with the caller.
        if crate::interrupt::interrupted() {
            break;
        }
        if plan.settled(&run, &records) {
            progress.dec_length(1);
            continue;
        }
        match sweeper.run(&run) {
            RunEnd::Recorded(record) => {
                records.push(record);
                on_run(&records);
                progress.inc(1);
            }
            RunEnd::Stopped { cause, cut_off } => {
                if let Some(record) = cut_off {
                    records.push(record);
                    on_run(&records);
                }
                stopped = Some(cause);
                break;
            }
            RunEnd::Interrupted => break,
        }
    }
    progress.finish_and_clear();
    Sweep {
        runs: records,
        stopped,
    }
}

fn progress_bar(runs: usize) -> ProgressBar {
    let progress = ProgressBar::new(runs as u64).with_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    progress.enable_steady_tick(Duration::from_millis(200));
    progress
}

/// What became of one planned run.
enum RunEnd {
    /// It was measured, or recorded as not run; the sweep goes on.
    Recorded(RunRecord),
    /// The mock server went away: the sweep stops, keeping the run it cut off, if any.
    Stopped {
        cause: String,
        cut_off: Option<RunRecord>,
    },
    /// It was interrupted: not a measurement, and the sweep stops.
    Interrupted,
}

/// What a sweep carries from one run to the next.
struct Sweeper<'a> {
    plan: &'a Plan,
    progress: &'a ProgressBar,
    server: ServerWatch,
    urls: ServerUrls,
    /// Each workload's targets, derived once.
    targets: Vec<Vec<Target>>,
    /// Each (model, workload)'s idle worker: peak RSS and virtual size, in KiB.
    baselines: HashMap<(usize, usize), (u64, u64)>,
    /// What each (workload, CPU work)'s pages take Rust's CPU work, timed once for deadlines.
    rust_cpu: HashMap<(usize, u32), Duration>,
    /// The lowest concurrency at which each (model, workload, cpu work) failed as a run, which
    /// `skip_reason` needs.
    broke_at: HashMap<(usize, usize, u32), usize>,
    /// Models that had their warm-up runs.
    warmed: HashSet<usize>,
}

impl<'a> Sweeper<'a> {
    fn new(plan: &'a Plan, server_url: &str, progress: &'a ProgressBar) -> Self {
        let control = ServerControl::new(server_url);
        // Targets that need the fault layer go to it; a server that does not say where it is
        // gets them all.
        let urls = control
            .urls()
            .unwrap_or_else(|_| ServerUrls::single(server_url));
        Self {
            plan,
            progress,
            server: ServerWatch {
                control,
                view: true,
                answered: false,
                generation: None,
            },
            urls,
            targets: plan.workloads.iter().map(Workload::targets).collect(),
            baselines: HashMap::new(),
            rust_cpu: HashMap::new(),
            broke_at: HashMap::new(),
            warmed: HashSet::new(),
        }
    }

    /// Records `run` as not run, or measures it: its baseline, its warm-up, then the run
    /// itself with the server's view and the machine's around it.
    fn run(&mut self, run: &RunSpec) -> RunEnd {
        let plan = self.plan;
        let model = &plan.models[run.model];
        let workload = &plan.workloads[run.workload];
        self.progress.set_message(format!(
            "{} on {} at concurrency {}, cpu work {} (repeat {})",
            model.name,
            workload.name(),
            run.concurrency,
            run.cpu_work,
            run.repeat + 1
        ));
        let job = plan.job(&self.targets[run.workload], workload, run, &self.urls);
        let mut record = RunRecord {
            model: model.name.clone(),
            workload: workload.name().to_owned(),
            concurrency: run.concurrency,
            cpu_work: run.cpu_work,
            repeat: run.repeat,
            ideal_ms: self.ideal_ms(run, &job, run.concurrency),
            server_instances: self.urls.items.len(),
            ..RunRecord::default()
        };
        let cell = (run.model, run.workload, run.cpu_work);
        if let Some(reason) = skip_reason(
            &model.name,
            self.broke_at.get(&cell).copied(),
            plan.max_ideal,
            model.in_flight_cap,
            run.concurrency,
            |in_flight| self.ideal_ms(run, &job, in_flight),
        ) {
            record.not_run = true;
            record.error = Some(reason);
            return RunEnd::Recorded(record);
        }

        // Serialised once: the baseline, the warm-up and the run read the same bytes.
        let input = serde_json::to_vec(&job).expect("a job always serialises");
        let rust_cpu = *self
            .rust_cpu
            .entry((run.workload, run.cpu_work))
            .or_insert_with(|| crate::plan::rust_cpu(&job));
        let deadline = plan
            .deadline
            .unwrap_or_else(|| deadline(&job, model.in_flight_cap, rust_cpu));
        let (baseline_rss_kib, baseline_vm_kib) = self.baseline(run, &input);
        self.warm_up(run, &input, deadline);
        if let Err(cause) = self.server.reset(self.progress) {
            return RunEnd::Stopped {
                cause,
                cut_off: None,
            };
        }
        record.load_before = machine::load_average();
        let busy_before = machine::busy_cpu_ms();
        let measured = run_measured_with_parts(
            model.command(false, &plan.pin_workers),
            input,
            deadline,
            plan.memory_parts,
        );
        let busy_after = machine::busy_cpu_ms();
        record.load_after = machine::load_average();
        record.worker_cpus = plan.pin_workers.clone();
        // A run stopped by an interrupt did not complete: it is not a measurement.
        if matches!(&measured, Ok(m) if m.exit == Exit::Interrupted) {
            return RunEnd::Interrupted;
        }
        let stats = match self.server.stats() {
            Ok(stats) => stats,
            Err(cause) => {
                // It answered before this run and not after: the run measured a server that
                // went away, not the model.
                record.unmeasured = true;
                record.verified = false;
                record.requests = Default::default();
                record.error = Some(format!("{cause} during this run: not measured"));
                return RunEnd::Stopped {
                    cause,
                    cut_off: Some(record),
                };
            }
        };

        // Counters reset (or a server restarted) during the run count only part of it: the
        // run is not a measurement, and the sweep goes on.
        if stats
            .as_ref()
            .is_some_and(|stats| self.server.lost_track(stats))
        {
            record.unmeasured = true;
            record.verified = false;
            record.requests = Default::default();
            record.error = Some(
                "the mock server's counters were reset, or it restarted, during this run: not measured"
                    .into(),
            );
            self.progress.println(format!(
                "{} on {} at concurrency {}: NOT MEASURED: the server's counters were reset during the run",
                record.model, record.workload, record.concurrency
            ));
            return RunEnd::Recorded(record);
        }
        record.baseline_rss_kib = baseline_rss_kib;
        record.baseline_vm_kib = baseline_vm_kib;
        fill_from_server(&mut record, stats);
        match measured {
            Ok(measurement) => {
                let keep = plan.keep_records.keeps(run.repeat);
                let starts = self.ideal_starts(run, &job);
                fill_from_measurement(&mut record, &job, &measurement, &starts, keep);
                record.harness_cpu_ms = Some(measurement.harness_cpu_ms);
                record.peak_threads_ms = Some(measurement.peak_threads_ms);
                if let (Some(before), Some(after), Some(server)) =
                    (busy_before, busy_after, record.server_cpu_ms)
                {
                    let ours = measurement.cpu_user_ms
                        + measurement.cpu_sys_ms
                        + server
                        + measurement.harness_cpu_ms;
                    record.others_cpu_ms = Some((after - before - ours).max(0.0));
                }
            }
            Err(err) => {
                record_failure(&mut record, &job, format!("cannot start the worker: {err}"))
            }
        }
        if let Some(error) = &record.error {
            self.progress.println(format!(
                "{} on {} at concurrency {}: FAILED: {error}",
                record.model, record.workload, record.concurrency
            ));
            let lowest = self.broke_at.entry(cell).or_insert(run.concurrency);
            *lowest = (*lowest).min(run.concurrency);
        }
        RunEnd::Recorded(record)
    }

    /// The ideal time of `run`'s `job` with at most `in_flight` requests in flight.
    fn ideal_ms(&self, run: &RunSpec, job: &Job, in_flight: usize) -> f64 {
        ideal_makespan_ms(
            self.targets[run.workload]
                .iter()
                .map(|t| t.ideal_ms(job.timeout_ms)),
            in_flight,
        )
    }

    /// Each target's start on the ideal schedule of `run`'s `job`, by its id.
    fn ideal_starts(&self, run: &RunSpec, job: &Job) -> HashMap<u32, f64> {
        let targets = &self.targets[run.workload];
        let starts = ideal_starts_ms(
            targets.iter().map(|t| t.ideal_ms(job.timeout_ms)),
            run.concurrency,
        );
        targets.iter().map(|t| t.id).zip(starts).collect()
    }

    /// The model's idle worker on this workload, measured the first time it is asked for.
    fn baseline(&mut self, run: &RunSpec, input: &[u8]) -> (u64, u64) {
        let model = &self.plan.models[run.model];
        let cpus = &self.plan.pin_workers;
        *self
            .baselines
            .entry((run.model, run.workload))
            .or_insert_with(|| measure_baseline(model, input, cpus))
    }

    /// The model's warm-up runs, before its first measured one.
    fn warm_up(&mut self, run: &RunSpec, input: &[u8], deadline: Duration) {
        if !self.warmed.insert(run.model) {
            return;
        }
        let model = &self.plan.models[run.model];
        for _ in 0..self.plan.warmup {
            self.progress
                .set_message(format!("{} warming up (not recorded)", model.name));
            let _ = run_measured(
                model.command(false, &self.plan.pin_workers),
                input.to_vec(),
                deadline,
            );
        }
    }
}

/// The mock server's control endpoints over a sweep: whether they answer, and whether they
/// ever have (after that, silence means the server has gone away).
struct ServerWatch {
    control: ServerControl,
    view: bool,
    answered: bool,
    /// The generation of the server's view just after the last reset, where it said one.
    generation: Option<u64>,
}

impl ServerWatch {
    /// Clears the server's counters before a run. A server that never answered is noted once
    /// and runs go on without its view; one that answered before and not now has gone away,
    /// and every run from here would only measure connect failures: that is the error.
    fn reset(&mut self, progress: &ProgressBar) -> Result<(), String> {
        if self.view
            && let Err(message) = self.control.reset()
        {
            if self.answered {
                return Err(format!("the mock server stopped answering ({message})"));
            }
            progress.println(format!("note: {message}; server_peak_in_flight will be 0"));
            self.view = false;
        }
        self.answered |= self.view;
        self.generation = self
            .view
            .then(|| self.control.stats().ok())
            .flatten()
            .map(|stats| stats.generation);
        Ok(())
    }

    /// Whether `stats`, read after a run, is another view than the one its reset began: the
    /// counters were reset, or the server restarted, while the run went on.
    fn lost_track(&self, stats: &ServerStats) -> bool {
        self.generation
            .is_some_and(|generation| generation != stats.generation)
    }

    /// The server's view of the run just made: `None` from a server without one; the error
    /// when it stopped answering during the run.
    fn stats(&self) -> Result<Option<ServerStats>, String> {
        if !self.view {
            return Ok(None);
        }
        self.control
            .stats()
            .map(Some)
            .map_err(|message| format!("the mock server stopped answering ({message})"))
    }
}

/// What the mock server saw of the run, where it has a view.
fn fill_from_server(record: &mut RunRecord, stats: Option<ServerStats>) {
    let seen = stats.is_some();
    let stats = stats.unwrap_or_default();
    record.server_peak_in_flight = stats.peak_in_flight;
    record.server_injected = stats.injected;
    record.server_requests = stats.requests;
    record.server_added_ms = stats.server_added_ms;
    record.server_arrival_span_ms = stats.arrival_span_ms;
    record.server_cpu_ms = seen.then_some(stats.cpu_user_ms + stats.cpu_sys_ms);
}

/// The peak RSS and virtual size of the model's worker started idle: it reads the job and
/// exits.
fn measure_baseline(model: &ModelSpec, input: &[u8], cpus: &[usize]) -> (u64, u64) {
    run_measured(model.command(true, cpus), input.to_vec(), DEADLINE_SLACK)
        .ok()
        .filter(Measurement::succeeded)
        .map_or((0, 0), |measurement| {
            (measurement.peak_rss_kib, measurement.peak_vm_kib)
        })
}
