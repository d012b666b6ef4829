//! README's "Scale" section, from the scale suite's runs: the table of `c10k` at its lowest
//! and highest level, and what the runs show about where each model breaks, what the server
//! costs, the client ceiling and the crawl. Every figure in it is read from the summaries.

mod breaks;
mod costs;
mod throughput;

use std::fmt::Write as _;

use crate::analysis::ReportData;
use crate::analysis::ceiling::LoadGenerator;
use crate::analysis::models::label;
use crate::analysis::scale;
use crate::analysis::summary::Summary;
use crate::pages::format;
use crate::pages::format::{and_list, size};
use crate::pages::{Section, Sources};

/// The scale section, when the results hold `c10k` runs; else how to measure them.
pub struct Scale;

impl Section for Scale {
    fn write(&self, from: &Sources, out: &mut String) {
        match body(from.data, from.generator, from.cores) {
            Some(body) => out.push_str(&body),
            None => out.push_str(
                "These results hold no `c10k` runs: `scripts/regen-results.sh scale` measures \
                 them.\n",
            ),
        }
    }
}

const WORKLOAD: &str = "c10k";
const CRAWL: &str = "crawl-10k";

fn body(data: &ReportData, generator: Option<&LoadGenerator>, cores: usize) -> Option<String> {
    let groups: Vec<&Summary> = data
        .summaries
        .iter()
        .filter(|s| s.workload == WORKLOAD)
        .collect();
    // The levels some model was run at (not only recorded as not run).
    let levels: Vec<usize> = data
        .levels(WORKLOAD)
        .into_iter()
        .filter(|&level| groups.iter().any(|s| s.concurrency == level && !not_run(s)))
        .collect();
    let (&low, &high) = (levels.first()?, levels.last()?);
    let instances = groups.first()?.server_instances;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}, against a server of {instances} wiremock instance(s), client and server sharing the \
         {cores} cores; every table and chart is in `results/README.md`.\n",
        repeats_line(&groups, &levels)
    );

    // The table: each model at the lowest and highest level.
    let _ = writeln!(
        out,
        "| {WORKLOAD} | efficiency at {low} | at {high} | most in flight at {high} (own records / server) | \
         threads at {high} | memory at {high} over an idle worker (resident / reserved) |\n\
         |---|---|---|---|---|---|"
    );
    let at = |model: &str, level: usize| {
        groups
            .iter()
            .copied()
            .find(|s| s.model == model && s.concurrency == level)
    };
    let mut skipped = Vec::new();
    for model in data.models(WORKLOAD) {
        let (at_low, at_high) = (at(&model, low), at(&model, high));
        if [at_low, at_high].iter().flatten().all(|s| not_run(s)) {
            skipped.push(format!("`{model}`"));
            continue;
        }
        let clean = at_high.filter(|s| !s.failed());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            label(&model),
            at_low.map_or("-".into(), efficiency),
            at_high.map_or("not reached".into(), efficiency),
            clean.map_or("-".into(), |s| format!(
                "{:.0} / {:.0}",
                crate::analysis::scale::in_flight(s),
                s.server_peak_in_flight
            )),
            clean.map_or("-".into(), |s| format!("{:.0}", s.peak_threads)),
            clean.map_or("-".into(), |s| format!(
                "{} / {}",
                size(s.peak_rss_kib - s.baseline_rss_kib),
                size(s.peak_vm_kib - s.baseline_vm_kib)
            )),
        );
    }
    out.push_str("\nWhat it shows:\n\n");
    out.push_str(&breaks::breaks(data, &groups, high, &skipped));
    if let Some(costs) = costs::server_costs(data, &groups, low, high) {
        out.push_str(&costs);
    }
    out.push_str(&costs::best(&groups, &levels, data.cores.max(1)));
    if let Some(generator) = generator
        && let Some(ceiling) = throughput::ceiling(data, generator)
    {
        out.push_str(&ceiling);
    }
    if let Some(crawl) = throughput::crawl(data) {
        out.push_str(&crawl);
    }
    Some(out)
}

/// A group recorded as not run (`--max-ideal-s`), with nothing measured.
fn not_run(s: &Summary) -> bool {
    s.first_error
        .as_deref()
        .is_some_and(|e| e.starts_with("not run"))
}

/// "Medians of 3 repeats at 1000 and 10000 (1 run at 2000 and 5000)": the repeats each level
/// was measured with, from its groups.
fn repeats_line(groups: &[&Summary], levels: &[usize]) -> String {
    let mut by_count: Vec<(usize, Vec<usize>)> = Vec::new();
    for &level in levels {
        let count = groups
            .iter()
            .filter(|s| s.concurrency == level)
            .map(|s| s.runs + s.failed_runs)
            .max()
            .unwrap_or(0);
        match by_count.iter_mut().find(|(c, _)| *c == count) {
            Some((_, at)) => at.push(level),
            None => by_count.push((count, vec![level])),
        }
    }
    by_count.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
    let part = |(count, at): &(usize, Vec<usize>)| {
        let at = and_list(&at.iter().map(usize::to_string).collect::<Vec<_>>());
        if *count == 1 {
            format!("1 run at {at}")
        } else {
            format!("medians of {count} repeats at {at}")
        }
    };
    let mut parts = by_count.iter().map(part);
    let first = parts.next().unwrap_or_default();
    let rest: Vec<String> = parts.collect();
    let mut line = format!("On `{WORKLOAD}` (10,000 URLs of 1 s): {first}");
    if !rest.is_empty() {
        let _ = write!(line, " ({})", rest.join("; "));
    }
    line
}

/// A group's efficiency, with what failed when something did.
fn efficiency(s: &Summary) -> String {
    if s.failed() {
        return format::cause(&scale::cause(s));
    }
    if s.failed_runs > 0 {
        return format!(
            "{:.2} from {} of {} repeats; the first that failed: {}",
            s.efficiency,
            s.runs,
            s.runs + s.failed_runs,
            format::cause(&scale::cause(s))
        );
    }
    if s.failed > 0 {
        return format!("{:.2}, {}", s.efficiency, format::cause(&scale::cause(s)));
    }
    format!("{:.2}", s.efficiency)
}

fn names(groups: &[&Summary]) -> String {
    and_list(
        &groups
            .iter()
            .map(|s| format!("`{}`", s.model))
            .collect::<Vec<_>>(),
    )
}
