//! The caption of the [`PythonCpu`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::workloads::injected_delay_ms;

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
        let latency = match injected_delay_ms(&self.workload) {
            Some(delay) => format!("each answered after {delay:.0} ms"),
            None => "no latency: only computing counts".to_owned(),
        };
        let ties: Vec<String> = summaries
            .iter()
            .filter_map(|s| {
                let same = crate::analysis::ties::indistinguishable(s, &summaries);
                (!same.is_empty()).then(|| format!("`{}` from {}", s.model, same.join(", ")))
            })
            .collect();
        let mut text = format!(
            "The same pages and the same work on each, {latency} (models that fetch one at a time \
             ran at concurrency 1). Each dot is a model's median wall time, its bar the 95% \
             interval, on a logarithmic axis (from 10 to 100 to 1000 ms each step is ten times \
             the last); {runs}: {}.",
            figures.join(", ")
        );
        if !ties.is_empty() {
            text.push_str(&format!(" The runs cannot tell apart {}.", ties.join("; ")));
        }
        text
    }
}
