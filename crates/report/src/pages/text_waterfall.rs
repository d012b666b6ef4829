//! The waterfall as text, for a terminal: one line per request in start order, one column per
//! slice of time, each cell the letter of what the request was doing then (see
//! [`Phase::letter`]): `.` waiting its turn, `-` for the server, `=` reading the body, `#`
//! processing the page.

use std::fmt::Write as _;

use fanout_core::results::RequestRecord;

use crate::analysis::timeline::{Phase, phases};
use crate::charts::timeline::phase_label;

/// Draws up to `max_rows` requests of `records` (in start order) across `width` columns
/// spanning `0..end_ms`; more requests than that are summed up in a last line.
pub fn text_waterfall(records: &[RequestRecord], width: usize, max_rows: usize) -> String {
    let mut sorted: Vec<&RequestRecord> = records.iter().collect();
    sorted.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms).then(a.id.cmp(&b.id)));
    let end_ms = sorted
        .iter()
        .map(|r| r.end_ms)
        .fold(0.0, f64::max)
        .max(1e-3);
    let width = width.max(10);
    let column_ms = end_ms / width as f64;
    let mut out = String::new();
    let scale = format!("0 ms{:>w$}", format!("{end_ms:.0} ms"), w = width - 4);
    let _ = writeln!(out, "{:>6}  {scale}", "");
    for record in sorted.iter().take(max_rows) {
        let mut row = vec![' '; width];
        // A stage shorter than half a column leaves no mark (verifying a body with no CPU work
        // to do takes microseconds), unless the request would then show nothing at all.
        let stages = phases(record);
        let mut shown: Vec<_> = stages
            .iter()
            .copied()
            .filter(|(_, from, to)| to - from >= column_ms / 2.0)
            .collect();
        if shown.is_empty() {
            shown.extend(
                stages
                    .into_iter()
                    .max_by(|a, b| (a.2 - a.1).total_cmp(&(b.2 - b.1))),
            );
        }
        for (phase, from, to) in shown {
            let first = ((from / column_ms) as usize).min(width - 1);
            let last = (((to / column_ms).ceil() as usize).max(first + 1)).min(width);
            for cell in &mut row[first..last] {
                // A later phase in the same cell wins: the cell shows where the request got to.
                *cell = letter(phase);
            }
        }
        let failed = if record.outcome == "ok" {
            String::new()
        } else {
            format!(" {}", record.outcome)
        };
        let _ = writeln!(
            out,
            "{:>6}  {}{failed}",
            format!("#{}", record.id),
            row.iter().collect::<String>()
        );
    }
    if sorted.len() > max_rows {
        let _ = writeln!(out, "{:>6}  ... and {} more", "", sorted.len() - max_rows);
    }
    let key: Vec<String> = Phase::ALL
        .iter()
        .map(|&p| format!("{} {}", letter(p), phase_label(p)))
        .collect();
    let _ = writeln!(out, "{:>6}  {}", "", key.join("   "));
    out
}

/// One letter a phase, for the terminal.
fn letter(phase: Phase) -> char {
    match phase {
        Phase::Slot => '.',
        Phase::Late => '~',
        Phase::Server => '-',
        Phase::Body => '=',
        Phase::Cpu => '#',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: u32, start: f64, end: f64) -> RequestRecord {
        RequestRecord {
            id,
            start_ms: start,
            end_ms: end,
            headers_ms: Some(end - 10.0),
            body_ms: Some(end),
            outcome: "ok".into(),
            ..RequestRecord::default()
        }
    }

    #[test]
    fn two_at_a_time_shows_as_pairs_of_rows_side_by_side() {
        let records = [
            record(0, 0.0, 50.0),
            record(1, 0.0, 50.0),
            record(2, 50.0, 100.0),
            record(3, 50.0, 100.0),
        ];
        let text = text_waterfall(&records, 20, 40);
        let rows: Vec<&str> = text
            .lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .collect();
        assert_eq!(rows.len(), 4);
        // The first two fill the first half; the last two the second half.
        assert!(
            rows[0].contains("#0  --------== ") && rows[0].ends_with("          "),
            "{text}"
        );
        assert!(rows[3].trim_end().ends_with("-=="), "{text}");
        assert_eq!(rows[0].find('-'), rows[1].find('-'));
        assert!(rows[2].find('-') > rows[0].find('-'));
    }

    #[test]
    fn rows_past_the_limit_are_counted_not_drawn() {
        let records: Vec<RequestRecord> = (0..50).map(|id| record(id, 0.0, 10.0)).collect();
        let text = text_waterfall(&records, 20, 40);
        assert!(text.contains("... and 10 more"), "{text}");
    }
}
