//! "Method": how far to trust a comparison, from the results themselves: whether the first run
//! after the server starts differs, what the harness's own watching costs, and which groups ran
//! on a busy machine.

use std::fmt::Write as _;

use fanout_core::results::Results;

use crate::analysis::summary::Spread;
use crate::analysis::warmup::Warmup;
use crate::pages::{Section, Sources};

/// The warm-up finding, the harness's own CPU and the busy-machine marks.
pub struct Method;

impl Section for Method {
    fn write(&self, from: &Sources, out: &mut String) {
        out.push_str("\n## Method\n\n");
        out.push_str(&method_section(from.results));
    }
}

/// "Method": the warm-up finding, the harness's own CPU and the busy-machine marks, from the
/// runs.
pub fn method_section(results: &[Results]) -> String {
    let mut out = String::new();
    let Warmup { ratios, firsts } = Warmup::of(results);
    if !ratios.is_empty() {
        let spread = Spread::of(ratios.iter().copied());
        let slower = ratios.iter().filter(|r| **r > 1.0).count();
        let _ = write!(
            out,
            "**Warm-up.** Over {} groups of three or more repeats, the first repeat took {:.3} \
             times the median of the others (median; from {:.2} to {:.2}), and was the slower in \
             {slower} of them ({:.0}%).",
            ratios.len(),
            spread.median,
            spread.min,
            spread.max,
            slower as f64 / ratios.len() as f64 * 100.0
        );
        let (slowest, expected, by_chance) = Warmup::slowest_firsts(&firsts);
        if !firsts.is_empty() {
            let range = Spread::of(firsts.iter().map(|f| f.ratio));
            let _ = write!(
                out,
                " The very first run of each results file, the first after its mock server \
                 started, took {:.2} to {:.2} times the others' median, and was the slowest of \
                 its group in {slowest} of {} files, where chance alone gives about \
                 {expected:.1} (and {slowest} or more with probability {by_chance:.2}).",
                range.min,
                range.max,
                firsts.len()
            );
        }
        let no_effect = spread.median <= 1.02 && by_chance >= 0.05;
        out.push_str(if no_effect {
            " No warm-up effect shows beyond chance, so `fanout run` makes no warm-up runs \
             unless asked (`--warmup N`).\n\n"
        } else {
            " The first run is slower than chance would make it: pass `--warmup 1` to run each \
             model once, unrecorded, before it is measured.\n\n"
        });
    }
    // The harness's own CPU, and the busy machine.
    let runs: Vec<_> = results
        .iter()
        .flat_map(|r| &r.runs)
        .filter(|r| r.succeeded() && r.wall_ms > 0.0)
        .collect();
    // (harness CPU ms, wall ms) of every run that recorded it.
    let costs: Vec<(f64, f64)> = runs
        .iter()
        .filter_map(|r| Some((r.harness_cpu_ms?, r.wall_ms)))
        .collect();
    if !costs.is_empty() {
        let share = |(cpu, wall): &(f64, f64)| cpu / wall * 100.0;
        let long: Vec<(f64, f64)> = costs.iter().copied().filter(|c| c.1 >= 1000.0).collect();
        let short: Vec<(f64, f64)> = costs.iter().copied().filter(|c| c.1 < 1000.0).collect();
        let (cpu, wall) = costs
            .iter()
            .fold((0.0, 0.0), |(c, w), (cpu, wall)| (c + cpu, w + wall));
        let _ = write!(
            out,
            "**The observer.** While a worker runs, the harness samples `/proc` for its threads \
             and memory: every millisecond while they change (for a run that keeps changing, \
             less often as it grows older: every 10 ms at one second), backing off to every 50 ms \
             while they hold. Its own CPU (from `getrusage`, starting the worker included) was \
             {:.2}% of one core over all {} runs together",
            cpu / wall * 100.0,
            costs.len()
        );
        if !long.is_empty() {
            let _ = write!(
                out,
                "; {:.2}% (median) in the {} runs of a second or more, where sampling is \
                 most of what it does",
                Spread::of(long.iter().map(share)).median,
                long.len()
            );
        }
        if !short.is_empty() {
            let _ = write!(
                out,
                "; in the {} shorter ones the fixed cost of starting a worker and reading its \
                 report, {:.1} ms (median), weighs more: {:.2}% (median), at most {:.1}%",
                short.len(),
                Spread::of(short.iter().map(|(cpu, _)| *cpu)).median,
                Spread::of(short.iter().map(share)).median,
                Spread::of(short.iter().map(share)).max
            );
        }
        out.push('.');
        let busy = runs.iter().filter(|r| r.busy_machine()).count();
        let loads: Vec<f64> = runs.iter().filter_map(|r| r.load_before).collect();
        if !loads.is_empty() {
            let loads = Spread::of(loads);
            let _ = write!(
                out,
                " The load average before a run was {:.2} (median; up to {:.2}), the models' \
                 own load included;",
                loads.median, loads.max
            );
        }
        let _ = write!(
            out,
            " {busy} of {} runs were made while other processes used more than a tenth of a \
             core, and at least 50 ms of CPU in all (marked ! in the tables).\n\n",
            runs.len()
        );
    }
    out
}
