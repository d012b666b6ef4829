//! The caption of the [`ServerScaleOut`] chart: the figures for
//! `templates/figures/server_scale_out.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::charts::ServerScaleOut;
use crate::charts::scale::instances_label;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &ServerScaleOut, data: &ReportData) -> Value {
    let groups: Vec<_> = chart
        .groups(data)
        .iter()
        .map(|s| {
            context! {
                label => instances_label(s),
                efficiency => s.efficiency,
                wall_ms => s.wall_ms.median,
                server_us => s.server_cpu_us_per_request,
            }
        })
        .collect();
    context! { groups }
}
