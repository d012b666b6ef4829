//! The caption of the [`Gil`] chart: what it shows, with its figures.

use super::notes::weak_note;
use crate::analysis::ReportData;
use crate::analysis::gil::{PYTHON_WORK, RUST_WORK, WORKLOAD, gil_series};
use crate::analysis::models;

use super::Figure;
use crate::charts::Gil;

impl Figure for Gil {
    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = gil_series(data)
            .iter()
            .map(|(model, groups)| {
                let one = groups[0].wall_ms.median;
                let speedups: Vec<String> = groups
                    .iter()
                    .map(|s| format!("{:.2}x at {}", one / s.wall_ms.median, s.concurrency))
                    .collect();
                format!(
                    "{} {} ({} ms on 1 thread)",
                    models::label(model),
                    speedups.join(", "),
                    one.round()
                )
            })
            .collect();
        format!(
            "The same job on `{WORKLOAD}` (100 pages, no latency, every page processed) with a \
             pool of 1, 2 and 4 threads: each line is a model's median wall time on 1 thread \
             divided by its median on n threads, so 1 thread is 1x by construction; the bars \
             span the 95% interval of the n-thread time (the 1-thread time's own spread is not \
             in them). Python does {PYTHON_WORK} units of work a page, Rust {RUST_WORK} (Rust is \
             much faster at it). `Python ft, GIL on` and `Python ft, GIL off` are one \
             free-threaded CPython binary{} with `PYTHON_GIL=1` and `=0`; `py-threads (Python)` \
             is the default interpreter{}, a different build. `gil-threads` is Rust's pool under \
             a simulated lock. The models and the mock server share the cores. {}.{}",
            version(data, "py-threads-gil"),
            version(data, "py-threads"),
            figures.join("; "),
            weak_note(&Self::lines(data))
        )
    }
}

/// " (3.13.5)": the interpreter `model`'s runs of the experiment report, or nothing.
fn version(data: &ReportData, model: &str) -> String {
    data.all
        .iter()
        .filter(|s| s.model == model && s.workload == WORKLOAD)
        .find_map(|s| s.python.as_ref())
        .map_or(String::new(), |p| format!(" ({})", p.version))
}
