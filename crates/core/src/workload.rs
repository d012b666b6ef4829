//! Workloads: the URL sets the models race over, loaded from `fixtures/workloads/*.toml`.
//!
//! A workload file names a seed and the distributions of per-target latency, body size and
//! fault; [`Workload::targets`] derives every target from them deterministically, so the same
//! file always gives the same job on every machine. The built-in workloads are compiled in, so
//! the binary finds them from any directory; a path to any other TOML file works too.

use std::fmt;
use std::path::Path;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution as _, LogNormal};
use serde::{Deserialize, Serialize};

use crate::job::ErrorKind;

/// Documented maxima: a workload or request above these is refused, not attempted.
pub mod limits {
    pub const MAX_TARGETS: u64 = 1_000_000;
    /// Longest latency a target may ask the mock server for (2 minutes).
    pub const MAX_DELAY_MS: u64 = 120_000;
    /// Largest body a target may ask the mock server for (64 MiB).
    pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
    /// Longest client timeout (10 minutes).
    pub const MAX_TIMEOUT_MS: u64 = 600_000;
    pub const MAX_CONCURRENCY: usize = 100_000;
    /// Most units of CPU work per body.
    pub const MAX_CPU_WORK: u32 = 100_000;
}

/// The workloads shipped with fanout: (name, TOML source).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "quick",
        include_str!("../../../fixtures/workloads/quick.toml"),
    ),
    (
        "flags-20",
        include_str!("../../../fixtures/workloads/flags-20.toml"),
    ),
    (
        "sites-20",
        include_str!("../../../fixtures/workloads/sites-20.toml"),
    ),
    (
        "google-6",
        include_str!("../../../fixtures/workloads/google-6.toml"),
    ),
    (
        "faults",
        include_str!("../../../fixtures/workloads/faults.toml"),
    ),
    ("cpu", include_str!("../../../fixtures/workloads/cpu.toml")),
    (
        "c10k",
        include_str!("../../../fixtures/workloads/c10k.toml"),
    ),
    (
        "crawl-10k",
        include_str!("../../../fixtures/workloads/crawl-10k.toml"),
    ),
    (
        "ceiling",
        include_str!("../../../fixtures/workloads/ceiling.toml"),
    ),
];

/// How a per-target quantity is drawn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "dist", rename_all = "lowercase", deny_unknown_fields)]
pub enum Distribution {
    /// Every target gets `value`.
    Fixed { value: f64 },
    /// Uniform in `[min, max]`.
    Uniform { min: f64, max: f64 },
    /// Log-normal with the given median and shape `sigma` (the spread of the logarithm),
    /// clamped to `[min, max]`: the long tail of real web pages.
    Lognormal {
        median: f64,
        sigma: f64,
        #[serde(default)]
        min: f64,
        max: f64,
    },
    /// Target `i` gets `values[i % len]`: a fixed list of sites, visited in turn.
    Cycle { values: Vec<f64> },
}

impl Distribution {
    fn check(&self, field: &str, max: f64) -> Result<(), String> {
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
    fn sample(&self, count: usize, rng: &mut ChaCha8Rng) -> Vec<f64> {
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

/// Per-target faults: the share of targets, 0 to 1, that fail in each way. Each target draws
/// once, so the shares add up and must not pass 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Faults {
    /// Answer with `error_status` and no body.
    #[serde(default)]
    pub error_rate: f64,
    /// The status they answer with (Fluent Python's error server uses 418).
    #[serde(default = "default_error_status")]
    pub error_status: u16,
    /// Reset the connection (TCP RST) instead of answering.
    #[serde(default)]
    pub reset_rate: f64,
    /// Declare the full Content-Length, send half the body, close.
    #[serde(default)]
    pub truncate_rate: f64,
    /// Never answer: hold the connection until the client gives up.
    #[serde(default)]
    pub stall_rate: f64,
    /// Send the body slowly, spread over `trickle_ms`.
    #[serde(default)]
    pub trickle_rate: f64,
    #[serde(default = "default_trickle_ms")]
    pub trickle_ms: u64,
}

fn default_error_status() -> u16 {
    500
}

fn default_trickle_ms() -> u64 {
    2_000
}

impl Default for Faults {
    fn default() -> Self {
        Self {
            error_rate: 0.0,
            error_status: default_error_status(),
            reset_rate: 0.0,
            truncate_rate: 0.0,
            stall_rate: 0.0,
            trickle_rate: 0.0,
            trickle_ms: default_trickle_ms(),
        }
    }
}

impl Faults {
    /// The rates by field name, in the order a target's draw walks through them.
    fn rates(&self) -> [(&'static str, f64); 5] {
        [
            ("error_rate", self.error_rate),
            ("reset_rate", self.reset_rate),
            ("truncate_rate", self.truncate_rate),
            ("stall_rate", self.stall_rate),
            ("trickle_rate", self.trickle_rate),
        ]
    }

    /// The fault of a target whose uniform draw in [0, 1) is `draw`.
    fn pick(&self, draw: f64) -> Fault {
        let faults = [
            Fault::Status(self.error_status),
            Fault::Reset,
            Fault::Truncate,
            Fault::Stall,
            Fault::Trickle {
                ms: self.trickle_ms,
            },
        ];
        let mut threshold = 0.0;
        for ((_, rate), fault) in self.rates().into_iter().zip(faults) {
            threshold += rate;
            if draw < threshold {
                return fault;
            }
        }
        Fault::None
    }
}

/// What the mock server does instead of answering normally.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    #[default]
    None,
    /// Answer with this HTTP status and an empty body.
    Status(u16),
    /// Reset the connection instead of answering.
    Reset,
    /// Send half the declared body, then close.
    Truncate,
    /// Never answer.
    Stall,
    /// Send the body spread over `ms` milliseconds.
    Trickle { ms: u64 },
}

impl Fault {
    /// Faults that wiremock cannot produce, served by the mock crate's own fault layer.
    pub fn needs_fault_layer(self) -> bool {
        matches!(
            self,
            Fault::Reset | Fault::Truncate | Fault::Stall | Fault::Trickle { .. }
        )
    }

    /// The name the URL and the server's log use for it.
    pub fn name(self) -> Option<&'static str> {
        match self {
            Fault::None | Fault::Status(_) => None,
            Fault::Reset => Some("reset"),
            Fault::Truncate => Some("truncate"),
            Fault::Stall => Some("stall"),
            Fault::Trickle { .. } => Some("trickle"),
        }
    }
}

/// One target of a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub id: u32,
    pub delay_ms: u64,
    pub size: u64,
    pub fault: Fault,
}

impl Target {
    /// The path and query that ask the mock server for this target.
    pub fn path(&self) -> String {
        let mut path = format!(
            "/item/{}?delay_ms={}&size={}",
            self.id, self.delay_ms, self.size
        );
        match self.fault {
            Fault::None => {}
            Fault::Status(status) => path.push_str(&format!("&status={status}")),
            Fault::Trickle { ms } => path.push_str(&format!("&fault=trickle&trickle_ms={ms}")),
            fault => path.push_str(&format!("&fault={}", fault.name().unwrap_or_default())),
        }
        path
    }

    /// How long a perfect client with receive timeout `timeout_ms` spends on this target: the
    /// server's delay, or the timeout where the server makes it wait longer.
    pub fn ideal_ms(&self, timeout_ms: u64) -> f64 {
        let timeout = timeout_ms as f64;
        let delay = self.delay_ms as f64;
        match self.fault {
            // No headers before the timeout: the client gives up then.
            Fault::Stall => timeout,
            _ if delay >= timeout => timeout,
            // Headers on time, then the body gets a timeout of its own.
            Fault::Trickle { ms } => delay + (ms as f64).min(timeout),
            _ => delay,
        }
    }

    /// What a correct client with receive timeout `timeout_ms` records for this target: `None`
    /// for a verified body, else the error kind. Timeouts near the limit can go either way on a
    /// loaded machine; tests keep well clear of it.
    pub fn expected(&self, timeout_ms: u64) -> Option<ErrorKind> {
        // The client's timer starts when the request is sent, before the server's delay does,
        // so at equal times the client gives up first; `ideal_ms` counts it the same way.
        if self.delay_ms >= timeout_ms {
            return Some(ErrorKind::Timeout);
        }
        match self.fault {
            Fault::None => None,
            Fault::Status(status) => ErrorKind::from_status(status),
            Fault::Reset => Some(ErrorKind::Reset),
            Fault::Truncate => Some(ErrorKind::Truncated),
            Fault::Stall => Some(ErrorKind::Timeout),
            Fault::Trickle { ms } if ms > timeout_ms => Some(ErrorKind::Timeout),
            Fault::Trickle { .. } => None,
        }
    }
}

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

/// A workload that could not be loaded: which file, where, which field, and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadError {
    pub file: String,
    pub line: Option<usize>,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "workload {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for WorkloadError {}

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
        let workload: Workload = toml::from_str(source).map_err(|err| {
            let line = err.span().map(|span| line_number(source, span.start));
            let field = unknown_field(err.message())
                .or_else(|| line.and_then(|line| key_on_line(source, line)));
            WorkloadError {
                file: file.to_owned(),
                line,
                field,
                message: err.message().trim().to_owned(),
            }
        })?;
        workload
            .validate()
            .map_err(|(field, message)| WorkloadError {
                file: file.to_owned(),
                line: line_of_key(source, field),
                field: Some(field.to_owned()),
                message,
            })?;
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

fn line_number(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The key assigned on `line` (1-based), as in `key = value`.
fn key_on_line(source: &str, line: usize) -> Option<String> {
    let text = source.lines().nth(line - 1)?;
    let (key, _) = text.split_once('=')?;
    let key = key.trim().trim_start_matches('{').trim();
    (!key.is_empty()).then(|| key.to_owned())
}

/// The line on which `key` is assigned, if it is.
fn line_of_key(source: &str, key: &str) -> Option<usize> {
    source
        .lines()
        .position(|text| {
            let text = text.trim_start();
            text.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
                || text.contains(&format!("{{ {key} ="))
                || text.contains(&format!(", {key} ="))
        })
        .map(|index| index + 1)
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
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
    fn fault_shares_follow_their_rates() {
        let source = SMALL
            .replace("targets = 50", "targets = 4000")
            .replace(
                "faults = { error_rate = 0.2, error_status = 418 }",
                "faults = { error_rate = 0.1, reset_rate = 0.1, truncate_rate = 0.1, stall_rate = 0.1, trickle_rate = 0.1, trickle_ms = 50 }",
            );
        let targets = Workload::parse(&source, "f.toml").unwrap().targets();
        let share = |wanted: fn(&Fault) -> bool| {
            targets.iter().filter(|t| wanted(&t.fault)).count() as f64 / targets.len() as f64
        };
        for (name, wanted) in [
            (
                "status",
                (|f: &Fault| matches!(f, Fault::Status(500))) as fn(&Fault) -> bool,
            ),
            ("reset", |f| *f == Fault::Reset),
            ("truncate", |f| *f == Fault::Truncate),
            ("stall", |f| *f == Fault::Stall),
            ("trickle", |f| *f == Fault::Trickle { ms: 50 }),
            ("none", |f| *f == Fault::None),
        ] {
            let expected = if name == "none" { 0.5 } else { 0.1 };
            assert!(
                (share(wanted) - expected).abs() < 0.03,
                "{name}: {}",
                share(wanted)
            );
        }
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
    fn targets_know_what_a_correct_client_records() {
        let target = |delay_ms, fault| Target {
            id: 0,
            delay_ms,
            size: 10,
            fault,
        };
        assert_eq!(target(10, Fault::None).expected(1000), None);
        assert_eq!(
            target(5000, Fault::None).expected(1000),
            Some(ErrorKind::Timeout)
        );
        assert_eq!(
            target(10, Fault::Status(418)).expected(1000),
            Some(ErrorKind::Http4xx)
        );
        assert_eq!(
            target(10, Fault::Status(503)).expected(1000),
            Some(ErrorKind::Http5xx)
        );
        assert_eq!(
            target(10, Fault::Reset).expected(1000),
            Some(ErrorKind::Reset)
        );
        assert_eq!(
            target(10, Fault::Truncate).expected(1000),
            Some(ErrorKind::Truncated)
        );
        assert_eq!(
            target(10, Fault::Stall).expected(1000),
            Some(ErrorKind::Timeout)
        );
        assert_eq!(
            target(10, Fault::Trickle { ms: 5000 }).expected(1000),
            Some(ErrorKind::Timeout)
        );
        assert_eq!(target(10, Fault::Trickle { ms: 50 }).expected(1000), None);
        assert_eq!(target(10, Fault::Stall).ideal_ms(1000), 1000.0);
        assert_eq!(target(5000, Fault::None).ideal_ms(1000), 1000.0);
        assert_eq!(target(10, Fault::Trickle { ms: 50 }).ideal_ms(1000), 60.0);
        assert_eq!(
            target(5000, Fault::Trickle { ms: 5000 }).ideal_ms(1000),
            1000.0
        );
        assert_eq!(
            target(10, Fault::Trickle { ms: 5000 }).ideal_ms(1000),
            1010.0
        );
        assert!(
            target(10, Fault::Trickle { ms: 50 })
                .path()
                .ends_with("&fault=trickle&trickle_ms=50")
        );
        assert!(target(10, Fault::Reset).path().ends_with("&fault=reset"));
    }

    #[test]
    fn a_delay_equal_to_the_timeout_is_a_timeout_in_both_views() {
        let target = |delay_ms, fault| Target {
            id: 0,
            delay_ms,
            size: 10,
            fault,
        };
        for fault in [
            Fault::None,
            Fault::Status(503),
            Fault::Reset,
            Fault::Truncate,
            Fault::Trickle { ms: 50 },
        ] {
            assert_eq!(
                target(1000, fault).expected(1000),
                Some(ErrorKind::Timeout),
                "{fault:?}"
            );
            assert_eq!(target(1000, fault).ideal_ms(1000), 1000.0, "{fault:?}");
        }
        assert_eq!(target(999, Fault::None).expected(1000), None);
        assert_eq!(target(999, Fault::None).ideal_ms(1000), 999.0);
    }

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
    fn unknown_key_names_file_line_and_field() {
        let source = SMALL.replace("seed = 7", "seed = 7\nsede = 8");
        let err = Workload::parse(&source, "bad.toml").unwrap_err();
        assert_eq!(err.file, "bad.toml");
        assert_eq!(err.field.as_deref(), Some("sede"));
        assert!(err.line.is_some(), "{err}");
        assert!(err.to_string().contains("bad.toml"), "{err}");
    }

    #[test]
    fn wrong_type_names_line_and_field() {
        let source = SMALL.replace("targets = 50", "targets = \"many\"");
        let err = Workload::parse(&source, "bad.toml").unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        assert_eq!(err.field.as_deref(), Some("targets"), "{err}");
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
