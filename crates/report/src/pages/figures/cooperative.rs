//! The caption of the [`Cooperative`] chart: the figures for `templates/figures/cooperative.md`.

use minijinja::{Value, context};

use super::notes::{hidden_pairs, marks};
use crate::analysis::ReportData;
use crate::charts::Cooperative;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Cooperative, data: &ReportData) -> Value {
    let (median, tail) = (chart.lines(data, false), chart.lines(data, true));
    let lines: Vec<_> = median
        .iter()
        .zip(&tail)
        .filter_map(|(m, t)| {
            let (_, p50) = m.points.last()?;
            let (_, p99) = t.points.last()?;
            Some(context! { label => m.label, p50, p99 })
        })
        .collect();
    let work = median
        .first()
        .and_then(|l| l.points.last())
        .map_or(0.0, |p| p.0);
    context! {
        response => chart.response(data),
        work,
        lines,
        left => hidden_pairs(&median),
        right => hidden_pairs(&tail),
        marks => marks(&tail),
    }
}
