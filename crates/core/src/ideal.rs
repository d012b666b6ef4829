//! The ideal makespan: how long a job takes on a perfect client.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The makespan of running `durations_ms` in order on a client that keeps at most `concurrency`
/// requests in flight and has no overhead at all: each request, in FIFO order, starts in the
/// first slot to come free. `efficiency = ideal / actual` compares a real run against this.
pub fn ideal_makespan_ms(durations_ms: impl IntoIterator<Item = f64>, concurrency: usize) -> f64 {
    assert!(concurrency > 0, "concurrency must be at least 1");
    // Microseconds as integers, so the heap has a total order.
    let mut slots: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
    let mut makespan_us = 0u64;
    for duration_ms in durations_ms {
        let start_us = if slots.len() < concurrency {
            0
        } else {
            slots.pop().map_or(0, |Reverse(free_at)| free_at)
        };
        let end_us = start_us + (duration_ms * 1000.0).round() as u64;
        makespan_us = makespan_us.max(end_us);
        slots.push(Reverse(end_us));
    }
    makespan_us as f64 / 1000.0
}

#[cfg(test)]
mod tests {
    use super::ideal_makespan_ms;

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
    fn empty_job_takes_no_time() {
        assert_eq!(ideal_makespan_ms([], 4), 0.0);
    }
}
