//! Point markers: what a point of a measured series stands on (a median of clean runs, a
//! single run, runs with failures), how each is drawn, and the legend entries that say so.

use plotters::coord::ranged1d::Ranged;
use plotters::prelude::*;

use super::canvas::draw_error;
use super::legend::{GREY, LegendEntry, Mark};
use crate::analysis::Summary;

/// What a point of a measured line stands on, drawn as a different marker each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PointMark {
    /// The median of this many repeats, every request of every one answered: a filled dot.
    Median(usize),
    /// A single run, every request answered: a hollow dot.
    Single,
    /// Runs in which requests failed (timed out, were refused), or repeats beside it that
    /// failed as a whole: a cross.
    Failed,
}

impl PointMark {
    /// How `summary`'s point stands.
    pub fn of(summary: &Summary) -> Self {
        if summary.failed > 0 || summary.failed_runs > 0 {
            PointMark::Failed
        } else if summary.runs < 2 {
            PointMark::Single
        } else {
            PointMark::Median(summary.runs)
        }
    }
}

/// The plotting area of a chart over the axes `X` and `Y`.
pub(crate) type Plot<'a, X, Y> = DrawingArea<SVGBackend<'a>, Cartesian2d<X, Y>>;

/// One point's marker: a filled dot, a hollow one, or a cross (see [`PointMark`]).
pub(crate) fn draw_mark<X, Y>(
    plot: &Plot<'_, X, Y>,
    point: (f64, f64),
    mark: PointMark,
    colour: RGBColor,
) -> Result<(), String>
where
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    match mark {
        PointMark::Median(_) => plot.draw(&Circle::new(point, 4, colour.filled())),
        PointMark::Single => [WHITE.filled(), colour.stroke_width(2)]
            .into_iter()
            .try_for_each(|style| plot.draw(&Circle::new(point, 5, style))),
        PointMark::Failed => [[(-6, -6), (6, 6)], [(-6, 6), (6, -6)]]
            .into_iter()
            .try_for_each(|ends| {
                let stroke = PathElement::new(ends.to_vec(), colour.stroke_width(3));
                plot.draw(&(EmptyElement::at(point) + stroke))
            }),
    }
    .map_err(draw_error)
}

/// The legend entries for the markers `marks` uses (a line's unmeasured points left out).
pub(crate) fn mark_entries(marks: impl IntoIterator<Item = PointMark>) -> Vec<LegendEntry> {
    let marks: Vec<PointMark> = marks.into_iter().collect();
    let runs = marks.iter().filter_map(|mark| match mark {
        PointMark::Median(runs @ 1..) => Some(*runs),
        _ => None,
    });
    let mut entries = Vec::new();
    if let (Some(fewest), Some(most)) = (runs.clone().min(), runs.max()) {
        let runs = if fewest == most {
            format!("{most}")
        } else {
            format!("{fewest}-{most}")
        };
        let label = format!("median of {runs} clean runs");
        entries.push(LegendEntry::new(label, GREY, Mark::Dot { filled: true }));
    }
    if marks.contains(&PointMark::Single) {
        let single = LegendEntry::new("a single clean run", GREY, Mark::Dot { filled: false });
        entries.push(single);
    }
    if marks.contains(&PointMark::Failed) {
        entries.push(LegendEntry::new(
            "requests or repeats failed",
            GREY,
            Mark::Cross,
        ));
    }
    entries
}
