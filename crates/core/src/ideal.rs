//! The ideal schedule: when each request starts, and how long a job takes, on a perfect client.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// When each of `durations_ms`, run in order, starts on a client that keeps at most
/// `concurrency` requests in flight and has no overhead at all: each request, in FIFO order,
/// starts in the first slot to come free. A real client's request that ends later than its
/// ideal start plus its duration waited for a turn, whenever it itself began.
pub fn ideal_starts_ms(
    durations_ms: impl IntoIterator<Item = f64>,
    concurrency: usize,
) -> Vec<f64> {
    schedule_us(durations_ms, concurrency)
        .into_iter()
        .map(|(start_us, _)| start_us as f64 / 1000.0)
        .collect()
}

/// The makespan of running `durations_ms` in order on that perfect client (see
/// [`ideal_starts_ms`]). `efficiency = ideal / actual` compares a real run against this.
pub fn ideal_makespan_ms(durations_ms: impl IntoIterator<Item = f64>, concurrency: usize) -> f64 {
    let makespan_us = schedule_us(durations_ms, concurrency)
        .into_iter()
        .map(|(_, end_us)| end_us)
        .max()
        .unwrap_or(0);
    makespan_us as f64 / 1000.0
}

/// Each request's start and end on the perfect client, in microseconds as integers, so the heap
/// has a total order.
fn schedule_us(durations_ms: impl IntoIterator<Item = f64>, concurrency: usize) -> Vec<(u64, u64)> {
    assert!(concurrency > 0, "concurrency must be at least 1");
    let mut slots: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut schedule = Vec::new();
    for duration_ms in durations_ms {
        let start_us = if slots.len() < concurrency {
            0
        } else {
            slots.pop().map_or(0, |Reverse(free_at)| free_at)
        };
        let end_us = start_us + (duration_ms * 1000.0).round() as u64;
        slots.push(Reverse(end_us));
        schedule.push((start_us, end_us));
    }
    schedule
}

#[cfg(test)]
mod tests {
    use super::{ideal_makespan_ms, ideal_starts_ms};

    #[test]
    fn one_slot_is_the_sum() {
        assert_eq!(ideal_makespan_ms([100.0, 200.0, 300.0], 1), 600.0);
    }

    #[test]
    fn enough_slots_is_the_longest() {
        assert_eq!(ideal_makespan_ms([100.0, 250.0, 300.0], 3), 300.0);
        assert_eq!(ideal_makespan_ms([100.0, 250.0, 300.0], 100), 300.0);
    }

    #[test]
    fn fifo_fills_the_first_free_slot() {
        // Two slots: a=500 and b=100 start at 0; c starts when b frees (100), ends 400;
        // d starts at 400 (c frees before a), ends 600.
        assert_eq!(ideal_makespan_ms([500.0, 100.0, 300.0, 200.0], 2), 600.0);
        // 100 requests of 100 ms in 10 slots: ten waves.
        assert_eq!(ideal_makespan_ms(vec![100.0; 100], 10), 1000.0);
    }

    #[test]
    fn starts_follow_the_first_free_slot() {
        // The same four as above: c waits for b, d for c.
        assert_eq!(
            ideal_starts_ms([500.0, 100.0, 300.0, 200.0], 2),
            [0.0, 0.0, 100.0, 400.0]
        );
        assert_eq!(ideal_starts_ms(vec![100.0; 3], 1), [0.0, 100.0, 200.0]);
    }

    #[test]
    fn empty_job_takes_no_time() {
        assert_eq!(ideal_makespan_ms([], 4), 0.0);
    }
}
