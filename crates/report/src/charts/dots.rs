//! Dot plots: one labelled row per model, each row one or more lines of dots with their
//! intervals, on a linear or a log axis. Where bars would have to start at zero, dots need not:
//! a dot's position is its value, so a narrow range can be drawn wide enough to read, and a log
//! axis is honest.

use std::ops::Range;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axes::{log_label, log_ticks, number};
use super::bars::{row_axes, row_bottom};
use super::canvas::{Area, FONT, draw_error};
use super::marks::{PointMark, draw_mark};
use super::style::style;
use crate::analysis::Summary;
use crate::analysis::models;

/// One line of dots within a row: a value or a few, each with its interval, and a span drawn
/// as a thick bar between two values (a median and a tail).
pub(crate) struct DotLine {
    pub colour: RGBColor,
    pub dots: Vec<Dot>,
    /// A thick stroke from one value to another, under the dots; `None` for none.
    pub span: Option<(f64, f64)>,
    /// Written right of the axis, level with the line.
    pub note: String,
}

/// One dot: its value, how it stands, and its 95% interval where it has one.
pub(crate) struct Dot {
    pub value: f64,
    pub mark: DotMark,
    pub interval: Option<(f64, f64)>,
}

impl Dot {
    /// A measured value, marked as `summary` stands, with its interval.
    pub fn point(value: f64, summary: &Summary, interval: Option<(f64, f64)>) -> Self {
        let mark = DotMark::Point(PointMark::of(summary));
        Self {
            value,
            mark,
            interval,
        }
    }

    /// A tick at `value`, with no interval.
    pub fn tick(value: f64) -> Self {
        Self {
            value,
            mark: DotMark::Tick,
            interval: None,
        }
    }
}

/// A dot's marker: a point of a measured group, or a tick (the end of a span).
#[derive(Clone, Copy)]
pub(crate) enum DotMark {
    Point(PointMark),
    Tick,
}

/// One labelled row, its lines top to bottom.
pub(crate) struct DotRow {
    pub label: String,
    pub lines: Vec<DotLine>,
}

impl DotRow {
    /// A row of one line of `dots`, `note` beside it.
    pub fn one(label: String, colour: RGBColor, dots: Vec<Dot>, note: String) -> Self {
        let line = DotLine {
            colour,
            dots,
            span: None,
            note,
        };
        Self {
            label,
            lines: vec![line],
        }
    }

    /// A model's row: one dot at `value`, coloured as the model is everywhere and marked as
    /// `summary` stands, with its interval and `note` beside it.
    pub fn model(
        summary: &Summary,
        value: f64,
        interval: Option<(f64, f64)>,
        note: String,
    ) -> Self {
        let colour = style(&summary.model).colour;
        let dot = Dot::point(value, summary, interval);
        Self::one(models::label(&summary.model), colour, vec![dot], note)
    }
}

/// The value axis of a dot plot.
pub(crate) enum Scale {
    /// Linear over the range (which need not start at zero: dots are not bars).
    Linear(Range<f64>),
    /// Logarithmic over the range, labelled at 1, 2 and 5 times each power of ten.
    Log(Range<f64>),
}

/// Draws `rows` on `plot` over `scale`, the axis described as `x_desc`. A value past the
/// axis's end is drawn at the end as a triangle pointing on (its note should give its value).
pub(crate) fn dot_chart(
    plot: &Area<'_>,
    scale: Scale,
    x_desc: &str,
    rows: &[DotRow],
) -> Result<(), String> {
    match scale {
        Scale::Linear(range) => draw(plot, range.clone(), range, x_desc, rows, &|v| number(*v)),
        Scale::Log(range) => {
            let ticks = log_ticks(&range);
            let spec = range.clone().log_scale().with_key_points(ticks);
            draw(plot, spec, range, x_desc, rows, &|v| log_label(*v))
        }
    }
}

fn draw<X>(
    plot: &Area<'_>,
    x_spec: X,
    range: Range<f64>,
    x_desc: &str,
    rows: &[DotRow],
    label: &dyn Fn(&f64) -> String,
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    X::CoordDescType: plotters::coord::ranged1d::ValueFormatter<f64>,
{
    let count = rows.len().max(1);
    let row_bottom = |index: usize| row_bottom(count, index);
    let label_width = rows.iter().map(|r| r.label.len()).max().unwrap_or(8) as u32 * 8 + 16;
    // Right of the axis, a column as wide as the longest note (12-pixel text).
    let longest_note = rows
        .iter()
        .flat_map(|r| r.lines.iter().map(|l| l.note.chars().count()))
        .max()
        .unwrap_or(0) as u32;
    let notes_width = longest_note * 7 + 24;
    // About one number per 80 pixels, so they never run together.
    let x_labels = (plot
        .dim_in_pixel()
        .0
        .saturating_sub(notes_width + label_width)
        / 80)
        .max(3) as usize;
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    let chart = row_axes(
        plot,
        x_spec,
        &labels,
        notes_width,
        (x_labels, label),
        x_desc,
    )?;
    let area = chart.plotting_area();
    let note_font = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    let clamp = |v: f64| v.clamp(range.start, range.end);
    for (index, row) in rows.iter().enumerate() {
        let lines = row.lines.len().max(1);
        for (line_index, line) in row.lines.iter().enumerate() {
            // Lines spread over the middle of the row, the first at the top.
            let y = row_bottom(index) + 1.0 - (line_index as f64 + 1.0) / (lines as f64 + 1.0);
            let stroke = |from: f64, to: f64, width: u32| {
                let style = line.colour.stroke_width(width);
                area.draw(&PathElement::new(
                    vec![(clamp(from), y), (clamp(to), y)],
                    style,
                ))
                .map_err(draw_error)
            };
            if let Some((from, to)) = line.span {
                stroke(from, to, 5)?;
            }
            for dot in &line.dots {
                if let Some((low, high)) = dot.interval {
                    stroke(low, high, 2)?;
                    for v in [low, high].into_iter().filter(|v| range.contains(v)) {
                        let cap =
                            PathElement::new(vec![(0, -5), (0, 5)], line.colour.stroke_width(2));
                        area.draw(&(EmptyElement::at((v, y)) + cap))
                            .map_err(draw_error)?;
                    }
                }
                let at = (clamp(dot.value), y);
                let end = EmptyElement::at(at);
                match dot.mark {
                    // Past the axis's end: a triangle pointing on.
                    _ if dot.value > range.end => {
                        let arrow = vec![(-2, -7), (10, 0), (-2, 7)];
                        area.draw(&(end + Polygon::new(arrow, line.colour.filled())))
                            .map_err(draw_error)?
                    }
                    DotMark::Point(mark) => draw_mark(area, at, mark, line.colour)?,
                    DotMark::Tick => {
                        let tick =
                            PathElement::new(vec![(0, -7), (0, 7)], line.colour.stroke_width(3));
                        area.draw(&(end + tick)).map_err(draw_error)?
                    }
                }
            }
            if !line.note.is_empty() {
                // In a column of their own right of the axis, so no note covers a dot.
                let pixel = chart.backend_coord(&(range.end, y));
                let (base_x, base_y) = plot.get_base_pixel();
                plot.draw(&Text::new(
                    line.note.clone(),
                    (pixel.0 - base_x + 14, pixel.1 - base_y),
                    note_font.clone(),
                ))
                .map_err(draw_error)?;
            }
        }
    }
    Ok(())
}

/// A model's row of wall time: its median with the median's 95% interval, and the time
/// written beside it.
pub(crate) fn wall_row(summary: &Summary) -> DotRow {
    let wall = &summary.wall_ms;
    DotRow::model(
        summary,
        wall.median,
        wall.interval,
        format!("{:.0} ms", wall.median),
    )
}

/// A linear range around `values` with some room each side, for dots (which need not start
/// at zero); `None` when there are none.
pub(crate) fn padded_range(values: impl IntoIterator<Item = f64>) -> Option<Range<f64>> {
    let values: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if values.is_empty() {
        return None;
    }
    let room = ((high - low) * 0.08).max(high.abs() * 0.01).max(1e-9);
    Some((low - room).max(0.0)..high + room)
}
