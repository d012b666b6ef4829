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
use serde::{Deserialize, Serialize, Serializer};

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
        "hold",
        include_str!("../../../../fixtures/workloads/hold.toml"),
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
    (
        "clients",
        include_str!("../../../../fixtures/workloads/clients.toml"),
    ),
    (
        "loops",
        include_str!("../../../../fixtures/workloads/loops.toml"),
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

/// A workload file as written: what serde reads, before anything is checked. [`Workload`]'s
/// accessors say what each field means.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WorkloadFile {
    name: String,
    description: String,
    seed: u64,
    targets: u64,
    concurrency: Vec<usize>,
    timeout_ms: u64,
    #[serde(default = "default_connect_timeout_ms")]
    connect_timeout_ms: u64,
    latency_ms: Distribution,
    body_bytes: Distribution,
    #[serde(default)]
    faults: Faults,
    #[serde(default)]
    cpu_work: u32,
    #[serde(default)]
    reference: Option<Reference>,
}

fn default_connect_timeout_ms() -> u64 {
    2_000
}

/// A workload that passed validation. Its fields are private and every way to make one
/// ([`Workload::parse`], [`Workload::load`], deserialising) validates, so nothing downstream,
/// [`Workload::targets`] least of all, meets a value out of range.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(try_from = "WorkloadFile")]
pub struct Workload(WorkloadFile);

impl TryFrom<WorkloadFile> for Workload {
    type Error = String;

    fn try_from(parsed: WorkloadFile) -> Result<Self, String> {
        parsed
            .validate()
            .map_err(|(field, message)| format!("field `{field}`: {message}"))?;
        Ok(Workload(parsed))
    }
}

/// Written as the file it was read from, so it reads back.
impl Serialize for Workload {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
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
        // Not through `Workload`'s own `Deserialize`: its errors cannot say which line.
        let parsed: WorkloadFile =
            toml::from_str(source).map_err(|err| WorkloadError::from_toml(&err, source, file))?;
        parsed
            .validate()
            .map_err(|(field, message)| WorkloadError::invalid(field, message, source, file))?;
        Ok(Workload(parsed))
    }

    /// The workload's name, as runs and reports call it.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// What the workload is for, in a sentence.
    pub fn description(&self) -> &str {
        &self.0.description
    }

    /// Seed for every per-target draw.
    pub fn seed(&self) -> u64 {
        self.0.seed
    }

    /// Number of targets (URLs); [`Workload::targets`] makes them.
    pub fn target_count(&self) -> u64 {
        self.0.targets
    }

    /// The concurrency sweep used when the command line gives none.
    pub fn concurrency(&self) -> &[usize] {
        &self.0.concurrency
    }

    /// Client timeout for response headers, and again for the body.
    pub fn timeout_ms(&self) -> u64 {
        self.0.timeout_ms
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout_ms(&self) -> u64 {
        self.0.connect_timeout_ms
    }

    /// Server-side latency per target.
    pub fn latency_ms(&self) -> &Distribution {
        &self.0.latency_ms
    }

    /// Body size per target.
    pub fn body_bytes(&self) -> &Distribution {
        &self.0.body_bytes
    }

    /// The share of targets that fail in each way.
    pub fn faults(&self) -> &Faults {
        &self.0.faults
    }

    /// Units of parse-like CPU work per body (see [`crate::work`]); 0 for none.
    pub fn cpu_work(&self) -> u32 {
        self.0.cpu_work
    }

    /// Published figures this workload reproduces, if any.
    pub fn reference(&self) -> Option<&Reference> {
        self.0.reference.as_ref()
    }

    /// Every target, derived from the seed: the same workload always gives the same targets.
    /// Latency, size and faults draw from separate streams, so changing one leaves the others.
    pub fn targets(&self) -> Vec<Target> {
        let count = self.0.targets as usize;
        let stream = |n: u64| {
            let mut rng = ChaCha8Rng::seed_from_u64(self.0.seed);
            rng.set_stream(n);
            rng
        };
        let delays = self.0.latency_ms.sample(count, &mut stream(1));
        let sizes = self.0.body_bytes.sample(count, &mut stream(2));
        let mut fault_rng = stream(3);
        (0..count)
            .map(|i| Target {
                id: i as u32,
                delay_ms: delays[i].round() as u64,
                size: sizes[i].round() as u64,
                fault: self.0.faults.pick(fault_rng.random::<f64>()),
            })
            .collect()
    }
}

impl WorkloadFile {
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
}

#[cfg(test)]
mod tests;
