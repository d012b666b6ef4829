//! The caption of the [`ServerScaleOut`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::charts::scale::instances_label;

use super::Figure;
use crate::charts::ServerScaleOut;

impl Figure for ServerScaleOut {
    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .groups(data)
            .iter()
            .map(|s| {
                format!(
                    "{}: efficiency {:.2}, wall {:.0} ms, server {} us per request",
                    instances_label(s),
                    s.efficiency,
                    s.wall_ms.median,
                    s.server_cpu_us_per_request
                        .map_or("-".into(), |us| format!("{us:.0}"))
                )
            })
            .collect();
        format!(
            "One wiremock instance serves on one thread; a scaled-out server runs several, each \
             on its own thread and port, with the job's targets spread over them. Same job, \
             same model, same concurrency. {}.",
            figures.join("; ")
        )
    }
}
