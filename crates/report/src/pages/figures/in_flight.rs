//! The caption of the [`InFlightOverTime`] chart: what it shows, with its figures.

use crate::analysis::ReportData;

use super::Figure;
use crate::charts::InFlightOverTime;

impl Figure for InFlightOverTime {
    fn caption(&self, data: &ReportData) -> String {
        let panels = self.panels(data);
        let figures: Vec<String> = panels
            .iter()
            .map(|t| {
                if t.server_peak_in_flight > 0 {
                    format!(
                        "`{}` at most {} (the server held at most {} in their injected delay)",
                        t.model, t.client_peak_in_flight, t.server_peak_in_flight
                    )
                } else {
                    format!("`{}` at most {}", t.model, t.client_peak_in_flight)
                }
            })
            .collect();
        let server_note = if panels.iter().all(|t| t.server_peak_in_flight == 0) {
            " The mock server counts a request only while it holds it for its injected delay, \
             so on a workload without latency it has nothing to count."
        } else {
            ""
        };
        format!(
            "How many requests each model had sent and not yet had answered, over one run (its \
             first repeat), by the model's own records; the dashed line is the concurrency \
             asked for. Each panel spans its own run up to its last answer (its title gives the \
             run's whole time); a run of more than 5,000 requests \
             keeps a sample of its records, and its curve was computed from every one before \
             sampling. Most in flight: {}.{server_note}",
            figures.join("; ")
        )
    }
}
