//! The caption of the [`Latency`] chart: the figures for `templates/figures/latency.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::charts::Latency;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Latency, data: &ReportData) -> Value {
    let level = data.comparison_level(&chart.workload);
    let summaries = level.map_or_else(Vec::new, |level| data.at_level(&chart.workload, level));
    let widest = |gap: fn(&&crate::Summary) -> Option<f64>| {
        summaries
            .iter()
            .filter_map(|s| Some((s, gap(s)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
    };
    context! {
        level,
        response => summaries.iter().any(|s| s.response_p50_ms.is_some()),
        widest => widest(|s| Some(s.p99_ms - s.p50_ms))
            .map(|(s, _)| context! { model => s.model, p50 => s.p50_ms, p99 => s.p99_ms }),
        waited => widest(|s| Some(s.response_p50_ms? - s.p50_ms)).map(|(s, wait)| context! {
            model => s.model,
            response_p50 => s.response_p50_ms.unwrap_or_default(),
            p50 => s.p50_ms,
            wait,
        }),
    }
}
