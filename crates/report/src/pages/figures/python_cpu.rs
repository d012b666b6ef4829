//! The caption of the [`PythonCpu`] chart: what it shows, with its figures.

use crate::analysis::ReportData;

use super::Figure;
use crate::charts::PythonCpu;

impl Figure for PythonCpu {
    fn caption(&self, data: &ReportData) -> String {
        let summaries = self.summaries(data);
        let figures: Vec<String> = summaries
            .iter()
            .map(|s| {
                format!(
                    "`{}` {:.0} ms at concurrency {}",
                    s.model, s.wall_ms.median, s.concurrency
                )
            })
            .collect();
        let most_runs = summaries.iter().map(|s| s.runs).max().unwrap_or(0);
        let runs = if most_runs == 1 {
            "one run each".to_owned()
        } else {
            format!("medians of up to {most_runs} runs")
        };
        format!(
            "The same 100 pages and the same work on each, no latency: only computing counts \
             (models that fetch one at a time ran at concurrency 1). Python does this work far \
             more slowly than Rust, and its threads and its event loop compute one page at a \
             time under the GIL. The axis is logarithmic: from 10 to 100 to 1000 ms each step is \
             ten times the last; {runs}: {}.",
            figures.join(", ")
        )
    }
}
