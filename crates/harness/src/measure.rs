//! Spawning one child process and measuring it from outside.
//!
//! The kernel's own accounting does the measuring. `wait4`'s rusage, read when the child is
//! reaped, gives CPU time, peak RSS and context switches. Samples of `/proc/PID/status` for
//! every process in the child's process group (the `sampler` module) give the peak threads,
//! processes, resident and virtual memory of the whole tree. How often it is sampled follows
//! change and age: after a sample that saw a change the next comes 1 ms later, or a hundredth of
//! the run's age so far where that is longer (10 ms at one second), and while nothing changes
//! the gap doubles, up to 50 ms. A child that stops itself (`SIGSTOP`) is sampled right then
//! and continued: an idle worker does this, so that even one that exits within a millisecond is
//! seen.
//!
//! An exited child is first left unreaped (`waitid` with `WNOWAIT`) while what it left behind
//! in its process group is killed, so the group's id cannot yet belong to another process; only
//! then is it reaped. A child past its deadline, or of an interrupted harness, is killed with
//! its group at once.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use fanout_core::CpuTime;
use fanout_core::results::RssParts;

use crate::sampler::{TreeSample, TreeSampler};

/// How often `/proc` is sampled while a child runs: every `FAST_INTERVAL` while anything
/// it reads changes (threads or processes come and go, memory grows), backing off by doubling
/// to `SLOW_INTERVAL` while nothing does. Thread counts rise within a few milliseconds of a
/// change (a pool starting, a burst of tasks), then hold for the run, so the fast rate sees
/// them rise and the slow one costs the harness little while they hold. A run whose counts
/// keep changing for seconds (ten thousand threads started one by one) is sampled at no more
/// than `CHANGES_PER_AGE` times over its age so far: every millisecond for its first tenth of
/// a second, every 10 ms at one second, so a peak reached by a slow climb is seen within a
/// percent of the climb.
const FAST_INTERVAL: Duration = Duration::from_micros(1000);
const SLOW_INTERVAL: Duration = Duration::from_millis(50);
const CHANGES_PER_AGE: u32 = 100;

/// How long the child's output pipes may stay open once it is reaped and its group killed.
const PIPES_GRACE: Duration = Duration::from_secs(5);

/// The least time between two readings of a child's memory map (see
/// [`run_measured_with_parts`]).
pub const PARTS_INTERVAL: Duration = Duration::from_millis(20);

/// How a measured child ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Exited with this status.
    Code(i32),
    /// Killed by this signal (not by the harness).
    Signal(i32),
    /// Killed, with its whole process group, for passing its deadline.
    DeadlineExceeded(Duration),
    /// Killed, with its whole process group, because this process was interrupted.
    Interrupted,
}

/// Everything measured about one child process.
#[derive(Clone, Debug)]
pub struct Measurement {
    /// How it ended.
    pub exit: Exit,
    /// Everything it printed on standard output.
    pub stdout: Vec<u8>,
    /// Everything it printed on standard error.
    pub stderr: Vec<u8>,
    /// User CPU time of the child and the children it waited for, in ms, from `wait4`.
    pub cpu_user_ms: f64,
    /// System CPU time, likewise.
    pub cpu_sys_ms: f64,
    /// The larger of rusage's peak and the sampled peak of the whole tree.
    pub peak_rss_kib: u64,
    /// Virtual size of the whole tree at its sampled peak.
    pub peak_vm_kib: u64,
    /// Threads across the process tree, at their sampled peak.
    pub peak_threads: u64,
    /// When the thread count first reached its peak, from the child's start.
    pub peak_threads_ms: f64,
    /// Processes in the tree, at their sampled peak (1 for a child that starts none).
    pub peak_processes: u64,
    /// Context switches the child made waiting for something, from `wait4`.
    pub voluntary_switches: u64,
    /// Context switches the kernel forced on it, from `wait4`.
    pub involuntary_switches: u64,
    /// Samples of `/proc` taken while it ran.
    pub samples: u64,
    /// From its start to its exit, as the harness saw them.
    pub elapsed: Duration,
    /// CPU time (user + system) this process spent while the child ran: the cost of watching.
    pub harness_cpu_ms: f64,
    /// What the child's resident memory was made of at the highest resident size read, when
    /// asked for (see [`run_measured_with_parts`]).
    pub rss_parts: Option<RssParts>,
}

impl Measurement {
    /// A child that exited cleanly having printed `stdout`, with nothing else measured.
    #[cfg(test)]
    pub(crate) fn exited(stdout: Vec<u8>) -> Self {
        Self {
            exit: Exit::Code(0),
            stdout,
            stderr: Vec::new(),
            cpu_user_ms: 0.0,
            cpu_sys_ms: 0.0,
            peak_rss_kib: 0,
            peak_vm_kib: 0,
            peak_threads: 0,
            peak_threads_ms: 0.0,
            peak_processes: 0,
            voluntary_switches: 0,
            involuntary_switches: 0,
            samples: 0,
            elapsed: Duration::ZERO,
            harness_cpu_ms: 0.0,
            rss_parts: None,
        }
    }

    /// Whether it exited with status 0.
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
                    "was stopped at the harness's deadline of {:.0} s, the longest an honest run \
                     of this job should take as this model runs it: the deadline's failure, not \
                     the model's; not measured",
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
    command: Command,
    stdin: Vec<u8>,
    deadline: Duration,
) -> std::io::Result<Measurement> {
    run_measured_with_parts(command, stdin, deadline, false)
}

/// [`run_measured`], and with `parts`, what the child's resident memory is made of: read from
/// `/proc/PID/smaps` whenever a sample finds it at a new high, at most every
/// [`PARTS_INTERVAL`], keeping the reading at the highest. Reading smaps walks the child's
/// memory map under its lock, which a thread being made waits for: asked for only by runs
/// made to see this (`--memory-parts`).
pub fn run_measured_with_parts(
    mut command: Command,
    stdin: Vec<u8>,
    deadline: Duration,
    parts: bool,
) -> std::io::Result<Measurement> {
    command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    die_with_parent(&mut command);
    let own_cpu_before = CpuTime::this_process();
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
    let mut interval = FAST_INTERVAL;
    let mut peak = TreeSample::default();
    let mut peak_threads_ms = 0.0;
    let mut samples = 0u64;
    let mut killed_at_deadline = false;
    let mut killed_for_interrupt = false;
    let mut rss_parts: Option<(u64, RssParts)> = None;
    let mut parts_read_at: Option<Instant> = None;
    loop {
        let stopped = match look_at(pid)? {
            ChildState::Exited => break,
            ChildState::Stopped => true,
            ChildState::Running => false,
        };
        let changed = sampler.sample_changed();
        let sample = sampler.last;
        if sample.processes > 0 {
            if sample.threads > peak.threads {
                peak_threads_ms = started.elapsed().as_secs_f64() * 1000.0;
            }
            peak = peak.max(&sample);
            samples += 1;
            let higher = rss_parts.is_none_or(|(rss, _)| sample.rss_kib > rss);
            let due = parts_read_at.is_none_or(|at| at.elapsed() >= PARTS_INTERVAL);
            if parts
                && higher
                && due
                && let Some(read) = crate::smaps::read(pid)
            {
                rss_parts = Some((sample.rss_kib, read));
                parts_read_at = Some(Instant::now());
            }
        }
        interval = if changed {
            FAST_INTERVAL
                .max(started.elapsed() / CHANGES_PER_AGE)
                .min(SLOW_INTERVAL)
        } else {
            (interval * 2).min(SLOW_INTERVAL)
        };
        if stopped {
            // A child that stops itself asks to be seen as it is now (an idle worker does, so
            // that its memory is read however soon it exits); it goes on once sampled.
            // SAFETY: plain syscall on the child.
            unsafe { libc::kill(pid, libc::SIGCONT) };
            continue;
        }
        if !killed_at_deadline && started.elapsed() > deadline {
            kill_group(pid);
            killed_at_deadline = true;
        }
        if !killed_for_interrupt && crate::interrupt::interrupted() {
            kill_group(pid);
            killed_for_interrupt = true;
        }
        thread::sleep(interval);
    }
    let elapsed = started.elapsed();
    if !killed_at_deadline && !killed_for_interrupt {
        // Whatever the child left behind in its group goes with it. The child has exited but
        // is not reaped yet, so its pid, which is its group's id, cannot have been given to
        // another process.
        kill_group(pid);
    }
    let (status, usage) = reap(pid)?;
    // The writer ends once the input is written or nothing holds its reading end. It is not
    // waited for: a process that left the group (a daemon) may hold that end open for ever.
    // It may hold the output pipes open too, so they get `PIPES_GRACE` to close.
    drop(writer);
    let pipes_deadline = Instant::now() + PIPES_GRACE;
    let collect = |pipe: mpsc::Receiver<Vec<u8>>| {
        pipe.recv_timeout(pipes_deadline.saturating_duration_since(Instant::now()))
            .unwrap_or_default()
    };
    let exit = if killed_for_interrupt {
        Exit::Interrupted
    } else if killed_at_deadline {
        Exit::DeadlineExceeded(deadline)
    } else if libc::WIFEXITED(status) {
        Exit::Code(libc::WEXITSTATUS(status))
    } else {
        Exit::Signal(libc::WTERMSIG(status))
    };
    let cpu = CpuTime::from_rusage(&usage);
    Ok(Measurement {
        exit,
        stdout: collect(stdout),
        stderr: collect(stderr),
        cpu_user_ms: cpu.user_ms,
        cpu_sys_ms: cpu.sys_ms,
        peak_rss_kib: peak.rss_kib.max(usage.ru_maxrss as u64),
        peak_vm_kib: peak.vm_kib,
        peak_threads: peak.threads,
        peak_threads_ms,
        peak_processes: peak.processes,
        voluntary_switches: usage.ru_nvcsw as u64,
        involuntary_switches: usage.ru_nivcsw as u64,
        samples,
        elapsed,
        harness_cpu_ms: CpuTime::this_process().since(own_cpu_before).total_ms(),
        rss_parts: rss_parts.map(|(_, parts)| parts),
    })
}

/// Makes the process `command` starts, and everything it starts, run only on `cpus`
/// (`sched_setaffinity`); nothing when `cpus` is empty.
pub fn pin_to(command: &mut Command, cpus: &[usize]) {
    if cpus.is_empty() {
        return;
    }
    // SAFETY: cpu_set_t is plain old data; CPU_ZERO and CPU_SET only write into it.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    for &cpu in cpus {
        // SAFETY: as above; cpus are checked against the machine's before a run starts.
        unsafe { libc::CPU_SET(cpu, &mut set) };
    }
    // SAFETY: sched_setaffinity is a plain syscall on the child itself, async-signal-safe.
    unsafe {
        command.pre_exec(move || {
            if libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Makes the process `command` starts die with this one: a harness that is killed leaves no
/// worker or server behind.
pub(crate) fn die_with_parent(command: &mut Command) {
    let parent = std::process::id() as libc::pid_t;
    // SAFETY: prctl and getppid are async-signal-safe and touch no memory of the parent.
    unsafe {
        command.pre_exec(move || {
            libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
            // A parent that died before prctl ran sends no signal: the child has been handed to
            // another parent already, and must not run on without it.
            if libc::getppid() != parent {
                return Err(std::io::Error::from_raw_os_error(libc::ESRCH));
            }
            Ok(())
        });
    }
}

/// Reads `pipe` to its end on a thread of its own, and sends what it read.
fn drain(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<Vec<u8>> {
    let (sender, receiver) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = sender.send(bytes);
    });
    receiver
}

/// How a child stands, seen without reaping it.
enum ChildState {
    Running,
    /// It stopped itself; the stop has been taken, so it is reported once.
    Stopped,
    /// It has exited and is left a zombie for [`reap`]: until then its pid stays its own.
    Exited,
}

/// Looks at `pid` without waiting and without reaping it (`waitid` with `WNOWAIT`).
fn look_at(pid: libc::pid_t) -> std::io::Result<ChildState> {
    // SAFETY: siginfo_t is plain old data; waitid writes it or leaves it zeroed.
    let mut info: libc::siginfo_t = unsafe { std::mem::zeroed() };
    let options = libc::WEXITED | libc::WSTOPPED | libc::WNOHANG | libc::WNOWAIT;
    // SAFETY: a valid pointer to a local.
    if unsafe { libc::waitid(libc::P_PID, pid as libc::id_t, &mut info, options) } != 0 {
        let err = std::io::Error::last_os_error();
        return match err.kind() {
            std::io::ErrorKind::Interrupted => Ok(ChildState::Running),
            _ => Err(err),
        };
    }
    // SAFETY: the fields of a child's state, which waitid filled in (or left zero: nothing new).
    if unsafe { info.si_pid() } == 0 {
        return Ok(ChildState::Running);
    }
    match info.si_code {
        libc::CLD_EXITED | libc::CLD_KILLED | libc::CLD_DUMPED => Ok(ChildState::Exited),
        libc::CLD_STOPPED => {
            // Take the stop, which WNOWAIT left to be reported again. Without WEXITED this
            // cannot reap the child, whatever it has done since.
            // SAFETY: as above.
            unsafe {
                libc::waitid(
                    libc::P_PID,
                    pid as libc::id_t,
                    &mut info,
                    libc::WSTOPPED | libc::WNOHANG,
                )
            };
            Ok(ChildState::Stopped)
        }
        _ => Ok(ChildState::Running),
    }
}

/// Reaps `pid`, which has exited, with its status and resource usage. It never waits: an
/// exited child is reaped at once.
fn reap(pid: libc::pid_t) -> std::io::Result<(i32, libc::rusage)> {
    let mut status = 0;
    // SAFETY: rusage is plain old data, fully written by a successful wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: valid pointers to locals.
        match unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) } {
            reaped if reaped == pid => return Ok((status, usage)),
            0 => return Err(std::io::Error::other("an exited child could not be reaped")),
            _ => {
                let err = std::io::Error::last_os_error();
                if err.kind() != std::io::ErrorKind::Interrupted {
                    return Err(err);
                }
            }
        }
    }
}

/// Kills every process of the group `pid` leads.
fn kill_group(pid: libc::pid_t) {
    // SAFETY: plain syscall on the child's own group.
    unsafe { libc::killpg(pid, libc::SIGKILL) };
}
