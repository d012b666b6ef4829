//! The caption of the [`Gil`] chart: the figures for `templates/figures/gil.md`.

use minijinja::{Value, context};

use super::notes::marks;
use crate::analysis::ReportData;
use crate::analysis::gil::{PYTHON_WORK, RUST_WORK, WORKLOAD, gil_series};
use crate::analysis::models;
use crate::charts::Gil;

/// The figures and checks the caption of `chart` reads.
pub(super) fn context(_: &Gil, data: &ReportData) -> Value {
    let series: Vec<_> = gil_series(data)
        .iter()
        .map(|(model, groups)| {
            let one = groups[0].wall_ms.median;
            let points: Vec<_> = groups
                .iter()
                .map(|s| context! { speedup => one / s.wall_ms.median, concurrency => s.concurrency })
                .collect();
            context! { label => models::label(model), points, one_ms => one.round() }
        })
        .collect();
    // The interpreter a model's runs of the experiment report, if any.
    let version = |model: &str| {
        data.all
            .iter()
            .filter(|s| s.model == model && s.workload == WORKLOAD)
            .find_map(|s| s.python.as_ref())
            .map(|p| p.version.clone())
    };
    context! {
        workload => WORKLOAD,
        python_work => PYTHON_WORK,
        rust_work => RUST_WORK,
        ft_version => version("py-threads-gil"),
        default_version => version("py-threads"),
        series,
        marks => marks(&Gil::lines(data)),
    }
}
