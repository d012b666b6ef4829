//! The caption of the [`Waterfall`] chart: its figures for `templates/figures/waterfall.md`.

use minijinja::context;

use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::charts::Waterfall;
use crate::charts::timeline::visible_phases;
use fanout_core::in_flight::peak_in_flight;

impl Figure for Waterfall {
    fn caption(&self, data: &ReportData) -> String {
        let timelines = self.panels(data);
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
        caption("waterfall", context! { phases, panels })
    }
}
