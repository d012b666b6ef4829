//! CSV exports (as hyperfine offers beside JSON and markdown): one row per group of repeats,
//! every column of the tables and the interval, for a spreadsheet or a notebook.

use serde::Serialize;

use crate::analysis::columns::{COLUMNS, Column, Format, Value};
use crate::analysis::summary::Summary;

/// Rows of `T` as CSV (a header line first where `T` names its fields).
pub(crate) fn to_csv<T: Serialize>(rows: impl IntoIterator<Item = T>) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer
            .serialize(row)
            .expect("plain rows always serialise to CSV");
    }
    let bytes = writer
        .into_inner()
        .expect("writing into memory cannot fail");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

/// Every group of `summaries` as CSV: a column for each of [`COLUMNS`] that holds a value
/// (the ones a table draws from other columns are left out), in full precision.
pub fn summaries(summaries: &[Summary]) -> String {
    let columns: Vec<&Column> = COLUMNS
        .iter()
        .filter(|c| !matches!(c.format, Format::SameAs | Format::Failures))
        .collect();
    let header = columns
        .iter()
        .map(|c| c.name.to_owned())
        .collect::<Vec<_>>();
    let rows = summaries.iter().map(|summary| {
        columns
            .iter()
            .map(|column| match column.value {
                Value::Text(_) => column.text(summary).unwrap_or_default(),
                _ => column
                    .number(summary)
                    .map_or_else(String::new, |v| v.to_string()),
            })
            .collect::<Vec<_>>()
    });
    to_csv(std::iter::once(header).chain(rows))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_per_group_with_a_header_and_quoted_commas() {
        let mut summary =
            crate::summarise(&[crate::pages::verified_run("threads", 0, 100.0)]).remove(0);
        summary.first_error = Some("timeout 3, reset 1".into());
        let csv = summaries(&[summary]);
        let mut lines = csv.lines();
        assert!(
            lines
                .next()
                .unwrap()
                .starts_with("workload,model,concurrency")
        );
        let row = lines.next().unwrap();
        assert!(row.starts_with("quick,threads,"), "{row}");
        assert!(row.ends_with(",\"timeout 3, reset 1\""), "{row}");
        assert_eq!(lines.next(), None);
    }
}
