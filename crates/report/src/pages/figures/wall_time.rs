//! The caption of the [`WallTime`] chart: the figures for `templates/figures/wall_time.md`.

use minijinja::{Value, context};

use super::notes::{failures, hidden_pairs, marks};
use crate::Summary;
use crate::analysis::ReportData;
use crate::analysis::ties::indistinguishable;
use crate::charts::WallTime;
use fanout_catalog::InFlight;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &WallTime, data: &ReportData) -> Value {
    let data = &chart.subset(data);
    let workload = &chart.workload;
    let has_ideal = data
        .summaries
        .iter()
        .any(|s| s.workload == *workload && s.ideal_ms > 0.0 && s.efficiency > 0.0);
    let level = data.comparison_level(workload);
    let at_level = level.map_or_else(Vec::new, |level| data.at_level(workload, level));
    let by_efficiency = |a: &&&Summary, b: &&&Summary| a.efficiency.total_cmp(&b.efficiency);
    let by_wall = |a: &&&Summary, b: &&&Summary| a.wall_ms.median.total_cmp(&b.wall_ms.median);
    // Against the ideal where there is one, by wall time where there is none.
    let (best, worst) = if has_ideal {
        (
            at_level.iter().max_by(by_efficiency),
            at_level.iter().min_by(by_efficiency),
        )
    } else {
        (
            at_level.iter().min_by(by_wall),
            at_level.iter().max_by(by_wall),
        )
    };
    let group = |s: &&Summary| {
        context! {
            model => s.model,
            wall_ms => s.wall_ms.median,
            efficiency => s.efficiency,
            single => s.wall_ms.interval.is_none(),
            same => indistinguishable(s, &at_level),
        }
    };
    let above = data
        .summaries
        .iter()
        .find(|s| s.workload == *workload && s.efficiency > 1.005)
        .map(|s| context! { model => s.model, concurrency => s.concurrency, efficiency => s.efficiency });
    let capped: Vec<&str> = fanout_catalog::rust_models()
        .filter(|model| model.in_flight == InFlight::Cores)
        .map(|model| model.name)
        .filter(|model| !data.series(workload, model).is_empty())
        .collect();
    let lines = chart.lines(data);
    // The widest error bar, as a share of its median.
    let widest = lines
        .iter()
        .flat_map(|line| {
            line.errors.iter().filter_map(move |&(x, low, high)| {
                let (_, median) = line.points.iter().find(|p| p.0 == x)?;
                Some(((high - low) / 2.0 / median, &line.label, x))
            })
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(share, label, at)| context! { share, label, at });
    context! {
        has_ideal,
        level,
        best => best.map(group),
        worst => worst.map(group),
        above,
        capped,
        hidden => hidden_pairs(&lines),
        marks => marks(&lines),
        failures => failures(data, workload),
        widest,
        free_threaded => chart.family == crate::charts::Family::FreeThreaded,
    }
}
