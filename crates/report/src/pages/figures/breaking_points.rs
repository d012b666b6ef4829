//! The caption of the [`BreakingPoints`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::scale::{breaking_points, in_flight, most_in_flight, not_run_anywhere};
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
        let points: Vec<Vec<_>> = self
            .workloads
            .iter()
            .map(|w| breaking_points(data, w))
            .collect();
        for (workload, points) in self.workloads.iter().zip(&points) {
            let figures: Vec<String> = points
                .iter()
                .filter(|p| !not_run_anywhere(std::slice::from_ref(points), &p.model))
                .map(|p| match most_in_flight(data, workload, &p.model) {
                    Some(most) => format!(
                        "`{}` {:.0} in flight (asked {}, efficiency {:.2})",
                        p.model,
                        in_flight(most),
                        most.concurrency,
                        most.efficiency
                    ),
                    None => format!("`{}` none completed", p.model),
                })
                .collect();
            text.push_str(&format!(" {workload}, the most: {}.", figures.join(", ")));
        }
        let mut left_out: Vec<String> = points
            .iter()
            .flatten()
            .filter(|p| not_run_anywhere(&points, &p.model))
            .map(|p| format!("`{}`", p.model))
            .collect();
        left_out.sort();
        left_out.dedup();
        if !left_out.is_empty() {
            text.push_str(&format!(
                " Left out of the chart, as they were not run at any level: {}.",
                format::and_list(&left_out)
            ));
        }
        text
    }
}
