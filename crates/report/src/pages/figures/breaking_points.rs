//! The caption of the [`BreakingPoints`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::scale::breaking_points;
use crate::analysis::scale::reached;

use super::Figure;
use crate::charts::BreakingPoints;

impl Figure for BreakingPoints {
    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "How far each model really got: at the highest concurrency where it finished every \
             repeat with every request answered, the most requests the mock server saw in flight \
             at once (a thread pool asked for 10,000 may never have that many out). A model with \
             no bar completed no level, or was not run (the table \"Where each model breaks\" \
             says which, and what stopped each at the next level). ",
        );
        for (workload, points) in self.workloads.iter().map(|w| (w, breaking_points(data, w))) {
            let figures: Vec<String> = points
                .iter()
                .map(
                    |p| match (p.completed, reached(data, workload, &points, &p.model)) {
                        (Some(level), Some((in_flight, efficiency))) => format!(
                            "{} {in_flight:.0} in flight at {level} (efficiency {efficiency:.2})",
                            p.model
                        ),
                        _ => format!("{} none", p.model),
                    },
                )
                .collect();
            text.push_str(&format!("{workload}: {}. ", figures.join(", ")));
        }
        text.trim_end().to_owned()
    }
}
