//! `results/README.md`: every section, in the order the page shows them; the longer ones read
//! their context in a file each.

mod breaking_points;
mod clients;
mod machine;
mod method;
mod one_core;

use minijinja::{Value, context};

use super::{Section, Sources};
use crate::analysis::ceiling::{comparable, requests_per_s};
use crate::analysis::models::label;
use crate::analysis::ties::indistinguishable;
use crate::pages::table;

pub(crate) use machine::machines;

/// The results pages, each its sections top to bottom: README.md says what was measured and
/// what it showed, TABLES.md holds every group, CHARTS.md every chart with its caption.
pub const PAGES: &[(&str, &[Section])] = &[
    (
        "README.md",
        &[
            ("results/machine.md", machine::machine),
            ("results/commands.md", commands),
            ("results/method.md", method::method),
            ("results/clients.md", clients::clients),
            ("results/one_core.md", one_core::one_core),
            (
                "results/breaking_points.md",
                breaking_points::where_models_break,
            ),
            ("results/scale.md", super::readme::SCALE.section.1),
            ("results/ceiling.md", ceiling),
            ("results/failed.md", failed),
        ],
    ),
    ("TABLES.md", &[("results/tables.md", tables)]),
    ("CHARTS.md", &[("results/charts.md", charts)]),
];

/// Each results file's command line, and when it started.
fn commands(from: &Sources) -> Option<Value> {
    let commands: Vec<_> = from
        .results
        .iter()
        .map(|result| {
            context! {
                command => without_json_path(&result.command),
                started_at => &result.started_at,
            }
        })
        .collect();
    Some(context! { commands })
}

/// A command line without its `--json PATH`: where a suite measured into is not where its file
/// ends up, and the file is in `runs/` here anyway.
fn without_json_path(command: &str) -> String {
    let mut words = command.split(' ');
    let mut kept = Vec::new();
    while let Some(word) = words.next() {
        if word == "--json" {
            words.next();
        } else {
            kept.push(word);
        }
    }
    kept.join(" ")
}

/// One table per workload and level of CPU work, and what the marks in them mean.
fn tables(from: &Sources) -> Option<Value> {
    let sections: Vec<_> = table::sections(&from.data.all)
        .iter()
        .map(|s| {
            let table = table::markdown(&s.rows, true);
            let busy = table::all_busy(&s.rows);
            context! { title => s.title, ideal => s.ideal, table, busy }
        })
        .collect();
    Some(context! { sections })
}

/// The best model's requests per second beside the load generator's, when its figures were
/// given: every model comparable with it.
fn ceiling(from: &Sources) -> Option<Value> {
    let generator = from.generator?;
    let groups = comparable(&from.data.all, generator);
    let ratio = |rps: f64| rps / generator.requests_per_s;
    let rows: Vec<_> = groups
        .iter()
        .map(|group| {
            let rps = requests_per_s(group);
            let label = label(&group.model);
            context! { model => group.model, label, rps, ratio => ratio(rps) }
        })
        .collect();
    Some(context! {
        generator,
        ties => groups.first().map(|best| indistinguishable(best, &groups)),
        rows,
    })
}

/// Every chart drawn, with its title and caption, headline first.
fn charts(from: &Sources) -> Option<Value> {
    let charts: Vec<_> = from
        .figures
        .iter()
        .map(|chart| {
            context! {
                title => chart.title(),
                file => chart.file_name(),
                caption => chart.caption,
            }
        })
        .collect();
    Some(context! { charts })
}

/// Every run that failed, was not run or was not measured.
fn failed(from: &Sources) -> Option<Value> {
    let failed: Vec<_> = from
        .results
        .iter()
        .flat_map(|r| &r.runs)
        .filter(|run| !run.succeeded())
        .map(|run| {
            context! {
                model => &run.model,
                workload => &run.workload,
                concurrency => run.concurrency,
                repeat => run.repeat,
                says_why => run.not_run || run.unmeasured,
                error => &run.error,
            }
        })
        .collect();
    Some(context! { failed })
}
