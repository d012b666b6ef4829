//! Turning a measured worker into a run record: its resource use, then its outcome, checked
//! against the job so that a model cannot lose, invent or short-change a target unnoticed.

use std::collections::{BTreeMap, HashMap};

use fanout_core::in_flight::{in_flight_curve, peak_in_flight};
use fanout_core::results::{ContextSwitches, RequestCounts, RequestRecord, RunRecord};
use fanout_core::{Fetch, Job, JobTarget, LatencySummary, WorkerReport, cpu_work, expected_body};

use crate::measure::Measurement;

/// Fills `record` from a worker that ran: what it used, and, if its outcome verifies, what
/// became of each request. `ideal_starts` holds each target's start on the ideal schedule, by
/// its id.
pub(crate) fn fill_from_measurement(
    record: &mut RunRecord,
    job: &Job,
    measurement: &Measurement,
    ideal_starts: &HashMap<u32, f64>,
    keep_records: bool,
) {
    record.cpu_user_ms = measurement.cpu_user_ms;
    record.cpu_sys_ms = measurement.cpu_sys_ms;
    record.peak_rss_kib = measurement.peak_rss_kib;
    record.peak_vm_kib = measurement.peak_vm_kib;
    record.peak_threads = measurement.peak_threads;
    record.peak_processes = measurement.peak_processes;
    record.samples = measurement.samples;
    record.worker_elapsed_ms = Some(measurement.elapsed.as_secs_f64() * 1e3);
    record.rss_parts_kib = measurement.rss_parts;
    record.ctx_switches = ContextSwitches {
        voluntary: measurement.voluntary_switches,
        involuntary: measurement.involuntary_switches,
    };
    if let Some(failure) = measurement.failure() {
        record_failure(record, job, format!("worker {failure}"));
        // Stopped at the harness's own deadline: the run says nothing of the model.
        if matches!(measurement.exit, crate::measure::Exit::DeadlineExceeded(_)) {
            record.unmeasured = true;
            record.requests = Default::default();
        }
        return;
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
    record.run_cpu_user_ms = report.run_cpu_user_ms;
    record.run_cpu_sys_ms = report.run_cpu_sys_ms;
    record.python = report.python.clone();
    record.efficiency = if report.wall_ms > 0.0 {
        record.ideal_ms / report.wall_ms
    } else {
        0.0
    };
    record.pinned_threads = report.outcome.pinned_threads.clone();
    record.latency_ms =
        LatencySummary::from_millis(report.outcome.records.iter().map(|r| r.latency_ms()));
    let mut requests: Vec<RequestRecord> = report
        .outcome
        .records
        .iter()
        .map(|r| {
            let mut request = RequestRecord::from_record(r);
            request.ideal_start_ms = ideal_starts.get(&r.id).copied();
            request
        })
        .collect();
    record.response_ms = Some(LatencySummary::from_millis(
        requests.iter().filter_map(RequestRecord::response_ms),
    ));
    requests.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms).then(a.id.cmp(&b.id)));
    record.client_peak_in_flight = peak_in_flight(&requests);
    if keep_records {
        if requests.len() > RECORDS_KEPT_WHOLE {
            // The sample cannot say how many were in flight: the curve comes from them all.
            let until = requests.iter().map(|r| r.end_ms).fold(0.0, f64::max);
            record.in_flight_curve = in_flight_curve(&requests, until, IN_FLIGHT_POINTS)
                .into_iter()
                .map(|(ms, count)| [(ms * 1e3).round() / 1e3, count as f64])
                .collect();
        }
        (record.records_kept, record.records) = kept(requests);
    }
    match account(job, &report) {
        Ok(counts) => {
            record.requests = counts;
            record.verified = true;
        }
        Err(problem) => record_failure(record, job, format!("verification failed: {problem}")),
    }
}

/// Runs with up to this many requests keep every record; larger ones keep a sample.
pub const RECORDS_KEPT_WHOLE: usize = 5_000;

/// Points of the in-flight curve a sampled run keeps.
pub const IN_FLIGHT_POINTS: usize = 400;

/// How many records the sample of a larger run holds, about.
pub const RECORDS_SAMPLED: usize = 250;

/// What a run keeps of its records, in start order: all of them, or for a large run every
/// n-th (so the sample spans the whole run), with the word `records_kept` says it with.
fn kept(records: Vec<RequestRecord>) -> (String, Vec<RequestRecord>) {
    if records.len() <= RECORDS_KEPT_WHOLE {
        return ("all".into(), records);
    }
    let step = records.len().div_ceil(RECORDS_SAMPLED);
    let sample = records.into_iter().step_by(step).collect();
    (format!("every {step}th by start"), sample)
}

/// A run with no usable outcome: every request counts as failed, so nothing is lost.
pub(crate) fn record_failure(record: &mut RunRecord, job: &Job, error: String) {
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
        match &record.outcome {
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

    use crate::plan::test_job as job;

    fn report(records: Vec<(u32, Fetch)>) -> WorkerReport {
        let records = records
            .into_iter()
            .map(|(id, fetch)| Record::new(id, 0.0, 1.0, fetch))
            .collect();
        WorkerReport {
            wall_ms: 1.0,
            outcome: Outcome::new(records),
            ..WorkerReport::default()
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
    fn response_time_counts_the_wait_beyond_the_ideal_schedule() {
        // Three requests of 1 ms, all of which a perfect client would start at 0; this model
        // starts them one after another, so the last has waited 2 ms for its turn.
        let records = (0..3)
            .map(|id| {
                let start = f64::from(id);
                Record::new(id, start, start + 1.0, ok())
            })
            .collect();
        let report = WorkerReport {
            wall_ms: 3.0,
            outcome: Outcome::new(records),
            ..WorkerReport::default()
        };
        let measurement = Measurement::exited(serde_json::to_vec(&report).unwrap());
        let starts = HashMap::from([(0, 0.0), (1, 0.0), (2, 0.0)]);
        let mut record = RunRecord::default();
        fill_from_measurement(&mut record, &job(), &measurement, &starts, true);
        assert!(record.verified, "{:?}", record.error);
        // The histogram keeps three significant figures.
        let near = |ms: f64, want: f64| (ms - want).abs() < 0.01;
        assert!(near(record.latency_ms.max, 1.0), "{:?}", record.latency_ms);
        let response = record.response_ms.expect("measured");
        assert!(near(response.max, 3.0), "{response:?}");
        assert_eq!(record.records[2].ideal_start_ms, Some(0.0));
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
}
