//! "Method": how far to trust a comparison, from the results themselves: whether the first run
//! after the server starts differs, what the harness's own watching costs, and which groups ran
//! on a busy machine.

use fanout_core::results::{Results, RunRecord};
use minijinja::{Value, context};

use crate::analysis::summary::Spread;
use crate::analysis::warmup::Warmup;
use crate::pages::Sources;

/// The warm-up finding, the harness's own CPU and the busy-machine marks.
pub(super) fn method(from: &Sources) -> Option<Value> {
    let runs: Vec<&RunRecord> = from
        .results
        .iter()
        .flat_map(|r| &r.runs)
        .filter(|r| r.succeeded() && r.wall_ms > 0.0)
        .collect();
    Some(context! { warmup => warmup(from.results), observer => observer(&runs) })
}

/// Whether the first repeat of a group, and the first run after a server starts, is slower
/// than the others; `None` without groups of three or more repeats.
fn warmup(results: &[Results]) -> Option<Value> {
    let Warmup { ratios, firsts } = Warmup::of(results);
    if ratios.is_empty() {
        return None;
    }
    let spread = Spread::of(ratios.iter().copied());
    let slower = ratios.iter().filter(|r| **r > 1.0).count();
    let (slowest, expected, by_chance) = Warmup::slowest_firsts(&firsts);
    let range = Spread::of(firsts.iter().map(|f| f.ratio));
    let files = firsts.len();
    Some(context! {
        groups => ratios.len(),
        median => spread.median,
        min => spread.min,
        max => spread.max,
        slower,
        slower_pct => slower as f64 / ratios.len() as f64 * 100.0,
        firsts => (files > 0).then(|| context! {
            min => range.min, max => range.max, slowest, files, expected, by_chance,
        }),
        no_effect => spread.median <= 1.02 && by_chance >= 0.05,
    })
}

/// The harness's own CPU over the runs that recorded it, and the busy machine; `None` when no
/// run recorded it.
fn observer(runs: &[&RunRecord]) -> Option<Value> {
    // (harness CPU ms, wall ms) of every run that recorded it.
    let costs: Vec<(f64, f64)> = runs
        .iter()
        .filter_map(|r| Some((r.harness_cpu_ms?, r.wall_ms)))
        .collect();
    if costs.is_empty() {
        return None;
    }
    let share = |(cpu, wall): &(f64, f64)| cpu / wall * 100.0;
    let (long, short): (Vec<_>, Vec<_>) = costs.iter().partition(|c| c.1 >= 1000.0);
    let (cpu, wall) = costs
        .iter()
        .fold((0.0, 0.0), |(c, w), (cpu, wall)| (c + cpu, w + wall));
    let loads: Vec<f64> = runs.iter().filter_map(|r| r.load_before).collect();
    let loads = (!loads.is_empty()).then(|| Spread::of(loads));
    Some(context! {
        share => cpu / wall * 100.0,
        runs => costs.len(),
        long => (!long.is_empty()).then(|| context! {
            median => Spread::of(long.iter().map(share)).median,
            runs => long.len(),
        }),
        short => (!short.is_empty()).then(|| context! {
            runs => short.len(),
            cpu_ms => Spread::of(short.iter().map(|(cpu, _)| *cpu)).median,
            median => Spread::of(short.iter().map(share)).median,
            max => Spread::of(short.iter().map(share)).max,
        }),
        loads => loads.map(|l| context! { median => l.median, max => l.max }),
        busy => runs.iter().filter(|r| r.busy_machine()).count(),
        measured => runs.len(),
    })
}
