//! The caption of the [`InFlightOverTime`] chart: its figures for
//! `templates/figures/in_flight.md`.

use minijinja::context;

use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::charts::InFlightOverTime;

impl Figure for InFlightOverTime {
    fn caption(&self, data: &ReportData) -> String {
        let panels = self.panels(data);
        caption(
            "in_flight",
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
            },
        )
    }
}
