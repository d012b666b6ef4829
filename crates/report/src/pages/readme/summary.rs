//! README's results section: the headline chart and the narrow table of the primary workload
//! at its comparison level.

use minijinja::{Value, context};

use crate::analysis::summary::Summary;
use crate::pages::Sources;
use crate::pages::results_readme::machines;
use crate::pages::table;

/// The headline chart and table.
pub(super) fn headline(from: &Sources) -> Option<Value> {
    let workload = from.data.primary_workload()?;
    let level = from.data.comparison_level(&workload).unwrap_or(1);
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
        // The default comparison's models: the lesson models and the free-threaded rows are
        // the lessons' and the results page's.
        .filter(|s| fanout_catalog::DEFAULT_MODELS.contains(&s.model.as_str()))
        .collect();
    let mut order: Vec<String> = summaries.iter().map(|s| s.model.clone()).collect();
    crate::analysis::models::sort_models(&mut order);
    summaries.sort_by_key(|s| order.iter().position(|m| *m == s.model));
    let repeats = summaries.iter().map(|s| s.runs);
    // The figures' list draws each family of a workload apart when it has more than one: the
    // first chart is the Rust models', the others are linked.
    let others: Vec<_> = crate::pages::figures::families(from.data, &workload)
        .into_iter()
        .skip(1)
        .map(|family| {
            let chart = crate::charts::WallTime {
                workload: workload.clone(),
                family,
            };
            context! { file => crate::charts::Chart::file_name(&chart), family => family.names().1.trim_start_matches(", ") }
        })
        .collect();
    Some(context! {
        others,
        workload,
        level,
        charts_dir => from.charts_dir,
        fewest => repeats.clone().min().unwrap_or(0),
        most => repeats.max().unwrap_or(0),
        table => table::markdown(&summaries, false),
        busy => table::all_busy(&summaries),
        machines => machines(own_file.map(std::slice::from_ref).unwrap_or_default()),
    })
}
