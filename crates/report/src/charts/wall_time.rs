//! Wall time against concurrency, one line per model, with the ideal makespan drawn.

use fanout_catalog::InFlight;
use plotters::prelude::*;

use super::Chart;
use super::axes::{data_ticks, house_style, log_range, number};
use super::canvas::{Area, canvas, draw_error};
use super::legend::legend;
use super::lines::{
    Line, draw_lines, end_labels, hidden_note, hidden_note_end_labelled, line_legend,
    log_log_chart, model_lines, model_lines_with_intervals, weak_note,
};
use crate::analysis::ReportData;

pub struct WallTime {
    pub workload: String,
}

impl WallTime {
    fn lines(&self, data: &ReportData) -> Vec<Line> {
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
                weak: Vec::new(),
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
        let wall_desc = ("concurrency asked for", "wall time (ms, median)");
        if efficiency.is_empty() {
            // One plot: each line labelled where it ends.
            let ends = log_log_chart(&plot, wall_desc.0, wall_desc.1, &lines)?;
            end_labels(&legend_area, &ends)
        } else {
            let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 * 11 / 20);
            log_log_chart(&left, wall_desc.0, wall_desc.1, &lines)?;
            efficiency_chart(&right, &efficiency)?;
            legend(&legend_area, &line_legend(&lines))
        }
    }

    fn caption(&self, data: &ReportData) -> String {
        let has_ideal = data
            .summaries
            .iter()
            .any(|s| s.workload == self.workload && s.ideal_ms > 0.0 && s.efficiency > 0.0);
        if !has_ideal {
            return self.caption_without_ideal(data);
        }
        let mut text = String::from(
            "Left: wall time, lower is better; the dashed black line is the ideal makespan, what a \
             client with no overhead at all would take at that concurrency. Right: efficiency, \
             ideal / actual, where 1 is a perfect client. ",
        );
        if let Some(level) = data.comparison_level(&self.workload) {
            let at_level = data.at_level(&self.workload, level);
            let best = at_level
                .iter()
                .max_by(|a, b| a.efficiency.total_cmp(&b.efficiency));
            let worst = at_level
                .iter()
                .min_by(|a, b| a.efficiency.total_cmp(&b.efficiency));
            if let (Some(best), Some(worst)) = (best, worst) {
                text.push_str(&format!(
                    "At concurrency {level} the closest to ideal is {} ({:.0} ms, efficiency {:.2}){}; \
                     the furthest is {} ({:.0} ms, efficiency {:.2}). ",
                    best.model, best.wall_ms.median, best.efficiency, tied(best, &at_level), worst.model, worst.wall_ms.median, worst.efficiency
                ));
            }
        }
        if let Some(above) = data
            .summaries
            .iter()
            .find(|s| s.workload == self.workload && s.efficiency > 1.005)
        {
            text.push_str(&format!(
                "{} beats the ideal at concurrency {} (efficiency {:.2}): the ideal dispatches in \
                 order, and a model whose tasks start in another order can finish sooner when one \
                 slow request would otherwise start late. ",
                above.model, above.concurrency, above.efficiency
            ));
        }
        text.push_str(
            "A model that keeps the concurrency it is given follows the ideal while requests only \
             wait, and leaves it where its own costs (starting threads, scheduling, CPU work) stop \
             hiding behind the latency.",
        );
        let capped: Vec<String> = fanout_catalog::rust_models()
            .filter(|model| model.in_flight == InFlight::Cores)
            .map(|model| model.name)
            .filter(|model| !data.series(&self.workload, model).is_empty())
            .map(|model| format!("`{model}`"))
            .collect();
        if !capped.is_empty() {
            text.push_str(&format!(
                " {} keep(s) only one request per core in flight, so its line stays flat.",
                capped.join(" and ")
            ));
        }
        text.push_str(&hidden_note(&self.lines(data)));
        text.push_str(&weak_note(&self.lines(data)));
        text.push_str(&interval_note(&self.lines(data)));
        text
    }
}

impl WallTime {
    /// The caption of a job with nothing to wait for: no ideal, no efficiency, only computing.
    fn caption_without_ideal(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "Wall time, lower is better. The job has no latency, so there is no ideal to compare \
             against: only computing counts, and only more cores can help. ",
        );
        if let Some(level) = data.comparison_level(&self.workload) {
            let at_level = data.at_level(&self.workload, level);
            let by_wall = |a: &&&crate::Summary, b: &&&crate::Summary| {
                a.wall_ms.median.total_cmp(&b.wall_ms.median)
            };
            if let (Some(fastest), Some(slowest)) = (
                at_level.iter().min_by(by_wall),
                at_level.iter().max_by(by_wall),
            ) {
                text.push_str(&format!(
                    "At concurrency {level} the fastest median is {}'s ({:.0} ms){}; the \
                     slowest is {}'s ({:.0} ms).",
                    fastest.model,
                    fastest.wall_ms.median,
                    tied(fastest, &at_level),
                    slowest.model,
                    slowest.wall_ms.median
                ));
            }
        }
        text.push_str(&hidden_note_end_labelled(&self.lines(data)));
        text.push_str(&weak_note(&self.lines(data)));
        text.push_str(&interval_note(&self.lines(data)));
        text
    }
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

/// What the error bars show, with the widest of them; empty when no point has one.
fn interval_note(lines: &[Line]) -> String {
    let widest = lines
        .iter()
        .flat_map(|line| {
            line.errors.iter().filter_map(move |&(x, low, high)| {
                let (_, median) = line.points.iter().find(|p| p.0 == x)?;
                Some(((high - low) / 2.0 / median, &line.label, x))
            })
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match widest {
        Some((share, label, x)) => format!(
            " Each point's bar spans the median's 95% confidence interval from its repeats (on \
             log times); most are narrower than the marker, the widest is {label}'s at {x:.0} \
             (±{:.0}%).",
            share * 100.0
        ),
        None => String::new(),
    }
}

/// ", though the data cannot tell it from a, b" when other models' intervals overlap its own;
/// ", from a single run" when it has no interval; nothing when it stands apart.
fn tied(summary: &crate::Summary, peers: &[&crate::Summary]) -> String {
    if summary.wall_ms.interval.is_none() {
        return ", from a single run".into();
    }
    let same = crate::analysis::ties::indistinguishable(summary, peers);
    if same.is_empty() {
        String::new()
    } else {
        format!(", though the data cannot tell it from {}", same.join(", "))
    }
}
