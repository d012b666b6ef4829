//! Memory at scale: what each model used, resident and reserved, at the top of a scale
//! workload's sweep, beside how many requests it really had in flight.

use crate::analysis::scale::above_idle_mib;
use crate::analysis::scale::in_flight;
use plotters::prelude::*;

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::charts::Chart;
use crate::charts::axes::{log_range, log_ticks};
use crate::charts::bars::{bar_chart, lighter, model_rows, pair_legend};
use crate::charts::canvas::canvas;

/// Memory at the top of a scale workload's sweep.
pub struct MemoryAtScale {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn: the top of its sweep.
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
}
