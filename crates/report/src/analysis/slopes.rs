//! Marginal costs: how much a measure grows per step of concurrency.

/// The marginal cost between the two highest levels of `points` (x ascending): the slope of
/// the line through them. The lowest levels also pay one-off costs (glibc creates its malloc
/// arenas as the first threads appear), which a fit through every level would count.
pub fn top_slope(points: &[(f64, f64)]) -> Option<f64> {
    match points {
        [.., (x0, y0), (x1, y1)] if x1 > x0 => Some((y1 - y0) / (x1 - x0)),
        _ => None,
    }
}
