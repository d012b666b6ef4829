//! The interval every comparison of run times rests on, shared by the harness (which stops
//! repeating a group once its interval is tight enough) and the report (which draws and
//! compares it). Run times are treated on a log scale, as hyperfine's `welch_ttest.py` does,
//! since they are positive and skewed and a model's speed changes by a factor, not by an
//! amount.
//!
//! [`median_interval`]: a 95% confidence interval for the median run time. On the log scale
//! the mean log time has a Student t interval; for log-normal run times its exponential is the
//! median, so the interval of the mean log is the interval of the median. This works from two
//! repeats up, where a distribution-free interval from order statistics needs six.

use statrs::distribution::{ContinuousCDF, StudentsT};

/// The confidence of every interval, and one minus the significance level of every test.
pub const CONFIDENCE: f64 = 0.95;

/// The natural logs of `values`; `None` if any is not positive and finite.
pub fn logs(values: &[f64]) -> Option<Vec<f64>> {
    values
        .iter()
        .map(|&v| (v > 0.0 && v.is_finite()).then(|| v.ln()))
        .collect()
}

/// The mean of `values` and their sample variance (n - 1 in the denominator).
pub fn mean_and_variance(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let variance = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, variance)
}

/// Student's t quantile for `freedom` degrees of freedom.
fn t_quantile(p: f64, freedom: f64) -> f64 {
    StudentsT::new(0.0, 1.0, freedom)
        .expect("degrees of freedom are positive")
        .inverse_cdf(p)
}

/// The 95% confidence interval of the median of `values` (run times, all positive), as
/// (low, high); `None` for fewer than two values or any that is not positive.
pub fn median_interval(values: &[f64]) -> Option<(f64, f64)> {
    if values.len() < 2 {
        return None;
    }
    let logs = logs(values)?;
    let (mean, variance) = mean_and_variance(&logs);
    let half = t_quantile(0.5 + CONFIDENCE / 2.0, logs.len() as f64 - 1.0)
        * (variance / logs.len() as f64).sqrt();
    Some(((mean - half).exp(), (mean + half).exp()))
}

/// The half-width of `interval` as a share of `median`, e.g. 0.03 for +-3%.
pub fn half_width_share((low, high): (f64, f64), median: f64) -> f64 {
    (high - low) / 2.0 / median
}

/// The half-width of [`median_interval`] as a share of the median of `values`; `None` where
/// there is no interval.
pub fn relative_half_width(values: &[f64]) -> Option<f64> {
    Some(half_width_share(median_interval(values)?, median(values)?))
}

/// The median of `values`: the middle one, or the mean of the middle two; `None` when empty.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    match sorted.len() {
        0 => None,
        n if n.is_multiple_of(2) => Some((sorted[middle - 1] + sorted[middle]) / 2.0),
        _ => Some(sorted[middle]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_of_tight_repeats_is_tight_and_holds_the_median() {
        let (low, high) = median_interval(&[113.2, 111.2, 110.4]).unwrap();
        assert!(low < 111.2 && 111.2 < high, "{low} {high}");
        assert!(low > 105.0 && high < 120.0, "{low} {high}");
        // Scattered repeats give a wide one.
        let (low, high) = median_interval(&[100.0, 150.0, 120.0]).unwrap();
        assert!(low < 90.0 && high > 160.0, "{low} {high}");
        assert_eq!(median_interval(&[100.0]), None);
        assert_eq!(median_interval(&[100.0, 0.0]), None);
    }

    #[test]
    fn the_relative_half_width_narrows_with_agreeing_repeats() {
        let wide = relative_half_width(&[100.0, 110.0]).unwrap();
        let narrow = relative_half_width(&[100.0, 110.0, 104.0, 105.0, 106.0]).unwrap();
        assert!(narrow < wide, "{narrow} {wide}");
        assert_eq!(relative_half_width(&[100.0]), None);
        assert_eq!(relative_half_width(&[100.0, 100.0]), Some(0.0));
    }
}
