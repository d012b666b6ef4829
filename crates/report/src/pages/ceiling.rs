//! The client throughput ceiling in words: the best model's requests per second at zero latency
//! next to a standard load generator's (`wrk`) against the same server, measured in the same run
//! of `scripts/ceiling.sh`.

use crate::analysis::ceiling::{LoadGenerator, comparable, requests_per_s};
use crate::analysis::summary::Summary;

/// The markdown section: every comparable model against the load generator, and the ratio.
pub fn section(summaries: &[Summary], generator: &LoadGenerator) -> String {
    let groups = comparable(summaries, generator);
    let mut out = format!(
        "At zero latency nothing is waited for, so requests per second measure the client itself \
         (and the server, which shares the cores). `{}` ({} threads, {} connections, {:.0} s) \
         against the same server in the same run of `scripts/ceiling.sh`: {:.0} requests/s, \
         p50 {:.2} ms, p99 {:.2} ms, {} errors.\n\n",
        generator.tool,
        generator.threads,
        generator.connections,
        generator.duration_s,
        generator.requests_per_s,
        generator.latency_p50_ms,
        generator.latency_p99_ms,
        generator.errors
    );
    let Some(best) = groups.first() else {
        out.push_str(&format!(
            "No model completed `{}` at concurrency {} against {} server instance(s) to compare.\n",
            generator.workload, generator.connections, generator.server_instances
        ));
        return out;
    };
    let same = crate::analysis::ties::indistinguishable(best, &groups);
    if !same.is_empty() {
        out.push_str(&format!(
            "The fastest median is `{}`'s, but its 95% interval overlaps those of {}: the data \
             cannot rank them.\n\n",
            best.model,
            same.iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out.push_str(&format!(
        "**Fastest median: {} at {:.0} requests/s, {:.2} of {}'s rate.**\n\n\
         | model | requests/s | of {} |\n|---|---|---|\n",
        best.model,
        requests_per_s(best),
        requests_per_s(best) / generator.requests_per_s,
        generator.tool,
        generator.tool
    ));
    for group in groups {
        out.push_str(&format!(
            "| {} | {:.0} | {:.2} |\n",
            crate::analysis::models::label(&group.model),
            requests_per_s(group),
            requests_per_s(group) / generator.requests_per_s
        ));
    }
    out.push_str(
        "\nA model's rate includes starting its runtime or pool and verifying every body; wrk \
         runs for a fixed time on connections it keeps open and checks nothing but the status.\n",
    );
    out
}
