//! Where every core-second of a run went: the model's CPU over its run, its start-up and exit,
//! the mock server's, the harness's, the rest of the machine's, and what no one used, against
//! what the cores could give over the worker's life.

use plotters::prelude::*;

use super::Chart;
use super::bars::{BarRow, Reference, bar_chart, lighter};
use super::canvas::canvas;
use super::legend::{GREY, boxes, legend};
use super::style::style;
use crate::analysis::models;
use crate::analysis::{ReportData, Summary};
use minijinja::{Value, context};

/// What each part of a bar is called, in the bar's order: the model's run and the server
/// first, so where the two end together can be read against the tick.
/// The model's own parts are drawn in its colour, which the legend's grey swatch cannot show,
/// so their labels say it.
const PARTS: [&str; 6] = [
    "the model's run (its colour)",
    "the mock server",
    "its start-up, exit (lighter)",
    "the harness (sampling)",
    "the rest of the machine",
    "no one: idle",
];

/// The colours of the [`PARTS`], for a model drawn in `colour`.
fn colours(colour: RGBColor) -> [RGBColor; 6] {
    [
        colour,
        RGBColor(70, 70, 70),
        lighter(colour),
        RGBColor(150, 150, 150),
        RGBColor(190, 160, 120),
        RGBColor(236, 236, 236),
    ]
}

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
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let cores = data.cores.max(1);
        let groups = self.groups(data);
        let budgets = || groups.iter().filter_map(|s| s.budget.as_ref());
        let loads: Vec<_> = groups
            .iter()
            .filter_map(|s| {
                let budget = s.budget.as_ref()?;
                Some((
                    &s.model,
                    budget.model_ms,
                    budget.server_ms?,
                    budget.ideal_load(cores)?,
                ))
            })
            .collect();
        (
            "budget",
            context! {
                level => self.level,
                cores,
                whole_life => budgets().all(|b| b.whole_life),
                outside => budgets().any(|b| b.model_outside_ms.is_some()),
                ideal_ms => budgets().next().map(|b| b.ideal_ms),
                loads => loads
                    .iter()
                    .map(|&(model, own_ms, server_ms, load)| context! { model, own_ms, server_ms, load })
                    .collect::<Vec<_>>(),
                over => loads.iter().filter(|l| l.3 > 1.0).map(|l| l.0).collect::<Vec<_>>(),
                least_load => loads.iter().map(|l| l.3).fold(f64::INFINITY, f64::min),
            },
        )
    }

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
        let (mut rows, mut references) = (Vec::new(), Vec::new());
        for (row, summary) in groups.iter().enumerate() {
            let Some(budget) = summary.budget.as_ref() else {
                continue;
            };
            let ms = [
                Some(budget.model_ms),
                budget.server_ms,
                budget.model_outside_ms,
                budget.harness_ms,
                budget.others_ms,
                Some(budget.idle_ms(cores)),
            ];
            let capacity = budget.capacity_ms(cores);
            // Each part as a share of what the cores could give: every bar is as long,
            // whatever the run's length, and the tick stands where the ideal time would.
            let share = |ms: Option<f64>| 100.0 * ms.unwrap_or(0.0) / capacity.max(1e-9);
            let colours = colours(style(&summary.model).colour);
            let outcome = if summary.failed > 0 {
                let requests = summary.ok + summary.failed;
                format!("{} of {requests} requests failed", summary.failed)
            } else {
                format!("eff. {:.2}", summary.efficiency)
            };
            rows.push(BarRow {
                label: models::label(&summary.model),
                bars: vec![ms.into_iter().map(share).zip(colours).collect()],
                notes: vec![format!("{:.1} core-s; {outcome}", capacity / 1000.0)],
            });
            // What the cores give in the ideal time: the least any client needs.
            references.push(Reference {
                row,
                value: 100.0 * budget.ideal_ms / budget.elapsed_ms.max(1e-9),
                label: String::new(),
            });
        }
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
            // The shares add up to 100%; the axis goes on to 160 only to leave room for the notes.
            0.0..160.0,
            100.0,
            &format!("% of what {cores} cores give over {over} (black tick: over the ideal time)"),
            &rows,
            &references,
        )?;
        let entries = boxes(PARTS.into_iter().zip(colours(GREY)));
        legend(&legend_area, &entries)
    }
}
