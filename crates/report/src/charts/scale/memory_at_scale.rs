//! Memory at scale: what each model used, resident and reserved, at the top of a scale
//! workload's sweep, beside how many requests it really had in flight.

use plotters::prelude::*;

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::charts::Chart;
use crate::charts::axes::{log_range, log_ticks};
use crate::charts::bars::{bar_chart, lighter, model_rows, pair_legend};
use crate::charts::canvas::canvas;

/// The requests a run really had in flight at once: the server's count where it has one.
fn in_flight(summary: &Summary) -> f64 {
    if summary.server_peak_in_flight > 0.0 {
        summary.server_peak_in_flight
    } else {
        summary.concurrency as f64
    }
}

/// Memory at the top of a scale workload's sweep.
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

/// Resident and reserved memory a run used over an idle worker, in MiB.
fn above_idle_mib(summary: &Summary) -> (f64, f64) {
    (
        (summary.peak_rss_kib - summary.baseline_rss_kib).max(0.0) / 1024.0,
        (summary.peak_vm_kib - summary.baseline_vm_kib).max(0.0) / 1024.0,
    )
}

impl Chart for MemoryAtScale {
    fn file_name(&self) -> String {
        format!("memory-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Memory asked for {} in flight, workload {}",
            self.level, self.workload
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let summaries = self.completed(data);
        let mut rows = model_rows(&summaries, |s, colour| {
            let (resident, reserved) = above_idle_mib(s);
            vec![
                vec![(resident.max(0.1), colour)],
                vec![(reserved.max(0.1), lighter(colour))],
            ]
        });
        // Each row says how many requests that model really had in flight.
        for (row, summary) in rows.iter_mut().zip(&summaries) {
            row.label = format!("{} ({:.0} in flight)", row.label, in_flight(summary));
        }
        let range = log_range(summaries.iter().flat_map(|s| {
            let (resident, reserved) = above_idle_mib(s);
            [resident.max(0.1), reserved.max(0.1)]
        }));
        let origin = range.start;
        let ticks = log_ticks(&range);
        bar_chart(
            &plot,
            range.log_scale().with_key_points(ticks),
            origin,
            "MiB over an idle worker (log)",
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
                let (resident, reserved) = above_idle_mib(s);
                format!(
                    "{} {resident:.0} MiB resident, {reserved:.0} MiB reserved, with at most {:.0} \
                     in flight",
                    s.model,
                    in_flight(s)
                )
            })
            .collect();
        format!(
            "Every model that completed concurrency {} on {} with every request answered: the \
             worker's peak memory minus an idle worker's, the whole of it, beside the most \
             requests the server saw in flight at once (a model that never had many out used \
             less for that reason). {}.",
            self.level,
            self.workload,
            figures.join("; ")
        )
    }
}
