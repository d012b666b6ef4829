//! The client throughput ceiling in words: the best model's requests per second at zero latency
//! next to a standard load generator's (`wrk`) against the same server, measured in the same run
//! of `scripts/ceiling.sh`.

use minijinja::context;

use crate::analysis::ceiling::{LoadGenerator, comparable, requests_per_s};
use crate::analysis::summary::Summary;
use crate::analysis::ties::indistinguishable;
use crate::pages::templates;

/// The markdown section, heading included: every comparable model against the load generator.
pub fn section(summaries: &[Summary], generator: &LoadGenerator) -> String {
    let groups = comparable(summaries, generator);
    let ratio = |s: &Summary| requests_per_s(s) / generator.requests_per_s;
    let mut table = format!(
        "| model | requests/s | of {} |\n|---|---|---|",
        generator.tool
    );
    for group in &groups {
        let label = crate::analysis::models::label(&group.model);
        let rate = requests_per_s(group);
        table += &format!("\n| {label} | {rate:.0} | {:.2} |", ratio(group));
    }
    let g = generator;
    templates::render(
        "results/ceiling.md",
        context! {
            tool => g.tool, workload => g.workload, instances => g.server_instances,
            threads => g.threads, connections => g.connections, duration_s => g.duration_s,
            rps => g.requests_per_s, p50_ms => g.latency_p50_ms, p99_ms => g.latency_p99_ms,
            errors => g.errors,
            best => groups.first().map(|best| context! {
                model => best.model, rps => requests_per_s(best), ratio => ratio(best),
            }),
            ties => groups.first().map(|best| indistinguishable(best, &groups)),
            table,
        },
    )
}
