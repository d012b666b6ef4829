//! Lesson `gil`: the same Python program with the lock on and off, beside Rust's threads
//! and its simulated lock. Its words are in `templates/lessons/gil.md`.

use minijinja::{Value, context};

use super::{Check, Evidence};
use crate::analysis::stats::welch;
use crate::analysis::summary::Summary;
use crate::pages::figures::Name;

use crate::analysis::gil::{PYTHON_WORK, RUST_WORK};

/// Lesson `gil`'s check: its reading of the runs, and the charts that show it.
pub(super) const CHECK: Check = Check {
    name: "gil",
    charts: &[
        Name::Gil,
        Name::Lanes("cpu", 2, 30),
        Name::WallTime("cpu"),
        Name::Lanes("quick", 100, 1000),
    ],
    analyse: gil,
};

/// Above this speedup from 1 to 2 threads, threads did compute side by side; below the lower
/// one they did not. Between, the lesson says neither.
const PARALLEL: f64 = 1.5;
const SERIAL: f64 = 1.15;

/// One model's times at 1, 2 and 4 threads on `cpu`, where it has them.
struct Scaling<'a> {
    one: &'a Summary,
    two: &'a Summary,
    four: Option<&'a Summary>,
}

impl<'a> Scaling<'a> {
    /// The model's runs at the most work a page at which it ran on both 1 and 2 threads, up to
    /// `most`: the lesson's own experiment runs less work a page than the standard suite.
    fn of(e: &'a Evidence, model: &'static str, most: u32) -> Option<Self> {
        let exactly = |work: u32, level: usize| {
            e.series(model, "cpu", work)
                .into_iter()
                .find(|s| s.concurrency == level)
        };
        let work = e.most_work(model, "cpu", |work| {
            work <= most && exactly(work, 1).is_some() && exactly(work, 2).is_some()
        })?;
        Some(Scaling {
            one: exactly(work, 1)?,
            two: exactly(work, 2)?,
            four: exactly(work, 4),
        })
    }

    fn speedup(&self, at: &Summary) -> f64 {
        self.one.wall_ms.median / at.wall_ms.median
    }

    /// What the template says of it: each level's time and speedup, with the speedup's 95%
    /// interval from both levels' repeats (Welch's, on log times), and what a second thread
    /// did.
    fn context(&self) -> Value {
        let level = |at: &Summary| {
            context! {
                ms => at.wall_ms.median,
                speedup => self.speedup(at),
                range => welch(&at.walls, &self.one.walls).map(|w| (w.low, w.high)),
            }
        };
        context! {
            one_ms => self.one.wall_ms.median,
            two => level(self.two),
            four => self.four.map(level),
            four_apart => self.four.is_some_and(|four| four.apart_from(self.two)),
            four_faster => self
                .four
                .is_some_and(|four| self.speedup(four) > self.speedup(self.two)),
            serial => self.serial(),
            parallel => self.parallel(),
            version => self.version(),
            work => self.one.cpu_work,
        }
    }

    /// The Python it ran on, if it is a Python model.
    fn version(&self) -> Option<&str> {
        self.one.python.as_ref().map(|p| p.version.as_str())
    }

    fn parallel(&self) -> bool {
        self.speedup(self.two) >= PARALLEL
    }

    fn serial(&self) -> bool {
        self.speedup(self.two) < SERIAL
    }
}

pub fn gil(e: &Evidence) -> Option<(Value, bool)> {
    let on = Scaling::of(e, "py-threads-gil", PYTHON_WORK);
    let off = Scaling::of(e, "py-threads-nogil", PYTHON_WORK);
    let default = Scaling::of(e, "py-threads", PYTHON_WORK);
    let threads = Scaling::of(e, "threads", RUST_WORK);
    let simulated = Scaling::of(e, "gil-threads", RUST_WORK);
    if on.is_none() && default.is_none() && (threads.is_none() || simulated.is_none()) {
        return None;
    }
    let lock = on.as_ref().zip(off.as_ref());
    let rust = threads.as_ref().zip(simulated.as_ref());
    let io = e
        .at("threads", "quick", 100, 0)
        .zip(e.at("gil-threads", "quick", 100, 0));
    let ratio = io.map(|(threads, gil)| gil.wall_ms.median / threads.wall_ms.median);
    // What turning the lock off costs one thread.
    let cost = lock.map_or(0.0, |(on, off)| {
        off.one.wall_ms.median / on.one.wall_ms.median - 1.0
    });
    // The free-threaded build decides; without it the default interpreter; without both, Rust.
    let on_serial = lock.map(|(on, _)| on.serial());
    let off_parallel = lock.map(|(_, off)| off.parallel());
    let default_serial = default
        .as_ref()
        .filter(|_| on.is_none())
        .map(Scaling::serial);
    let simulated_serial = rust
        .filter(|_| on.is_none() && default.is_none())
        .map(|(threads, simulated)| simulated.serial() && threads.parallel());
    let io_cheap = ratio.map(|ratio| ratio <= 1.2);
    let holds = [
        on_serial,
        off_parallel,
        default_serial,
        simulated_serial,
        io_cheap,
    ]
    .into_iter()
    .flatten()
    .all(|held| held);
    let context = context! {
        python_work => [&on, &off, &default].into_iter().flatten().map(|s| s.one.cpu_work).max(),
        rust_work => RUST_WORK,
        cores => e.cores,
        on => on.as_ref().map(Scaling::context),
        off => off.as_ref().map(Scaling::context),
        default => default.as_ref().map(Scaling::context),
        threads => threads.as_ref().map(Scaling::context),
        simulated => simulated.as_ref().map(Scaling::context),
        cost,
        cost_apart => lock.is_some_and(|(on, off)| off.one.apart_from(on.one)),
        lock_off_slower => cost > 0.0,
        version_differs => matches!(
            (
                default.as_ref().and_then(Scaling::version),
                on.as_ref().and_then(Scaling::version),
            ),
            (Some(v), Some(b)) if v != b
        ),
        io => io.zip(ratio).map(|((threads, gil), ratio)| context! {
            gil_ms => gil.wall_ms.median,
            threads_ms => threads.wall_ms.median,
            ratio,
        }),
        io_free => ratio.is_some_and(|ratio| ratio <= 1.0),
        on_serial,
        off_parallel,
        default_serial,
        simulated_serial,
        io_cheap,
    };
    Some((context, holds))
}
