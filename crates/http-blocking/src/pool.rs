//! The pool of OS threads the thread-based models fetch on: a queue of targets taken in order,
//! and scoped threads started for the run and joined at its end.

use std::sync::{Mutex, mpsc};
use std::thread;

use fanout_core::{JobTarget, Record, SetupError};

/// Every target of a job, in order; each thread takes the next one when it is free.
pub struct WorkQueue<'a>(Mutex<mpsc::Receiver<&'a JobTarget>>);

impl<'a> WorkQueue<'a> {
    /// A queue of every target of `targets`, in order.
    pub fn new(targets: &'a [JobTarget]) -> Self {
        let (queue_in, queue_out) = mpsc::channel();
        for target in targets {
            queue_in.send(target).expect("the receiver is alive");
        }
        Self(Mutex::new(queue_out))
    }

    /// The next target, or `None` once every target has been taken. The lock is held only to
    /// receive, never while fetching.
    pub fn next(&self) -> Option<&'a JobTarget> {
        self.0.lock().expect("no worker panics").try_recv().ok()
    }

    /// Takes everything left, so threads already running stop after their current target.
    fn drain(&self) {
        while self.next().is_some() {}
    }
}

/// Runs `worker(index)` on `size` threads named `{name}-{index}` and gathers their records. A
/// thread the system refuses to start fails the whole run, after the started ones have stopped.
pub fn run_pool(
    queue: &WorkQueue<'_>,
    size: usize,
    name: &str,
    worker: impl Fn(usize) -> Vec<Record> + Sync,
) -> Result<Vec<Record>, SetupError> {
    thread::scope(|scope| {
        let mut threads = Vec::with_capacity(size);
        for index in 0..size {
            let worker = &worker;
            match thread::Builder::new()
                .name(format!("{name}-{index}"))
                .spawn_scoped(scope, move || worker(index))
            {
                Ok(handle) => threads.push(handle),
                Err(err) => {
                    queue.drain();
                    return Err(SetupError(format!(
                        "could not start thread {} of {size}: {err}",
                        index + 1
                    )));
                }
            }
        }
        Ok(threads
            .into_iter()
            .flat_map(|handle| handle.join().expect("workers do not panic"))
            .collect())
    })
}
