//! The caption of the [`Cooperative`] chart: its figures for `templates/figures/cooperative.md`.

use minijinja::context;

use super::notes::{hidden_pairs, marks};
use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::charts::Cooperative;

impl Figure for Cooperative {
    fn caption(&self, data: &ReportData) -> String {
        let (median, tail) = (self.lines(data, false), self.lines(data, true));
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
        caption(
            "cooperative",
            context! {
                response => self.response(data),
                work,
                lines,
                left => hidden_pairs(&median),
                right => hidden_pairs(&tail),
                marks => marks(&tail),
            },
        )
    }
}
