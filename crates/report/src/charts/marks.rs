//! Point markers: what a point of a measured series stands on (a median of clean runs, a
//! single run, runs with failures), how each is drawn, and the legend entries that say so.

use plotters::prelude::*;

use super::canvas::draw_error;
use super::legend::{LegendEntry, Mark};
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

/// One point's marker: a filled dot, a hollow one, or a cross (see [`PointMark`]).
pub(crate) fn draw_mark<X, Y>(
    chart: &mut ChartContext<'_, SVGBackend<'_>, Cartesian2d<X, Y>>,
    point: (f64, f64),
    mark: PointMark,
    colour: RGBColor,
) -> Result<(), String>
where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>,
{
    let drawn = match mark {
        PointMark::Median(_) => {
            chart.draw_series(std::iter::once(Circle::new(point, 4, colour.filled())))
        }
        PointMark::Single => chart.draw_series([
            Circle::new(point, 5, WHITE.filled()),
            Circle::new(point, 5, colour.stroke_width(2)),
        ]),
        PointMark::Failed => chart.draw_series([(-6, -6, 6, 6), (-6, 6, 6, -6)].into_iter().map(
            |(x0, y0, x1, y1)| {
                EmptyElement::at(point)
                    + PathElement::new(vec![(x0, y0), (x1, y1)], colour.stroke_width(3))
            },
        )),
    };
    drawn.map(|_| ()).map_err(draw_error)
}

/// The legend entries for the markers `marks` uses (a line's unmeasured points left out).
pub(crate) fn mark_entries(marks: impl IntoIterator<Item = PointMark>) -> Vec<LegendEntry> {
    let marks: Vec<PointMark> = marks
        .into_iter()
        .filter(|mark| *mark != PointMark::Median(0))
        .collect();
    let mut counts: Vec<usize> = marks
        .iter()
        .filter_map(|mark| match mark {
            PointMark::Median(runs) => Some(*runs),
            _ => None,
        })
        .collect();
    counts.sort_unstable();
    counts.dedup();
    let grey = RGBColor(90, 90, 90);
    let mut entries = Vec::new();
    if let (Some(fewest), Some(most)) = (counts.first(), counts.last()) {
        let runs = if fewest == most {
            format!("{most}")
        } else {
            format!("{fewest}-{most}")
        };
        entries.push(LegendEntry {
            label: format!("median of {runs} clean runs"),
            colour: grey,
            mark: Mark::Dot { filled: true },
        });
    }
    if marks.contains(&PointMark::Single) {
        entries.push(LegendEntry {
            label: "a single clean run".into(),
            colour: grey,
            mark: Mark::Dot { filled: false },
        });
    }
    if marks.contains(&PointMark::Failed) {
        entries.push(LegendEntry {
            label: "requests or repeats failed".into(),
            colour: grey,
            mark: Mark::Cross,
        });
    }
    entries
}
