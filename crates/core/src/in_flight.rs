//! Requests in flight over a run, by the model's own records: each counts from its start to its
//! answer (its headers, or its end if it had none). The harness records the peak and, for a run
//! whose records are sampled, the curve; the report draws the curve from every record it has.

use crate::record::Record;

/// The most requests a model can have in flight at `concurrency` when something else limits it
/// to `limit` (one per core, one at all), if anything does.
pub fn most_in_flight(concurrency: usize, limit: Option<usize>) -> usize {
    limit.map_or(concurrency, |limit| limit.min(concurrency))
}

/// The most requests in flight at once among `records`.
pub fn peak_in_flight<O>(records: &[Record<O>]) -> u64 {
    let mut in_flight = 0i64;
    let mut peak = 0i64;
    for (_, change) in events(records) {
        in_flight += change;
        peak = peak.max(in_flight);
    }
    peak as u64
}

/// Requests in flight over `[0, until_ms]`, as a step curve of at most `points` (ms, count)
/// pairs: the highest count in each slice of time, so no peak is lost.
pub fn in_flight_curve<O>(records: &[Record<O>], until_ms: f64, points: usize) -> Vec<(f64, u64)> {
    let slices = points.max(1);
    let width = (until_ms / slices as f64).max(f64::MIN_POSITIVE);
    let events = events(records);
    let mut peaks = vec![0u64; slices];
    let mut in_flight = 0i64;
    let mut index = 0;
    for (slice, peak) in peaks.iter_mut().enumerate() {
        let (slice_start, slice_end) = (slice as f64 * width, (slice + 1) as f64 * width);
        // What happens at the slice's first instant counts before the level it starts at.
        while index < events.len() && events[index].0 <= slice_start {
            in_flight += events[index].1;
            index += 1;
        }
        *peak = in_flight as u64;
        while index < events.len() && events[index].0 < slice_end {
            in_flight += events[index].1;
            *peak = (*peak).max(in_flight as u64);
            index += 1;
        }
    }
    peaks
        .into_iter()
        .enumerate()
        .map(|(slice, peak)| (slice as f64 * width, peak))
        .collect()
}

/// Every start (+1) and answer (-1) of `records`, in time order.
fn events<O>(records: &[Record<O>]) -> Vec<(f64, i64)> {
    let mut events: Vec<(f64, i64)> = records
        .iter()
        .flat_map(|r| [(r.start_ms, 1), (r.answered_ms(), -1)])
        .collect();
    // At equal times an answer goes before a start: back to back is not overlapping.
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(start_ms: f64, headers_ms: Option<f64>, end_ms: f64) -> Record<String> {
        Record {
            start_ms,
            headers_ms,
            end_ms,
            outcome: "ok".into(),
            ..Record::default()
        }
    }

    #[test]
    fn the_peak_in_flight_counts_overlaps_up_to_the_answer() {
        // Two overlap while waiting; the third starts as the first is answered.
        let records = [
            request(0.0, Some(10.0), 12.0),
            request(1.0, Some(11.0), 11.5),
            request(10.0, None, 20.0),
        ];
        assert_eq!(peak_in_flight(&records), 2);
        assert_eq!(peak_in_flight(&records[..1]), 1);
        assert_eq!(peak_in_flight::<String>(&[]), 0);
    }

    #[test]
    fn the_curve_keeps_each_slice_s_highest_count() {
        // Two overlap in the first slice only; the third runs alone in the second.
        let records = [
            request(0.0, Some(4.0), 5.0),
            request(1.0, Some(3.0), 3.5),
            request(12.0, None, 18.0),
        ];
        assert_eq!(
            in_flight_curve(&records, 20.0, 2),
            vec![(0.0, 2), (10.0, 1)]
        );
    }
}
