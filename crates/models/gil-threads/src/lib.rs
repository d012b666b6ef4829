//! # gil-threads: the thread pool under a simulated GIL
//!
//! The `threads` model with one global lock, modelled on CPython's Global Interpreter Lock:
//! a thread holds it for everything except network I/O, lets go of it around each blocking
//! request (as CPython does around socket calls), and takes it back to process the page. A
//! thread that has held it longer than the switch interval (5 ms, CPython's default
//! `sys.getswitchinterval()`) while another waits hands it over at its next checkpoint, and
//! waits until the other has taken it (CPython's forced switching). Checkpoints fall between
//! units of CPU work, as CPython's fall between bytecodes.
//!
//! This is seed 000's claim made measurable: under the GIL, threads help I/O-bound work (the
//! lock is free while requests wait) and cannot help CPU-bound work (only one thread computes
//! at a time, however many cores there are).
//!
//! What to expect in the charts: on `quick`, the same wall time as `threads`; on `cpu`, no
//! faster than one core, while `threads` uses both.
//!
//! Limits of the model, honestly: it only makes the page processing and the bookkeeping wait
//! for the lock. Real CPython also holds the GIL while `requests` parses HTTP in Python code,
//! while it allocates objects, and for reference counting; the cost of a switch there is higher
//! too. So real Python threads pay more than this model: `py-threads` measures the real thing.

#![warn(missing_docs)]

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fanout_core::{Clock, Job, Outcome, Record, SetupError};
use fanout_http_blocking::{BlockingClient, WorkQueue, run_pool};

/// CPython's default switch interval.
pub const SWITCH_INTERVAL: Duration = Duration::from_millis(5);

/// One stretch of time a thread held the lock. Sequence numbers are taken under the lock's
/// own mutex, so they order all holds totally.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hold {
    /// The index of the thread that held the lock.
    pub thread: usize,
    /// When it took the lock, in the order of every take and release.
    pub enter_sequence: u64,
    /// When it let go, in the same order.
    pub exit_sequence: u64,
    /// The hold ended because the holder handed the lock to a waiting thread.
    pub forced_switch: bool,
    /// How long the lock was held.
    pub held: Duration,
}

#[derive(Default)]
struct State {
    holder: Option<usize>,
    held_since: Option<Instant>,
    waiting: usize,
    /// Counts every acquisition, so a thread that hands over can wait for someone to take it.
    acquisitions: u64,
    sequence: u64,
    current: Option<Hold>,
    /// Every hold so far, kept only by a lock made with [`Gil::traced`]: measured runs do not
    /// pay for it.
    trace: Option<Vec<Hold>>,
}

/// The simulated global interpreter lock.
pub struct Gil {
    state: Mutex<State>,
    changed: Condvar,
    interval: Duration,
}

impl Gil {
    /// A lock that asks its holder to hand it over after `interval`, as CPython does.
    pub fn new(interval: Duration) -> Self {
        Self {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            interval,
        }
    }

    /// A lock that also keeps every hold, for [`Gil::trace`]: to check the lock's behaviour,
    /// never in a measured run.
    pub fn traced(interval: Duration) -> Self {
        let gil = Self::new(interval);
        gil.lock().trace = Some(Vec::new());
        gil
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .expect("no thread panics while holding the state")
    }

    /// Takes the lock, waiting while another thread holds it.
    pub fn acquire(&self, thread: usize) {
        let state = self.lock();
        self.wait_and_take(state, thread, None);
    }

    /// Waits until the lock is free (and, after a hand-over, until another thread has had it
    /// since acquisition `handed_at`), then takes it.
    fn wait_and_take(
        &self,
        mut state: MutexGuard<'_, State>,
        thread: usize,
        handed_at: Option<u64>,
    ) {
        state.waiting += 1;
        while state.holder.is_some() || handed_at == Some(state.acquisitions) {
            state = self
                .changed
                .wait(state)
                .expect("no thread panics while holding the state");
        }
        state.waiting -= 1;
        self.take(&mut state, thread);
    }

    fn take(&self, state: &mut State, thread: usize) {
        state.holder = Some(thread);
        state.held_since = Some(Instant::now());
        state.acquisitions += 1;
        if state.trace.is_some() {
            state.sequence += 1;
            state.current = Some(Hold {
                thread,
                enter_sequence: state.sequence,
                exit_sequence: 0,
                forced_switch: false,
                held: Duration::ZERO,
            });
        }
    }

    /// Lets go of the lock (around network I/O, and at the end).
    pub fn release(&self) {
        let mut state = self.lock();
        self.give_up(&mut state, false);
    }

    fn give_up(&self, state: &mut State, forced_switch: bool) {
        if let Some(mut hold) = state.current.take() {
            state.sequence += 1;
            hold.exit_sequence = state.sequence;
            hold.forced_switch = forced_switch;
            hold.held = state
                .held_since
                .map_or(Duration::ZERO, |since| since.elapsed());
            if let Some(trace) = &mut state.trace {
                trace.push(hold);
            }
        }
        state.holder = None;
        state.held_since = None;
        self.changed.notify_all();
    }

    /// Called by the holder between units of work: past the switch interval, with another
    /// thread waiting, it hands the lock over and takes it back only after the other has had it.
    /// Returns, when it handed over, when it let go and when it had the lock again.
    pub fn checkpoint(&self, thread: usize) -> Option<(Instant, Instant)> {
        let mut state = self.lock();
        let due = state
            .held_since
            .is_some_and(|since| since.elapsed() >= self.interval);
        if !(due && state.waiting > 0) {
            return None;
        }
        let handed_at = state.acquisitions;
        let let_go = Instant::now();
        self.give_up(&mut state, true);
        self.wait_and_take(state, thread, Some(handed_at));
        Some((let_go, Instant::now()))
    }

    /// Every hold so far, in order; empty for a lock made with [`Gil::new`].
    pub fn trace(&self) -> Vec<Hold> {
        self.lock().trace.clone().unwrap_or_default()
    }
}

/// Fetches every target of `job` on `job.concurrency` threads under a simulated GIL.
pub fn run(job: &Job) -> Result<Outcome, SetupError> {
    let gil = Gil::new(SWITCH_INTERVAL);
    let clock = Clock::start();
    let pool_size = job.concurrency.min(job.targets.len()).max(1);
    let client = BlockingClient::new(job, pool_size);
    let queue = WorkQueue::new(&job.targets);
    let records = run_pool(&queue, pool_size, "gil", |thread| {
        let mut records: Vec<Record> = Vec::new();
        gil.acquire(thread);
        while let Some(target) = queue.next() {
            let start_ms = clock.now_ms();
            // Network I/O happens without the lock, as in CPython's socket module.
            gil.release();
            let raw = client.fetch_raw(target, &clock);
            gil.acquire(thread);
            // Each stretch in which this thread holds the lock for the page's CPU work.
            let mut holds = Vec::new();
            let mut held_from = clock.now_ms();
            let exchange = match raw {
                Ok(response) => response.judge(target, job.cpu_work, &mut || {
                    if let Some((let_go, back)) = gil.checkpoint(thread) {
                        holds.push([held_from, clock.ms_at(let_go)]);
                        held_from = clock.ms_at(back);
                    }
                }),
                Err(failed) => failed,
            };
            let mut record = clock.finish(target, None, start_ms, exchange);
            if job.cpu_work > 0 {
                holds.push([held_from, record.end_ms]);
                record.holds_ms = holds;
            }
            records.push(record);
        }
        gil.release();
        records
    })?;
    Ok(Outcome::new(records)
        .pinned("fetching", pool_size)
        .pinned("running python at once", 1))
}

#[cfg(test)]
mod tests {
    use std::thread;

    use super::*;

    /// Times each thread hands the lock over in [`contend`].
    const HAND_OVERS: usize = 12;

    /// Two threads that each compute until they have handed the lock over [`HAND_OVERS`]
    /// times: counted, not timed, so a loaded machine cannot end one before the other starts.
    /// The other is back waiting before every hand-over completes, so neither runs out of
    /// someone to hand to; a deadline only keeps a broken lock from hanging the test.
    fn contend(gil: &Gil) {
        let deadline = Instant::now() + Duration::from_secs(60);
        thread::scope(|scope| {
            for thread in 0..2 {
                scope.spawn(move || {
                    gil.acquire(thread);
                    let mut handed = 0;
                    while handed < HAND_OVERS && Instant::now() < deadline {
                        std::hint::black_box(fanout_core::cpu_work(&[b'x'; 4096], 1));
                        handed += usize::from(gil.checkpoint(thread).is_some());
                    }
                    gil.release();
                });
            }
        });
    }

    #[test]
    fn no_two_threads_ever_hold_the_lock_at_once() {
        let gil = Gil::traced(SWITCH_INTERVAL);
        contend(&gil);
        let mut trace = gil.trace();
        trace.sort_by_key(|hold| hold.enter_sequence);
        for pair in trace.windows(2) {
            assert!(
                pair[1].enter_sequence > pair[0].exit_sequence,
                "overlapping holds: {pair:?}"
            );
        }
    }

    #[test]
    fn a_contended_lock_changes_hands_but_never_before_the_switch_interval() {
        let gil = Gil::traced(SWITCH_INTERVAL);
        contend(&gil);
        let trace = gil.trace();
        let forced: Vec<&Hold> = trace.iter().filter(|hold| hold.forced_switch).collect();
        assert_eq!(forced.len(), 2 * HAND_OVERS, "{trace:?}");
        // A hand-over waits until the other has taken the lock: the holder alternates.
        assert!(
            trace
                .windows(2)
                .all(|pair| pair[0].thread != pair[1].thread),
            "{trace:?}"
        );
        for hold in forced {
            assert!(
                hold.held >= SWITCH_INTERVAL,
                "switched after only {:?}",
                hold.held
            );
        }
    }

    #[test]
    fn an_uncontended_lock_is_never_handed_over() {
        let gil = Gil::traced(Duration::ZERO);
        gil.acquire(0);
        for _ in 0..100 {
            gil.checkpoint(0);
        }
        gil.release();
        assert_eq!(gil.trace().len(), 1);
        assert!(!gil.trace()[0].forced_switch);
    }

    #[test]
    fn the_lock_of_a_measured_run_keeps_no_trace() {
        let gil = Gil::new(SWITCH_INTERVAL);
        contend(&gil);
        let state = gil.lock();
        // It changed hands as often as a traced one, and numbered and kept none of its holds.
        assert_eq!(state.acquisitions, 2 * HAND_OVERS as u64 + 2);
        assert_eq!((state.sequence, state.trace.is_none()), (0, true));
    }
}
