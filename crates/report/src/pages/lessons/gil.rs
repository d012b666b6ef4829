//! Lesson 2, the GIL: the same Python program with the lock on and off, beside Rust's threads
//! and its simulated lock. Every sentence that reads a figure is chosen by the figure.

use super::{Evidence, Experiment, Finding, Lesson};
use crate::analysis::summary::Summary;
use crate::pages::format::ms;

use crate::analysis::gil::{PYTHON_WORK, RUST_WORK, THREADS, WORKLOAD};

/// Lesson 2, `gil`.
pub(super) const LESSON: Lesson = Lesson {
    number: 2,
    name: "gil",
    claim: "The GIL lets one thread run Python at a time: threads help I/O-bound work, not \
            CPU-bound work.",
    source: "the seeds, in words only; Real Python (2024) measured CPU-bound work (fib(35) x 20) at \
             35.36 s sequential, 39.86 s with threads and 10.02 s with processes.",
    experiments: &[
        Experiment {
            models: &["py-threads-gil", "py-threads-nogil", "py-threads"],
            workload: WORKLOAD,
            concurrency: THREADS,
            cpu_work: &[PYTHON_WORK],
            repeat: 3,
            memory_parts: false,
        },
        Experiment {
            models: &["threads", "gil-threads"],
            workload: WORKLOAD,
            concurrency: THREADS,
            cpu_work: &[RUST_WORK],
            repeat: 3,
            memory_parts: false,
        },
        Experiment {
            models: &["threads", "gil-threads"],
            workload: "quick",
            concurrency: &[100],
            cpu_work: &[0],
            repeat: 1,
            memory_parts: false,
        },
    ],
    waterfall: ("py-threads-nogil", "cpu", 2, PYTHON_WORK),
    charts: &[
        "gil.svg",
        "lanes-cpu-2-cpu-30.svg",
        "wall-time-cpu.svg",
        "lanes-quick-100-cpu-1000.svg",
    ],
    analyse: gil,
    slow_because: Some(
        "27 runs of the Python program at about 3 to 8 s each, to time 1, 2 and 4 threads three times",
    ),
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
    fn of(e: &'a Evidence, model: &'static str, work: u32) -> Option<Self> {
        let exactly = |level: usize| {
            e.series(model, "cpu", work)
                .into_iter()
                .find(|s| s.concurrency == level)
        };
        Some(Scaling {
            one: exactly(1)?,
            two: exactly(2)?,
            four: exactly(4),
        })
    }

    fn speedup(&self, at: &Summary) -> f64 {
        self.one.wall_ms.median / at.wall_ms.median
    }

    /// "1 thread took A, 2 threads B (1.9x, 1.7-2.1x), 4 threads C (...)": each speedup with
    /// the range the n-thread runs' 95% interval gives it.
    fn times(&self) -> String {
        let speedup = |at: &Summary| match at.wall_ms.interval {
            Some((low, high)) => format!(
                "{:.2}x, {:.2}-{:.2}x",
                self.speedup(at),
                self.one.wall_ms.median / high,
                self.one.wall_ms.median / low
            ),
            None => format!("{:.2}x", self.speedup(at)),
        };
        let mut text = format!(
            "1 thread took {}, 2 threads {} ({})",
            ms(self.one.wall_ms.median),
            ms(self.two.wall_ms.median),
            speedup(self.two)
        );
        if let Some(four) = self.four {
            text.push_str(&format!(
                ", 4 threads {} ({})",
                ms(four.wall_ms.median),
                speedup(four)
            ));
        }
        text
    }

    fn figures(&self, prefix: &str, figures: &mut Vec<(String, f64)>) {
        figures.push((format!("{prefix}_1_ms"), self.one.wall_ms.median));
        figures.push((format!("{prefix}_2_ms"), self.two.wall_ms.median));
        figures.push((format!("{prefix}_speedup_2"), self.speedup(self.two)));
        if let Some(four) = self.four {
            figures.push((format!("{prefix}_4_ms"), four.wall_ms.median));
        }
    }

    fn parallel(&self) -> bool {
        self.speedup(self.two) >= PARALLEL
    }

    fn serial(&self) -> bool {
        self.speedup(self.two) < SERIAL
    }
}

/// What a second thread did, in words the figure chose.
fn second_thread(scaling: &Scaling) -> &'static str {
    if scaling.serial() {
        "a second thread added nothing"
    } else if scaling.parallel() {
        "two threads computed side by side"
    } else {
        "a second thread helped, but far from twice"
    }
}

pub fn gil(e: &Evidence) -> Option<Finding> {
    let on = Scaling::of(e, "py-threads-gil", PYTHON_WORK);
    let off = Scaling::of(e, "py-threads-nogil", PYTHON_WORK);
    let default = Scaling::of(e, "py-threads", PYTHON_WORK);
    let threads = Scaling::of(e, "threads", RUST_WORK);
    let simulated = Scaling::of(e, "gil-threads", RUST_WORK);
    if on.is_none() && default.is_none() && (threads.is_none() || simulated.is_none()) {
        return None;
    }
    let mut figures: Vec<(String, f64)> = Vec::new();
    let mut text = format!(
        "On `cpu` (100 pages, no latency) with {PYTHON_WORK} units of pure-Python work a page, \
         `py-threads` ran the same program with 1, 2 and 4 threads (medians of each group's \
         runs)."
    );
    let mut checks: Vec<(bool, &str)> = Vec::new();
    if let (Some(on), Some(off)) = (&on, &off) {
        let version = on
            .one
            .python
            .as_ref()
            .map_or("free-threaded CPython".to_owned(), |p| {
                format!("CPython {} built without the GIL", p.version)
            });
        text.push_str(&format!(
            " On {version}, with the GIL forced on (`PYTHON_GIL=1`): {}; {}. With it off \
             (`PYTHON_GIL=0`, the same binary, so the lock is the only difference): {}; {}.",
            on.times(),
            second_thread(on),
            off.times(),
            second_thread(off)
        ));
        if on.serial() && off.parallel() {
            text.push_str(
                " The lock is what kept the threads to one core's pace: only the thread holding \
                 it runs Python.",
            );
        }
        if let Some(four) = off.four {
            let (at_four, at_two) = (off.speedup(four), off.speedup(off.two));
            text.push_str(&if !four.apart_from(off.two) {
                format!(
                    " The runs cannot tell four threads on {} cores from two ({at_four:.2}x \
                     against {at_two:.2}x).",
                    e.cores
                )
            } else if at_four > at_two {
                format!(
                    " Four threads on {} cores were faster than two ({at_four:.2}x against \
                     {at_two:.2}x).",
                    e.cores
                )
            } else {
                format!(
                    " Four threads on {} cores were slower than two ({at_four:.2}x against \
                     {at_two:.2}x).",
                    e.cores
                )
            });
        }
        let cost = off.one.wall_ms.median / on.one.wall_ms.median - 1.0;
        text.push_str(&if !off.one.apart_from(on.one) {
            format!(
                " What turning the lock off costs one thread, these runs cannot tell: {} \
                 against {} with it on, {:+.0}%, within the runs' spread.",
                ms(off.one.wall_ms.median),
                ms(on.one.wall_ms.median),
                100.0 * cost
            )
        } else if cost > 0.0 {
            format!(
                " Turning the lock off is not free for one thread: {} against {} with it on, \
                 {:.0}% slower.",
                ms(off.one.wall_ms.median),
                ms(on.one.wall_ms.median),
                100.0 * cost
            )
        } else {
            format!(
                " One thread ran faster without the lock: {} against {} with it on.",
                ms(off.one.wall_ms.median),
                ms(on.one.wall_ms.median)
            )
        });
        figures.push(("single_thread_cost".into(), cost));
        on.figures("gil_on", &mut figures);
        off.figures("gil_off", &mut figures);
        checks.push((on.serial(), "with the GIL on, 2 threads were faster than 1"));
        checks.push((
            off.parallel(),
            "with the GIL off, 2 threads were not clearly faster than 1",
        ));
    } else {
        text.push_str(
            " (The free-threaded interpreter was not set up for these runs, so the lock could \
             not be turned off: `scripts/python/setup.sh --free-threaded`.)",
        );
    }
    if let Some(default) = &default {
        let version = default
            .one
            .python
            .as_ref()
            .map_or("the default CPython".to_owned(), |p| {
                format!("CPython {}", p.version)
            });
        text.push_str(&format!(
            " On the default interpreter ({version}, whose GIL cannot be turned off): {}; {}.",
            default.times(),
            second_thread(default)
        ));
        default.figures("default", &mut figures);
        if let Some(on) = &on {
            let (build, version) = (
                on.one.python.as_ref().map(|p| p.version.clone()),
                default.one.python.as_ref().map(|p| p.version.clone()),
            );
            text.push_str(&format!(
                " One thread on the default interpreter took {} against {} on the free-threaded \
                 build with the GIL on: {}, so the runs do not say how much of that gap is the \
                 build and how much the version; it is not the lock.",
                ms(default.one.wall_ms.median),
                ms(on.one.wall_ms.median),
                match (version, build) {
                    (Some(v), Some(b)) if v != b =>
                        format!("a different build and version ({v} against {b})"),
                    _ => "a different build".to_owned(),
                }
            ));
        }
        if on.is_none() {
            checks.push((
                default.serial(),
                "under the default interpreter's GIL, 2 threads were faster than 1",
            ));
        }
    }
    if let (Some(threads), Some(simulated)) = (&threads, &simulated) {
        text.push_str(&format!(
            " Beside them, Rust with {RUST_WORK} units a page: `threads` {}; {}. `gil-threads`, \
             the same pool under a simulated lock: {}; {}.",
            threads.times(),
            second_thread(threads),
            simulated.times(),
            second_thread(simulated)
        ));
        threads.figures("threads", &mut figures);
        simulated.figures("gil_threads", &mut figures);
        if on.is_none() && default.is_none() {
            checks.push((
                simulated.serial() && threads.parallel(),
                "the simulated GIL did not keep CPU-bound threads to one core while free threads used both",
            ));
        }
    }
    let io = e
        .at("threads", "quick", 100, 0)
        .zip(e.at("gil-threads", "quick", 100, 0));
    if let Some((threads_io, gil_io)) = io {
        let ratio = gil_io.wall_ms.median / threads_io.wall_ms.median;
        text.push_str(&if ratio <= 1.0 {
            format!(
                " On I/O-bound `quick` at concurrency 100 the lock cost nothing here: \
                 `gil-threads` took {} against `threads`' {}.",
                ms(gil_io.wall_ms.median),
                ms(threads_io.wall_ms.median)
            )
        } else if ratio <= 1.2 {
            format!(
                " On I/O-bound `quick` at concurrency 100 the lock cost little: `gil-threads` \
                 took {} against `threads`' {}.",
                ms(gil_io.wall_ms.median),
                ms(threads_io.wall_ms.median)
            )
        } else {
            format!(
                " On I/O-bound `quick` at concurrency 100 the lock cost {:.0}%: `gil-threads` \
                 took {} against `threads`' {}.",
                100.0 * (ratio - 1.0),
                ms(gil_io.wall_ms.median),
                ms(threads_io.wall_ms.median)
            )
        });
        figures.push(("gil_threads_quick_ms".into(), gil_io.wall_ms.median));
        figures.push(("threads_quick_ms".into(), threads_io.wall_ms.median));
        checks.push((
            ratio <= 1.2,
            "the lock slowed I/O-bound threads by more than 20%",
        ));
    }
    let mut finding = Finding::from_checks(text, Vec::new(), &checks);
    finding.figures = figures;
    Some(finding)
}
