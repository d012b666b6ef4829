//! "Failed and not-run runs": every run that did not complete, and why.

use minijinja::context;

use crate::pages::templates::render;
use crate::pages::{Section, Sources};

/// Every run that failed, was not run or was not measured.
pub struct Failed;

impl Section for Failed {
    fn write(&self, from: &Sources, out: &mut String) {
        let failed: Vec<_> = from
            .results
            .iter()
            .flat_map(|r| &r.runs)
            .filter(|run| !run.succeeded())
            .map(|run| {
                context! {
                    model => &run.model,
                    workload => &run.workload,
                    concurrency => run.concurrency,
                    repeat => run.repeat,
                    says_why => run.not_run || run.unmeasured,
                    error => &run.error,
                }
            })
            .collect();
        out.push_str(&render("results/failed.md", context! { failed }));
    }
}
