//! Server scale-out: the same model, workload and concurrency served by one mock server instance
//! or several.

use crate::analysis::ReportData;
use crate::analysis::stats::reciprocal;
use crate::analysis::summary::Summary;
use crate::charts::Chart;
use crate::charts::canvas::plain_canvas;
use crate::charts::dots::{Dot, DotRow, Scale, dot_chart, padded_range};
use minijinja::{Value, context};

/// The same model on the same workload and concurrency, served by one wiremock instance or
/// several: what scaling the server out gained.
pub struct ServerScaleOut {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn.
    pub level: usize,
}

impl ServerScaleOut {
    /// Every (model, instances) group at the level, by model then instances.
    pub(crate) fn groups<'a>(&self, data: &'a ReportData) -> Vec<&'a Summary> {
        let mut groups: Vec<&Summary> = data
            .all
            .iter()
            .filter(|s| s.workload == self.workload && s.concurrency == self.level && !s.failed())
            .collect();
        groups.sort_by(|a, b| {
            (a.model.as_str(), a.server_instances).cmp(&(b.model.as_str(), b.server_instances))
        });
        // A model served by one size of server only has nothing to compare.
        let sizes = groups.clone();
        groups.retain(|s| {
            sizes
                .iter()
                .any(|o| o.model == s.model && o.server_instances != s.server_instances)
        });
        groups
    }
}

/// How a group is named: its model and how many server instances served it.
pub(crate) fn instances_label(summary: &Summary) -> String {
    let plural = if summary.server_instances == 1 {
        ""
    } else {
        "s"
    };
    format!(
        "{}, {} instance{plural}",
        crate::analysis::models::label(&summary.model),
        summary.server_instances
    )
}

impl Chart for ServerScaleOut {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let groups: Vec<_> = self
            .groups(data)
            .iter()
            .map(|s| {
                context! {
                    label => instances_label(s),
                    efficiency => s.efficiency,
                    wall_ms => s.wall_ms.median,
                    server_us => s.server_cpu_us_per_request,
                }
            })
            .collect();
        ("server_scale_out", context! { groups })
    }

    fn file_name(&self) -> String {
        format!("server-scale-out-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Scaling the mock server out: {} at {}",
            self.workload, self.level
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let plot = plain_canvas(svg, &self.title(), 560)?;
        let groups = self.groups(data);
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 / 2 + 60);
        let panels = [
            (&left, "efficiency (ideal / actual)"),
            (&right, "mock server CPU per request (µs)"),
        ];
        for (index, (area, desc)) in panels.into_iter().enumerate() {
            // A group's value on this panel, its interval and its note.
            let measure = |s: &Summary| {
                if index == 0 {
                    // Efficiency is ideal / wall: its interval is the wall time's, turned over.
                    let interval = s.wall_ms.interval.map(|i| reciprocal(s.ideal_ms, i));
                    Some((s.efficiency, interval, format!("{:.2}", s.efficiency)))
                } else {
                    let us = s.server_cpu_us_per_request?;
                    Some((us, s.server_cpu_us_interval, format!("{us:.0} µs")))
                }
            };
            let rows: Vec<DotRow> = groups
                .iter()
                .map(|s| {
                    let measured = measure(s);
                    let dots = measured
                        .iter()
                        .map(|&(value, interval, _)| Dot::point(value, s, interval));
                    let dots = dots.collect();
                    // The left panel names each group; the right one, beside it, needs no labels.
                    let label = if index == 0 {
                        instances_label(s)
                    } else {
                        String::new()
                    };
                    let note = measured.map_or_else(|| "not reported".into(), |m| m.2);
                    let colour = crate::charts::style::style(&s.model).colour;
                    DotRow::one(label, colour, dots, note)
                })
                .collect();
            let values = groups
                .iter()
                .filter_map(|s| measure(s))
                .flat_map(|(v, i, _)| {
                    let (low, high) = i.unwrap_or((v, v));
                    [v, low, high]
                });
            let Some(range) = padded_range(values) else {
                continue;
            };
            // Efficiency runs from 0 to 1: drawn over all of it, a few hundredths between two
            // server sizes look as small as they are, and how far every group is from 1 shows.
            let range = if index == 0 {
                0.0..range.end.max(1.0)
            } else {
                range
            };
            dot_chart(
                area,
                Scale::Linear(range),
                &format!("{desc}; bar: 95% interval"),
                &rows,
            )?;
        }
        Ok(())
    }
}
