//! How a per-target quantity (latency, body size) is drawn, and which parameters are allowed.

use rand::Rng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, LogNormal};
use serde::{Deserialize, Serialize};

/// How a per-target quantity is drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum Distribution {
    /// Every target gets `value`.
    Fixed {
        /// The one value.
        value: f64,
    },
    /// Uniform in `[min, max]`.
    Uniform {
        /// The lowest value.
        min: f64,
        /// The highest value.
        max: f64,
    },
    /// Log-normal with the given median and shape `sigma` (the spread of the logarithm),
    /// clamped to `[min, max]`: the long tail of real web pages.
    Lognormal {
        /// The median value.
        median: f64,
        /// The standard deviation of the value's logarithm.
        sigma: f64,
        /// The lowest value drawn; 0 unless given.
        #[serde(default)]
        min: f64,
        /// The highest value drawn.
        max: f64,
    },
    /// Target `i` gets `values[i % len]`: a fixed list of sites, visited in turn.
    Cycle {
        /// The values, in the order targets take them.
        values: Vec<f64>,
    },
}

impl Distribution {
    pub(super) fn check(&self, field: &str, max: f64) -> Result<(), String> {
        let in_range = |name: &str, value: f64| {
            if value.is_finite() && (0.0..=max).contains(&value) {
                Ok(())
            } else {
                Err(format!("`{field}.{name}` is {value}; allowed: 0 to {max}"))
            }
        };
        match self {
            Distribution::Fixed { value } => in_range("value", *value),
            Distribution::Uniform { min, max: upper } => {
                in_range("min", *min)?;
                in_range("max", *upper)?;
                if min > upper {
                    return Err(format!(
                        "`{field}.min` ({min}) is above `{field}.max` ({upper})"
                    ));
                }
                Ok(())
            }
            Distribution::Lognormal {
                median,
                sigma,
                min,
                max: upper,
            } => {
                in_range("median", *median)?;
                in_range("min", *min)?;
                in_range("max", *upper)?;
                if *median <= 0.0 {
                    return Err(format!("`{field}.median` must be above 0"));
                }
                if !(sigma.is_finite() && *sigma >= 0.0 && *sigma <= 5.0) {
                    return Err(format!("`{field}.sigma` is {sigma}; allowed: 0 to 5"));
                }
                if min > upper {
                    return Err(format!(
                        "`{field}.min` ({min}) is above `{field}.max` ({upper})"
                    ));
                }
                Ok(())
            }
            Distribution::Cycle { values } => {
                if values.is_empty() {
                    return Err(format!(
                        "`{field}.values` is empty; give at least one value"
                    ));
                }
                values
                    .iter()
                    .try_for_each(|value| in_range("values", *value))
            }
        }
    }

    /// Draws `count` values, one per target, from `rng`.
    pub(super) fn sample(&self, count: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
        match self {
            Distribution::Fixed { value } => vec![*value; count],
            Distribution::Uniform { min, max } => (0..count)
                .map(|_| {
                    if min == max {
                        *min
                    } else {
                        rng.random_range(*min..=*max)
                    }
                })
                .collect(),
            Distribution::Lognormal {
                median,
                sigma,
                min,
                max,
            } => {
                let shape = LogNormal::new(median.ln(), *sigma)
                    .expect("parameters were checked when the workload was loaded");
                (0..count)
                    .map(|_| shape.sample(rng).clamp(*min, *max))
                    .collect()
            }
            Distribution::Cycle { values } => {
                (0..count).map(|i| values[i % values.len()]).collect()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::workload::Workload;
    use crate::workload::tests::SMALL;

    #[test]
    fn cycle_visits_the_list_in_turn() {
        let source = SMALL.replace(
            r#"{ dist = "uniform", min = 100, max = 5000 }"#,
            r#"{ dist = "cycle", values = [10, 20, 30] }"#,
        );
        let targets = Workload::parse(&source, "a.toml").unwrap().targets();
        let sizes: Vec<u64> = targets.iter().take(4).map(|t| t.size).collect();
        assert_eq!(sizes, [10, 20, 30, 10]);
    }
}
