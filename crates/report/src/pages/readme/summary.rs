//! README's results section: the headline chart and the narrow table of the primary workload
//! at its comparison level.

use std::fmt::Write as _;

use crate::analysis::summary::Summary;
use crate::pages::results_readme::{clients_bearing, machine_line, narrow_table};
use crate::pages::{Section, Sources};

/// The headline chart and table.
pub struct Headline;

impl Section for Headline {
    fn write(&self, from: &Sources, out: &mut String) {
        let charts_dir = from.charts_dir;
        if let Some(workload) = from.data.primary_workload() {
            let level = from.data.comparison_level(&workload).unwrap_or(1);
            let _ = writeln!(
                out,
                "![Wall time vs concurrency, workload {workload}]({charts_dir}/wall-time-{workload}.svg)\n"
            );
            // Like with like: the runs of the one results file that measured this workload most,
            // not pooled with other files' runs of the same group.
            let own_file = from
                .results
                .iter()
                .max_by_key(|r| r.runs.iter().filter(|run| run.workload == workload).count());
            let own_runs: Vec<fanout_core::results::RunRecord> = own_file
                .map(|r| {
                    r.runs
                        .iter()
                        .filter(|run| run.workload == workload && run.cpu_work == 0)
                        .cloned()
                        .collect()
                })
                .unwrap_or_default();
            let own = crate::summarise(&own_runs);
            let mut summaries: Vec<&Summary> = own
                .iter()
                .filter(|s| {
                    // Models that run at only one level (one request at a time) show at theirs.
                    let only_level = own.iter().filter(|o| o.model == s.model).count() == 1;
                    s.concurrency == level || only_level
                })
                .collect();
            let mut order: Vec<String> = summaries.iter().map(|s| s.model.clone()).collect();
            crate::analysis::models::sort_models(&mut order);
            summaries.sort_by_key(|s| order.iter().position(|m| *m == s.model));
            let repeats: Vec<usize> = summaries.iter().map(|s| s.runs).collect();
            let (fewest, most) = (
                repeats.iter().min().copied().unwrap_or(0),
                repeats.iter().max().copied().unwrap_or(0),
            );
            let medians_of = if fewest == most {
                format!("{most} repeats")
            } else {
                format!("{fewest} to {most} repeats")
            };
            let _ = writeln!(
                out,
                "Workload `{workload}` at concurrency {level} (models that fetch one at a time at 1), \
                 medians of {medians_of}, in the order of the table of models; every column is in \
                 [{charts_dir}/README.md]({charts_dir}/README.md):\n"
            );
            out.push_str(&narrow_table(&summaries));
            let _ = writeln!(
                out,
                "\nMeasured on {}; the models and the mock server share the cores. More tables and \
                 every chart: [{charts_dir}/README.md]({charts_dir}/README.md).",
                machine_line(own_file.map(std::slice::from_ref).unwrap_or_default())
            );
            let _ = writeln!(out, "\n{}", crate::pages::table::legend());
            if let Some(bearing) = clients_bearing(from.data) {
                let _ = writeln!(
                    out,
                    "\n{bearing} (\"Each HTTP client alone\" in [{charts_dir}/README.md]({charts_dir}/README.md).)"
                );
            }
        }
    }
}
