//! Wall time against concurrency, one line per model, with the ideal makespan drawn.

use plotters::prelude::*;

use super::Chart;
use super::axes::{data_ticks, house_style, log_range, number};
use super::canvas::{Area, canvas_with_panel_below, draw_error};
use super::dots::{Dot, DotRow, Scale, dot_chart, padded_range, wall_row};
use super::legend::{LegendEntry, Mark, legend};
use super::lines::{
    Line, LineEnd, builder, draw_lines, end_labels, line_legend, log_log_chart, model_lines,
    model_lines_with_intervals, xs,
};
use super::style::style;
use crate::Summary;
use crate::analysis::ReportData;
use crate::analysis::scale::Cause;
use crate::analysis::ties::indistinguishable;
use crate::charts::notes::{failures, hidden_pairs, marks};
use fanout_catalog::InFlight;
use minijinja::{Value, context};

/// Wall time and efficiency against concurrency.
pub struct WallTime {
    /// The workload drawn.
    pub workload: String,
    /// The models drawn (see [`super::Family`]).
    pub family: super::Family,
}

impl WallTime {
    pub(crate) fn lines(&self, data: &ReportData) -> Vec<Line> {
        let mut lines = model_lines_with_intervals(
            data,
            &self.workload,
            |s| s.wall_ms.median,
            |s| s.wall_ms.interval,
        );
        // Only where some model ran: a level every model was refused (sequential's, on a job
        // it would take hours over) would stretch the chart for nothing.
        let ideal: Vec<(f64, f64)> = data
            .levels(&self.workload)
            .into_iter()
            .filter_map(|level| {
                let summary = data.summaries.iter().find(|s| {
                    s.workload == self.workload && s.concurrency == level && !s.failed()
                })?;
                (summary.ideal_ms > 0.0).then_some((level as f64, summary.ideal_ms))
            })
            .collect();
        // A job with nothing to wait for has no ideal to draw.
        if !ideal.is_empty() {
            lines.push(Line::reference(IDEAL.into(), ideal));
        }
        lines
    }

    /// The level the sweep panel crowds at, drawn again below as dots: the comparison level,
    /// where at least three models ran.
    pub fn crowded_level(&self, data: &ReportData) -> Option<usize> {
        let level = data.comparison_level(&self.workload)?;
        (data.at_level(&self.workload, level).len() >= 3).then_some(level)
    }
}

/// What the ideal makespan is called.
const IDEAL: &str = "ideal (perfect client)";

impl Chart for WallTime {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let data = &self.family.subset(data);
        let workload = &self.workload;
        let has_ideal = data
            .summaries
            .iter()
            .any(|s| s.workload == *workload && s.ideal_ms > 0.0 && s.efficiency > 0.0);
        let level = data.comparison_level(workload);
        let at_level = level.map_or_else(Vec::new, |level| data.at_level(workload, level));
        let by_efficiency = |a: &&&Summary, b: &&&Summary| a.efficiency.total_cmp(&b.efficiency);
        let by_wall = |a: &&&Summary, b: &&&Summary| a.wall_ms.median.total_cmp(&b.wall_ms.median);
        // Against the ideal where there is one, by wall time where there is none.
        let (best, worst) = if has_ideal {
            (
                at_level.iter().max_by(by_efficiency),
                at_level.iter().min_by(by_efficiency),
            )
        } else {
            (
                at_level.iter().min_by(by_wall),
                at_level.iter().max_by(by_wall),
            )
        };
        let group = |s: &&Summary| {
            context! {
                model => s.model,
                wall_ms => s.wall_ms.median,
                efficiency => s.efficiency,
                single => s.wall_ms.interval.is_none(),
                same => indistinguishable(s, &at_level),
            }
        };
        let above = data
            .summaries
            .iter()
            .find(|s| s.workload == *workload && s.efficiency > 1.005)
            .map(|s| context! { model => s.model, concurrency => s.concurrency, efficiency => s.efficiency });
        let capped: Vec<&str> = fanout_catalog::rust_models()
            .filter(|model| model.in_flight == InFlight::Cores)
            .map(|model| model.name)
            .filter(|model| !data.series(workload, model).is_empty())
            .collect();
        let lines = self.lines(data);
        // The widest error bar, as a share of its median.
        let widest = lines
            .iter()
            .flat_map(|line| {
                line.errors.iter().filter_map(move |&(x, low, high)| {
                    let (_, median) = line.points.iter().find(|p| p.0 == x)?;
                    Some(((high - low) / 2.0 / median, &line.label, x))
                })
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(share, label, at)| context! { share, label, at });
        (
            "wall_time",
            context! {
                has_ideal,
                level,
                best => best.map(group),
                worst => worst.map(group),
                above,
                capped,
                hidden => hidden_pairs(&lines),
                marks => marks(&lines),
                failures => failures(data, workload),
                widest,
                free_threaded => self.family == crate::charts::Family::FreeThreaded,
            },
        )
    }

    fn file_name(&self) -> String {
        let (suffix, _) = self.family.names();
        format!("wall-time-{}{suffix}.svg", self.workload)
    }

    fn title(&self) -> String {
        let (_, family) = self.family.names();
        format!(
            "Wall time vs concurrency, workload {}{family}",
            self.workload
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let data = &self.family.subset(data);
        let level = self.crowded_level(data);
        // Below the sweep, the crowded level as dots: 22 pixels a model.
        let rows = level.map_or(0, |level| data.at_level(&self.workload, level).len() + 1);
        let (plot, legend_area, below) =
            canvas_with_panel_below(svg, &self.title(), 560 + 90 + 22 * rows as u32, 530)?;
        if let Some(level) = level {
            level_panel(&below, data, &self.workload, level)?;
        }
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
            // A line of one point (a model run at one level only) is named beside that point,
            // not at the right edge where it has nothing.
            let (alone, ends): (Vec<LineEnd>, Vec<LineEnd>) = ends.into_iter().partition(|end| {
                lines
                    .iter()
                    .any(|l| l.label == end.entry.label && l.points.len() == 1)
            });
            let (base_x, base_y) = plot.get_base_pixel();
            for end in &alone {
                plot.draw(&Text::new(
                    end.entry.label.clone(),
                    (end.pixel.0 - base_x + 10, end.pixel.1 - base_y - 18),
                    (super::canvas::FONT, 14)
                        .into_font()
                        .color(&end.entry.colour),
                ))
                .map_err(draw_error)?;
            }
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

/// Each model's wall time at `level` as a dot with its interval, on a linear axis over where
/// most of them are: a model far slower than the fastest is drawn at the axis's end as an
/// arrow, with its time written beside it.
fn level_panel(
    area: &Area<'_>,
    data: &ReportData,
    workload: &str,
    level: usize,
) -> Result<(), String> {
    let summaries = data.at_level(workload, level);
    let fastest = summaries
        .iter()
        .map(|s| s.wall_ms.median)
        .fold(f64::INFINITY, f64::min);
    let ideal = summaries.first().map_or(0.0, |s| s.ideal_ms);
    // The crowd: within three times the fastest, and the ideal.
    let crowd = summaries
        .iter()
        .filter(|s| s.wall_ms.median <= 3.0 * fastest)
        .flat_map(|s| {
            let (low, high) = s
                .wall_ms
                .interval
                .unwrap_or((s.wall_ms.median, s.wall_ms.median));
            [low, high]
        })
        .chain((ideal > 0.0).then_some(ideal));
    let Some(range) = padded_range(crowd) else {
        return Ok(());
    };
    let mut rows = Vec::new();
    if ideal > 0.0 {
        rows.push(DotRow::one(
            IDEAL.into(),
            BLACK,
            vec![Dot::tick(ideal)],
            format!("{ideal:.0} ms"),
        ));
    }
    rows.extend(summaries.iter().map(|s| wall_row(s)));
    dot_chart(
        area,
        Scale::Linear(range),
        &if summaries.iter().any(|s| s.wall_ms.interval.is_some()) {
            format!("wall time at concurrency {level} (ms; bar: 95% interval of the median)")
        } else {
            format!("wall time at concurrency {level} (ms, single runs)")
        },
        &rows,
    )
}

/// A legend entry for each group on `workload` that has no point because no run of it
/// completed (the caption says why): a line that ends early is not left unexplained.
fn no_point_entries(data: &ReportData, workload: &str) -> Vec<LegendEntry> {
    data.broken(workload)
        .into_iter()
        .map(|s| {
            let cause = match crate::analysis::scale::cause(s) {
                Cause::Deadline => "deadline",
                Cause::OpenFiles => "file descriptors",
                Cause::Threads(_) => "threads refused",
                Cause::Memory(_) => "memory",
                Cause::Verification => "verification",
                Cause::Requests { .. } => "requests failed",
                Cause::NotRun(_) => "not run",
                Cause::Other(_) => "an error: see the caption",
            };
            let label = format!(
                "{} at {}: no run completed ({cause})",
                s.model, s.concurrency
            );
            LegendEntry::new(label, style(&s.model).colour, Mark::Cross)
        })
        .collect()
}

/// Efficiency (ideal / actual) against concurrency: 1 is a perfect client.
fn efficiency_chart(area: &Area<'_>, lines: &[Line]) -> Result<(), String> {
    let mut chart = builder(area, 55)
        .build_cartesian_2d(
            log_range(xs(lines))
                .log_scale()
                .with_key_points(data_ticks(xs(lines))),
            0.0..1.05,
        )
        .map_err(draw_error)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("concurrency")
        .y_desc("efficiency (ideal / actual)")
        .x_label_formatter(&|v| number(*v))
        .draw()
        .map_err(draw_error)?;
    draw_lines(&mut chart, lines)
}
