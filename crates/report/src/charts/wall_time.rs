//! Wall time against concurrency, one line per model, with the ideal makespan drawn.

use plotters::prelude::*;

use super::Chart;
use super::axes::{data_ticks, house_style, log_range, number};
use super::canvas::{Area, canvas, draw_error};
use super::legend::{LegendEntry, Mark, legend};
use super::lines::{
    Line, draw_lines, end_labels, line_legend, log_log_chart, model_lines,
    model_lines_with_intervals,
};
use crate::analysis::ReportData;

/// Wall time and efficiency against concurrency.
pub struct WallTime {
    /// The workload drawn.
    pub workload: String,
}

impl WallTime {
    pub(crate) fn lines(&self, data: &ReportData) -> Vec<Line> {
        let mut lines = model_lines_with_intervals(
            data,
            &self.workload,
            |s| s.wall_ms.median,
            |s| s.wall_ms.interval,
        );
        let mut ideal: Vec<(f64, f64)> = Vec::new();
        // Only where some model ran: a level every model was refused (sequential's, on a job
        // it would take hours over) would stretch the chart for nothing.
        for level in data.levels(&self.workload) {
            if let Some(summary) = data
                .summaries
                .iter()
                .find(|s| s.workload == self.workload && s.concurrency == level && !s.failed())
                .filter(|s| s.ideal_ms > 0.0)
            {
                ideal.push((level as f64, summary.ideal_ms));
            }
        }
        // A job with nothing to wait for has no ideal to draw.
        if !ideal.is_empty() {
            lines.push(Line {
                label: "ideal (perfect client)".into(),
                colour: RGBColor(0, 0, 0),
                dashed: true,
                points: ideal,
                marks: Vec::new(),
                errors: Vec::new(),
            });
        }
        lines
    }
}

impl Chart for WallTime {
    fn file_name(&self) -> String {
        format!("wall-time-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Wall time vs concurrency, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let lines = self.lines(data);
        let mut efficiency = model_lines(data, &self.workload, |s| s.efficiency);
        for line in &mut efficiency {
            // Efficiency is only defined where there is an ideal to compare against.
            line.points.retain(|(_, efficiency)| *efficiency > 0.0);
        }
        efficiency.retain(|line| !line.points.is_empty());
        let wall_desc = ("concurrency asked for", "wall time (ms)");
        if efficiency.is_empty() {
            // One plot: each line labelled where it ends.
            let ends = log_log_chart(&plot, wall_desc.0, wall_desc.1, &lines)?;
            end_labels(&legend_area, &ends)
        } else {
            let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 * 11 / 20);
            log_log_chart(&left, wall_desc.0, wall_desc.1, &lines)?;
            efficiency_chart(&right, &efficiency)?;
            let mut entries = line_legend(&lines);
            entries.extend(no_point_entries(data, &self.workload));
            legend(&legend_area, &entries)
        }
    }
}

/// A legend entry for each group on `workload` that has no point because no run of it
/// completed (the caption says why): a line that ends early is not left unexplained.
fn no_point_entries(data: &ReportData, workload: &str) -> Vec<LegendEntry> {
    data.summaries
        .iter()
        .filter(|s| s.workload == workload && s.failed())
        .filter(|s| {
            !s.first_error
                .as_deref()
                .is_some_and(|e| e.starts_with("not run"))
        })
        .map(|s| LegendEntry {
            label: format!("{} at {}: no run completed", s.model, s.concurrency),
            colour: crate::charts::style::style(&s.model).colour,
            mark: Mark::Cross,
        })
        .collect()
}

/// Efficiency (ideal / actual) against concurrency: 1 is a perfect client.
fn efficiency_chart(area: &Area<'_>, lines: &[Line]) -> Result<(), String> {
    let x_range = log_range(lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)));
    let mut chart = ChartBuilder::on(area)
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(55)
        .build_cartesian_2d(
            x_range.clone().log_scale().with_key_points(data_ticks(
                lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)),
            )),
            0.0..1.05,
        )
        .map_err(draw_error)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("concurrency")
        .y_desc("efficiency (ideal / actual)")
        .x_label_formatter(&|v| number(*v))
        .x_labels(30)
        .draw()
        .map_err(draw_error)?;
    draw_lines(&mut chart, lines)
}
