//! Horizontal bar charts: one labelled row per model or workload, each row one or more bars, each
//! bar a stack of coloured segments; and the dark-and-light legend of a chart that pairs two
//! measures.

use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{house_style, number, zero_range};
use super::canvas::{Area, FONT, canvas, draw_error};
use super::legend::{LegendEntry, Mark, legend};
use crate::analysis::models;
use crate::analysis::summary::Summary;
use crate::charts::style;

/// One row of a horizontal bar chart: a label and its bars, top to bottom; each bar is a stack
/// of (value, colour) segments, drawn left to right.
pub(crate) struct BarRow {
    pub label: String,
    pub bars: Vec<Vec<(f64, RGBColor)>>,
    /// Text written just right of each bar's end (or of the axis's start, for a row with no
    /// bar there), in the bars' order; empty for none.
    pub notes: Vec<String>,
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
            label: models::label(&summary.model),
            bars: bars(summary, style::style(&summary.model).colour),
            notes: Vec::new(),
        })
        .collect()
}

/// How a chart of two measures per model names them: its axis, and the dark and light bars.
pub(crate) struct PairLabels<'a> {
    pub axis: &'a str,
    pub dark: &'a str,
    pub light: &'a str,
}

/// A chart of two measures per model, one row each: the canvas titled `title`, each row's bars
/// from `bars` (the model's colour dark, [`lighter`] for the second measure), the axis from
/// `floor` to past the highest `top`, and the dark-and-light legend.
pub(crate) fn pair_chart(
    svg: &mut String,
    title: &str,
    summaries: &[&Summary],
    bars: impl Fn(&Summary, RGBColor) -> Vec<Vec<(f64, RGBColor)>>,
    top: impl Fn(&Summary) -> f64,
    floor: f64,
    labels: PairLabels<'_>,
) -> Result<(), String> {
    let (plot, legend_area) = canvas(svg, title)?;
    let rows = model_rows(summaries, bars);
    let range = zero_range(summaries.iter().map(|s| top(s)));
    bar_chart(
        &plot,
        floor..range.end,
        floor,
        f64::INFINITY,
        labels.axis,
        &rows,
        &[],
    )?;
    pair_legend(&legend_area, labels.dark, labels.light)
}

/// A colour halfway to white, for the second measure of a pair.
pub(crate) fn lighter(colour: RGBColor) -> RGBColor {
    let mix = |c: u8| c + (255 - c) / 2;
    RGBColor(mix(colour.0), mix(colour.1), mix(colour.2))
}

/// The vertical axis of a bar chart: `rows` rows of height 1, labelled at their centres.
#[derive(Clone)]
pub(crate) struct RowAxis {
    pub rows: usize,
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

/// Where row `index` of `count` starts on the y axis of [`row_axes`]: row 0 is at the top, and
/// row `index` spans y from `count - index - 1` to `count - index`.
pub(crate) fn row_bottom(count: usize, index: usize) -> f64 {
    (count - index - 1) as f64
}

/// The axes of a chart of labelled rows, the first at the top: `labels` down the left, a
/// margin of `margin_right` pixels right of the plot, and the value axis with `x_labels.0`
/// numbers written by `x_labels.1`.
pub(crate) fn row_axes<'a, 'b, X>(
    plot: &'a Area<'b>,
    x_spec: X,
    labels: &[&str],
    margin_right: u32,
    x_labels: (usize, &dyn Fn(&f64) -> String),
    x_desc: &str,
) -> Result<RowChart<'a, 'b, X::CoordDescType>, String>
where
    X: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    X::CoordDescType: plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let count = labels.len().max(1);
    let label_width = labels.iter().map(|l| l.len()).max().unwrap_or(8) as u32 * 8 + 16;
    let mut chart = ChartBuilder::on(plot)
        .margin(16)
        .margin_right(margin_right.max(16))
        .x_label_area_size(50)
        .y_label_area_size(label_width.max(60))
        .build_cartesian_2d(x_spec, RowAxis { rows: count })
        .map_err(draw_error)?;
    let row_label = |y: &f64| {
        let from_top = count as f64 - y - 0.5;
        labels
            .get(from_top.round().max(0.0) as usize)
            .map_or(String::new(), |label| (*label).to_owned())
    };
    house_style(&mut chart.configure_mesh())
        .disable_y_mesh()
        .y_labels(count)
        .y_label_formatter(&row_label)
        .x_labels(x_labels.0)
        .x_label_formatter(x_labels.1)
        .x_desc(x_desc)
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}

/// A chart of labelled rows over the value axis `X` (see [`row_axes`]).
pub(crate) type RowChart<'a, 'b, X> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<X, RowAxis>>;

/// Horizontal bars, one labelled row per entry, first row at the top; bars start at `origin`
/// (0 on a linear scale, 1 on a log scale of ratios). The value axis numbers no value above
/// `labelled_to`: past it is room for the notes, not data.
pub(crate) fn bar_chart<X>(
    plot: &Area<'_>,
    x_spec: X,
    origin: f64,
    labelled_to: f64,
    x_desc: &str,
    rows: &[BarRow],
    references: &[Reference],
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    X::CoordDescType: plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let count = rows.len().max(1);
    let row_bottom = |index: usize| row_bottom(count, index);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    // About one number per 90 pixels, so a narrow panel's do not run together.
    let x_labels = (plot.dim_in_pixel().0 / 90).max(3) as usize;
    let mut chart = row_axes(
        plot,
        x_spec,
        &labels,
        0,
        (x_labels, &|v| {
            if *v <= labelled_to {
                number(*v)
            } else {
                String::new()
            }
        }),
        x_desc,
    )?;
    let note_font = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for (index, row) in rows.iter().enumerate() {
        let count = row.bars.len().max(row.notes.len()).max(1);
        let slice = 0.8 / count as f64;
        for bar_index in 0..count {
            let stack = row.bars.get(bar_index).map_or(&[][..], Vec::as_slice);
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
            if let Some(note) = row.notes.get(bar_index) {
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!(" {note}"),
                        (start, (top + bottom) / 2.0),
                        note_font.clone(),
                    )))
                    .map_err(draw_error)?;
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
