//! The caption of the [`BreakingPoints`] chart: the figures for
//! `templates/figures/breaking_points.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::scale::{breaking_points, in_flight, most_in_flight, not_run_anywhere};
use crate::charts::BreakingPoints;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &BreakingPoints, data: &ReportData) -> Value {
    let points: Vec<Vec<_>> = chart
        .workloads
        .iter()
        .map(|w| breaking_points(data, w))
        .collect();
    let workloads: Vec<_> = chart
        .workloads
        .iter()
        .zip(&points)
        .map(|(workload, points)| {
            let models: Vec<_> = points
                .iter()
                .filter(|p| !not_run_anywhere(std::slice::from_ref(points), &p.model))
                .map(|p| {
                    let most = most_in_flight(data, workload, &p.model).map(|most| {
                        context! {
                            in_flight => in_flight(most),
                            asked => most.concurrency,
                            efficiency => most.efficiency,
                        }
                    });
                    context! { model => p.model, most }
                })
                .collect();
            context! { name => workload, models }
        })
        .collect();
    let mut left_out: Vec<&str> = points
        .iter()
        .flatten()
        .filter(|p| not_run_anywhere(&points, &p.model))
        .map(|p| p.model.as_str())
        .collect();
    left_out.sort();
    left_out.dedup();
    context! { workloads, left_out }
}
