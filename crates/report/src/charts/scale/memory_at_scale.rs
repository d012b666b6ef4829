//! Memory at scale: what each model used, resident and reserved, at the top of a scale
//! workload's sweep, beside how many requests it really had in flight.

use crate::analysis::ReportData;
use crate::analysis::scale::{above_idle_mib, in_flight};
use crate::analysis::summary::Summary;
use crate::charts::Chart;
use crate::charts::axes::zero_range;
use crate::charts::bars::{bar_chart, model_rows};
use crate::charts::canvas::plain_canvas;

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
        let plot = plain_canvas(svg, &self.title(), 560)?;
        let summaries = self.completed(data);
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 * 11 / 20);
        let panels = [
            (&left, "resident MiB over an idle worker"),
            (&right, "reserved (virtual) MiB over an idle worker"),
        ];
        for (index, (area, desc)) in panels.into_iter().enumerate() {
            // The left panel draws what is resident, the right one what is reserved.
            let measure = |s: &Summary| {
                let (resident, reserved) = above_idle_mib(s);
                if index == 0 { resident } else { reserved }
            };
            let mut rows = model_rows(&summaries, |s, colour| vec![vec![(measure(s), colour)]]);
            for (row, summary) in rows.iter_mut().zip(&summaries) {
                let value = measure(summary);
                row.notes = vec![if value >= 10.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value:.1}")
                }];
                // The left panel names each model with how many it really had in flight; the
                // right one, beside it, needs no labels of its own.
                row.label = if index == 0 {
                    format!("{} ({:.0} in flight)", row.label, in_flight(summary))
                } else {
                    String::new()
                };
            }
            let range = zero_range(summaries.iter().map(|s| measure(s) * 1.15));
            bar_chart(area, range, f64::INFINITY, desc, &rows, &[])?;
        }
        Ok(())
    }
}
