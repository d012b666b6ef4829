//! Speedup over `sequential` per workload and model, beside the seeds' own figures.

use plotters::prelude::IntoFont;

use super::Chart;
use super::axes::log_range;
use super::canvas::{FONT, draw_error, plain_canvas};
use super::dots::{DotRow, Scale, dot_chart};
use crate::analysis::ReportData;
use crate::analysis::speedup::{baseline_busy, best_level, speedup_interval};
use crate::analysis::ties::indistinguishable;
use crate::analysis::workloads::reference;
use minijinja::{Value, context};

/// Each model's best speedup over `sequential`, per workload, beside the seeds' figures.
pub struct Speedup;

impl Speedup {
    pub(crate) fn workloads(&self, data: &ReportData) -> Vec<String> {
        // A workload run at one level only (`clients`) has no concurrency to gain from.
        data.workloads()
            .into_iter()
            .filter(|w| data.levels(w).len() > 1 && !best_level(data, w).is_empty())
            .collect()
    }
}

impl Chart for Speedup {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let workloads: Vec<_> = self
            .workloads(data)
            .iter()
            .filter_map(|workload| {
                let best = best_level(data, workload);
                let speedup = |s: &&&crate::Summary| s.speedup.unwrap_or(0.0);
                let top = best
                    .iter()
                    .max_by(|a, b| speedup(a).total_cmp(&speedup(b)))?;
                Some(context! {
                    name => workload,
                    speedup => top.speedup.unwrap_or(1.0),
                    model => top.model,
                    concurrency => top.concurrency,
                    same => indistinguishable(top, &best),
                    reference => reference(workload).map(|(value, source)| context! { value, source }),
                })
            })
            .collect();
        ("speedup", context! { workloads })
    }

    fn file_name(&self) -> String {
        "speedup.svg".into()
    }

    fn title(&self) -> String {
        "Speedup over one at a time, per workload".into()
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let workloads = self.workloads(data);
        // Small multiples: a panel per workload, one under another, each as tall as its
        // models need, all on one shared scale.
        let heights: Vec<u32> = workloads
            .iter()
            .map(|w| 100 + 20 * best_level(data, w).len() as u32)
            .collect();
        let area = plain_canvas(svg, &self.title(), 50 + heights.iter().sum::<u32>())?;
        let mut panels = Vec::new();
        let mut rest = area;
        for height in &heights {
            let (panel, below) = rest.split_vertically(*height);
            panels.push(panel);
            rest = below;
        }
        let values = data.summaries.iter().filter_map(|s| s.speedup).chain(
            data.summaries
                .iter()
                .filter_map(speedup_interval)
                .flat_map(|(l, h)| [l, h]),
        );
        let range = log_range(values.chain([1.0]));
        for (panel, workload) in panels.iter().zip(&workloads) {
            let mut title = match reference(workload) {
                Some((value, source)) => format!("{workload} ({source}: {value:.1}x)"),
                None => workload.clone(),
            };
            if baseline_busy(data, workload) {
                title.push_str(", sequential on a busy machine");
            }
            let panel = panel
                .titled(&title, (FONT, 15).into_font())
                .map_err(draw_error)?;
            let rows: Vec<DotRow> = best_level(data, workload)
                .iter()
                .map(|s| {
                    let speedup = s.speedup.unwrap_or(1.0);
                    DotRow::model(s, speedup, speedup_interval(s), format!("{speedup:.1}x"))
                })
                .collect();
            dot_chart(
                &panel,
                Scale::Log(range.clone()),
                "speedup over its own one-at-a-time program (x, log)",
                &rows,
            )?;
        }
        Ok(())
    }
}
