//! Marginal costs: how much a measure grows per step of concurrency.

use super::data::ReportData;
use super::summary::Summary;

/// `measure` against concurrency, one point per group of `series` (ascending concurrency).
pub fn points(series: &[&Summary], measure: impl Fn(&Summary) -> f64) -> Vec<(f64, f64)> {
    series
        .iter()
        .map(|s| (s.concurrency as f64, measure(s)))
        .collect()
}

/// The marginal cost between the two highest levels of `points` (x ascending): the slope of
/// the line through them. The lowest levels also pay one-off costs (glibc creates its malloc
/// arenas as the first threads appear), which a fit through every level would count.
pub fn top_slope(points: &[(f64, f64)]) -> Option<f64> {
    points.last_chunk().and_then(|&[a, b]| slope(a, b))
}

/// The slope between the two lowest levels of `points` (x ascending).
pub fn bottom_slope(points: &[(f64, f64)]) -> Option<f64> {
    points.first_chunk().and_then(|&[a, b]| slope(a, b))
}

/// The slope of the line through `a` and `b`, where `b` lies right of `a`.
fn slope((x0, y0): (f64, f64), (x1, y1): (f64, f64)) -> Option<f64> {
    (x1 > x0).then(|| (y1 - y0) / (x1 - x0))
}

/// A model's marginal memory per request in flight on `workload`: the slopes, in KiB per
/// request, of its peak resident and reserved memory between its two highest levels; `None`
/// for a model with fewer than two levels.
pub fn marginal_kib(data: &ReportData, workload: &str, model: &str) -> Option<(f64, f64)> {
    let series = data.series(workload, model);
    let resident = top_slope(&points(&series, |s| s.peak_rss_kib))?;
    let reserved = top_slope(&points(&series, |s| s.peak_vm_kib))?;
    Some((resident, reserved))
}
