//! Sampling a process tree from `/proc`: the processes, threads, resident and virtual memory of
//! a measured child and every process in its group, summed over the tree.

use std::fs;
use std::time::{Duration, Instant};

/// The process tree is walked again for new processes at most every `WALK_GAP` after a sample
/// that saw a change, and every `WALK_EVERY` regardless. Walking lists `/proc`, whose cost
/// grows with every thread on the machine (about 0.3 ms with 4,000), so between walks only the
/// known processes are read. Early in a run both gaps are shorter, in proportion to the run's
/// age (an eighth and a half of it, from `WALK_FIRST`): a run of 50 ms that starts worker
/// processes is walked often enough to see them, and a long run pays for a few walks more.
const WALK_GAP: Duration = Duration::from_millis(100);
const WALK_EVERY: Duration = Duration::from_millis(500);
const WALK_FIRST: Duration = Duration::from_millis(2);

/// Every this many walks, every process on the machine is a candidate, not only those with a
/// higher PID than the worker's (see [`descendants`]).
const WALKS_PER_FULL_WALK: u64 = 16;

/// One look at a process tree: sums over every live process in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct TreeSample {
    pub processes: u64,
    pub threads: u64,
    pub rss_kib: u64,
    pub vm_kib: u64,
}

impl TreeSample {
    pub(crate) fn max(&self, other: &TreeSample) -> TreeSample {
        TreeSample {
            processes: self.processes.max(other.processes),
            threads: self.threads.max(other.threads),
            rss_kib: self.rss_kib.max(other.rss_kib),
            vm_kib: self.vm_kib.max(other.vm_kib),
        }
    }
}

/// Samples a process tree from `/proc`: every known process on each sample, and the whole tree
/// walked again after a sample that saw a change (at most every `WALK_GAP`), or every
/// `WALK_EVERY`, to find processes started since.
pub(crate) struct TreeSampler {
    root: libc::pid_t,
    started: Instant,
    known: Vec<libc::pid_t>,
    walks: u64,
    walked_at: Option<Instant>,
    walk_next: bool,
    /// The latest sample.
    pub last: TreeSample,
}

impl TreeSampler {
    pub(crate) fn new(root: libc::pid_t) -> Self {
        Self {
            root,
            started: Instant::now(),
            known: vec![root],
            walks: 0,
            walked_at: None,
            walk_next: true,
            last: TreeSample::default(),
        }
    }

    /// Takes a sample into `last`, and says whether it differs from the one before: other
    /// counts of processes or threads, or memory grown by more than an eighth (a steady climb of memory is
    /// not worth fast sampling: the kernel keeps the worker's peak resident size for `wait4`).
    pub(crate) fn sample_changed(&mut self) -> bool {
        let since = self.walked_at.map(|at| at.elapsed());
        let age = self.started.elapsed();
        let gap = (age / 8).clamp(WALK_FIRST, WALK_GAP);
        let every = (age / 2).clamp(WALK_FIRST, WALK_EVERY);
        let due = match since {
            None => true,
            Some(since) => (self.walk_next && since >= gap) || since >= every,
        };
        if due {
            let every = self.walks.is_multiple_of(WALKS_PER_FULL_WALK);
            self.known = descendants(self.root, every);
            self.walks += 1;
            self.walked_at = Some(Instant::now());
        }
        let mut total = TreeSample::default();
        for pid in &self.known {
            let Ok(status) = fs::read_to_string(format!("/proc/{pid}/status")) else {
                continue;
            };
            let field = |name: &str| -> Option<u64> {
                let line = status.lines().find(|line| line.starts_with(name))?;
                line[name.len()..].split_whitespace().next()?.parse().ok()
            };
            let Some(rss_kib) = field("VmRSS:") else {
                continue;
            };
            total.processes += 1;
            total.rss_kib += rss_kib;
            total.vm_kib += field("VmSize:").unwrap_or(0);
            total.threads += field("Threads:").unwrap_or(0);
        }
        let before = self.last;
        let grown = |now: u64, then: u64| now > then + then / 8;
        let changed = total.processes != before.processes
            || total.threads != before.threads
            || grown(total.rss_kib, before.rss_kib)
            || grown(total.vm_kib, before.vm_kib);
        self.last = total;
        // A change asks for a walk soon, and keeps asking until one is made.
        self.walk_next = changed || (self.walk_next && !due);
        changed
    }
}

/// `root` and every process below it: the processes of `root`'s process group (the worker
/// leads its own group, and the processes it starts join it). Found by reading each candidate's
/// `/proc/PID/stat`, so the cost grows with the processes on the machine, not with the threads
/// of the worker: a walk of `/proc/PID/task/*/children` would read ten thousand files for a
/// model with ten thousand threads, and slow the model it measures. Unless `every` is set, only
/// processes with a higher PID than `root` are candidates: processes started after it, except
/// when PIDs wrap around, which an occasional walk of every process catches.
fn descendants(root: libc::pid_t, every: bool) -> Vec<libc::pid_t> {
    let mut found = vec![root];
    let Ok(entries) = fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<libc::pid_t>().ok())
        else {
            continue;
        };
        if pid != root && (every || pid > root) && process_group(pid) == Some(root) {
            found.push(pid);
        }
    }
    found
}

/// The process group of `pid`, from `/proc/PID/stat` (the field after state and parent).
fn process_group(pid: libc::pid_t) -> Option<libc::pid_t> {
    let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The command name may hold spaces and parentheses: the fields start after the last `)`.
    let fields = &stat[stat.rfind(')')? + 1..];
    fields.split_whitespace().nth(2)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    use super::*;

    #[test]
    fn a_process_that_lives_a_moment_early_in_a_run_is_seen() {
        // A shell that leads its own group counts for a moment (with no process of its own),
        // then starts a child for 80 ms and waits for it: the child joins the group, and
        // nothing else in the shell changes.
        let mut shell = Command::new("sh")
            .args([
                "-c",
                "i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; sleep 0.08 & wait",
            ])
            .process_group(0)
            .spawn()
            .expect("sh runs");
        let mut sampler = TreeSampler::new(shell.id() as libc::pid_t);
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut most = 0;
        while shell.try_wait().expect("sh is waited for").is_none() && Instant::now() < deadline {
            sampler.sample_changed();
            most = most.max(sampler.last.processes);
            std::thread::sleep(Duration::from_millis(1));
        }
        let _ = shell.kill();
        let _ = shell.wait();
        assert!(most >= 2, "saw at most {most} process(es)");
    }
}
