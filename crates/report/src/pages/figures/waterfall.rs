//! The caption of the [`Waterfall`] chart: the figures for `templates/figures/waterfall.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::charts::Waterfall;
use crate::charts::timeline::visible_phases;
use fanout_core::in_flight::peak_in_flight;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Waterfall, data: &ReportData) -> Value {
    let timelines = chart.panels(data);
    let panels: Vec<_> = timelines
        .iter()
        .map(|t| {
            context! { model => t.model, wall_ms => t.wall_ms, in_flight => peak_in_flight(&t.records) }
        })
        .collect();
    let phases: Vec<String> = visible_phases(&timelines)
        .iter()
        .map(|phase| format!("{phase:?}"))
        .collect();
    context! { phases, panels }
}
