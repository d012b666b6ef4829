//! The caption of the [`BreakingPoints`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::scale::{breaking_points, completed_levels, in_flight};
use crate::pages::format;

use super::Figure;
use crate::charts::BreakingPoints;

impl Figure for BreakingPoints {
    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "How far each model really got: a dot for every level at which it finished every \
             repeat with every request answered, placed at the most requests it had in flight \
             at once there by its own records (from a request's start to its response \
             headers), the median over the repeats (a thread pool asked for 10,000 may never \
             have that many out). A hollow dot stands on a single run. The note gives the most \
             over those levels, and the next level up, where the model failed or was not run \
             (the table \"Where each model breaks\" says what stopped it).",
        );
        let mut not_run = Vec::new();
        for (workload, points) in self.workloads.iter().map(|w| (w, breaking_points(data, w))) {
            let figures: Vec<String> = points
                .iter()
                .filter_map(|p| {
                    let levels = completed_levels(data, workload, &p.model);
                    let most = levels
                        .iter()
                        .max_by(|a, b| in_flight(a).total_cmp(&in_flight(b)));
                    match most {
                        Some(most) => Some(format!(
                            "`{}` {:.0} in flight (asked {}, efficiency {:.2})",
                            p.model,
                            in_flight(most),
                            most.concurrency,
                            most.efficiency
                        )),
                        None => {
                            if !not_run.contains(&p.model) {
                                not_run.push(p.model.clone());
                            }
                            None
                        }
                    }
                })
                .collect();
            text.push_str(&format!(" {workload}, the most: {}.", figures.join(", ")));
        }
        if !not_run.is_empty() {
            let names: Vec<String> = not_run.iter().map(|m| format!("`{m}`")).collect();
            text.push_str(&format!(
                " Left out, as they completed no level here: {}.",
                format::and_list(&names)
            ));
        }
        text
    }
}
