//! The comparison table: one row per (model, concurrency), medians over repeats.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{CellAlignment, ContentArrangement, Table};

use crate::analysis::columns::{COLUMNS, Column, Format};
use crate::analysis::summary::{SERVER_ADDED_LIMIT_MS, Summary};
use crate::analysis::ties::{indistinguishable, tied_with_fastest};

/// The wide table's columns, in order.
fn wide_columns() -> impl Iterator<Item = &'static Column> {
    COLUMNS.iter().filter(|column| column.heading.is_some())
}

/// The narrow (first look) table's columns, in order.
fn narrow_columns() -> impl Iterator<Item = &'static Column> {
    COLUMNS.iter().filter(|column| column.narrow.is_some())
}

/// The wide table's headings.
pub fn headings() -> Vec<&'static str> {
    wide_columns().filter_map(|column| column.heading).collect()
}

/// The narrow table's headings.
pub fn narrow_headings() -> Vec<&'static str> {
    narrow_columns()
        .filter_map(|column| column.narrow)
        .collect()
}

/// The marks after a wall time: its outliers, whether the machine was busy, and whether the
/// server added more than its limit to the responses.
fn wall_marks(summary: &Summary) -> String {
    let mut marks = String::new();
    if summary.wall_ms.outliers > 0 {
        marks.push_str(&format!(" ({} outlier(s))", summary.wall_ms.outliers));
    }
    marks.push_str(&state_marks(summary));
    if summary.failed_runs > 0 {
        marks.push_str(&format!(" [{} run(s) FAILED]", summary.failed_runs));
    }
    marks
}

/// One cell of the wide table: `column`'s value for `summary`, `peers` being the rows at its
/// level it is compared with.
fn cell(column: &Column, summary: &Summary, peers: &[&Summary]) -> String {
    let dash = || "-".to_owned();
    match column.format {
        Format::Text => column.text(summary).unwrap_or_default(),
        Format::Fixed(decimals) => column
            .number(summary)
            .map_or_else(dash, |value| format!("{value:.decimals$}")),
        Format::Ratio => column
            .number(summary)
            .map_or_else(dash, |value| format!("{value:.1}x")),
        Format::WallTime => {
            let wall = &summary.wall_ms;
            let mut cell = match wall.interval {
                Some((low, high)) => format!("{:.0} [{low:.0}-{high:.0}]", wall.median),
                None => format!("{:.0}", wall.median),
            };
            cell.push_str(&wall_marks(summary));
            cell
        }
        Format::SameAs => {
            let same = indistinguishable(summary, peers);
            match same.len() {
                0 => dash(),
                1..=3 => same.join(", "),
                n => format!("{}, {} more", same[..2].join(", "), n - 2),
            }
        }
        Format::OkFailed => format!("{}/{}", summary.ok, summary.failed),
        Format::Failures => failures(summary),
    }
}

/// One cell of the narrow table: the wide one, but the wall time's interval as +-%, and ~
/// where the data cannot tell it from the fastest model's.
fn narrow_cell(column: &Column, summary: &Summary, peers: &[&Summary]) -> String {
    if column.format != Format::WallTime {
        return cell(column, summary, peers);
    }
    let mut wall = format!("{:.0}", summary.wall_ms.median);
    if let Some(share) = summary.wall_ms.relative_half_width() {
        let percent = share * 100.0;
        if percent < 1.0 {
            wall.push_str(&format!(" ±{percent:.1}%"));
        } else {
            wall.push_str(&format!(" ±{percent:.0}%"));
        }
    }
    if tied_with_fastest(summary, peers) {
        wall.push_str(" ~");
    }
    wall.push_str(&state_marks(summary));
    if summary.failed_runs > 0 {
        wall.push_str(&format!(" [{} FAILED]", summary.failed_runs));
    }
    wall
}

/// The row of a group with no completed repeat: its model and level, then FAILED and why.
fn failed_row(summary: &Summary, width: usize) -> Vec<String> {
    let mut cells = vec![
        summary.model.clone(),
        summary.concurrency.to_string(),
        format!(
            "FAILED: {}",
            summary.first_error.as_deref().unwrap_or("no run completed")
        ),
    ];
    cells.resize(width, String::new());
    cells
}

/// The wide table's cells of one row, `peers` being the rows at its level it is compared
/// with; a group whose repeats all failed shows FAILED and why.
pub fn row(summary: &Summary, peers: &[&Summary]) -> Vec<String> {
    if summary.failed() {
        return failed_row(summary, wide_columns().count());
    }
    wide_columns()
        .map(|column| cell(column, summary, peers))
        .collect()
}

/// The narrow table's cells of one row.
pub fn narrow_row(summary: &Summary, peers: &[&Summary]) -> Vec<String> {
    if summary.failed() {
        return failed_row(summary, narrow_columns().count());
    }
    narrow_columns()
        .map(|column| narrow_cell(column, summary, peers))
        .collect()
}

/// The rows of one workload at one level of CPU work.
pub struct Section<'a> {
    /// e.g. `quick` or `quick, cpu work 100`.
    pub title: String,
    /// The ideal makespan at each concurrency: `1000 ms at 10, 100 ms at 100`.
    pub ideal: String,
    /// The groups, one row each.
    pub rows: Vec<&'a Summary>,
}

/// Groups summaries into sections, one per (workload, CPU work, server instances), in the
/// order they were run.
pub fn sections(summaries: &[Summary]) -> Vec<Section<'_>> {
    let mut keys: Vec<(&str, u32, usize, &[usize])> = Vec::new();
    for summary in summaries {
        let key = (
            summary.workload.as_str(),
            summary.cpu_work,
            summary.server_instances,
            summary.worker_cpus.as_slice(),
        );
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    // Name the server's size wherever a workload ran against more than one size.
    let sized = |workload: &str| {
        keys.iter()
            .filter(|(w, _, _, _)| *w == workload)
            .any(|(_, _, instances, _)| *instances != 1)
    };
    keys.iter()
        .map(|&(workload, cpu_work, instances, cpus)| {
            let mut rows: Vec<&Summary> = summaries
                .iter()
                .filter(|s| {
                    s.workload == workload
                        && s.cpu_work == cpu_work
                        && s.server_instances == instances
                        && s.worker_cpus == cpus
                })
                .collect();
            // Levels in order even when they came from several results files; models keep the
            // order they ran in.
            rows.sort_by_key(|s| s.concurrency);
            let mut ideal: Vec<(usize, f64)> = Vec::new();
            let any_ran = rows.iter().any(|s| !s.failed());
            for row in &rows {
                // A level where nothing ran (every model refused it) has no ideal worth reading.
                if any_ran && row.failed() {
                    continue;
                }
                if !ideal.iter().any(|(c, _)| *c == row.concurrency) {
                    ideal.push((row.concurrency, row.ideal_ms));
                }
            }
            ideal.sort_by_key(|(c, _)| *c);
            let ideal = ideal
                .iter()
                .map(|(c, ms)| format!("{ms:.0} ms at {c}"))
                .collect::<Vec<_>>()
                .join(", ");
            let mut title = workload.to_owned();
            if cpu_work > 0 {
                title.push_str(&format!(", cpu work {cpu_work}"));
            }
            if instances > 1 {
                title.push_str(&format!(", server of {instances} wiremock instances"));
            } else if sized(workload) {
                title.push_str(", server of 1 wiremock instance");
            }
            if !cpus.is_empty() {
                let list: Vec<String> = cpus.iter().map(usize::to_string).collect();
                title.push_str(&format!(", workers pinned to CPU {}", list.join(",")));
            }
            Section { title, ideal, rows }
        })
        .collect()
}

/// The widest a narrow terminal table may be.
const NARROW_WIDTH: u16 = 100;

/// The table for a terminal, one section per workload and level of CPU work: the columns a
/// first look needs within 100 characters, or with `wide` every column.
pub fn terminal(summaries: &[Summary], wide: bool) -> String {
    let mut out = String::new();
    for section in sections(summaries) {
        let mut table = Table::new();
        table.load_preset(UTF8_FULL_CONDENSED);
        if wide {
            table.set_header(headings());
        } else {
            table
                .set_header(narrow_headings())
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(NARROW_WIDTH);
        }
        for summary in &section.rows {
            if wide {
                table.add_row(row(summary, &section.rows));
            } else {
                table.add_row(narrow_row(summary, &section.rows));
            }
        }
        for column in table.column_iter_mut().skip(1) {
            column.set_cell_alignment(CellAlignment::Right);
        }
        out.push_str(&format!(
            "workload {} (ideal: {})\n{table}\n",
            section.title, section.ideal
        ));
    }
    out.push_str(&legend());
    out.push('\n');
    out
}

/// What the marks in a table's wall-time column mean.
pub fn legend() -> String {
    format!(
        "Wall time: the median over repeats and its 95% confidence interval (on log times); ~ \
         marks the fastest model at a level and those the data cannot tell from it (their \
         intervals overlap); ! a group with a run made while the rest of the machine was busy; \
         ^ a group with a run in which the mock server added more than {SERVER_ADDED_LIMIT_MS} \
         ms at p99 between the end of a response's delay and the server writing it."
    )
}

/// The marks of what else went on in a group's runs: ` !` the machine was busy, ` ^` the
/// server added more than [`SERVER_ADDED_LIMIT_MS`] at p99.
fn state_marks(summary: &Summary) -> String {
    let mut marks = String::new();
    if summary.busy_runs > 0 {
        marks.push_str(" !");
    }
    if summary.server_slow_runs > 0 {
        marks.push_str(" ^");
    }
    marks
}

/// Failures by kind, most frequent first: `timeout 19, http_4xx 3`; `-` when there were none.
pub fn failures(summary: &Summary) -> String {
    let mut kinds: Vec<(&String, &u64)> = summary
        .failed_by_kind
        .iter()
        .filter(|(_, n)| **n > 0)
        .collect();
    if kinds.is_empty() {
        return "-".into();
    }
    kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    kinds
        .iter()
        .map(|(kind, n)| format!("{kind} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::summary::summarise;
    use fanout_core::LatencySummary;
    use fanout_core::results::RunRecord;

    fn group(added_p99_ms: f64) -> Summary {
        let run = |wall_ms| RunRecord {
            model: "tokio".into(),
            workload: "quick".into(),
            concurrency: 100,
            wall_ms,
            verified: true,
            server_added_ms: Some(LatencySummary {
                p99: added_p99_ms,
                ..LatencySummary::default()
            }),
            ..RunRecord::default()
        };
        summarise(&[run(120.0), run(125.0)]).remove(0)
    }

    #[test]
    fn a_group_where_the_server_added_over_its_limit_is_flagged_in_both_tables() {
        let slow = group(SERVER_ADDED_LIMIT_MS + 0.1);
        let cells = row(&slow, &[&slow]);
        assert!(cells[2].ends_with(" ^"), "{cells:?}");
        assert!(narrow_row(&slow, &[&slow])[2].ends_with(" ^"));
        let clean = group(SERVER_ADDED_LIMIT_MS);
        assert!(!row(&clean, &[&clean])[2].contains('^'));
        assert!(legend().contains("^ a group"));
    }
}
