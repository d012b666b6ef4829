//! Wall time of every model on one CPU-bound group that the Python models ran too: the real
//! GIL beside Rust's threads, its simulation, and processes.

use super::Chart;
use super::axes::log_range;
use super::canvas::canvas;
use super::dots::{DotRow, Scale, dot_chart, wall_row};
use super::legend::legend;
use super::marks::{PointMark, mark_entries};
use crate::analysis::ReportData;
use crate::analysis::models;
use crate::analysis::summary::Summary;
use crate::analysis::ties::indistinguishable;
use crate::analysis::workloads::injected_delay_ms;
use minijinja::{Value, context};

/// The Python models' wall and CPU time on CPU-bound pages at one level.
#[derive(PartialEq)]
pub struct PythonCpu {
    /// The workload drawn.
    pub workload: String,
    /// Its concurrency.
    pub concurrency: usize,
    /// Its units of CPU work a page.
    pub cpu_work: u32,
}

impl PythonCpu {
    /// Every group with CPU work that at least one concurrent Python model completed, at the
    /// highest such concurrency for its workload and CPU work (lesson 2's lower thread counts
    /// have a chart of their own).
    pub fn groups(data: &ReportData) -> Vec<PythonCpu> {
        let python: Vec<&Summary> = data
            .all
            .iter()
            .filter(|s| {
                s.cpu_work > 0 && s.concurrency > 1 && !s.failed() && models::is_python(&s.model)
            })
            .collect();
        let mut groups = Vec::new();
        for s in &python {
            let group = PythonCpu {
                workload: s.workload.clone(),
                concurrency: s.concurrency,
                cpu_work: s.cpu_work,
            };
            let highest = python
                .iter()
                .filter(|o| o.workload == s.workload && o.cpu_work == s.cpu_work)
                .all(|o| o.concurrency <= s.concurrency);
            if highest && !groups.contains(&group) {
                groups.push(group);
            }
        }
        groups
    }

    /// The group's summaries in legend order; `sequential` and `py-sequential` run at 1.
    pub(crate) fn summaries<'d>(&self, data: &'d ReportData) -> Vec<&'d Summary> {
        let mut summaries: Vec<&Summary> = data
            .all
            .iter()
            .filter(|s| s.workload == self.workload && s.cpu_work == self.cpu_work && !s.failed())
            .collect();
        // A model's group at 1 stands in only where it has none at the chart's level
        // (`sequential` and `py-sequential` run only at 1).
        let at_level: Vec<String> = summaries
            .iter()
            .filter(|s| s.concurrency == self.concurrency)
            .map(|s| s.model.clone())
            .collect();
        summaries.retain(|s| {
            s.concurrency == self.concurrency
                || (s.concurrency == 1 && !at_level.contains(&s.model))
        });
        let mut models: Vec<String> = summaries.iter().map(|s| s.model.clone()).collect();
        models::sort_models(&mut models);
        models.dedup();
        summaries.sort_by_key(|s| models.iter().position(|m| *m == s.model));
        summaries
    }
}

impl Chart for PythonCpu {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let summaries = self.summaries(data);
        let groups: Vec<_> = summaries
            .iter()
            .map(|s| context! { model => s.model, wall_ms => s.wall_ms.median, concurrency => s.concurrency })
            .collect();
        let ties: Vec<_> = summaries
            .iter()
            .filter_map(|s| {
                let same = indistinguishable(s, &summaries);
                (!same.is_empty()).then(|| context! { model => s.model, same })
            })
            .collect();
        (
            "python_cpu",
            context! {
                delay_ms => injected_delay_ms(&self.workload),
                most_runs => summaries.iter().map(|s| s.runs).max().unwrap_or(0),
                groups,
                ties,
            },
        )
    }

    fn file_name(&self) -> String {
        format!(
            "wall-time-{}-{}-cpu-{}.svg",
            self.workload, self.concurrency, self.cpu_work
        )
    }

    fn title(&self) -> String {
        let units = if self.cpu_work == 1 { "unit" } else { "units" };
        format!(
            "Wall time with {} {units} of CPU work a page, workload {} at concurrency {}",
            self.cpu_work, self.workload, self.concurrency
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let summaries = self.summaries(data);
        let rows: Vec<DotRow> = summaries.iter().map(|s| wall_row(s)).collect();
        let values = summaries.iter().flat_map(|s| {
            let (low, high) = s
                .wall_ms
                .interval
                .unwrap_or((s.wall_ms.median, s.wall_ms.median));
            [s.wall_ms.median, low, high]
        });
        dot_chart(
            &plot,
            Scale::Log(log_range(values)),
            "wall time, ms (log scale; bar: 95% interval of the median)",
            &rows,
        )?;
        legend(
            &legend_area,
            &mark_entries(summaries.iter().map(|s| PointMark::of(s))),
        )
    }
}
