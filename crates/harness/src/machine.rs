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

/// The 1-minute load average from `/proc/loadavg`.
pub fn load_average() -> Option<f64> {
    fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// CPU time every CPU of the machine has spent busy since boot (all but idle and I/O wait),
/// from `/proc/stat`.
pub fn busy_cpu_ms() -> Option<f64> {
    let stat = fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat
        .lines()
        .next()?
        .strip_prefix("cpu ")?
        .split_whitespace()
        .filter_map(|field| field.parse().ok())
        .collect();
    // user nice system idle iowait irq softirq steal (guest time is already in user).
    let busy: u64 = ticks.iter().take(8).sum::<u64>() - ticks.get(3)? - ticks.get(4)?;
    // SAFETY: plain syscall.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) };
    (per_second > 0).then(|| busy as f64 * 1000.0 / per_second as f64)
}

/// The CPUs this process may run on (its affinity mask), in order.
pub fn allowed_cpus() -> Vec<usize> {
    // SAFETY: cpu_set_t is plain old data, written by a successful sched_getaffinity.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: a valid pointer to a local of the size given.
    let got =
        unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
    if got != 0 {
        return (0..cores()).collect();
    }
    // SAFETY: reads a bit of a set sched_getaffinity filled in.
    (0..libc::CPU_SETSIZE as usize)
        .filter(|&cpu| unsafe { libc::CPU_ISSET(cpu, &set) })
        .collect()
}

/// Parses a list of CPUs for pinning (`0`, `0,1`, `0-1`), each one this process may run on.
pub fn parse_cpus(text: &str) -> Result<Vec<usize>, String> {
    let allowed = allowed_cpus();
    let allowed_text = allowed
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let mut cpus = Vec::new();
    for part in text.split(',').map(str::trim) {
        let (low, high) = part.split_once('-').unwrap_or((part, part));
        let number = |s: &str| {
            s.trim().parse::<usize>().map_err(|_| {
                format!("`{part}` is not a CPU number or range; allowed: {allowed_text} (e.g. `0` or `0-1`)")
            })
        };
        let (low, high) = (number(low)?, number(high)?);
        if low > high {
            return Err(format!("`{part}` is an empty range of CPUs"));
        }
        for cpu in low..=high {
            if !allowed.contains(&cpu) {
                return Err(format!(
                    "CPU {cpu} is not available here; allowed: {allowed_text}"
                ));
            }
            if !cpus.contains(&cpu) {
                cpus.push(cpu);
            }
        }
    }
    cpus.sort_unstable();
    Ok(cpus)
}
