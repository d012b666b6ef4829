//! The captions of the charts of time: the figures for `templates/figures/waterfall.md`,
//! `in_flight.md` and `lanes.md`, one function each.

use fanout_core::in_flight::peak_in_flight;
use minijinja::{Value, context};

use crate::analysis::models::label;
use crate::analysis::timeline::most_holding_at_once;
use crate::analysis::{ReportData, Spread};
use crate::charts::timeline::{GIL_LANES, visible_phases};
use crate::charts::{InFlightOverTime, Lanes, Waterfall};

/// The figures and checks the caption of [`Waterfall`] reads.
pub(super) fn waterfall(chart: &Waterfall, data: &ReportData) -> Value {
    let timelines = chart.panels(data);
    let panels: Vec<_> = timelines
        .iter()
        .map(|t| {
            context! { model => t.model, wall_ms => t.wall_ms, in_flight => peak_in_flight(&t.records) }
        })
        .collect();
    let phases: Vec<String> = visible_phases(&timelines)
        .iter()
        .map(|phase| format!("{phase:?}"))
        .collect();
    context! { phases, panels }
}

/// The figures and checks the caption of [`InFlightOverTime`] reads.
pub(super) fn in_flight(chart: &InFlightOverTime, data: &ReportData) -> Value {
    let panels = chart.panels(data);
    context! {
        panels => panels
            .iter()
            .map(|t| context! {
                model => t.model,
                client => t.client_peak_in_flight,
                server => t.server_peak_in_flight,
            })
            .collect::<Vec<_>>(),
        server_counted => panels.iter().any(|t| t.server_peak_in_flight > 0),
    }
}

/// The figures and checks the caption of [`Lanes`] reads.
pub(super) fn lanes(chart: &Lanes, data: &ReportData) -> Value {
    let timelines = chart.panels(data);
    let panels: Vec<_> = timelines
        .iter()
        .map(|t| {
            context! {
                label => label(&t.model),
                requests => t.records.len(),
                threads => crate::analysis::timeline::lanes(t).len(),
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
            let ms = Spread::of(spans).median;
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
