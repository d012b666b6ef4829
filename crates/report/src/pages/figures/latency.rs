//! The caption of the [`Latency`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::workloads::injected_delay_ms;

use super::Figure;
use crate::charts::Latency;

impl Figure for Latency {
    fn caption(&self, data: &ReportData) -> String {
        let Some(level) = data.comparison_level(&self.workload) else {
            return String::new();
        };
        let summaries = data.at_level(&self.workload, level);
        let widest = summaries
            .iter()
            .max_by(|a, b| (a.p99_ms - a.p50_ms).total_cmp(&(b.p99_ms - b.p50_ms)));
        let mut text = format!(
            "Latency of one request, from when the model started it to when its body was verified \
             (or it failed), at concurrency {level}; the server holds each request for its \
             injected delay, so that delay is the floor. "
        );
        if let Some(delay) = injected_delay_ms(&self.workload) {
            text.push_str(&format!(
                "The axis starts at that delay, {delay:.0} ms: each bar is what a model adds to it. "
            ));
        }
        if let Some(widest) = widest {
            text.push_str(&format!(
                "The widest gap from median to tail is {}'s: p50 {:.1} ms, p99 {:.1} ms.",
                widest.model, widest.p50_ms, widest.p99_ms
            ));
        }
        text
    }
}
