//! Line charts: one line per model, solid or dashed as the model is drawn everywhere, a marker at
//! every point, and the legend entries that match.

use plotters::prelude::*;

use super::axes::{house_style, log_label, log_range};
use super::canvas::{Area, draw_error};
use super::legend::{LegendEntry, Mark};
use crate::style;

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
