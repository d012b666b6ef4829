//! The server's shared log: what it has seen since the last reset (requests, the most held in
//! flight at once, faults injected, its own CPU time, the time it added to each response), written by every wiremock instance and
//! the fault layer, and read by the control endpoints.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fanout_core::{CpuTime, LatencyRecorder, ServerStats};

/// What the server has seen since the last reset.
#[derive(Default)]
pub(crate) struct InFlight {
    /// This process's CPU time (user, system) at the last reset.
    cpu_at_reset: CpuTime,
    /// Requests held for a known time, by when their response is due, with their bodies'
    /// bytes.
    due: BinaryHeap<Reverse<(Instant, u64)>>,
    /// The bytes of the bodies of the requests in `due`: what the server holds for them.
    held_bytes: u64,
    /// Requests held until something happens (a stall until the client leaves, a trickle
    /// until its body is out): counted in on arrival and out when done.
    open: u64,
    /// What the server added to each response written, from its delay's end (see
    /// [`crate::stamp`]).
    added: LatencyRecorder,
    /// When the first and the latest request since the reset arrived.
    arrivals: Option<(Instant, Instant)>,
    /// Resets since the server started.
    resets: u64,
    pub(crate) stats: ServerStats,
}

impl InFlight {
    fn count_arrival(&mut self, now: Instant) {
        self.stats.requests += 1;
        // Instances stamp before they take the lock, so stamps may come in a little out of order.
        let (first, last) = self.arrivals.unwrap_or((now, now));
        self.arrivals = Some((first.min(now), last.max(now)));
    }

    fn settle(&mut self, now: Instant) {
        while self.due.peek().is_some_and(|Reverse((due, _))| *due <= now) {
            if let Some(Reverse((_, bytes))) = self.due.pop() {
                self.held_bytes -= bytes;
            }
        }
        let in_flight = self.due.len() as u64 + self.open;
        self.stats.peak_in_flight = self.stats.peak_in_flight.max(in_flight);
    }

    /// A request that the server holds for `delay`, with no body to count.
    #[cfg(test)]
    fn arrive(&mut self, now: Instant, delay: Duration) {
        self.admit(now, delay, 0);
    }

    /// A request that the server would hold for `delay` with a body of `bytes`: taken, or
    /// refused (`false`, counted as refused) when the bodies held would pass
    /// [`HELD_BYTES_BUDGET`].
    pub(crate) fn admit(&mut self, now: Instant, delay: Duration, bytes: u64) -> bool {
        self.settle(now);
        if bytes > 0 && self.held_bytes + bytes > HELD_BYTES_BUDGET {
            self.stats.refused += 1;
            return false;
        }
        self.due.push(Reverse((now + delay, bytes)));
        self.held_bytes += bytes;
        self.count_arrival(now);
        self.settle(now);
        true
    }

    /// A request held until [`InFlight::leave`].
    pub(crate) fn enter(&mut self, now: Instant) {
        self.open += 1;
        self.count_arrival(now);
        self.settle(now);
    }

    pub(crate) fn leave(&mut self) {
        self.open = self.open.saturating_sub(1);
    }

    /// A response written `added` after its delay ended.
    pub(crate) fn written(&mut self, added: Duration) {
        self.added
            .record_us(u64::try_from(added.as_micros()).unwrap_or(u64::MAX));
    }

    pub(crate) fn inject(&mut self, kind: &str) {
        *self.stats.injected.entry(kind.to_owned()).or_default() += 1;
    }
}

/// The most body bytes the server holds at once for requests in their delay: past it a
/// request is answered at once with a 503 that says so, where forty 64 MiB bodies held at once
/// took the server to 2.7 GB.
pub(crate) const HELD_BYTES_BUDGET: u64 = 1024 * 1024 * 1024;

/// The server's shared log, written by every wiremock instance and the fault layer.
#[derive(Clone, Default)]
pub(crate) struct Log(Arc<Mutex<InFlight>>);

impl Log {
    pub(crate) fn lock(&self) -> MutexGuard<'_, InFlight> {
        // Counters stay consistent whatever panicked while holding the lock.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The view since the last reset, with the CPU time this process spent in it.
    pub(crate) fn stats(&self) -> ServerStats {
        let log = self.lock();
        let spent = CpuTime::this_process().since(log.cpu_at_reset);
        ServerStats {
            generation: (u64::from(std::process::id()) << 32) | log.resets,
            cpu_user_ms: spent.user_ms,
            cpu_sys_ms: spent.sys_ms,
            server_added_ms: log.added.summary(),
            stamped: log.added.len(),
            arrival_span_ms: log
                .arrivals
                .map(|(first, last)| (last - first).as_secs_f64() * 1000.0),
            ..log.stats.clone()
        }
    }

    /// Forgets everything seen so far. Requests still held stay counted in flight.
    pub(crate) fn reset(&self) {
        let mut log = self.lock();
        let (open, resets) = (log.open, log.resets + 1);
        *log = InFlight {
            open,
            resets,
            cpu_at_reset: CpuTime::this_process(),
            ..InFlight::default()
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_flight_counts_overlapping_holds() {
        let mut log = InFlight::default();
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        log.arrive(t0, ms(100));
        log.arrive(t0 + ms(10), ms(100));
        log.arrive(t0 + ms(20), ms(100));
        assert_eq!(log.stats.peak_in_flight, 3);
        // The first two are due by 110 ms; this one overlaps only the third.
        log.arrive(t0 + ms(115), ms(100));
        assert_eq!(log.due.len(), 2);
        assert_eq!(log.stats.peak_in_flight, 3);
        // Two held open on top of the two due: four at once.
        log.enter(t0 + ms(116));
        log.enter(t0 + ms(117));
        assert_eq!(log.stats.peak_in_flight, 4);
        log.leave();
        log.leave();
        assert_eq!(log.stats.requests, 6);
        // From the first arrival to the last.
        assert_eq!(log.arrivals, Some((t0, t0 + ms(117))));
    }

    #[test]
    fn bodies_past_the_budget_are_refused_until_held_ones_are_due() {
        let mut log = InFlight::default();
        let t0 = Instant::now();
        let ms = Duration::from_millis;
        let half = HELD_BYTES_BUDGET / 2;
        assert!(log.admit(t0, ms(100), half));
        assert!(log.admit(t0, ms(200), half));
        assert!(!log.admit(t0 + ms(1), ms(100), 1));
        assert_eq!((log.stats.refused, log.stats.requests), (1, 2));
        // The first is due at 100 ms: its bytes are free again.
        assert!(log.admit(t0 + ms(101), ms(100), half));
    }
}
