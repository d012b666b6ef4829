//! Workloads: the URL sets the models race over, loaded from `fixtures/workloads/*.toml`.
//!
//! A workload file names a seed and the distributions of per-target latency, body size and
//! fault; [`Workload::targets`] derives every target from them deterministically, so the same
//! file always gives the same job on every machine. The built-in workloads are compiled in, so
//! the binary finds them from any directory; a path to any other TOML file works too.

mod distribution;
mod error;
mod faults;
pub mod limits;
mod target;

use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

pub use distribution::Distribution;
pub use error::WorkloadError;
pub use faults::{Fault, Faults};
pub use target::Target;

/// The workloads shipped with fanout: (name, TOML source).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "quick",
        include_str!("../../../../fixtures/workloads/quick.toml"),
    ),
    (
        "flags-20",
        include_str!("../../../../fixtures/workloads/flags-20.toml"),
    ),
    (
        "sites-20",
        include_str!("../../../../fixtures/workloads/sites-20.toml"),
    ),
    (
        "google-6",
        include_str!("../../../../fixtures/workloads/google-6.toml"),
    ),
    (
        "faults",
        include_str!("../../../../fixtures/workloads/faults.toml"),
    ),
    (
        "cpu",
        include_str!("../../../../fixtures/workloads/cpu.toml"),
    ),
    (
        "c10k",
        include_str!("../../../../fixtures/workloads/c10k.toml"),
    ),
    (
        "crawl-10k",
        include_str!("../../../../fixtures/workloads/crawl-10k.toml"),
    ),
    (
        "ceiling",
        include_str!("../../../../fixtures/workloads/ceiling.toml"),
    ),
];

/// The published figures a workload reproduces, for comparison in reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// Where the figures come from.
    pub source: String,
    /// The published sequential time.
    pub sequential_ms: f64,
    /// The published concurrent time.
    pub concurrent_ms: f64,
}

/// A workload file, as parsed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workload {
    pub name: String,
    pub description: String,
    /// Seed for every per-target draw.
    pub seed: u64,
    /// Number of URLs.
    pub targets: u64,
    /// The concurrency sweep used when the command line gives none.
    pub concurrency: Vec<usize>,
    /// Client timeout for response headers, and again for the body.
    pub timeout_ms: u64,
    #[serde(default = "default_connect_timeout_ms")]
    pub connect_timeout_ms: u64,
    /// Server-side latency per target.
    pub latency_ms: Distribution,
    /// Body size per target.
    pub body_bytes: Distribution,
    #[serde(default)]
    pub faults: Faults,
    /// Units of parse-like CPU work per body (see [`crate::work`]); 0 for none.
    #[serde(default)]
    pub cpu_work: u32,
    /// Published figures this workload reproduces, if any.
    #[serde(default)]
    pub reference: Option<Reference>,
}

fn default_connect_timeout_ms() -> u64 {
    2_000
}

impl Workload {
    /// Names of the built-in workloads.
    pub fn built_in_names() -> Vec<&'static str> {
        BUILT_IN.iter().map(|(name, _)| *name).collect()
    }

    /// Loads a built-in workload by name, or a TOML file by path.
    pub fn load(name_or_path: &str) -> Result<Self, WorkloadError> {
        if let Some((name, source)) = BUILT_IN.iter().find(|(name, _)| *name == name_or_path) {
            return Self::parse(source, &format!("fixtures/workloads/{name}.toml"));
        }
        let path = Path::new(name_or_path);
        if name_or_path.ends_with(".toml") || path.exists() {
            let source = std::fs::read_to_string(path).map_err(|err| WorkloadError {
                file: name_or_path.to_owned(),
                line: None,
                field: None,
                message: format!("cannot read it: {err}"),
            })?;
            return Self::parse(&source, name_or_path);
        }
        Err(WorkloadError {
            file: name_or_path.to_owned(),
            line: None,
            field: None,
            message: format!(
                "no such workload; built in: {}; or give a path to a .toml file",
                Self::built_in_names().join(", ")
            ),
        })
    }

    /// Parses and validates a workload from TOML `source`; `file` names it in errors.
    pub fn parse(source: &str, file: &str) -> Result<Self, WorkloadError> {
        let workload: Workload =
            toml::from_str(source).map_err(|err| WorkloadError::from_toml(&err, source, file))?;
        workload
            .validate()
            .map_err(|(field, message)| WorkloadError::invalid(field, message, source, file))?;
        Ok(workload)
    }

    fn validate(&self) -> Result<(), (&'static str, String)> {
        use limits::*;
        if self.name.trim().is_empty() {
            return Err(("name", "is empty".into()));
        }
        if !(1..=MAX_TARGETS).contains(&self.targets) {
            return Err((
                "targets",
                format!("is {}; allowed: 1 to {MAX_TARGETS}", self.targets),
            ));
        }
        if self.concurrency.is_empty() {
            return Err((
                "concurrency",
                "is empty; give at least one level, e.g. [1, 10]".into(),
            ));
        }
        if let Some(bad) = self
            .concurrency
            .iter()
            .find(|c| !(1..=MAX_CONCURRENCY).contains(*c))
        {
            return Err((
                "concurrency",
                format!("has {bad}; allowed: 1 to {MAX_CONCURRENCY}"),
            ));
        }
        for (field, value) in [
            ("timeout_ms", self.timeout_ms),
            ("connect_timeout_ms", self.connect_timeout_ms),
        ] {
            if !(1..=MAX_TIMEOUT_MS).contains(&value) {
                return Err((field, format!("is {value}; allowed: 1 to {MAX_TIMEOUT_MS}")));
            }
        }
        self.latency_ms
            .check("latency_ms", MAX_DELAY_MS as f64)
            .map_err(|m| ("latency_ms", m))?;
        self.body_bytes
            .check("body_bytes", MAX_BODY_BYTES as f64)
            .map_err(|m| ("body_bytes", m))?;
        for (field, rate) in self.faults.rates() {
            if !(0.0..=1.0).contains(&rate) {
                return Err((field, format!("is {rate}; allowed: 0 to 1")));
            }
        }
        let total: f64 = self.faults.rates().iter().map(|(_, rate)| rate).sum();
        if total > 1.0 + 1e-9 {
            return Err((
                "faults",
                format!("rates add up to {total}; allowed: at most 1 in all"),
            ));
        }
        if !(1..=MAX_DELAY_MS).contains(&self.faults.trickle_ms) {
            return Err((
                "trickle_ms",
                format!(
                    "is {}; allowed: 1 to {MAX_DELAY_MS}",
                    self.faults.trickle_ms
                ),
            ));
        }
        if self.cpu_work > MAX_CPU_WORK {
            return Err((
                "cpu_work",
                format!("is {}; allowed: 0 to {MAX_CPU_WORK}", self.cpu_work),
            ));
        }
        if let Some(reference) = &self.reference
            && !(reference.sequential_ms > 0.0 && reference.concurrent_ms > 0.0)
        {
            return Err(("reference", "times must be above 0".into()));
        }
        if !(400..=599).contains(&self.faults.error_status) {
            return Err((
                "error_status",
                format!(
                    "is {}; allowed: an HTTP error status, 400 to 599",
                    self.faults.error_status
                ),
            ));
        }
        Ok(())
    }

    /// Every target, derived from the seed: the same workload always gives the same targets.
    /// Latency, size and faults draw from separate streams, so changing one leaves the others.
    pub fn targets(&self) -> Vec<Target> {
        let count = self.targets as usize;
        let stream = |n: u64| {
            let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
            rng.set_stream(n);
            rng
        };
        let delays = self.latency_ms.sample(count, &mut stream(1));
        let sizes = self.body_bytes.sample(count, &mut stream(2));
        let mut fault_rng = stream(3);
        (0..count)
            .map(|i| Target {
                id: i as u32,
                delay_ms: delays[i].round() as u64,
                size: sizes[i].round() as u64,
                fault: self.faults.pick(fault_rng.random::<f64>()),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const SMALL: &str = r#"
name = "small"
description = "test"
seed = 7
targets = 50
concurrency = [1, 5]
timeout_ms = 1000
latency_ms = { dist = "lognormal", median = 100, sigma = 1.0, max = 2000 }
body_bytes = { dist = "uniform", min = 100, max = 5000 }
faults = { error_rate = 0.2, error_status = 418 }
"#;

    #[test]
    fn same_seed_gives_the_same_targets() {
        let a = Workload::parse(SMALL, "a.toml").unwrap().targets();
        let b = Workload::parse(SMALL, "b.toml").unwrap().targets();
        assert_eq!(a, b);
        assert_eq!(a.len(), 50);
        let other = Workload::parse(&SMALL.replace("seed = 7", "seed = 8"), "c.toml").unwrap();
        assert_ne!(a, other.targets());
    }

    #[test]
    fn draws_respect_their_distribution() {
        let targets = Workload::parse(SMALL, "a.toml").unwrap().targets();
        assert!(targets.iter().all(|t| t.delay_ms <= 2000));
        assert!(targets.iter().all(|t| (100..=5000).contains(&t.size)));
        let faulted = targets
            .iter()
            .filter(|t| t.fault == Fault::Status(418))
            .count();
        assert!((1..25).contains(&faulted), "{faulted} of 50 at rate 0.2");
        let distinct: std::collections::BTreeSet<_> = targets.iter().map(|t| t.delay_ms).collect();
        assert!(distinct.len() > 20, "log-normal delays should vary");
    }

    #[test]
    fn fault_rates_adding_past_one_are_refused() {
        let source = SMALL.replace(
            "faults = { error_rate = 0.2, error_status = 418 }",
            "faults = { error_rate = 0.6, reset_rate = 0.6 }",
        );
        let err = Workload::parse(&source, "f.toml").unwrap_err();
        assert_eq!(err.field.as_deref(), Some("faults"), "{err}");
    }

    #[test]
    fn every_built_in_workload_loads() {
        for name in Workload::built_in_names() {
            let workload = Workload::load(name).unwrap();
            assert_eq!(workload.name, name);
            assert_eq!(workload.targets().len() as u64, workload.targets);
        }
    }

    #[test]
    fn the_scale_workloads_are_ten_thousand_wide() {
        let c10k = Workload::load("c10k").unwrap();
        let targets = c10k.targets();
        assert_eq!(targets.len(), 10_000);
        assert!(targets.iter().all(|t| t.delay_ms == 1000));
        assert_eq!(c10k.concurrency.iter().max(), Some(&10_000));

        let crawl = Workload::load("crawl-10k").unwrap();
        let targets = crawl.targets();
        assert_eq!(targets.len(), 10_000);
        assert_eq!(crawl.concurrency.iter().max(), Some(&10_000));
        // Long-tailed: the slowest and biggest pages are many times the typical one.
        let percentile = |mut values: Vec<u64>, p: f64| {
            values.sort_unstable();
            values[((values.len() - 1) as f64 * p) as usize]
        };
        let delays: Vec<u64> = targets.iter().map(|t| t.delay_ms).collect();
        let sizes: Vec<u64> = targets.iter().map(|t| t.size).collect();
        let (median_delay, p99_delay) = (percentile(delays.clone(), 0.5), percentile(delays, 0.99));
        assert!((180..=220).contains(&median_delay), "{median_delay}");
        assert!(
            p99_delay > 5 * median_delay,
            "{p99_delay} vs {median_delay}"
        );
        let (median_size, p99_size) = (percentile(sizes.clone(), 0.5), percentile(sizes, 0.99));
        assert!((30_000..=36_000).contains(&median_size), "{median_size}");
        assert!(p99_size > 8 * median_size, "{p99_size} vs {median_size}");
    }

    #[test]
    fn out_of_range_values_name_the_field_and_the_limit() {
        let cases = [
            ("targets = 50", "targets = 0", "targets"),
            (
                "concurrency = [1, 5]",
                "concurrency = [1, 0]",
                "concurrency",
            ),
            ("timeout_ms = 1000", "timeout_ms = 0", "timeout_ms"),
            ("max = 2000", "max = 99999999", "latency_ms"),
            ("error_rate = 0.2", "error_rate = 1.5", "error_rate"),
        ];
        for (from, to, field) in cases {
            let err = Workload::parse(&SMALL.replace(from, to), "bad.toml").unwrap_err();
            assert_eq!(err.field.as_deref(), Some(field), "{to}: {err}");
            assert!(err.line.is_some(), "{to}: {err}");
            assert!(err.message.contains("allowed"), "{to}: {err}");
        }
    }

    #[test]
    fn unknown_name_lists_the_built_in_ones() {
        let err = Workload::load("nope").unwrap_err();
        assert!(
            err.message.contains("quick") && err.message.contains("google-6"),
            "{err}"
        );
    }
}
