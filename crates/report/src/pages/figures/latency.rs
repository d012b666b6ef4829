//! The caption of the [`Latency`] chart: what it shows, with its figures.

use crate::analysis::ReportData;

use super::Figure;
use crate::charts::Latency;

impl Figure for Latency {
    fn caption(&self, data: &ReportData) -> String {
        let Some(level) = data.comparison_level(&self.workload) else {
            return String::new();
        };
        let summaries = data.at_level(&self.workload, level);
        let response = summaries.iter().any(|s| s.response_p50_ms.is_some());
        let mut text = format!(
            "Each model's requests at concurrency {level}, on a log axis: a dot at the median and \
             a tick at the 99th percentile (each the median over the repeats). The light line is \
             the service time, from when the model began a request to when its body was \
             verified (or it failed); the server holds each request for its injected delay, so \
             that delay is its floor. "
        );
        if response {
            text.push_str(
                "The dark line is the response time, from when a perfect client with the same \
                 limit would have begun it (the ideal schedule) to the same end: a request that \
                 waited for a turn counts its wait there and not in its service time. ",
            );
        }
        let widest = |gap: fn(&&crate::Summary) -> Option<f64>| {
            summaries
                .iter()
                .filter_map(|s| Some((s, gap(s)?)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
        };
        if let Some((s, _)) = widest(|s| Some(s.p99_ms - s.p50_ms)) {
            text.push_str(&format!(
                "The widest service time from median to tail is {}'s: p50 {:.1} ms, p99 {:.1} ms.",
                s.model, s.p50_ms, s.p99_ms
            ));
        }
        if let Some((s, wait)) = widest(|s| Some(s.response_p50_ms? - s.p50_ms)) {
            text.push_str(&format!(
                " The most waiting for a turn is {}'s: a median response of {:.0} ms against a \
                 median service time of {:.1} ms ({:.0} ms more).",
                s.model,
                s.response_p50_ms.unwrap_or_default(),
                s.p50_ms,
                wait
            ));
        }
        text
    }
}
