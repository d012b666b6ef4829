//! Running a sweep: each planned run in turn, recorded as not run when it cannot succeed,
//! otherwise measured in a fresh worker process and verified.

use std::collections::HashMap;
use std::time::Duration;

use fanout_core::results::RunRecord;
use fanout_core::{Job, ServerUrls, Target, Workload, ideal_makespan_ms};
use indicatif::{ProgressBar, ProgressStyle};

use crate::machine;
use crate::measure::{Measurement, run_measured};
use crate::plan::DEADLINE_SLACK;
use crate::server::ServerControl;
use crate::verify::{fill_from_measurement, record_failure};

// The plan and the verification live in files of their own, but callers know them as parts of
// the sweep.
pub use crate::plan::{KeepRecords, ModelSpec, Plan, RunSpec, deadline};
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
    let progress = ProgressBar::new(runs.len() as u64).with_style(
        ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg} ({elapsed})")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    progress.enable_steady_tick(Duration::from_millis(200));
    let control = ServerControl::new(server_url);
    let mut server_view = true;
    // Whether the server has answered once: after that, silence means it has gone away.
    let mut server_answered = false;
    let mut stopped = None;
    // Targets that need the fault layer go to it; a server that does not say where it is
    // gets them all.
    let server = control
        .urls()
        .unwrap_or_else(|_| ServerUrls::single(server_url));
    let targets: Vec<Vec<Target>> = plan.workloads.iter().map(Workload::targets).collect();
    let mut baselines: HashMap<(usize, usize), (u64, u64)> = HashMap::new();
    // The lowest concurrency at which each (model, workload, cpu work) failed as a run, which
    // `skip_reason` needs.
    let mut broke_at: HashMap<(usize, usize, u32), usize> = HashMap::new();
    let mut records = Vec::with_capacity(runs.len());
    // Models that had their warm-up runs.
    let mut warmed = std::collections::HashSet::new();

    for run in runs {
        // An interrupted sweep starts nothing more; what completed is already with the caller.
        if crate::interrupt::interrupted() {
            break;
        }
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
        let not_run = skip_reason(
            &model.name,
            broke_at.get(&cell).copied(),
            plan.max_ideal,
            model.in_flight_cap,
            run.concurrency,
            ideal,
        );
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
            record.not_run = true;
            record.error = Some(reason);
            records.push(record);
            on_run(&records);
            progress.inc(1);
            continue;
        }
        let (baseline_rss_kib, baseline_vm_kib) = *baselines
            .entry((run.model, run.workload))
            .or_insert_with(|| measure_baseline(model, &job, &plan.pin_workers));
        if warmed.insert(run.model) {
            for _ in 0..plan.warmup {
                progress.set_message(format!("{} warming up (not recorded)", model.name));
                let _ = run_measured(
                    model.command(false, &plan.pin_workers),
                    serde_json::to_vec(&job).expect("a job always serialises"),
                    plan.deadline.unwrap_or_else(|| deadline(&job)),
                );
            }
        }

        if server_view && let Err(message) = control.reset() {
            if server_answered {
                // It answered before this run: it has gone away, and every run from here would
                // only measure connect failures.
                stopped = Some(format!("the mock server stopped answering ({message})"));
                break;
            }
            progress.println(format!("note: {message}; server_peak_in_flight will be 0"));
            server_view = false;
        }
        server_answered |= server_view;
        record.load_before = machine::load_average();
        let busy_before = machine::busy_cpu_ms();
        let measured = run_measured(
            model.command(false, &plan.pin_workers),
            serde_json::to_vec(&job).expect("a job always serialises"),
            plan.deadline.unwrap_or_else(|| deadline(&job)),
        );
        let busy_after = machine::busy_cpu_ms();
        record.load_after = machine::load_average();
        record.worker_cpus = plan.pin_workers.clone();
        // A run stopped by an interrupt did not complete: it is not a measurement.
        if matches!(&measured, Ok(m) if m.exit == crate::measure::Exit::Interrupted) {
            break;
        }
        let stats = if server_view {
            match control.stats() {
                Ok(stats) => stats,
                Err(message) => {
                    // It answered before this run and not after: the run measured a server
                    // that went away, not the model.
                    let cause = format!("the mock server stopped answering ({message})");
                    record.unmeasured = true;
                    record.verified = false;
                    record.requests = Default::default();
                    record.error = Some(format!("{cause} during this run: not measured"));
                    records.push(record);
                    on_run(&records);
                    stopped = Some(cause);
                    break;
                }
            }
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
            Ok(measurement) => {
                let keep = plan.keep_records.keeps(run.repeat);
                fill_from_measurement(&mut record, &job, &measurement, keep);
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
            progress.println(format!(
                "{} on {} at concurrency {}: FAILED: {error}",
                record.model, record.workload, record.concurrency
            ));
            let lowest = broke_at.entry(cell).or_insert(run.concurrency);
            *lowest = (*lowest).min(run.concurrency);
        }
        records.push(record);
        on_run(&records);
        progress.inc(1);
    }
    progress.finish_and_clear();
    Sweep {
        runs: records,
        stopped,
    }
}

/// Why a run is to be recorded as not run instead of started, if it is.
///
/// - `model` already failed this cell at `failed_at`, a level no higher than `concurrency`:
///   this run would fail the same way, only slower (a model killed at its deadline would cost
///   the deadline every time).
/// - Its ideal time, `ideal_ms` at the most requests it keeps in flight (`in_flight_cap` or
///   `concurrency`, whichever is lower), is over `max_ideal`: it could not finish sooner.
fn skip_reason(
    model: &str,
    failed_at: Option<usize>,
    max_ideal: Option<Duration>,
    in_flight_cap: Option<usize>,
    concurrency: usize,
    ideal_ms: impl Fn(usize) -> f64,
) -> Option<String> {
    if let Some(lower) = failed_at.filter(|&lower| lower <= concurrency) {
        return Some(format!("not run: {model} failed at concurrency {lower}"));
    }
    let max = max_ideal?;
    let in_flight = in_flight_cap.map_or(concurrency, |cap| cap.min(concurrency));
    let capped_ideal = ideal_ms(in_flight);
    (capped_ideal > max.as_secs_f64() * 1e3).then(|| {
        format!(
            "not run: {model} keeps at most {in_flight} request(s) in flight, so its ideal \
             time is {:.0} s, over the {} s allowed",
            capped_ideal / 1e3,
            max.as_secs()
        )
    })
}

/// The peak RSS and virtual size of the model's worker started idle: it reads the job and
/// exits.
fn measure_baseline(model: &ModelSpec, job: &Job, cpus: &[usize]) -> (u64, u64) {
    let input = serde_json::to_vec(job).expect("a job always serialises");
    run_measured(model.command(true, cpus), input, DEADLINE_SLACK)
        .ok()
        .filter(Measurement::succeeded)
        .map_or((0, 0), |measurement| {
            (measurement.peak_rss_kib, measurement.peak_vm_kib)
        })
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;

    /// 100 requests of a second each, spread evenly over those in flight.
    fn ideal_ms(in_flight: usize) -> f64 {
        100_000.0 / in_flight as f64
    }

    #[test]
    fn a_run_with_nothing_against_it_is_started() {
        assert_eq!(skip_reason("m", None, None, None, 10, ideal_ms), None);
        let plenty = Some(Duration::from_secs(60));
        assert_eq!(skip_reason("m", None, plenty, None, 10, ideal_ms), None);
        assert_eq!(skip_reason("m", None, plenty, Some(4), 10, ideal_ms), None);
    }

    #[test]
    fn a_failure_at_a_lower_or_equal_level_skips_the_run() {
        for failed_at in [1, 5, 10] {
            let reason = skip_reason("m", Some(failed_at), None, None, 10, ideal_ms).unwrap();
            assert_eq!(
                reason,
                format!("not run: m failed at concurrency {failed_at}")
            );
        }
    }

    #[test]
    fn a_failure_only_at_a_higher_level_does_not_skip_the_run() {
        assert_eq!(skip_reason("m", Some(50), None, None, 10, ideal_ms), None);
        let plenty = Some(Duration::from_secs(60));
        assert_eq!(skip_reason("m", Some(50), plenty, None, 10, ideal_ms), None);
    }

    #[test]
    fn the_ideal_limit_judges_a_capped_model_at_its_cap() {
        let asked = Cell::new(None);
        let ideal = |in_flight| {
            asked.set(Some(in_flight));
            ideal_ms(in_flight)
        };
        let limit = Some(Duration::from_secs(10));

        // At 100 in flight the ideal is 1 s, but a model capped at 2 takes 50.
        let reason = skip_reason("m", None, limit, Some(2), 100, ideal).unwrap();
        assert_eq!(asked.get(), Some(2));
        assert_eq!(
            reason,
            "not run: m keeps at most 2 request(s) in flight, so its ideal time is 50 s, \
             over the 10 s allowed"
        );

        assert_eq!(skip_reason("m", None, limit, None, 100, ideal), None);
        assert_eq!(asked.get(), Some(100));
        assert_eq!(skip_reason("m", None, limit, Some(200), 100, ideal), None);
        assert_eq!(asked.get(), Some(100));
    }
}
