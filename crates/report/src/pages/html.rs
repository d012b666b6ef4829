//! `index.html`: the report as one page to explore, self-contained so it opens from disk with
//! no network: the answer and the lessons' findings (the README's own templates, as HTML), the
//! comparison table (the one list of columns), and the runs' figures and first-repeat records
//! as data for the charts, drawn in the browser by Vega-Lite (vendored under `vendor/`).

use fanout_catalog::{Interpreter, Rgb};
use fanout_core::results::{RequestRecord, Results, RunRecord};
use fanout_core::workload::Workload;
use minijinja::context;
use serde::Serialize;
use serde_json::{Value, json};

use super::readme::{ANSWER, LESSONS};
use super::{Sources, render_sections, table, templates};
use crate::analysis::models::{label, rank};
use crate::analysis::summary::Summary;

/// A run's requests the page keeps at most: beyond, every n-th by start.
const RECORDS_KEPT: usize = 100;

/// The vendored libraries, in the order they load.
const SCRIPTS: [&str; 3] = [
    include_str!("../../vendor/vega/vega.min.js"),
    include_str!("../../vendor/vega-lite/vega-lite.min.js"),
    include_str!("../../vendor/vega-embed/vega-embed.min.js"),
];

/// The page's own script and style.
const APP: &str = include_str!("../../html/app.js");
const STYLE: &str = include_str!("../../html/style.css");

/// One row of the table and one point of the charts: a group of repeats.
#[derive(Serialize)]
struct Row<'a> {
    model: &'a str,
    /// Its place in the legends: the catalogue's order, then the server's instances.
    rank: (usize, usize),
    label: String,
    family: &'static str,
    colour: String,
    workload: &'a str,
    concurrency: usize,
    cpu_work: u32,
    runs: usize,
    wall: f64,
    low: f64,
    high: f64,
    rss_mib: f64,
    threads: f64,
    efficiency: f64,
    /// Requests of one run that completed and that failed, the medians over its repeats.
    ok: f64,
    failed: f64,
    cells: Vec<String>,
    keys: Vec<Option<f64>>,
}

/// Which of the page's families a model is in: Rust, stock Python, or the free-threaded
/// interpreter with the GIL on or off.
fn family(model: &str) -> &'static str {
    match fanout_catalog::find(model).and_then(|m| m.interpreter()) {
        None => "Rust",
        Some(Interpreter::Default) => "Python",
        Some(Interpreter::FreeThreaded { gil: true }) => "free-threaded, GIL on",
        Some(Interpreter::FreeThreaded { gil: false }) => "free-threaded, GIL off",
    }
}

/// The workload's usual number of server instances: the one most of its groups had.
fn usual_instances(all: &[Summary], workload: &str) -> Option<usize> {
    let mut counts = std::collections::BTreeMap::new();
    for s in all.iter().filter(|s| s.workload == workload) {
        *counts.entry(s.server_instances).or_insert(0) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(instances, _)| instances)
}

/// A model's name on the page, and its colour: a group measured against a server of other
/// than the workload's usual instances is named apart and drawn darker (fewer instances) or
/// lighter (more), so that it is not drawn over the usual one.
fn name_and_colour(model: &str, instances: usize, usual: Option<usize>) -> (String, String) {
    let Rgb(r, g, b) = fanout_catalog::find(model).map_or(Rgb(110, 110, 110), |m| m.colour);
    if usual == Some(instances) {
        return (label(model), format!("#{r:02x}{g:02x}{b:02x}"));
    }
    let shade = |c: u8| match usual {
        Some(usual) if instances > usual => c / 2 + 128,
        _ => c / 2,
    };
    let servers = if instances == 1 {
        "instance"
    } else {
        "instances"
    };
    (
        format!("{} ({instances} server {servers})", label(model)),
        format!("#{:02x}{:02x}{:02x}", shade(r), shade(g), shade(b)),
    )
}

fn row<'a>(summary: &'a Summary, all: &'a [Summary]) -> Row<'a> {
    let peers: Vec<&Summary> = all
        .iter()
        .filter(|s| {
            (&s.workload, s.concurrency, s.cpu_work, s.server_instances)
                == (
                    &summary.workload,
                    summary.concurrency,
                    summary.cpu_work,
                    summary.server_instances,
                )
        })
        .collect();
    let wall = &summary.wall_ms;
    let (low, high) = wall.interval.unwrap_or((wall.min, wall.max));
    let usual = usual_instances(all, &summary.workload);
    let (name, colour) = name_and_colour(&summary.model, summary.server_instances, usual);
    let mut cells = table::row(summary, &peers, true);
    cells[0] = name.clone();
    Row {
        model: &summary.model,
        rank: (rank(&summary.model), summary.server_instances),
        label: name,
        family: family(&summary.model),
        colour,
        workload: &summary.workload,
        concurrency: summary.concurrency,
        cpu_work: summary.cpu_work,
        runs: summary.runs,
        wall: wall.median,
        low,
        high,
        rss_mib: summary.peak_rss_kib / 1024.0,
        threads: summary.peak_threads,
        efficiency: summary.efficiency,
        ok: summary.ok_per_run().round(),
        failed: summary.failed_per_run().round(),
        cells,
        keys: table::sort_keys(summary),
    }
}

/// Tenths of a millisecond are as fine as a chart of requests can show.
fn tenth(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}

/// The first repeat with records of each group of the table (pinned runs aside, as there),
/// its requests as arrays (the page names the fields once): id, queued, ideal start, start,
/// headers, body, end, thread, outcome, bytes and the server's delay.
fn waterfalls(results: &[Results], all: &[Summary]) -> Vec<Value> {
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::new();
    for run in results.iter().flat_map(|r| &r.runs) {
        let key = (
            &run.model,
            &run.workload,
            run.concurrency,
            run.cpu_work,
            run.server_instances,
        );
        if run.records.is_empty() || !run.worker_cpus.is_empty() || !seen.insert(key) {
            continue;
        }
        out.push(waterfall(run, usual_instances(all, &run.workload)));
    }
    out
}

fn waterfall(run: &RunRecord, usual: Option<usize>) -> Value {
    // A built-in workload's targets; a file's may have moved since, so none are guessed.
    let targets = Workload::built_in_names()
        .contains(&run.workload.as_str())
        .then(|| Workload::load(&run.workload).ok())
        .flatten()
        .map(|w| w.targets())
        .unwrap_or_default();
    let mut records: Vec<&RequestRecord> = run.records.iter().collect();
    records.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    let every = records.len().div_ceil(RECORDS_KEPT).max(1);
    let rows: Vec<Value> = records
        .iter()
        .step_by(every)
        .map(|r| {
            let target = targets.get(r.id as usize);
            json!([
                r.id,
                r.queued_ms.map(tenth),
                r.ideal_start_ms.map(tenth),
                tenth(r.start_ms),
                r.headers_ms.map(tenth),
                r.body_ms.map(tenth),
                tenth(r.end_ms),
                r.thread,
                r.outcome,
                target.map(|t| t.size),
                target.map(|t| t.delay_ms),
            ])
        })
        .collect();
    json!({
        "model": run.model,
        "label": name_and_colour(&run.model, run.server_instances, usual).0,
        "rank": (rank(&run.model), run.server_instances),
        "failed": run.requests.total.saturating_sub(run.requests.ok),
        "family": family(&run.model),
        "workload": run.workload,
        "concurrency": run.concurrency,
        "cpu_work": run.cpu_work,
        "requests": run.requests.total,
        "kept": run.records.len(),
        "every": every,
        "wall": tenth(run.wall_ms),
        "records": rows,
    })
}

/// A markdown section of the README as HTML.
fn html(markdown: &str) -> String {
    let mut out = String::new();
    pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(markdown));
    out
}

/// JSON inside a `<script>` element: `</` written as `<\/`, so no string ends the element.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .expect("the page's data serialises")
        .replace("</", "<\\/")
}

/// The page, from the same sources as the markdown pages.
pub fn render(from: &Sources) -> String {
    // Every group, at every level of CPU work and server instances (pinned runs aside).
    let all = &from.data.all;
    let mut rows: Vec<Row> = all.iter().map(|s| row(s, all)).collect();
    // The table's first order: by level, then as the legends.
    rows.sort_by_key(|r| (r.concurrency, r.rank));
    let data = json!({
        "headings": table::headings(true),
        "rows": rows,
        "waterfalls": waterfalls(from.results, all),
        "gil_work": crate::analysis::gil::PYTHON_WORK,
    });
    templates::render(
        "html/index.html",
        context! {
            answer => html(&render_sections(&[ANSWER.section], from)),
            lessons => html(&render_sections(&[LESSONS.section], from)),
            machine => from.results.first().map(|r| &r.machine),
            gil_work => crate::analysis::gil::PYTHON_WORK,
            data => script_json(&data),
            scripts => SCRIPTS,
            app => APP,
            style => STYLE,
        },
    )
}
