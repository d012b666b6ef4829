//! README's answer for Python programmers: what to fetch many URLs with, what processes cost
//! and when they pay, and what turning the GIL off changes, each from the committed runs.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::cpu::per_request_us;
use crate::analysis::summary::Summary;
use crate::analysis::ties::Standing;
use crate::pages::Sources;

/// The Python programs that fetch concurrently, as the seeds wrote them.
const FETCHERS: [&str; 3] = ["py-asyncio", "py-threads", "py-executor"];

/// A group's figures as the answer quotes them.
fn figures(s: &Summary) -> Value {
    let requests = (s.ok + s.failed).max(1) as f64;
    context! {
        model => s.model,
        wall_ms => s.wall_ms.median,
        efficiency => s.efficiency,
        lost => s.failed as f64 / requests,
        failed => s.failed,
        requests => s.ok + s.failed,
        failure => s.failed_by_kind.iter().max_by_key(|(_, n)| **n).map(|(kind, _)| kind),
        rss_kib => s.peak_rss_kib,
        processes => s.peak_processes,
        cpu_us => per_request_us(s).map(|(user, system)| user + system),
        runs => s.runs,
        concurrency => s.concurrency,
        in_flight => s.server_peak_in_flight,
        threads => s.peak_threads,
        unseen => s.failures_unseen_by_server,
    }
}

/// The three fetchers on `c10k` at 1,000 and at 10,000 in flight.
fn fetch(d: &ReportData) -> Option<Value> {
    let at = |level| -> Vec<&Summary> {
        FETCHERS
            .iter()
            .filter_map(|m| d.group_at(m, "c10k", level, 0))
            .filter(|s| s.concurrency == level)
            .collect()
    };
    let (thousand, all) = (at(1000), at(10_000));
    let complete = |s: &&&Summary| s.failed == 0;
    let best = thousand
        .iter()
        .filter(complete)
        .min_by(|a, b| a.wall_ms.median.total_cmp(&b.wall_ms.median))?;
    let others: Vec<Value> = thousand
        .iter()
        .filter(|s| s.model != best.model)
        .map(|s| figures(s))
        .collect();
    let lossy: Vec<Value> = all
        .iter()
        .filter(|s| s.failed > 0)
        .map(|s| figures(s))
        .collect();
    let whole: Vec<&str> = all
        .iter()
        .filter(complete)
        .map(|s| s.model.as_str())
        .collect();
    // Every level above 1,000 at which the fastest completed every request: how far the
    // bound could go on these runs.
    let higher: Vec<Value> = d
        .series("c10k", &best.model)
        .into_iter()
        .filter(|s| s.concurrency > 1000 && s.cpu_work == 0 && s.failed == 0 && !s.failed())
        .map(figures)
        .collect();
    Some(context! { best => figures(best), others, lossy, whole, higher })
}

/// Processes against threads on CPU work, and against asyncio on I/O.
fn processes(d: &ReportData) -> Option<Value> {
    let cpu = |m| d.group_at(m, "cpu", 2, crate::analysis::gil::PYTHON_WORK);
    let (processes, threads) = (cpu("py-processes")?, cpu("py-threads")?);
    let io = |m| d.group_at(m, "quick", 100, 0);
    let on_io = io("py-processes").zip(io("py-asyncio"));
    Some(context! {
        processes => figures(processes),
        threads => figures(threads),
        faster => processes.apart_from(threads) && processes.wall_ms.median < threads.wall_ms.median,
        per_interpreter_kib => processes.peak_rss_kib / processes.peak_processes.max(1.0),
        io => on_io.map(|(p, a)| context! { processes => figures(p), asyncio => figures(a) }),
    })
}

/// Two threads against one with the GIL on and off, and asyncio on I/O free-threaded against
/// stock.
fn gil(d: &ReportData) -> Option<Value> {
    let work = crate::analysis::gil::PYTHON_WORK;
    let speedup = |m| {
        let one = d.group_at(m, "cpu", 1, work)?;
        let two = d.group_at(m, "cpu", 2, work)?;
        Some(one.wall_ms.median / two.wall_ms.median)
    };
    let io = |m| d.group_at(m, "quick", 100, 0);
    let io = io("py-asyncio")
        .zip(io("py-asyncio-nogil"))
        .map(|(stock, off)| {
            context! {
                stock => figures(stock),
                off => figures(off),
                slower => off.apart_from(stock) && off.wall_ms.median > stock.wall_ms.median,
                faster => off.apart_from(stock) && off.wall_ms.median < stock.wall_ms.median,
                version => stock.python.as_ref().map(|p| p.version.clone()),
                off_version => off.python.as_ref().map(|p| p.version.clone()),
                same_code => same_accelerators(stock, off),
            }
        });
    let loops = |m| d.group_at(m, "loops", 1000, 0);
    let loops = loops("py-asyncio")
        .zip(loops("py-asyncio-loops-nogil"))
        .map(|(stock, off)| {
            // Against stock Python's one loop and its loop a core, as lesson 11 compares.
            let stock_both: Vec<_> = [Some(stock), loops("py-asyncio-loops")]
                .into_iter()
                .flatten()
                .collect();
            let standing = off.against_all(&stock_both);
            context! {
                stock => figures(stock),
                off => figures(off),
                on => loops("py-asyncio-loops-gil").map(figures),
                stock_loops => loops("py-asyncio-loops").map(figures),
                faster => standing == Standing::Faster,
                slower => standing == Standing::Slower,
            }
        });
    let (on, off) = (speedup("py-threads-gil"), speedup("py-threads-nogil"));
    let two = |m| d.group_at(m, "cpu", 2, work).map(figures);
    let threads_io = |m| d.group_at(m, "quick", 100, 0).map(figures);
    let cpu = context! {
        off => two("py-threads-nogil"),
        processes => two("py-processes"),
    };
    let threads = context! {
        stock => threads_io("py-threads"),
        on => threads_io("py-threads-gil"),
        off => threads_io("py-threads-nogil"),
        asyncio_on => threads_io("py-asyncio-gil"),
    };
    (on.is_some() || io.is_some()).then(|| context! { on, off, io, loops, cpu, threads })
}

/// Whether both groups' runs loaded the same C accelerators, and some.
fn same_accelerators(a: &Summary, b: &Summary) -> bool {
    let code = |g: &Summary| g.python.as_ref().map(|p| p.accelerators.clone());
    matches!((code(a), code(b)), (Some(x), Some(y)) if x == y && !x.is_empty())
}

/// The answer's figures; `None` when the runs hold none of them.
pub(super) fn answer(from: &Sources) -> Option<Value> {
    let d = from.data;
    let (fetch, processes, gil) = (fetch(d), processes(d), gil(d));
    (fetch.is_some() || processes.is_some() || gil.is_some()).then(|| {
        context! { fetch, processes, gil, charts_dir => from.charts_dir }
    })
}
