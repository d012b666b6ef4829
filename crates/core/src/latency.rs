//! Latency percentiles of one run, from an HDR histogram.

use hdrhistogram::Histogram;
use serde::{Deserialize, Serialize};

/// p50/p90/p99/max of request latencies, in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LatencySummary {
    /// The median, in ms.
    pub p50: f64,
    /// The 90th percentile, in ms.
    pub p90: f64,
    /// The 99th percentile, in ms.
    pub p99: f64,
    /// The slowest, in ms.
    pub max: f64,
}

impl LatencySummary {
    /// Summarises latencies given in milliseconds (see [`LatencyRecorder`] for the
    /// resolution). An empty set summarises to zeros.
    pub fn from_millis(latencies_ms: impl IntoIterator<Item = f64>) -> Self {
        let mut recorder = LatencyRecorder::default();
        for latency_ms in latencies_ms {
            recorder.record_us((latency_ms.max(0.0) * 1000.0).round() as u64);
        }
        recorder.summary().unwrap_or_default()
    }
}

/// Latencies recorded one at a time, at microsecond resolution up to an hour (longer saturates
/// to an hour), with three significant figures: what a summary is made from where the values
/// are not all at hand at once (the mock server's time added to each response).
#[derive(Clone, Debug)]
pub struct LatencyRecorder(Histogram<u64>);

impl Default for LatencyRecorder {
    fn default() -> Self {
        // From 1 us to one hour.
        Self(
            Histogram::new_with_bounds(1, 3_600_000_000, 3)
                .expect("bounds and precision are valid constants"),
        )
    }
}

impl LatencyRecorder {
    /// Records one latency of `us` microseconds.
    pub fn record_us(&mut self, us: u64) {
        self.0.saturating_record(us);
    }

    /// How many latencies were recorded.
    pub fn len(&self) -> u64 {
        self.0.len()
    }

    /// Whether none was recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The percentiles of what was recorded; `None` when nothing was.
    pub fn summary(&self) -> Option<LatencySummary> {
        if self.0.is_empty() {
            return None;
        }
        let ms = |us: u64| us as f64 / 1000.0;
        Some(LatencySummary {
            p50: ms(self.0.value_at_quantile(0.50)),
            p90: ms(self.0.value_at_quantile(0.90)),
            p99: ms(self.0.value_at_quantile(0.99)),
            max: ms(self.0.max()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{LatencyRecorder, LatencySummary};

    #[test]
    fn percentiles_of_a_known_set() {
        let summary = LatencySummary::from_millis((1..=100).map(f64::from));
        assert!((summary.p50 - 50.0).abs() < 0.1, "{summary:?}");
        assert!((summary.p90 - 90.0).abs() < 0.1, "{summary:?}");
        assert!((summary.p99 - 99.0).abs() < 0.1, "{summary:?}");
        assert!((summary.max - 100.0).abs() < 0.1, "{summary:?}");
    }

    #[test]
    fn empty_is_zero() {
        assert_eq!(LatencySummary::from_millis([]), LatencySummary::default());
        assert_eq!(LatencyRecorder::default().summary(), None);
    }

    #[test]
    fn a_recorder_summarises_what_it_was_given_one_at_a_time() {
        let mut recorder = LatencyRecorder::default();
        for us in [200, 300, 400, 5_000] {
            recorder.record_us(us);
        }
        let summary = recorder.summary().unwrap();
        assert_eq!(recorder.len(), 4);
        assert!((summary.p50 - 0.3).abs() < 0.001, "{summary:?}");
        assert!((summary.max - 5.0).abs() < 0.01, "{summary:?}");
    }
}
