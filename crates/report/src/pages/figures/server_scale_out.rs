//! The caption of the [`ServerScaleOut`] chart: its figures for
//! `templates/figures/server_scale_out.md`.

use minijinja::context;

use super::{Figure, caption};
use crate::analysis::ReportData;
use crate::charts::ServerScaleOut;
use crate::charts::scale::instances_label;

impl Figure for ServerScaleOut {
    fn caption(&self, data: &ReportData) -> String {
        let groups: Vec<_> = self
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
        caption("server_scale_out", context! { groups })
    }
}
