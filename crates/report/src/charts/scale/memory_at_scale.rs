//! Memory at scale: what one request in flight costs in resident and reserved memory at the top
//! of a scale workload's sweep.

use std::path::Path;

use plotters::prelude::*;

use crate::charts::axes::log_range;
use crate::charts::bars::{bar_chart, lighter, model_rows, pair_legend};
use crate::charts::canvas::canvas;
use crate::charts::{Chart, ReportData};
use crate::summary::Summary;

/// The requests a run really had in flight at once: the server's count where it has one.
fn in_flight(summary: &Summary) -> f64 {
    if summary.server_peak_in_flight > 0.0 {
        summary.server_peak_in_flight
    } else {
        summary.concurrency as f64
    }
}

/// Resident and reserved memory over an idle worker, per request in flight, in KiB.
pub fn per_in_flight_kib(summary: &Summary) -> (f64, f64) {
    let n = in_flight(summary);
    (
        (summary.peak_rss_kib - summary.baseline_rss_kib).max(0.0) / n,
        (summary.peak_vm_kib - summary.baseline_vm_kib).max(0.0) / n,
    )
}

/// Memory per request in flight at the top of a scale workload's sweep.
pub struct MemoryAtScale {
    pub workload: String,
    pub level: usize,
}

impl MemoryAtScale {
    /// The groups at the level that completed with every request answered.
    pub fn completed<'a>(&self, data: &'a ReportData) -> Vec<&'a Summary> {
        data.at_level(&self.workload, self.level)
            .into_iter()
            .filter(|s| s.failed == 0 && s.failed_runs == 0)
            .collect()
    }
}

impl Chart for MemoryAtScale {
    fn file_name(&self) -> String {
        format!("memory-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Memory per request in flight at {}, workload {}",
            self.level, self.workload
        )
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let summaries = self.completed(data);
        let rows = model_rows(&summaries, |s, colour| {
            let (resident, reserved) = per_in_flight_kib(s);
            vec![
                vec![(resident.max(0.1), colour)],
                vec![(reserved.max(0.1), lighter(colour))],
            ]
        });
        let range = log_range(summaries.iter().flat_map(|s| {
            let (resident, reserved) = per_in_flight_kib(s);
            [resident.max(0.1), reserved.max(0.1)]
        }));
        let origin = range.start;
        bar_chart(
            &plot,
            range.log_scale(),
            origin,
            "KiB per request in flight (log)",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "resident (dark)", "reserved, virtual (light)")
    }

    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .completed(data)
            .iter()
            .map(|s| {
                let (resident, reserved) = per_in_flight_kib(s);
                format!(
                    "{} {resident:.0} KiB resident, {reserved:.0} KiB reserved ({:.0} in flight)",
                    s.model,
                    in_flight(s)
                )
            })
            .collect();
        format!(
            "Every model that completed concurrency {} on {} with every request answered: the \
             worker's peak memory minus an \
             idle worker's, divided by the most requests the server saw in flight at once \
             during the run. {}.",
            self.level,
            self.workload,
            figures.join("; ")
        )
    }
}
