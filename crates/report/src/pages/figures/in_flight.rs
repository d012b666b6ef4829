//! The caption of the [`InFlightOverTime`] chart: the figures for
//! `templates/figures/in_flight.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::charts::InFlightOverTime;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &InFlightOverTime, data: &ReportData) -> Value {
    let panels = chart.panels(data);
    context! {
        panels => panels
            .iter()
            .map(|t| context! {
                model => t.model,
                client => t.client_peak_in_flight,
                server => t.server_peak_in_flight,
            })
            .collect::<Vec<_>>(),
        server_counted => panels.iter().any(|t| t.server_peak_in_flight > 0),
    }
}
