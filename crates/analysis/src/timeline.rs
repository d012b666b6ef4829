//! One run's request records as a timeline: the records in start order, the requests in flight
//! over the run, and the stages each request went through.

use fanout_core::in_flight::in_flight_curve;
use fanout_core::results::{RequestRecord, RunRecord};

/// The records of one run: the first run of its (model, workload, concurrency, CPU work)
/// that kept them.
#[derive(Clone, Debug)]
pub struct Timeline {
    /// The run's model.
    pub model: String,
    /// Its workload.
    pub workload: String,
    /// Its concurrency.
    pub concurrency: usize,
    /// Its units of CPU work a page.
    pub cpu_work: u32,
    /// Its wall time.
    pub wall_ms: f64,
    /// The most requests the mock server saw in flight during this run.
    pub server_peak_in_flight: u64,
    /// `all`, or how the sample was taken.
    pub kept: String,
    /// In start order.
    pub records: Vec<RequestRecord>,
    /// Requests in flight over the run from every record, kept by the run when `records` is
    /// only a sample; `None` when every record is there to compute it from.
    pub stored_curve: Option<Vec<(f64, u64)>>,
    /// The most requests in flight by every record of the run.
    pub client_peak_in_flight: u64,
}

impl Timeline {
    /// One timeline per (model, workload, concurrency, CPU work), from the first successful
    /// run that kept its records.
    pub fn from_runs(runs: &[RunRecord]) -> Vec<Timeline> {
        let kept = runs
            .iter()
            .filter(|run| !run.records.is_empty() && run.succeeded());
        let groups = crate::group_by(kept, |run| {
            (&run.model, &run.workload, run.concurrency, run.cpu_work)
        });
        groups
            .into_iter()
            .map(|(_, runs)| Timeline::of(runs[0]))
            .collect()
    }

    /// The records of `run`, in start order.
    fn of(run: &RunRecord) -> Timeline {
        let mut records = run.records.clone();
        records.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms).then(a.id.cmp(&b.id)));
        Timeline {
            model: run.model.clone(),
            workload: run.workload.clone(),
            concurrency: run.concurrency,
            cpu_work: run.cpu_work,
            wall_ms: run.wall_ms,
            server_peak_in_flight: run.server_peak_in_flight,
            kept: run.records_kept.clone(),
            records,
            stored_curve: (!run.in_flight_curve.is_empty()).then(|| {
                run.in_flight_curve
                    .iter()
                    .map(|&[ms, count]| (ms, count as u64))
                    .collect()
            }),
            client_peak_in_flight: run.client_peak_in_flight,
        }
    }

    /// The last moment any record reaches.
    pub fn end_ms(&self) -> f64 {
        let curve_end = self
            .stored_curve
            .as_ref()
            .and_then(|curve| curve.last())
            .map_or(0.0, |point| point.0);
        self.records
            .iter()
            .map(|r| r.end_ms)
            .fold(curve_end, f64::max)
    }

    /// How long the model took to start its first `min(concurrency, requests)` requests: the
    /// start of the last of them, from the model's start. A perfect client starts them all at
    /// once; a model that builds a thread for each request takes as long as building them.
    /// `None` for a sampled run, whose records cannot say.
    pub fn ramp_ms(&self) -> Option<f64> {
        if self.kept != "all" {
            return None;
        }
        let first = self.concurrency.min(self.records.len());
        // The records are in start order (see `Timeline::of`).
        self.records.get(first.checked_sub(1)?).map(|r| r.start_ms)
    }

    /// Requests in flight over `[0, until_ms]` in `points` slices: from every record, or the
    /// curve the run kept when it kept only a sample of them.
    pub fn in_flight(&self, until_ms: f64, points: usize) -> Vec<(f64, u64)> {
        match &self.stored_curve {
            Some(curve) => curve.clone(),
            None => in_flight_curve(&self.records, until_ms, points),
        }
    }
}

/// The stages of a request a waterfall colours: each from one moment of its record to the
/// next, where the record has both.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Handed over, waiting its turn: for a slot (a permit, a free thread), as a perfect client
    /// with the same limit would too.
    Slot,
    /// Waiting beyond the ideal schedule: from when a perfect client with the same limit would
    /// have started it to when the model did. Timing requests from their own start leaves this
    /// out (coordinated omission, in its closed-loop form).
    Late,
    /// Sent, waiting for the server's answer.
    Server,
    /// Reading the body.
    Body,
    /// Processing the page (the job's CPU work), or failing.
    Cpu,
}

impl Phase {
    /// Every phase, in a request's order.
    pub const ALL: [Phase; 5] = [
        Phase::Slot,
        Phase::Late,
        Phase::Server,
        Phase::Body,
        Phase::Cpu,
    ];
}

/// The stages of `record` as (phase, from, to), in order; a stage the record cannot show is
/// folded into the one before it.
pub fn phases(record: &RequestRecord) -> Vec<(Phase, f64, f64)> {
    let mut stages = Vec::new();
    // Every target is handed to the model at its start; a model that takes targets up later
    // (tasks spawned one by one) says when.
    let queued = record.queued_ms.unwrap_or(0.0);
    // Late from its ideal start, where the model began it after that.
    let late_from = record
        .ideal_start_ms
        .filter(|ideal| *ideal < record.start_ms)
        .unwrap_or(record.start_ms);
    if queued < late_from {
        stages.push((Phase::Slot, queued, late_from));
    }
    if late_from < record.start_ms {
        stages.push((Phase::Late, late_from, record.start_ms));
    }
    let answered = record.headers_ms.unwrap_or(record.end_ms);
    stages.push((Phase::Server, record.start_ms, answered));
    if let Some(headers) = record.headers_ms {
        let body = record.body_ms.unwrap_or(record.end_ms);
        stages.push((Phase::Body, headers, body));
        if let Some(body) = record.body_ms {
            stages.push((Phase::Cpu, body, record.end_ms));
        }
    }
    stages
}

/// The lanes a timeline uses, in order of first use.
pub fn lanes(timeline: &Timeline) -> Vec<u32> {
    crate::distinct(timeline.records.iter().map(|r| r.thread))
}

/// The most lock holds, over every request of a run, that overlap at one moment; `None` when
/// the run kept no holds (a model without a global lock).
pub fn most_holding_at_once(records: &[RequestRecord]) -> Option<u64> {
    let mut events: Vec<(f64, i64)> = records
        .iter()
        .flat_map(|r| &r.holds_ms)
        .flat_map(|&[from, to]| [(from, 1), (to, -1)])
        .collect();
    // At equal times a release goes before a take: a hand-over is not an overlap.
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let held = events.iter().scan(0i64, |now, &(_, change)| {
        *now += change;
        Some(*now)
    });
    held.max().map(|most| most as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(start: f64, headers: Option<f64>, body: Option<f64>, end: f64) -> RequestRecord {
        RequestRecord {
            start_ms: start,
            end_ms: end,
            headers_ms: headers,
            body_ms: body,
            outcome: "ok".into(),
            ..RequestRecord::default()
        }
    }

    #[test]
    fn a_record_splits_into_the_stages_it_saw() {
        let mut full = record(10.0, Some(110.0), Some(112.0), 120.0);
        full.queued_ms = Some(0.0);
        assert_eq!(
            phases(&full),
            [
                (Phase::Slot, 0.0, 10.0),
                (Phase::Server, 10.0, 110.0),
                (Phase::Body, 110.0, 112.0),
                (Phase::Cpu, 112.0, 120.0)
            ]
        );
        // A timeout before the headers, after waiting its turn from the start of the run.
        assert_eq!(
            phases(&record(5.0, None, None, 50.0)),
            [(Phase::Slot, 0.0, 5.0), (Phase::Server, 5.0, 50.0)]
        );
    }

    #[test]
    fn a_request_begun_after_its_ideal_start_is_late_from_then() {
        // A perfect client would have started it at 4 ms; the model took it up at 2 and began
        // it at 10: 2 ms of waiting any client has, 6 beyond.
        let mut late = record(10.0, Some(110.0), None, 110.0);
        late.queued_ms = Some(2.0);
        late.ideal_start_ms = Some(4.0);
        assert_eq!(
            phases(&late)[..2],
            [(Phase::Slot, 2.0, 4.0), (Phase::Late, 4.0, 10.0)]
        );
        // Taken up only after its ideal start: late from the ideal start all the same.
        late.queued_ms = Some(6.0);
        assert_eq!(phases(&late)[0], (Phase::Late, 4.0, 10.0));
        // Begun before it: not late.
        late.ideal_start_ms = Some(20.0);
        assert_eq!(phases(&late)[0], (Phase::Slot, 6.0, 10.0));
    }

    #[test]
    fn the_ramp_is_the_start_of_the_last_of_the_first_slots() {
        let timeline = Timeline {
            model: "threads".into(),
            workload: "quick".into(),
            concurrency: 2,
            cpu_work: 0,
            wall_ms: 10.0,
            server_peak_in_flight: 0,
            kept: "all".into(),
            records: vec![
                record(0.5, None, None, 5.0),
                record(3.0, None, None, 9.0),
                record(5.0, None, None, 9.0),
            ],
            stored_curve: None,
            client_peak_in_flight: 2,
        };
        assert_eq!(timeline.ramp_ms(), Some(3.0));
        let sampled = Timeline {
            kept: "every 40th by start".into(),
            ..timeline
        };
        assert_eq!(sampled.ramp_ms(), None);
    }

    #[test]
    fn the_in_flight_curve_keeps_every_peak() {
        let records = [
            record(0.0, Some(10.0), None, 10.0),
            record(1.0, Some(2.0), None, 2.0),
            record(20.0, Some(30.0), None, 30.0),
        ];
        let curve = in_flight_curve(&records, 40.0, 4);
        // Two at once, none from 10 ms, one from 20 ms, none from 30 ms.
        assert_eq!(curve.iter().map(|p| p.1).collect::<Vec<_>>(), [2, 0, 1, 0]);
        assert_eq!(curve[1].0, 10.0);
    }
}
