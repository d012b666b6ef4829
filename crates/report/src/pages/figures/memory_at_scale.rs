//! The caption of the [`MemoryAtScale`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::scale::above_idle_mib;
use crate::analysis::scale::in_flight;

use super::Figure;
use crate::charts::MemoryAtScale;

impl Figure for MemoryAtScale {
    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .completed(data)
            .iter()
            .map(|s| {
                let (resident, reserved) = above_idle_mib(s);
                format!(
                    "{} {resident:.0} MiB resident, {reserved:.0} MiB reserved, with at most {:.0} \
                     in flight",
                    s.model,
                    in_flight(s)
                )
            })
            .collect();
        format!(
            "Every model that completed concurrency {} on {} with every request answered: the \
             worker's peak memory minus an idle worker's, resident on the left and reserved \
             (virtual) on the right, each bar from zero; each model is named with the most \
             requests it had in flight at once by its own records (a model that never had many \
             out used less for that reason). {}.",
            self.level,
            self.workload,
            figures.join("; ")
        )
    }
}
