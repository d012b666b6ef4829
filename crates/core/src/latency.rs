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
    /// Summarises latencies given in milliseconds, recorded at microsecond resolution up to an hour, with three
    /// significant figures. An empty set summarises to zeros.
    pub fn from_millis(latencies_ms: impl IntoIterator<Item = f64>) -> Self {
        // From 1 us to one hour; longer is saturated to an hour.
        let mut histogram = Histogram::<u64>::new_with_bounds(1, 3_600_000_000, 3)
            .expect("bounds and precision are valid constants");
        for latency_ms in latencies_ms {
            histogram.saturating_record((latency_ms.max(0.0) * 1000.0).round() as u64);
        }
        if histogram.is_empty() {
            return Self::default();
        }
        let ms = |us: u64| us as f64 / 1000.0;
        Self {
            p50: ms(histogram.value_at_quantile(0.50)),
            p90: ms(histogram.value_at_quantile(0.90)),
            p99: ms(histogram.value_at_quantile(0.99)),
            max: ms(histogram.max()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LatencySummary;

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
    }
}
