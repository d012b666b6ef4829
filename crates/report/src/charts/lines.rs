//! Line charts: one line per model, solid or dashed as the model is drawn everywhere, a marker at
//! every point, and the legend entries that match.

use plotters::prelude::*;

use super::axes::{data_ticks, house_style, log_label, log_range, log_ticks, number, zero_range};
use super::canvas::{Area, draw_error};
use super::legend::{LegendEntry, Mark, fit};
use super::marks::{PointMark, draw_mark, mark_entries};
use crate::analysis::{ReportData, Summary};
use crate::charts::style;

/// One line of a line chart.
pub(crate) struct Line {
    pub label: String,
    pub colour: RGBColor,
    pub dashed: bool,
    pub points: Vec<(f64, f64)>,
    /// How each point stands: on a median of clean repeats, on a single clean run, or on runs
    /// with failed requests; empty for a line that is not measured (the ideal), drawn filled.
    pub marks: Vec<PointMark>,
    /// Error bars: (x, low, high), drawn as a vertical bar with caps.
    pub errors: Vec<(f64, f64, f64)>,
}

impl Line {
    /// A model's line, styled as the model is everywhere.
    pub fn model(model: &str, points: Vec<(f64, f64)>) -> Self {
        let style = style::style(model);
        Self {
            colour: style.colour,
            dashed: style.dashed,
            ..Self::reference(style.label, points)
        }
    }

    /// A reference line (an ideal), black and dashed, its points standing on nothing.
    pub fn reference(label: String, points: Vec<(f64, f64)>) -> Self {
        Self {
            label,
            colour: RGBColor(0, 0, 0),
            dashed: true,
            points,
            marks: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// How the point at `index` stands (a median, for a line that does not say).
    pub fn mark(&self, index: usize) -> PointMark {
        self.marks
            .get(index)
            .copied()
            .unwrap_or(PointMark::Median(0))
    }

    fn legend_entry(&self) -> LegendEntry {
        let mark = Mark::Line {
            dashed: self.dashed,
        };
        LegendEntry::new(self.label.clone(), self.colour, mark)
    }
}

/// The x of every point of `lines`.
pub(crate) fn xs(lines: &[Line]) -> impl Iterator<Item = f64> + Clone + '_ {
    lines.iter().flat_map(|l| l.points.iter().map(|p| p.0))
}

/// The y of every point of `lines`.
pub(crate) fn ys(lines: &[Line]) -> impl Iterator<Item = f64> + Clone + '_ {
    lines.iter().flat_map(|l| l.points.iter().map(|p| p.1))
}

/// The chart builder of a line chart: its margins, and `y_label_area` pixels for the numbers
/// and the description of the y axis.
pub(crate) fn builder<'a, 'b>(
    plot: &'a Area<'b>,
    y_label_area: u32,
) -> ChartBuilder<'a, 'b, SVGBackend<'b>> {
    let mut builder = ChartBuilder::on(plot);
    builder
        .margin(16)
        .x_label_area_size(50)
        .y_label_area_size(y_label_area);
    builder
}

/// Where a line ends on the canvas (in pixels), for labelling it there.
pub(crate) struct LineEnd {
    pub pixel: (i32, i32),
    pub entry: LegendEntry,
}

/// A log-log line chart with markers at every point; a line of one point is just its marker.
/// Returns where each line ends, for [`end_labels`].
pub(crate) fn log_log_chart(
    plot: &Area<'_>,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
) -> Result<Vec<LineEnd>, String> {
    let y_range = log_range(ys(lines));
    let mut chart = builder(plot, 70)
        .build_cartesian_2d(
            log_range(xs(lines))
                .log_scale()
                .with_key_points(data_ticks(xs(lines))),
            y_range
                .clone()
                .log_scale()
                .with_key_points(log_ticks(&y_range)),
        )
        .map_err(draw_error)?;
    house_style(&mut chart.configure_mesh())
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(&|v| log_label(*v))
        .draw()
        .map_err(draw_error)?;
    draw_lines(&mut chart, lines)?;
    Ok(lines
        .iter()
        .filter_map(|line| {
            let last = line.points.last()?;
            Some(LineEnd {
                pixel: chart.backend_coord(last),
                entry: line.legend_entry(),
            })
        })
        .collect())
}

/// Labels each line beside the plot, level with where it ends, instead of a legend: labels
/// that would overlap are moved apart, each joined to its line's end by a thin leader, so
/// lines that end together are named together.
pub(crate) fn end_labels(area: &Area<'_>, ends: &[LineEnd]) -> Result<(), String> {
    let (base_x, base_y) = area.get_base_pixel();
    let height = area.dim_in_pixel().1 as i32;
    let (spacing, size) = fit(area, (32, 20), (20, 14), ends.iter().map(|e| &e.entry));
    const SPACING_FLOOR: i32 = 8;
    let mut order: Vec<usize> = (0..ends.len()).collect();
    order.sort_by_key(|&i| ends[i].pixel.1);
    let mut ys: Vec<i32> = order.iter().map(|&i| ends[i].pixel.1 - base_y).collect();
    for k in 1..ys.len() {
        ys[k] = ys[k].max(ys[k - 1] + spacing);
    }
    if let Some(last) = ys.last_mut() {
        *last = (*last).min(height - 12);
    }
    for k in (0..ys.len().saturating_sub(1)).rev() {
        ys[k] = ys[k].min(ys[k + 1] - spacing);
    }
    // Pushed up past the top, they come down again, as many as fit already do.
    if let Some(&first) = ys.first()
        && first < SPACING_FLOOR
    {
        for y in &mut ys {
            *y += SPACING_FLOOR - first;
        }
    }
    let font = (super::canvas::FONT, size).into_font().color(&BLACK);
    for (&index, &y) in order.iter().zip(&ys) {
        let end = &ends[index];
        let from = (end.pixel.0 - base_x + 6, end.pixel.1 - base_y);
        area.draw(&PathElement::new(
            vec![from, (2, y)],
            end.entry.colour.mix(0.6).stroke_width(1),
        ))
        .map_err(draw_error)?;
        let dashes: &[(i32, i32)] = match end.entry.mark {
            Mark::Line { dashed: true } => &[(4, 10), (14, 20)],
            _ => &[(2, 22)],
        };
        for &(from, to) in dashes {
            let style = end.entry.colour.stroke_width(3);
            area.draw(&PathElement::new(vec![(from, y), (to, y)], style))
                .map_err(draw_error)?;
        }
        area.draw(&Text::new(
            end.entry.label.clone(),
            (28, y - size / 2),
            font.clone(),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}

/// A line chart on linear axes from zero, with markers at every point.
pub(crate) fn linear_chart(
    plot: &Area<'_>,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
) -> Result<(), String> {
    chart_from_zero(plot, x_desc, y_desc, lines, zero_range(xs(lines)))
}

/// The same with a log x axis labelled only where the lines have points (1, 2, 4 threads
/// stand evenly apart), from a little before the first to a little after the last.
pub(crate) fn linear_chart_at_points(
    plot: &Area<'_>,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
) -> Result<(), String> {
    let xs = data_ticks(xs(lines));
    let (first, last) = (
        xs.first().copied().unwrap_or(0.0),
        xs.last().copied().unwrap_or(1.0),
    );
    let x_axis = ((first / 1.25)..(last * 1.25))
        .log_scale()
        .with_key_points(xs);
    chart_from_zero(plot, x_desc, y_desc, lines, x_axis)
}

/// The lines over the x axis `x_axis` and a linear y axis from zero.
fn chart_from_zero<X>(
    plot: &Area<'_>,
    x_desc: &str,
    y_desc: &str,
    lines: &[Line],
    x_axis: X,
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::AsRangedCoord<Value = f64>,
    X::CoordDescType: plotters::coord::ranged1d::Ranged<ValueType = f64>
        + plotters::coord::ranged1d::ValueFormatter<f64>,
{
    // The error bars' ends too, so no interval is cut off at the top.
    let y_range =
        zero_range(ys(lines).chain(lines.iter().flat_map(|l| l.errors.iter().map(|e| e.2))));
    let mut chart = builder(plot, 70)
        .build_cartesian_2d(x_axis, y_range)
        .map_err(draw_error)?;
    house_style(&mut chart.configure_mesh())
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(&|v| number(*v))
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
        // Error bars first, so the line and its markers stay on top.
        let bar_style = line.colour.stroke_width(2);
        chart
            .draw_series(
                line.errors
                    .iter()
                    .map(|&(x, low, high)| PathElement::new(vec![(x, low), (x, high)], bar_style)),
            )
            .map_err(draw_error)?;
        chart
            .draw_series(line.errors.iter().flat_map(|&(x, low, high)| {
                [low, high].map(|y| {
                    EmptyElement::at((x, y)) + PathElement::new(vec![(-5, 0), (5, 0)], bar_style)
                })
            }))
            .map_err(draw_error)?;
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
        for (index, &point) in line.points.iter().enumerate() {
            draw_mark(chart.plotting_area(), point, line.mark(index), line.colour)?;
        }
    }
    Ok(())
}

/// One line per model on `workload`: `measure` against concurrency.
pub(crate) fn model_lines(
    data: &ReportData,
    workload: &str,
    measure: impl Fn(&Summary) -> f64,
) -> Vec<Line> {
    model_lines_with_intervals(data, workload, measure, |_| None)
}

/// The same, each point with the interval `interval` gives it, drawn as an error bar.
pub(crate) fn model_lines_with_intervals(
    data: &ReportData,
    workload: &str,
    measure: impl Fn(&Summary) -> f64,
    interval: impl Fn(&Summary) -> Option<(f64, f64)>,
) -> Vec<Line> {
    data.models(workload)
        .iter()
        .map(|model| {
            let series = data.series(workload, model);
            let point = |s: &&Summary| (s.concurrency as f64, measure(s));
            let points = series.iter().map(point).collect();
            let marks = series.iter().map(|s| PointMark::of(s)).collect();
            let errors = series
                .iter()
                .filter_map(|s| {
                    let (low, high) = interval(s)?;
                    Some((s.concurrency as f64, low, high))
                })
                .collect();
            Line {
                marks,
                errors,
                ..Line::model(model, points)
            }
        })
        .filter(|line| !line.points.is_empty())
        .collect()
}

/// The legend entries of a set of lines, a line hidden under another starred, then what
/// their markers stand on.
pub(crate) fn line_legend(lines: &[Line]) -> Vec<LegendEntry> {
    let mut entries: Vec<LegendEntry> = lines.iter().map(Line::legend_entry).collect();
    mark_hidden(&mut entries, lines, " *");
    let marks = lines
        .iter()
        .flat_map(|line| (0..line.points.len()).map(|i| line.mark(i)));
    entries.extend(mark_entries(marks));
    entries
}

/// The legend of two panels of the same models: [`line_legend`] of the left, a line hidden on
/// the right daggered.
pub(crate) fn paired_legend(left: &[Line], right: &[Line]) -> Vec<LegendEntry> {
    let mut entries = line_legend(left);
    mark_hidden(&mut entries, right, " \u{2020}");
    entries
}

/// Appends `sign` to the entry of each line of `lines` that [`hidden`] finds.
fn mark_hidden(entries: &mut [LegendEntry], lines: &[Line], sign: &str) {
    for (under, _) in hidden(lines) {
        entries[under].label.push_str(sign);
    }
}

/// The lines drawn under a later one that has the same values (within 3%) at every one of
/// their points, so that they cannot be seen: (hidden, on top).
pub(crate) fn hidden(lines: &[Line]) -> Vec<(usize, usize)> {
    let covers = |top: &Line, under: &Line| {
        !under.points.is_empty()
            && under.points.iter().all(|&(x, y)| {
                top.points
                    .iter()
                    .any(|&(tx, ty)| tx == x && (ty - y).abs() <= 0.03 * y.abs().max(ty.abs()))
            })
    };
    (0..lines.len())
        .filter_map(|under| {
            let top = (under + 1..lines.len())
                .rev()
                .find(|&top| covers(&lines[top], &lines[under]))?;
            Some((under, top))
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn line(label: &str, points: &[(f64, f64)]) -> Line {
        Line {
            dashed: false,
            ..Line::reference(label.into(), points.to_vec())
        }
    }

    #[test]
    fn a_line_under_an_identical_later_one_is_marked() {
        let lines = [
            line("blocking-in-async", &[(10.0, 5000.0), (100.0, 5070.0)]),
            line("tokio", &[(10.0, 1000.0), (100.0, 110.0)]),
            line("processes", &[(10.0, 5010.0), (100.0, 5080.0)]),
        ];
        assert_eq!(hidden(&lines), [(0, 2)]);
        let legend = line_legend(&lines);
        assert_eq!(legend[0].label, "blocking-in-async *");
        assert_eq!(legend[2].label, "processes");
    }
}
