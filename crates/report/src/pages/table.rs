//! The comparison table: one row per (model, concurrency), medians over repeats.

use comfy_table::presets::{ASCII_MARKDOWN, UTF8_FULL_CONDENSED};
use comfy_table::{CellAlignment, ContentArrangement, Table};
use fanout_core::stats::half_width_share;
use minijinja::context;

use crate::analysis::columns::{COLUMNS, Column, Format};
use crate::analysis::models::label;
use crate::analysis::summary::Summary;
use crate::analysis::ties::{indistinguishable, tied_with_fastest};
use crate::pages::templates::render;

/// The columns of the wide table, or of the narrow one (a first look) unless `wide`, each with
/// its heading there.
fn columns(wide: bool) -> impl Iterator<Item = (&'static Column, &'static str)> {
    COLUMNS
        .iter()
        .filter_map(move |c| Some((c, if wide { c.heading } else { c.narrow }?)))
}

/// The headings of the wide table, or of the narrow one unless `wide`.
pub fn headings(wide: bool) -> Vec<&'static str> {
    columns(wide).map(|(_, heading)| heading).collect()
}

/// One cell: `column`'s value for `summary`, `peers` being the rows at its level it is
/// compared with.
fn cell(column: &Column, summary: &Summary, peers: &[&Summary], wide: bool) -> String {
    let dash = || "-".to_owned();
    match column.format {
        Format::Text => column.text(summary).unwrap_or_default(),
        Format::Fixed(decimals) => column
            .number(summary)
            .map_or_else(dash, |value| format!("{value:.decimals$}")),
        Format::Ratio => column
            .number(summary)
            .map_or_else(dash, |value| format!("{value:.1}x")),
        Format::WallTime => wall_cell(summary, peers, wide),
        Format::SameAs => {
            let same: Vec<String> = indistinguishable(summary, peers)
                .into_iter()
                .map(crate::analysis::models::label)
                .collect();
            match same.len() {
                0 => dash(),
                1..=3 => same.join(", "),
                n => format!("{}, {} more", same[..2].join(", "), n - 2),
            }
        }
        Format::OkFailed => format!(
            "{:.0}/{:.0}",
            summary.ok_per_run(),
            summary.failed_per_run()
        ),
        Format::Failures => failures(summary),
    }
}

/// The wall time with its marks: in the wide table its interval and outliers, in the narrow
/// one the interval as +-% and ~ where the data cannot tell it from the fastest model's; in
/// both ` !` where the machine was busy (unless it was for every row of the table: a mark on
/// every row says nothing, and the table says so in words) and the runs that failed.
fn wall_cell(summary: &Summary, peers: &[&Summary], wide: bool) -> String {
    let wall = &summary.wall_ms;
    let mut cell = format!("{:.0}", wall.median);
    if wide {
        if let Some((low, high)) = wall.interval {
            cell += &format!(" [{low:.0}-{high:.0}]");
        }
        match wall.outliers {
            0 => {}
            1 => cell += " (1 outlier)",
            n => cell += &format!(" ({n} outliers)"),
        }
    } else {
        if let Some(share) = wall.interval.map(|i| half_width_share(i, wall.median)) {
            let percent = share * 100.0;
            let decimals = if percent < 1.0 { 1 } else { 0 };
            cell += &format!(" ±{percent:.decimals$}%");
        }
        if tied_with_fastest(summary, peers) {
            cell += " ~";
        }
    }
    if summary.busy_runs > 0 && !all_busy(peers) {
        cell += " !";
    }
    if summary.failed_runs > 0 {
        let runs = match (wide, summary.failed_runs) {
            (false, _) => "",
            (true, 1) => " run",
            (true, _) => " runs",
        };
        cell += &format!(" [{}{runs} FAILED]", summary.failed_runs);
    }
    cell
}

/// Each wide column's number for `summary`, by which a page sorts its rows; `None` for words.
pub fn sort_keys(summary: &Summary) -> Vec<Option<f64>> {
    columns(true)
        .map(|(column, _)| column.number(summary))
        .collect()
}

/// The cells of one row of the wide table, or of the narrow one unless `wide`, `peers` being
/// the rows at its level it is compared with; a group whose repeats all failed shows its model
/// and level, then FAILED and why.
pub fn row(summary: &Summary, peers: &[&Summary], wide: bool) -> Vec<String> {
    if summary.failed() {
        let mut cells = vec![
            summary.model.clone(),
            summary.concurrency.to_string(),
            format!(
                "FAILED: {}",
                super::format::plural_fixed(
                    summary.first_error.as_deref().unwrap_or("no run completed")
                )
            ),
        ];
        cells.resize(columns(wide).count(), String::new());
        return cells;
    }
    columns(wide)
        .map(|(column, _)| cell(column, summary, peers, wide))
        .collect()
}

/// A markdown table of `summaries`, one row each with its model's label: every column, or
/// unless `wide` those a first look needs.
pub fn markdown(summaries: &[&Summary], wide: bool) -> String {
    let mut table = Table::new();
    table.load_preset(ASCII_MARKDOWN).set_header(headings(wide));
    for summary in summaries {
        let mut cells = row(summary, summaries, wide);
        cells[0] = label(&summary.model);
        table.add_row(cells);
    }
    table.to_string()
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
            let any_ran = rows.iter().any(|s| !s.failed());
            // A level where nothing ran (every model refused it) has no ideal worth reading.
            let mut ideal: Vec<(usize, f64)> = rows
                .iter()
                .filter(|row| !(any_ran && row.failed()))
                .map(|row| (row.concurrency, row.ideal_ms))
                .collect();
            // The rows are in order of level: the first of each level's.
            ideal.dedup_by_key(|(c, _)| *c);
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
        table
            .load_preset(UTF8_FULL_CONDENSED)
            .set_header(headings(wide));
        if !wide {
            table
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(NARROW_WIDTH);
        }
        for summary in &section.rows {
            table.add_row(row(summary, &section.rows, wide));
        }
        for column in table.column_iter_mut().skip(1) {
            column.set_cell_alignment(CellAlignment::Right);
        }
        out.push_str(&render(
            "table/terminal_section.txt",
            context! {
                title => section.title,
                ideal => section.ideal,
                table => table.to_string(),
                busy => all_busy(&section.rows),
            },
        ));
    }
    out.push_str(&legend());
    out.push('\n');
    out
}

/// Whether every group of a table had a run made while the machine was busy.
pub fn all_busy(rows: &[&Summary]) -> bool {
    !rows.is_empty() && rows.iter().all(|s| s.busy_runs > 0)
}

/// What the marks in a table's wall-time column mean.
pub fn legend() -> String {
    render("table/legend.md", context! {})
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
    use fanout_core::results::RunRecord;

    fn group(model: &str, others_cpu_ms: f64) -> Summary {
        let run = |wall_ms| RunRecord {
            others_cpu_ms: Some(others_cpu_ms),
            requests: fanout_core::results::RequestCounts {
                total: 100,
                ok: 100,
                ..Default::default()
            },
            ..crate::pages::verified_run(model, 100, wall_ms)
        };
        summarise(&[run(120.0), run(125.0)]).remove(0)
    }

    #[test]
    fn a_busy_machine_is_marked_only_where_it_tells_rows_apart() {
        let (busy, quiet) = (group("tokio", 500.0), group("smol", 0.0));
        let mixed = [&busy, &quiet];
        assert!(row(&busy, &mixed, true)[2].ends_with(" !"));
        assert!(row(&busy, &mixed, false)[2].ends_with(" !"));
        assert!(!row(&quiet, &mixed, false)[2].contains('!'));
        // Busy on every row: no row is marked, and the table says so instead.
        let also_busy = group("smol", 500.0);
        let all = [&busy, &also_busy];
        assert!(all_busy(&all) && !all_busy(&mixed));
        assert!(!row(&busy, &all, true)[2].contains('!'));
        assert!(terminal(&[busy.clone(), also_busy.clone()], false).contains("busy"));
        assert!(!legend().contains('^'));
    }

    #[test]
    fn requests_are_counted_per_run_not_summed_over_repeats() {
        let tokio = group("tokio", 0.0);
        assert_eq!(tokio.runs, 2);
        assert_eq!(row(&tokio, &[&tokio], false).last().unwrap(), "100/0");
    }
}
