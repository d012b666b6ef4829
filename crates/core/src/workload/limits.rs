//! Documented maxima: a workload or request above these is refused, not attempted.

/// Most targets in one workload.
pub const MAX_TARGETS: u64 = 1_000_000;
/// Longest latency a target may ask the mock server for (2 minutes).
pub const MAX_DELAY_MS: u64 = 120_000;
/// Largest body a target may ask the mock server for (64 MiB).
pub const MAX_BODY_BYTES: u64 = 64 * 1024 * 1024;
/// Longest client timeout (10 minutes).
pub const MAX_TIMEOUT_MS: u64 = 600_000;
/// Highest concurrency a run may ask for.
pub const MAX_CONCURRENCY: usize = 100_000;
/// Most units of CPU work per body.
pub const MAX_CPU_WORK: u32 = 100_000;
