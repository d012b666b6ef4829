//! The captions of the charts at scale: the figures for
//! `templates/figures/breaking_points.md`, `memory_at_scale.md` and `server_scale_out.md`,
//! one function each.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::scale::{in_flight, most_in_flight, not_run_anywhere};
use crate::charts::scale::instances_label;
use crate::charts::scale::per_request_kib;
use crate::charts::{BreakingPoints, MemoryAtScale, ServerScaleOut};

/// The figures and checks the caption of [`BreakingPoints`] reads.
pub(super) fn breaking_points(chart: &BreakingPoints, data: &ReportData) -> Value {
    let points: Vec<Vec<_>> = chart
        .workloads
        .iter()
        .map(|w| crate::analysis::scale::breaking_points(data, w))
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
    let mut none_completed: Vec<&str> = points
        .iter()
        .flatten()
        .map(|p| p.model.as_str())
        .filter(|model| !left_out.contains(model))
        .filter(|model| {
            chart
                .workloads
                .iter()
                .all(|w| most_in_flight(data, w, model).is_none())
        })
        .collect();
    none_completed.sort();
    none_completed.dedup();
    context! { workloads, left_out, none_completed }
}

/// The figures and checks the caption of [`MemoryAtScale`] reads.
pub(super) fn memory_at_scale(chart: &MemoryAtScale, data: &ReportData) -> Value {
    let (ran, none) = chart.groups(data);
    let ran: Vec<_> = ran
        .iter()
        .map(|s| {
            let (resident, reserved) = per_request_kib(s);
            let lost = s.failed as f64 / (s.ok + s.failed).max(1) as f64;
            context! { model => s.model, resident, reserved, in_flight => in_flight(s), lost }
        })
        .collect();
    let none: Vec<_> = none.iter().map(|s| s.model.clone()).collect();
    context! { level => chart.level, workload => chart.workload, ran, none }
}

/// The figures and checks the caption of [`ServerScaleOut`] reads.
pub(super) fn server_scale_out(chart: &ServerScaleOut, data: &ReportData) -> Value {
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
