//! Latency p50 and p99 per model at one concurrency.

use fanout_core::{Distribution, Workload};

use super::Chart;
use super::axes::zero_range;
use super::bars::{bar_chart, lighter, model_rows, pair_legend};
use super::canvas::canvas;
use crate::analysis::ReportData;

pub struct Latency {
    pub workload: String,
}

/// The delay the server injects into every request of `workload`, when it is one fixed value:
/// the floor no request can beat.
fn injected_delay_ms(workload: &str) -> Option<f64> {
    match Workload::load(workload).ok()?.latency_ms() {
        Distribution::Fixed { value } if *value > 0.0 => Some(*value),
        _ => None,
    }
}

impl Chart for Latency {
    fn file_name(&self) -> String {
        format!("latency-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Request latency p50 and p99, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let level = data.comparison_level(&self.workload).unwrap_or(1);
        let (plot, legend_area) = canvas(svg, &format!("{} at concurrency {level}", self.title()))?;
        let summaries = data.at_level(&self.workload, level);
        let rows = model_rows(&summaries, |s, colour| {
            vec![vec![(s.p99_ms, colour)], vec![(s.p50_ms, lighter(colour))]]
        });
        let range = zero_range(summaries.iter().map(|s| s.p99_ms));
        // Bars start at the injected delay, so what each model adds to it can be seen.
        let floor = injected_delay_ms(&self.workload).unwrap_or(0.0);
        bar_chart(
            &plot,
            floor..range.end,
            floor,
            "latency (ms, median of repeats)",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "p99 (upper bar)", "p50 (lower, lighter)")
    }

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
