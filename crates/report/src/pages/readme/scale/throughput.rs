//! The client's throughput ceiling beside the load generator's, and the crawl.

use std::fmt::Write as _;

use super::CRAWL;
use crate::analysis::ReportData;
use crate::analysis::ceiling::LoadGenerator;
use crate::analysis::summary::Summary;
use crate::pages::format::{and_list, range};

/// The best model's rate with no latency, against the load generator's.
pub(super) fn ceiling(data: &ReportData, generator: &LoadGenerator) -> Option<String> {
    let groups = crate::analysis::ceiling::comparable(&data.summaries, generator);
    let best = groups.first()?;
    let rate = crate::analysis::ceiling::requests_per_s;
    let at_or_above: Vec<&&Summary> = groups
        .iter()
        .filter(|s| rate(s) >= generator.requests_per_s)
        .collect();
    let same = crate::analysis::ties::indistinguishable(best, &groups);
    let tied = if same.is_empty() {
        String::new()
    } else {
        format!(
            " `{}`'s median is the fastest, but its 95% interval overlaps those of {}: the data \
             cannot rank them.",
            best.model,
            and_list(&same.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>())
        )
    };
    Some(format!(
        "- **The ceiling.** With no latency (`{}`, {} in flight) the fastest median makes {:.0} \
         requests a second (`{}`), {:.2} times what `wrk` gets against the same server in the \
         same run ({:.0}); {} of {} models' medians are at or above `wrk`'s rate. A model's \
         run, a few hundred milliseconds, includes starting its runtime or pool; `wrk` ran for \
         seconds on connections it kept open.{tied}\n",
        generator.workload,
        generator.connections,
        rate(best),
        best.model,
        rate(best) / generator.requests_per_s,
        generator.requests_per_s,
        at_or_above.len(),
        groups.len()
    ))
}

/// `crawl-10k` at its top level: who finished, how close to the ideal, and how many were out.
pub(super) fn crawl(data: &ReportData) -> Option<String> {
    let levels = data.levels(CRAWL);
    let high = *levels.last()?;
    let done: Vec<&Summary> = data
        .summaries
        .iter()
        .filter(|s| s.workload == CRAWL && s.concurrency == high && !s.failed() && s.failed == 0)
        .collect();
    if done.is_empty() {
        return None;
    }
    let ideal_one = data
        .summaries
        .iter()
        .find(|s| s.workload == CRAWL && s.concurrency == 1)
        .map(|s| s.ideal_ms);
    let mut out = format!(
        "- **The crawl.** On `{CRAWL}` (a news sitemap: long-tailed latency and size) {} of \
         the models run at {high} finished there with every request, at efficiencies of {}.",
        done.len(),
        range(done.iter().map(|s| s.efficiency), 2),
    );
    if let Some(ideal) = ideal_one {
        let _ = write!(
            out,
            " One request at a time would need {:.0} s (the ideal; not run).",
            ideal / 1000.0
        );
    }
    if let Some(tokio) = done.iter().find(|s| s.model == "tokio") {
        let _ = write!(
            out,
            " `tokio`, asked for {high} in flight, took {:.1} s; the server held at most {:.0} \
             of its requests in their injected delay at once",
            tokio.wall_ms.median / 1000.0,
            tokio.server_peak_in_flight
        );
        match data.timeline("tokio", CRAWL, high, tokio.cpu_work) {
            Some(t) => {
                let _ = write!(
                    out,
                    ", while by its own records (first run) up to {} were sent and not yet \
                     answered. The difference is requests the server was not holding: still \
                     connecting or being read by it, or answered and not yet read by the \
                     client; these runs do not say which.",
                    t.client_peak_in_flight
                );
            }
            None => out.push('.'),
        }
    }
    out.push('\n');
    Some(out)
}
