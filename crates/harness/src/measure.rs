//! Spawning one child process and measuring it from outside.
//!
//! The kernel's own accounting does the measuring: `wait4`'s rusage gives CPU time, peak RSS and
//! context switches; sampling `/proc/PID/status` for the child and every descendant, about 600
//! times a second, gives peak threads, resident and virtual memory of the whole tree. A child
//! that stops itself (`SIGSTOP`) is sampled right then and continued: an idle worker does this,
//! so that even one that exits within a millisecond is seen.

use std::fs;
use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How often `/proc` is sampled while a child runs: about 600 times a second once the cost
/// of a sample is added.
const SAMPLE_INTERVAL: Duration = Duration::from_micros(1500);

/// Every this many samples, the process tree is walked again for new processes. Walking reads
/// one file per thread, so between walks only the known processes are read.
const SAMPLES_PER_WALK: u64 = 25;

/// How a measured child ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    Code(i32),
    Signal(i32),
    /// Killed, with its whole process group, for passing its deadline.
    DeadlineExceeded(Duration),
    /// Killed, with its whole process group, because this process was interrupted.
    Interrupted,
}

/// Everything measured about one child process.
#[derive(Clone, Debug)]
pub struct Measurement {
    pub exit: Exit,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub cpu_user_ms: f64,
    pub cpu_sys_ms: f64,
    /// The larger of rusage's peak and the sampled peak of the whole tree.
    pub peak_rss_kib: u64,
    pub peak_vm_kib: u64,
    /// Threads across the process tree, at their sampled peak.
    pub peak_threads: u64,
    /// Processes in the tree, at their sampled peak (1 for a child that starts none).
    pub peak_processes: u64,
    pub voluntary_switches: u64,
    pub involuntary_switches: u64,
    pub samples: u64,
    pub elapsed: Duration,
}

impl Measurement {
    pub fn succeeded(&self) -> bool {
        self.exit == Exit::Code(0)
    }

    /// A one-line account of a failed exit, with the end of the child's stderr.
    pub fn failure(&self) -> Option<String> {
        let how = match &self.exit {
            Exit::Code(0) => return None,
            Exit::Code(code) => format!("exited with status {code}"),
            Exit::Signal(signal) => format!("killed by signal {signal}"),
            Exit::DeadlineExceeded(deadline) => {
                format!(
                    "passed its deadline of {:.0} s and was killed",
                    deadline.as_secs_f64()
                )
            }
            Exit::Interrupted => "was stopped: the run was interrupted".to_owned(),
        };
        let stderr = String::from_utf8_lossy(&self.stderr);
        let last = stderr.lines().rev().find(|line| !line.trim().is_empty());
        Some(match last {
            Some(line) => format!("{how}: {}", line.trim()),
            None => how,
        })
    }
}

/// Runs `command` with `stdin` as its input, measures it until it exits or `deadline` passes,
/// and returns what it printed and what it cost. The child gets its own process group (so the
/// whole tree can be killed) and dies with this process.
pub fn run_measured(
    mut command: Command,
    stdin: Vec<u8>,
    deadline: Duration,
) -> std::io::Result<Measurement> {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    die_with_parent(&mut command);
    let mut child = command.spawn()?;
    let pid = child.id() as libc::pid_t;
    let started = Instant::now();

    let mut input = child.stdin.take().expect("stdin is piped");
    let writer = thread::spawn(move || {
        // A child that exits without reading its input is measured like any other.
        let _ = input.write_all(&stdin);
    });
    let stdout = drain(child.stdout.take().expect("stdout is piped"));
    let stderr = drain(child.stderr.take().expect("stderr is piped"));

    let mut sampler = TreeSampler::new(pid);
    let mut peak = TreeSample::default();
    let mut samples = 0u64;
    let mut killed_at_deadline = false;
    let mut killed_for_interrupt = false;
    let (status, usage) = loop {
        let stopped = match try_wait4(pid)? {
            Some((status, _)) if libc::WIFSTOPPED(status) => true,
            Some(done) => break done,
            None => false,
        };
        let sample = sampler.sample();
        if sample.processes > 0 {
            peak = peak.max(&sample);
            samples += 1;
        }
        if stopped {
            // A child that stops itself asks to be seen as it is now (an idle worker does, so
            // that its memory is read however soon it exits); it goes on once sampled.
            // SAFETY: plain syscall on the child.
            unsafe { libc::kill(pid, libc::SIGCONT) };
            continue;
        }
        if !killed_at_deadline && started.elapsed() > deadline {
            // SAFETY: plain syscall; the group is the child's own.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            killed_at_deadline = true;
        }
        if !killed_for_interrupt && crate::interrupt::interrupted() {
            // SAFETY: plain syscall; the group is the child's own.
            unsafe { libc::kill(-pid, libc::SIGKILL) };
            killed_for_interrupt = true;
        }
        thread::sleep(SAMPLE_INTERVAL);
    };
    let elapsed = started.elapsed();
    if !killed_at_deadline && !killed_for_interrupt {
        // Whatever the child left behind in its group goes with it.
        // SAFETY: plain syscall on the child's own group.
        unsafe { libc::kill(-pid, libc::SIGKILL) };
    }
    let _ = writer.join();
    let exit = if killed_for_interrupt {
        Exit::Interrupted
    } else if killed_at_deadline {
        Exit::DeadlineExceeded(deadline)
    } else if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else {
        Exit::Signal(libc::WTERMSIG(status))
    };
    let ms = |tv: libc::timeval| tv.tv_sec as f64 * 1000.0 + tv.tv_usec as f64 / 1000.0;
    Ok(Measurement {
        exit,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
        cpu_user_ms: ms(usage.ru_utime),
        cpu_sys_ms: ms(usage.ru_stime),
        peak_rss_kib: peak.rss_kib.max(usage.ru_maxrss as u64),
        peak_vm_kib: peak.vm_kib,
        peak_threads: peak.threads,
        peak_processes: peak.processes,
        voluntary_switches: usage.ru_nvcsw as u64,
        involuntary_switches: usage.ru_nivcsw as u64,
        samples,
        elapsed,
    })
}

/// Makes the process `command` starts die with this one: a harness that is killed leaves no
/// worker or server behind.
pub(crate) fn die_with_parent(command: &mut Command) {
    // SAFETY: prctl is async-signal-safe and touches no memory of the parent.
    unsafe {
        command.pre_exec(|| {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            Ok(())
        });
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        bytes
    })
}

/// Reaps `pid` if it has exited, with its resource usage; also reports it (with a status for
/// which `WIFSTOPPED` holds) when it has stopped.
fn try_wait4(pid: libc::pid_t) -> std::io::Result<Option<(i32, libc::rusage)>> {
    let mut status = 0;
    // SAFETY: rusage is plain old data, fully written by a successful wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointers to locals.
    let reaped = unsafe {
        libc::wait4(
            pid,
            &mut status,
            libc::WNOHANG | libc::WUNTRACED,
            &mut usage,
        )
    };
    match reaped {
        0 => Ok(None),
        n if n == pid => Ok(Some((status, usage))),
        _ => {
            let err = std::io::Error::last_os_error();
            if err.kind() == std::io::ErrorKind::Interrupted {
                Ok(None)
            } else {
                Err(err)
            }
        }
    }
}

/// One look at a process tree: sums over every live process in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TreeSample {
    pub processes: u64,
    pub threads: u64,
    pub rss_kib: u64,
    pub vm_kib: u64,
}

impl TreeSample {
    fn max(&self, other: &TreeSample) -> TreeSample {
        TreeSample {
            processes: self.processes.max(other.processes),
            threads: self.threads.max(other.threads),
            rss_kib: self.rss_kib.max(other.rss_kib),
            vm_kib: self.vm_kib.max(other.vm_kib),
        }
    }
}

/// Samples a process tree from `/proc`: every known process on each sample, and the whole tree
/// walked again every `SAMPLES_PER_WALK` samples to find processes started since.
pub struct TreeSampler {
    root: libc::pid_t,
    known: Vec<libc::pid_t>,
    samples: u64,
}

impl TreeSampler {
    pub fn new(root: libc::pid_t) -> Self {
        Self {
            root,
            known: vec![root],
            samples: 0,
        }
    }

    /// Sums over every live process of the tree. Processes that vanish mid-read are skipped;
    /// a zombie (no memory lines) counts for nothing.
    pub fn sample(&mut self) -> TreeSample {
        if self.samples.is_multiple_of(SAMPLES_PER_WALK) {
            self.known = descendants(self.root);
        }
        self.samples += 1;
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
        total
    }
}

/// `root` and every process below it: the processes of `root`'s process group (the worker
/// leads its own group, and the processes it starts join it). Found by reading each process's
/// `/proc/PID/stat`, so the cost grows with the processes on the machine, not with the threads
/// of the worker: a walk of `/proc/PID/task/*/children` would read ten thousand files for a
/// model with ten thousand threads, and slow the model it measures.
fn descendants(root: libc::pid_t) -> Vec<libc::pid_t> {
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
        if pid != root && process_group(pid) == Some(root) {
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
