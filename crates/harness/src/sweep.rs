//! Scheduling a sweep and turning each measured child into a [`RunRecord`].

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use fanout_core::results::{ContextSwitches, RequestCounts, RunRecord};
use fanout_core::{
    Fetch, Job, JobTarget, LatencySummary, ServerUrls, Target, Timeouts, WorkerReport, Workload,
    cpu_work, expected_body, ideal_makespan_ms,
};
use indicatif::{ProgressBar, ProgressStyle};

use crate::measure::{Measurement, run_measured};
use crate::server::ServerControl;

/// Time every run gets on top of its worst case, for start-up and teardown.
const DEADLINE_SLACK: Duration = Duration::from_secs(30);

/// How to start one model's worker process.
#[derive(Clone, Debug)]
pub struct ModelSpec {
    pub name: String,
    pub program: PathBuf,
    pub args: Vec<String>,
    /// A model that only ever runs at one concurrency (`sequential`: 1).
    pub fixed_concurrency: Option<usize>,
    /// The most requests the model keeps in flight whatever concurrency it is given (a model
    /// that blocks its runtime's threads: as many as there are cores).
    pub in_flight_cap: Option<usize>,
}

impl ModelSpec {
    fn command(&self, idle: bool) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if idle {
            command.arg("--idle");
        }
        command
    }
}

/// What to run: every model over every workload, at each concurrency, `repeat` times.
#[derive(Clone, Debug)]
pub struct Plan {
    pub models: Vec<ModelSpec>,
    pub workloads: Vec<Workload>,
    /// Concurrency levels; `None` uses each workload's own sweep.
    pub concurrency: Option<Vec<usize>>,
    /// Units of CPU work per body; `None` uses each workload's own.
    pub cpu_work: Option<Vec<u32>>,
    pub repeat: u32,
    /// Overrides each workload's client timeout.
    pub timeout_ms: Option<u64>,
    pub cores: usize,
    /// Overrides each run's deadline (by default: every request timing out, plus slack).
    pub deadline: Option<Duration>,
    /// Runs whose ideal time, at the most requests the model keeps in flight, is longer than
    /// this are recorded as not run instead of started (sequential fetching of 10,000 URLs that
    /// take 1 s each would take 2.8 hours).
    pub max_ideal: Option<Duration>,
}

/// One (model, workload, concurrency, repeat) to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpec {
    pub model: usize,
    pub workload: usize,
    pub concurrency: usize,
    pub cpu_work: u32,
    pub repeat: u32,
}

impl Plan {
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

    /// The job a run gives its model: the workload's targets at `base_url`.
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

/// The longest an honest run of `job` can take: every request timing out, in FIFO waves.
pub fn deadline(job: &Job) -> Duration {
    let waves = job.targets.len().div_ceil(job.concurrency.max(1)) as u64;
    let per_request = job.connect_timeout_ms + 2 * job.timeout_ms;
    DEADLINE_SLACK + Duration::from_millis(waves * per_request)
}

/// Runs every run of `plan` against the server at `server_url`, showing progress, and returns
/// one record per run. A run that crashes, hangs or fails verification is recorded with `error`
/// and the sweep goes on.
pub fn run_sweep(plan: &Plan, server_url: &str) -> Vec<RunRecord> {
    let runs = plan.runs();
    let progress = ProgressBar::new(runs.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    progress.enable_steady_tick(Duration::from_millis(200));
    let control = ServerControl::new(server_url);
    let mut server_view = true;
    // Targets that need the fault layer go to it; a server that does not say where it is
    // gets them all.
    let server = control
        .urls()
        .unwrap_or_else(|_| ServerUrls::single(server_url));
    let targets: Vec<Vec<Target>> = plan.workloads.iter().map(Workload::targets).collect();
    let mut baselines: HashMap<(usize, usize), (u64, u64)> = HashMap::new();
    // The lowest concurrency at which each (model, workload, cpu work) failed as a run: that
    // level and higher ones are not started again, since they would fail the same way, only
    // slower (a model killed at its deadline would cost the deadline every time).
    let mut broke_at: HashMap<(usize, usize, u32), usize> = HashMap::new();
    let mut records = Vec::with_capacity(runs.len());

    for run in runs {
        let model = &plan.models[run.model];
        let workload = &plan.workloads[run.workload];
        progress.set_message(format!(
            "{} on {} at concurrency {}, cpu work {} (repeat {})",
            model.name,
            workload.name(),
            run.concurrency,
            run.cpu_work,
            run.repeat + 1
        ));
        let job = plan.job(&targets[run.workload], workload, &run, &server);
        let ideal = |concurrency| {
            ideal_makespan_ms(
                targets[run.workload]
                    .iter()
                    .map(|t| t.ideal_ms(job.timeout_ms)),
                concurrency,
            )
        };
        let cell = (run.model, run.workload, run.cpu_work);
        let not_run = match (broke_at.get(&cell), plan.max_ideal, model.in_flight_cap) {
            (Some(&lower), _, _) if lower <= run.concurrency => Some(format!(
                "not run: {} failed at concurrency {lower}",
                model.name
            )),
            (_, Some(max), cap) => {
                let in_flight = cap.map_or(run.concurrency, |cap| cap.min(run.concurrency));
                let capped_ideal = ideal(in_flight);
                (capped_ideal > max.as_secs_f64() * 1e3).then(|| {
                    format!(
                        "not run: {} keeps at most {in_flight} request(s) in flight, so its ideal \
                         time is {:.0} s, over the {} s allowed",
                        model.name,
                        capped_ideal / 1e3,
                        max.as_secs()
                    )
                })
            }
            _ => None,
        };
        let mut record = RunRecord {
            model: model.name.clone(),
            workload: workload.name().to_owned(),
            concurrency: run.concurrency,
            cpu_work: run.cpu_work,
            repeat: run.repeat,
            ideal_ms: ideal(run.concurrency),
            server_instances: server.items.len(),
            ..RunRecord::default()
        };
        if let Some(reason) = not_run {
            record_failure(&mut record, &job, reason);
            records.push(record);
            progress.inc(1);
            continue;
        }
        let (baseline_rss_kib, baseline_vm_kib) = *baselines
            .entry((run.model, run.workload))
            .or_insert_with(|| measure_baseline(model, &job));

        if server_view && let Err(message) = control.reset() {
            progress.println(format!("note: {message}; server_peak_in_flight will be 0"));
            server_view = false;
        }
        let measured = run_measured(
            model.command(false),
            serde_json::to_vec(&job).expect("a job always serialises"),
            plan.deadline.unwrap_or_else(|| deadline(&job)),
        );
        let stats = if server_view {
            control.stats().unwrap_or_default()
        } else {
            Default::default()
        };

        record.baseline_rss_kib = baseline_rss_kib;
        record.baseline_vm_kib = baseline_vm_kib;
        record.server_peak_in_flight = stats.peak_in_flight;
        record.server_injected = stats.injected;
        record.server_requests = stats.requests;
        record.server_cpu_ms = server_view.then_some(stats.cpu_user_ms + stats.cpu_sys_ms);
        match measured {
            Ok(measurement) => fill_from_measurement(&mut record, &job, &measurement),
            Err(err) => {
                record_failure(&mut record, &job, format!("cannot start the worker: {err}"))
            }
        }
        if let Some(error) = &record.error {
            progress.println(format!(
                "{} on {} at concurrency {}: FAILED: {error}",
                record.model, record.workload, record.concurrency
            ));
            let lowest = broke_at.entry(cell).or_insert(run.concurrency);
            *lowest = (*lowest).min(run.concurrency);
        }
        records.push(record);
        progress.inc(1);
    }
    progress.finish_and_clear();
    records
}

/// The peak RSS and virtual size of the model's worker started idle: it reads the job and
/// exits.
fn measure_baseline(model: &ModelSpec, job: &Job) -> (u64, u64) {
    let input = serde_json::to_vec(job).expect("a job always serialises");
    run_measured(model.command(true), input, DEADLINE_SLACK)
        .ok()
        .filter(Measurement::succeeded)
        .map_or((0, 0), |measurement| {
            (measurement.peak_rss_kib, measurement.peak_vm_kib)
        })
}

fn fill_from_measurement(record: &mut RunRecord, job: &Job, measurement: &Measurement) {
    record.cpu_user_ms = measurement.cpu_user_ms;
    record.cpu_sys_ms = measurement.cpu_sys_ms;
    record.peak_rss_kib = measurement.peak_rss_kib;
    record.peak_vm_kib = measurement.peak_vm_kib;
    record.peak_threads = measurement.peak_threads;
    record.peak_processes = measurement.peak_processes;
    record.samples = measurement.samples;
    record.ctx_switches = ContextSwitches {
        voluntary: measurement.voluntary_switches,
        involuntary: measurement.involuntary_switches,
    };
    if let Some(failure) = measurement.failure() {
        return record_failure(record, job, format!("worker {failure}"));
    }
    let report: WorkerReport = match serde_json::from_slice(&measurement.stdout) {
        Ok(report) => report,
        Err(err) => {
            return record_failure(
                record,
                job,
                format!("worker printed no readable outcome: {err}"),
            );
        }
    };
    record.wall_ms = report.wall_ms;
    record.efficiency = if report.wall_ms > 0.0 {
        record.ideal_ms / report.wall_ms
    } else {
        0.0
    };
    record.pinned_threads = report.outcome.pinned_threads.clone();
    record.latency_ms =
        LatencySummary::from_millis(report.outcome.records.iter().map(|r| r.latency_ms()));
    match account(job, &report) {
        Ok(counts) => {
            record.requests = counts;
            record.verified = true;
        }
        Err(problem) => record_failure(record, job, format!("verification failed: {problem}")),
    }
}

/// A run with no usable outcome: every request counts as failed, so nothing is lost.
fn record_failure(record: &mut RunRecord, job: &Job, error: String) {
    let total = job.targets.len() as u64;
    record.requests = RequestCounts {
        total,
        ok: 0,
        failed: BTreeMap::from([("other".to_owned(), total)]),
    };
    record.verified = false;
    record.error = Some(error);
}

/// Checks that every target is accounted for exactly once and every success is the right size
/// and carries the right result of the job's CPU work, and counts outcomes by kind.
pub fn account(job: &Job, report: &WorkerReport) -> Result<RequestCounts, String> {
    let expected: HashMap<u32, &JobTarget> = job.targets.iter().map(|t| (t.id, t)).collect();
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let mut counts = RequestCounts {
        total: job.targets.len() as u64,
        ..RequestCounts::default()
    };
    for record in &report.outcome.records {
        let Some(target) = expected.get(&record.id) else {
            return Err(format!(
                "a record for target {} which is not in the job",
                record.id
            ));
        };
        *seen.entry(record.id).or_default() += 1;
        match &record.fetch {
            Fetch::Ok {
                status,
                bytes,
                work,
            } => {
                if !(200..300).contains(status) || *bytes != target.size {
                    return Err(format!(
                        "target {} reported ok with status {status} and {bytes} bytes, expected {}",
                        record.id, target.size
                    ));
                }
                let expected_work = cpu_work(&expected_body(target.id, target.size), job.cpu_work);
                if *work != expected_work {
                    return Err(format!(
                        "target {} reported the wrong result of {} units of CPU work",
                        record.id, job.cpu_work
                    ));
                }
                counts.ok += 1;
            }
            Fetch::Failed { kind, .. } => {
                *counts.failed.entry(kind.name().to_owned()).or_default() += 1
            }
        }
    }
    if let Some((id, times)) = seen.iter().find(|(_, times)| **times > 1) {
        return Err(format!("target {id} recorded {times} times"));
    }
    let missing = job.targets.len() - seen.len();
    if missing > 0 {
        return Err(format!(
            "{missing} of {} targets have no record",
            job.targets.len()
        ));
    }
    debug_assert_eq!(counts.ok + counts.failed_total(), counts.total);
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fanout_core::{ErrorKind, Outcome, Record};

    fn job() -> Job {
        Job {
            targets: (0..3)
                .map(|id| JobTarget {
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

    fn report(records: Vec<(u32, Fetch)>) -> WorkerReport {
        let records = records
            .into_iter()
            .map(|(id, fetch)| Record {
                id,
                start_ms: 0.0,
                end_ms: 1.0,
                fetch,
            })
            .collect();
        WorkerReport {
            wall_ms: 1.0,
            outcome: Outcome::new(records),
        }
    }

    fn ok() -> Fetch {
        Fetch::Ok {
            status: 200,
            bytes: 100,
            work: cpu_work(&expected_body(0, 100), 0),
        }
    }

    #[test]
    fn a_complete_outcome_is_counted_by_kind() {
        let counts = account(
            &job(),
            &report(vec![
                (0, ok()),
                (1, Fetch::failed(ErrorKind::Timeout, "")),
                (2, ok()),
            ]),
        )
        .unwrap();
        assert_eq!((counts.total, counts.ok), (3, 2));
        assert_eq!(counts.failed, BTreeMap::from([("timeout".to_owned(), 1)]));
    }

    #[test]
    fn lost_duplicated_unknown_or_wrong_sized_records_fail_verification() {
        let cases = [
            vec![(0, ok()), (1, ok())],
            vec![(0, ok()), (1, ok()), (1, ok()), (2, ok())],
            vec![(0, ok()), (1, ok()), (2, ok()), (9, ok())],
            vec![
                (0, ok()),
                (1, ok()),
                (
                    2,
                    Fetch::Ok {
                        status: 200,
                        bytes: 99,
                        work: 0,
                    },
                ),
            ],
            vec![
                (0, ok()),
                (1, ok()),
                (
                    2,
                    Fetch::Ok {
                        status: 404,
                        bytes: 100,
                        work: 0,
                    },
                ),
            ],
        ];
        for records in cases {
            assert!(
                account(&job(), &report(records.clone())).is_err(),
                "{records:?}"
            );
        }
    }

    #[test]
    fn skipped_or_wrong_cpu_work_fails_verification() {
        let mut job = job();
        job.cpu_work = 5;
        let body = expected_body(0, 100);
        let with_work = |work| {
            (
                0,
                Fetch::Ok {
                    status: 200,
                    bytes: 100,
                    work,
                },
            )
        };
        let done = cpu_work(&body, 5);
        let rest = |id| (id, Fetch::failed(ErrorKind::Timeout, ""));
        assert!(account(&job, &report(vec![with_work(done), rest(1), rest(2)])).is_ok());
        let skipped = cpu_work(&body, 0);
        let err = account(&job, &report(vec![with_work(skipped), rest(1), rest(2)])).unwrap_err();
        assert!(err.contains("CPU work"), "{err}");
        assert!(
            account(
                &job,
                &report(vec![with_work(cpu_work(&body, 4)), rest(1), rest(2)])
            )
            .is_err()
        );
    }

    #[test]
    fn deadline_covers_every_request_timing_out_in_waves() {
        // 3 targets at concurrency 2: two waves of (1 s connect + 2 x 1 s receive).
        assert_eq!(deadline(&job()), DEADLINE_SLACK + Duration::from_secs(6));
    }
}
