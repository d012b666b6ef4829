//! The caption of the [`Lanes`] chart: the figures for `templates/figures/lanes.md`.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::models::label;
use crate::analysis::timeline::{lanes, most_holding_at_once};
use crate::charts::Lanes;
use crate::charts::timeline::GIL_LANES;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(chart: &Lanes, data: &ReportData) -> Value {
    let timelines = chart.panels(data);
    let panels: Vec<_> = timelines
        .iter()
        .map(|t| {
            context! {
                label => label(&t.model),
                requests => t.records.len(),
                threads => lanes(t).len(),
                wall_ms => t.wall_ms,
            }
        })
        .collect();
    let held: Vec<_> = timelines
        .iter()
        .filter_map(|t| {
            let most = most_holding_at_once(&t.records)?;
            let stretches: usize = t.records.iter().map(|r| r.holds_ms.len()).sum();
            Some(context! { model => t.model, stretches, most })
        })
        .collect();
    // From a page's arrival to its end, the median over the run.
    let processing: Vec<_> = timelines
        .iter()
        .filter_map(|t| {
            let spans = t.records.iter().filter_map(|r| Some(r.end_ms - r.body_ms?));
            let ms = crate::analysis::Spread::of(spans).median;
            (ms > 0.0).then(|| context! { label => label(&t.model), ms })
        })
        .collect();
    context! {
        gil => chart.models == GIL_LANES.3,
        concurrency => chart.concurrency,
        cpu_work => chart.cpu_work,
        processing,
        held,
        panels,
    }
}
