//! What machine a results file was measured on, read from the system itself.

use std::fs;

use fanout_core::results::Machine;

/// The `rustc` that built this binary, captured at build time.
const RUSTC_VERSION: &str = env!("FANOUT_RUSTC_VERSION");

/// Reads cores, CPU model, memory, OS and kernel from `/proc` and `/etc/os-release`.
pub fn describe() -> Machine {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let cpu = cpuinfo
        .lines()
        .find(|line| line.starts_with("model name"))
        .and_then(|line| line.split_once(':'))
        .map(|(_, name)| name.trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    let memory_kib = fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|line| line.starts_with("MemTotal:"))
        .and_then(|line| line.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0);
    let os = fs::read_to_string("/etc/os-release")
        .unwrap_or_default()
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map(|name| name.trim_matches('"').to_owned())
        .unwrap_or_else(|| std::env::consts::OS.into());
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease")
        .map(|release| format!("Linux {}", release.trim()))
        .unwrap_or_else(|_| "unknown".into());
    Machine {
        cores: cores(),
        cpu,
        memory_kib,
        os,
        kernel,
        rustc: RUSTC_VERSION.to_owned(),
    }
}

/// Cores available to this process.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
