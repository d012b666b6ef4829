//! Horizontal bar charts: one labelled row per model or workload, each row one or more bars, each
//! bar a stack of coloured segments.

use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{house_style, number};
use super::canvas::{Area, FONT, draw_error};
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

/// Horizontal bars from zero over `range`, one labelled row per entry, first row at the top.
/// The value axis numbers no value above `labelled_to`: past it is room for the notes, not data.
pub(crate) fn bar_chart(
    plot: &Area<'_>,
    range: Range<f64>,
    labelled_to: f64,
    x_desc: &str,
    rows: &[BarRow],
    references: &[Reference],
) -> Result<(), String> {
    let count = rows.len().max(1);
    let row_bottom = |index: usize| row_bottom(count, index);
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    // About one number per 90 pixels, so a narrow panel's do not run together.
    let x_labels = (plot.dim_in_pixel().0 / 90).max(3) as usize;
    let chart = row_axes(
        plot,
        range,
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
    let area = chart.plotting_area();
    let note_font = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for (index, row) in rows.iter().enumerate() {
        let count = row.bars.len().max(row.notes.len()).max(1);
        let slice = 0.8 / count as f64;
        for bar_index in 0..count {
            let stack = row.bars.get(bar_index).map_or(&[][..], Vec::as_slice);
            let top = row_bottom(index) + 0.9 - slice * bar_index as f64;
            let bottom = top - slice * 0.9;
            let mut start = 0.0;
            for (value, colour) in stack {
                let end = start + value;
                area.draw(&Rectangle::new(
                    [(start, top), (end, bottom)],
                    colour.filled(),
                ))
                .map_err(draw_error)?;
                start = end;
            }
            if let Some(note) = row.notes.get(bar_index) {
                let at = (start, (top + bottom) / 2.0);
                area.draw(&Text::new(format!(" {note}"), at, note_font.clone()))
                    .map_err(draw_error)?;
            }
        }
    }
    // A reference's label above its tick, in the gap between rows, so it never covers a bar.
    let label_font =
        TextStyle::from((FONT, 14).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
    for reference in references {
        let (x, bottom) = (reference.value, row_bottom(reference.row));
        let tick = vec![(x, bottom + 0.05), (x, bottom + 0.95)];
        area.draw(&PathElement::new(tick, BLACK.stroke_width(3)))
            .map_err(draw_error)?;
        let label = Text::new(
            reference.label.clone(),
            (x, bottom + 0.95),
            label_font.clone(),
        );
        area.draw(&label).map_err(draw_error)?;
    }
    Ok(())
}
