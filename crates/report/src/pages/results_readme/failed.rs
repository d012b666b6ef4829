//! "Failed and not-run runs": every run that did not complete, and why.

use crate::pages::{Section, Sources};

/// Every run that failed, was not run or was not measured.
pub struct Failed;

impl Section for Failed {
    fn write(&self, from: &Sources, out: &mut String) {
        out.push_str("## Failed and not-run runs\n\n");
        let failed: Vec<String> = from
            .results
            .iter()
            .flat_map(|r| &r.runs)
            .filter(|run| !run.succeeded())
            .map(|run| {
                format!(
                    "- {} on {} at concurrency {}, repeat {}: {}{}",
                    run.model,
                    run.workload,
                    run.concurrency,
                    run.repeat + 1,
                    // A run not started or not measured says so itself ("not run: ...", "...: not
                    // measured").
                    if run.not_run || run.unmeasured {
                        ""
                    } else {
                        "FAILED: "
                    },
                    run.error.as_deref().unwrap_or("failed verification")
                )
            })
            .collect();
        if failed.is_empty() {
            out.push_str("None: every run completed and passed verification.\n");
        } else {
            out.push_str(&failed.join("\n"));
            out.push('\n');
        }
    }
}
