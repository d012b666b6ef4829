//! The charts, one module each, behind one trait; shared scales and drawing here.

mod axes;
mod canvas;
mod cooperative;
mod cpu;
mod data;
mod latency;
mod legend;
mod memory;
pub mod scale;
mod speedup;
mod threads;
mod wall_time;

use std::ops::Range;
use std::path::Path;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::style;
use crate::summary::Summary;
use axes::{house_style, log_label, log_range, number};
use canvas::{Area, FONT, draw_error};
use legend::{LegendEntry, Mark, legend};

pub use cooperative::Cooperative;
pub use cpu::CpuPerRequest;
pub use data::ReportData;
pub use latency::Latency;
pub use memory::Memory;
pub use scale::{BreakingPoints, MemoryAtScale, ServerScaleOut};
pub use speedup::Speedup;
pub use threads::Threads;
pub use wall_time::WallTime;

/// One chart of the report.
pub trait Chart {
    /// The SVG's file name, e.g. `wall-time-quick.svg`.
    fn file_name(&self) -> String;
    /// What the chart is called in the markdown.
    fn title(&self) -> String;
    /// Draws the chart into an SVG file at `path`.
    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String>;
    /// Two or three sentences on what the chart shows, with its figures.
    fn caption(&self, data: &ReportData) -> String;
}

/// Every chart the data supports, headline first.
pub fn charts_for(data: &ReportData) -> Vec<Box<dyn Chart>> {
    let mut charts: Vec<Box<dyn Chart>> = Vec::new();
    let primary = data.primary_workload();
    if let Some(primary) = &primary {
        charts.push(Box::new(WallTime {
            workload: primary.clone(),
        }));
    }
    for workload in data.workloads() {
        // A line needs two concurrent levels besides sequential's one.
        if Some(&workload) != primary.as_ref() && data.levels(&workload).len() > 2 {
            charts.push(Box::new(WallTime { workload }));
        }
    }
    if let Some(primary) = primary {
        charts.push(Box::new(Memory {
            workload: primary.clone(),
        }));
        charts.push(Box::new(Threads {
            workload: primary.clone(),
        }));
        if data.comparison_level(&primary).is_some() {
            charts.push(Box::new(Latency {
                workload: primary.clone(),
            }));
            charts.push(Box::new(CpuPerRequest { workload: primary }));
        }
    }
    for (workload, concurrency) in cooperative::sweeps(data) {
        charts.push(Box::new(Cooperative {
            workload,
            concurrency,
        }));
    }
    if data
        .summaries
        .iter()
        .any(|s| s.speedup.is_some() && s.model != crate::summary::BASELINE_MODEL)
    {
        charts.push(Box::new(Speedup));
    }
    let scale_workloads = scale::scale_workloads(data);
    if !scale_workloads.is_empty() {
        charts.push(Box::new(BreakingPoints {
            workloads: scale_workloads.clone(),
        }));
    }
    for workload in scale_workloads {
        let Some(&level) = data.levels(&workload).last() else {
            continue;
        };
        let memory = MemoryAtScale {
            workload: workload.clone(),
            level,
        };
        if !memory.completed(data).is_empty() {
            charts.push(Box::new(memory));
        }
        if ServerScaleOut::applies(data, &workload, level) {
            charts.push(Box::new(ServerScaleOut { workload, level }));
        }
    }
    charts
}

/// One line of a line chart.
pub(crate) struct Line {
    pub label: String,
    pub colour: RGBColor,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
}

impl Line {
    /// A model's line, styled as the model is everywhere.
    pub fn model(model: &str, points: Vec<(f64, f64)>) -> Self {
        let style = style::style(model);
        Self {
            label: style.label,
            colour: style.colour,
            dashed: style.dashed,
            points,
        }
    }

    fn legend_entry(&self) -> LegendEntry {
        LegendEntry {
            label: self.label.clone(),
            colour: self.colour,
            mark: Mark::Line {
                dashed: self.dashed,
            },
        }
    }
}

/// A log-log line chart with markers at every point; a line of one point is just its marker.
pub(crate) fn log_log_chart(
    plot: &Area<'_>,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
) -> Result<(), String> {
    let x_range = log_range(lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)));
    let y_range = log_range(lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)));
    let mut chart = ChartBuilder::on(plot)
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(70)
        .build_cartesian_2d(x_range.log_scale(), y_range.log_scale())
        .map_err(draw_error)?;
    house_style(&mut chart.configure_mesh())
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|v| log_label(*v))
        .y_label_formatter(&|v| log_label(*v))
        .x_labels(30)
        .y_labels(30)
        .draw()
        .map_err(draw_error)?;
    draw_lines(&mut chart, lines)
}

/// Draws each line, dashed where it says so, with a marker at every point.
pub(crate) fn draw_lines<X, Y>(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    lines: &[Line],
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    for line in lines {
        let style = line.colour.stroke_width(3);
        if line.dashed {
            chart
                .draw_series(DashedLineSeries::new(line.points.clone(), 10, 6, style))
                .map_err(draw_error)?;
        } else {
            chart
                .draw_series(LineSeries::new(line.points.clone(), style))
                .map_err(draw_error)?;
        }
        chart
            .draw_series(
                line.points
                    .iter()
                    .map(|point| Circle::new(*point, 4, line.colour.filled())),
            )
            .map_err(draw_error)?;
    }
    Ok(())
}

/// The legend entries of a set of lines.
pub(crate) fn line_legend(lines: &[Line]) -> Vec<LegendEntry> {
    lines.iter().map(Line::legend_entry).collect()
}

/// One row of a horizontal bar chart: a label and its bars, top to bottom; each bar is a stack
/// of (value, colour) segments, drawn left to right.
pub(crate) struct BarRow {
    pub label: String,
    pub bars: Vec<Vec<(f64, RGBColor)>>,
}

/// A reference value drawn across one row: e.g. the seed's own figure.
pub(crate) struct Reference {
    pub row: usize,
    pub value: f64,
    pub label: String,
}

/// The legend of a chart that draws two measures per model, dark and light.
pub(crate) fn pair_legend(area: &Area<'_>, dark: &str, light: &str) -> Result<(), String> {
    let grey = RGBColor(90, 90, 90);
    legend(
        area,
        &[
            LegendEntry {
                label: dark.into(),
                colour: grey,
                mark: Mark::Box,
            },
            LegendEntry {
                label: light.into(),
                colour: lighter(grey),
                mark: Mark::Box,
            },
        ],
    )
}

/// One bar-chart row per model, labelled and coloured as the model is everywhere; `bars`
/// turns a summary and its model's colour into the row's bars.
pub(crate) fn model_rows(
    summaries: &[&Summary],
    bars: impl Fn(&Summary, RGBColor) -> Vec<Vec<(f64, RGBColor)>>,
) -> Vec<BarRow> {
    summaries
        .iter()
        .map(|summary| BarRow {
            label: style::label(&summary.model),
            bars: bars(summary, style::style(&summary.model).colour),
        })
        .collect()
}

/// A colour halfway to white, for the second measure of a pair.
pub(crate) fn lighter(colour: RGBColor) -> RGBColor {
    let mix = |c: u8| c + (255 - c) / 2;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

/// The vertical axis of a bar chart: `rows` rows of height 1, labelled at their centres.
#[derive(Clone)]
struct RowAxis {
    rows: usize,
}

impl plotters::coord::ranged1d::Ranged for RowAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = value / self.rows as f64;
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, _: Hint) -> Vec<f64> {
        (0..self.rows).map(|row| row as f64 + 0.5).collect()
    }

    fn range(&self) -> Range<f64> {
        0.0..self.rows as f64
    }
}

/// Horizontal bars, one labelled row per entry, first row at the top; bars start at `origin`
/// (0 on a linear scale, 1 on a log scale of ratios).
pub(crate) fn bar_chart<X>(
    plot: &Area<'_>,
    x_spec: X,
    origin: f64,
    x_desc: &str,
    rows: &[BarRow],
    references: &[Reference],
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    X::CoordDescType: plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let count = rows.len().max(1);
    // Row `index` (0 at the top) spans y from `count - index - 1` to `count - index`.
    let row_bottom = |index: usize| (count - index - 1) as f64;
    let label_width = rows.iter().map(|r| r.label.len()).max().unwrap_or(8) as u32 * 8 + 16;
    let mut chart = ChartBuilder::on(plot)
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(label_width.max(60))
        .build_cartesian_2d(x_spec, RowAxis { rows: count })
        .map_err(draw_error)?;
    let row_label = |y: &f64| {
        let from_top = count as f64 - y - 0.5;
        rows.get(from_top.round().max(0.0) as usize)
            .map_or(String::new(), |row| row.label.clone())
    };
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .y_labels(count)
        .y_label_formatter(&row_label)
        .x_label_formatter(&|v| number(*v))
        .x_desc(x_desc)
        .draw()
        .map_err(draw_error)?;
    for (index, row) in rows.iter().enumerate() {
        let slice = 0.8 / row.bars.len().max(1) as f64;
        for (bar_index, stack) in row.bars.iter().enumerate() {
            let top = row_bottom(index) + 0.9 - slice * bar_index as f64;
            let bottom = top - slice * 0.9;
            let mut start = origin;
            for (value, colour) in stack {
                let end = if origin > 0.0 { *value } else { start + value };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(start, top), (end, bottom)],
                        colour.filled(),
                    )))
                    .map_err(draw_error)?;
                start = end;
            }
        }
    }
    for reference in references {
        let (bottom, top) = (
            row_bottom(reference.row) + 0.05,
            row_bottom(reference.row) + 0.95,
        );
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(reference.value, bottom), (reference.value, top)],
                BLACK.stroke_width(3),
            )))
            .map_err(draw_error)?;
        // Above the tick, in the gap between rows, so it never covers a bar.
        let font =
            TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
        chart
            .draw_series(std::iter::once(Text::new(
                reference.label.clone(),
                (reference.value, top),
                font,
            )))
            .map_err(draw_error)?;
    }
    Ok(())
}
