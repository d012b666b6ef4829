//! The statistics behind every interval, outlier mark and comparison: run times are treated on a
//! log scale, as hyperfine's `welch_ttest.py` does, since they are positive and skewed and a
//! model's speed changes by a factor, not by an amount.

pub use fanout_core::stats::{CONFIDENCE, median_interval};
use fanout_core::stats::{logs, mean_and_variance};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// The interval of `numerator / x` for `x` in `interval` (a rate or a ratio from a time's
/// interval): its ends swap.
pub fn reciprocal(numerator: f64, interval: (f64, f64)) -> (f64, f64) {
    let (low, high) = interval;
    (numerator / high, numerator / low)
}

/// Whether two intervals share any value: the data cannot tell their medians apart.
pub fn overlap(a: (f64, f64), b: (f64, f64)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// How many of `values` lie outside Tukey's fences (1.5 interquartile ranges past the
/// quartiles, as criterion flags them); 0 for fewer than four values.
pub fn outliers(values: &[f64]) -> usize {
    if values.len() < 4 {
        return 0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let quantile = |q: f64| {
        let at = q * (sorted.len() - 1) as f64;
        let (low, high) = (at.floor() as usize, at.ceil() as usize);
        sorted[low] + (sorted[high] - sorted[low]) * (at - low as f64)
    };
    let (q1, q3) = (quantile(0.25), quantile(0.75));
    let reach = 1.5 * (q3 - q1);
    values
        .iter()
        .filter(|&&v| v < q1 - reach || v > q3 + reach)
        .count()
}

/// Welch's t-test of `new` against `old` on log times.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Welch {
    /// The ratio of medians, new over old (above 1: slower).
    pub ratio: f64,
    /// Its 95% interval.
    pub low: f64,
    /// Its upper end.
    pub high: f64,
    /// The two-sided p-value.
    pub p: f64,
}

/// Welch's t-test of two sets of run times on the log scale; `None` unless each has at least
/// two positive values.
pub fn welch(old: &[f64], new: &[f64]) -> Option<Welch> {
    if old.len() < 2 || new.len() < 2 {
        return None;
    }
    let (old, new) = (logs(old)?, logs(new)?);
    let (old_mean, old_var) = mean_and_variance(&old);
    let (new_mean, new_var) = mean_and_variance(&new);
    let (a, b) = (old_var / old.len() as f64, new_var / new.len() as f64);
    let difference = new_mean - old_mean;
    let error = (a + b).sqrt();
    if error == 0.0 {
        // Identical repeats on each side: any difference is exact.
        let p = if difference == 0.0 { 1.0 } else { 0.0 };
        let ratio = difference.exp();
        return Some(Welch {
            ratio,
            low: ratio,
            high: ratio,
            p,
        });
    }
    // Welch-Satterthwaite degrees of freedom.
    let freedom = (a + b).powi(2)
        / (a.powi(2) / (old.len() as f64 - 1.0) + b.powi(2) / (new.len() as f64 - 1.0));
    let t = difference / error;
    let distribution = StudentsT::new(0.0, 1.0, freedom).expect("degrees of freedom are positive");
    let p = 2.0 * (1.0 - distribution.cdf(t.abs()));
    let half = distribution.inverse_cdf(0.5 + CONFIDENCE / 2.0) * error;
    Some(Welch {
        ratio: difference.exp(),
        low: (difference - half).exp(),
        high: (difference + half).exp(),
        p,
    })
}

/// The probability that at least `k` of independent events with the chances `p` happen: the
/// tail of their count (a Poisson binomial distribution), by adding one event at a time.
pub fn at_least_by_chance(p: &[f64], k: usize) -> f64 {
    // counts[j]: the probability that exactly j of the events so far happened.
    let mut counts = vec![1.0];
    for &chance in p {
        let mut next = vec![0.0; counts.len() + 1];
        for (j, &q) in counts.iter().enumerate() {
            next[j] += q * (1.0 - chance);
            next[j + 1] += q * chance;
        }
        counts = next;
    }
    counts.iter().skip(k).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tukey_flags_the_far_repeat_only() {
        assert_eq!(outliers(&[100.0, 101.0, 99.0, 100.5, 180.0]), 1);
        assert_eq!(outliers(&[100.0, 101.0, 99.0, 100.5]), 0);
        assert_eq!(outliers(&[100.0, 180.0, 99.0]), 0, "too few to tell");
    }

    #[test]
    fn welch_finds_a_real_slowdown_and_not_noise() {
        let old = [111.2, 113.2, 110.4];
        let slower = welch(&old, &[127.2, 126.0, 127.8]).unwrap();
        assert!(
            slower.p < 0.05 && slower.ratio > 1.1 && slower.low > 1.0,
            "{slower:?}"
        );
        let same = welch(&old, &[112.0, 110.9, 113.0]).unwrap();
        assert!(
            same.p > 0.05 && same.low < 1.0 && same.high > 1.0,
            "{same:?}"
        );
        let itself = welch(&old, &old).unwrap();
        assert_eq!((itself.ratio, itself.p), (1.0, 1.0));
    }

    #[test]
    fn the_chance_of_a_count_is_the_binomial_tail() {
        // Nine files of three repeats: four or more first runs slowest by chance.
        let p = at_least_by_chance(&[1.0 / 3.0; 9], 4);
        assert!((p - 0.3497).abs() < 1e-3, "{p}");
        assert_eq!(at_least_by_chance(&[0.5; 3], 0), 1.0);
        assert!((at_least_by_chance(&[0.5; 3], 3) - 0.125).abs() < 1e-12);
    }
}
