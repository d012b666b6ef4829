//! Where every core-second of a run went: the model's CPU over its run, its start-up and exit,
//! the mock server's, the harness's, the rest of the machine's, and what no one used, against
//! what the cores could give over the worker's life.

use plotters::prelude::*;

use super::Chart;
use super::bars::{BarRow, Reference, bar_chart, lighter};
use super::canvas::canvas;
use super::legend::{LegendEntry, Mark, legend};
use crate::analysis::budget::Budget;
use crate::analysis::models;
use crate::analysis::{ReportData, Summary};

/// The colours of the parts that are not the model's.
pub(crate) const SERVER: RGBColor = RGBColor(70, 70, 70);
pub(crate) const HARNESS: RGBColor = RGBColor(150, 150, 150);
pub(crate) const OTHERS: RGBColor = RGBColor(190, 160, 120);
pub(crate) const IDLE: RGBColor = RGBColor(236, 236, 236);

/// Each model's CPU budget at one level of one workload, from the run whose wall time is the
/// group's median.
pub struct CpuBudget {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn.
    pub level: usize,
}

impl CpuBudget {
    /// The groups at the level with a budget, in legend order.
    pub fn groups<'a>(&self, data: &'a ReportData) -> Vec<&'a Summary> {
        data.at_level(&self.workload, self.level)
            .into_iter()
            .filter(|s| s.budget.is_some())
            .collect()
    }
}

impl Chart for CpuBudget {
    fn file_name(&self) -> String {
        format!("budget-{}-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Where the cores' time went, workload {} at {}",
            self.workload, self.level
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let cores = data.cores.max(1);
        let groups = self.groups(data);
        let rows: Vec<BarRow> = groups
            .iter()
            .filter_map(|summary| {
                let budget: &Budget = summary.budget.as_ref()?;
                let colour = crate::charts::style::style(&summary.model).colour;
                // The model's run and the server first, so where the two end together can be
                // read against the tick.
                let parts = [
                    (budget.model_ms, colour),
                    (budget.server_ms.unwrap_or(0.0), SERVER),
                    (budget.model_outside_ms.unwrap_or(0.0), lighter(colour)),
                    (budget.harness_ms.unwrap_or(0.0), HARNESS),
                    (budget.others_ms.unwrap_or(0.0), OTHERS),
                    (budget.idle_ms(cores), IDLE),
                ];
                // Each part as a share of what the cores could give: every bar is as long,
                // whatever the run's length, and the tick stands where the ideal time would.
                let share = |ms: f64| 100.0 * ms / budget.capacity_ms(cores).max(1e-9);
                Some(BarRow {
                    label: models::label(&summary.model),
                    bars: vec![parts.iter().map(|&(ms, c)| (share(ms), c)).collect()],
                    notes: vec![if summary.failed > 0 {
                        format!(
                            "{:.1} core-s; {} of {} requests failed",
                            budget.capacity_ms(cores) / 1000.0,
                            summary.failed,
                            summary.ok + summary.failed
                        )
                    } else {
                        format!(
                            "{:.1} core-s; eff. {:.2}",
                            budget.capacity_ms(cores) / 1000.0,
                            summary.efficiency
                        )
                    }],
                })
            })
            .collect();
        // What the cores give in the ideal time, on every row: the least any client needs.
        let references: Vec<Reference> = groups
            .iter()
            .enumerate()
            .filter_map(|(row, summary)| {
                let budget = summary.budget.as_ref()?;
                Some(Reference {
                    row,
                    value: 100.0 * budget.ideal_ms / budget.elapsed_ms.max(1e-9),
                    label: String::new(),
                })
            })
            .collect();
        // Room right of the bars for their notes.
        let range = 0.0..160.0;
        let over = if groups
            .iter()
            .filter_map(|g| g.budget.as_ref())
            .all(|b| b.whole_life)
        {
            "the worker's life"
        } else {
            "the model's wall time"
        };
        bar_chart(
            &plot,
            range,
            0.0,
            // The shares add up to 100%; the axis goes on only to leave room for the notes.
            100.0,
            &format!("% of what {cores} cores give over {over} (black tick: over the ideal time)"),
            &rows,
            &references,
        )?;
        let grey = RGBColor(90, 90, 90);
        let entry = |label: &str, colour: RGBColor| LegendEntry {
            label: label.into(),
            colour,
            mark: Mark::Box,
        };
        legend(
            &legend_area,
            &[
                entry("the model, over its run", grey),
                entry("the mock server", SERVER),
                entry("the model, start-up and exit", lighter(grey)),
                entry("the harness (sampling)", HARNESS),
                entry("the rest of the machine", OTHERS),
                entry("no one: idle", IDLE),
            ],
        )
    }
}
