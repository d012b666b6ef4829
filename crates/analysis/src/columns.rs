//! One list of columns: the terminal and markdown tables and the CSV export take their columns,
//! in this order, from [`COLUMNS`]. A column says its name (the CSV header), its headings in
//! the wide and the narrow table, its unit, how a group gives it and how the table writes it.
//!
//! A new measured field of a run needs its producer, its place in `RunRecord`, and one entry
//! here with [`Value::Median`]: the group's value is the median over its successful repeats,
//! computed by [`crate::summary::summarise`] into `Summary::medians`, and every table and the
//! CSV show it.

use fanout_core::results::RunRecord;

use crate::summary::{Summary, measured_median};

/// One column of the tables and the CSV.
pub struct Column {
    /// The CSV header, and the name a page gives the column.
    pub name: &'static str,
    /// The wide table's heading; `None` for a column only the CSV carries.
    pub heading: Option<&'static str>,
    /// The narrow (first look) table's heading, for the columns a first look needs.
    pub narrow: Option<&'static str>,
    /// How a group gives it.
    pub value: Value,
    /// How a table writes it.
    pub format: Format,
}

/// How a group gives a column's value.
pub enum Value {
    /// A figure of each successful repeat; the group's is their median.
    Median(fn(&RunRecord) -> Option<f64>),
    /// A figure of the group as a whole: a count, a comparison, a median already taken.
    Group(fn(&Summary) -> Option<f64>),
    /// Words of the group: its model, its first error.
    Text(fn(&Summary) -> Option<String>),
}

/// How a table writes a column's value; the CSV writes every value in full.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Format {
    /// Words as they are.
    Text,
    /// A number with this many decimals; `-` when absent.
    Fixed(usize),
    /// A ratio with one decimal and `x`.
    Ratio,
    /// The group's wall time with its interval and marks (drawn by the table).
    WallTime,
    /// The models the data cannot tell from this one (drawn by the table).
    SameAs,
    /// Requests ok and failed in one repeat (drawn by the table).
    OkFailed,
    /// Failures by kind, most frequent first (drawn by the table).
    Failures,
}

impl Column {
    /// The group's value, for the CSV and for a table's plain cells.
    pub fn number(&self, summary: &Summary) -> Option<f64> {
        match self.value {
            Value::Median(_) => summary.medians.get(self.name).copied(),
            Value::Group(of) => of(summary),
            Value::Text(_) => None,
        }
    }

    /// The group's words, for a text column.
    pub fn text(&self, summary: &Summary) -> Option<String> {
        match self.value {
            Value::Text(of) => of(summary),
            _ => None,
        }
    }

    /// The column in the wide table, under `heading`.
    const fn wide(mut self, heading: &'static str) -> Self {
        self.heading = Some(heading);
        self
    }

    /// The column in the narrow table too, under `narrow`.
    const fn narrow(mut self, narrow: &'static str) -> Self {
        self.narrow = Some(narrow);
        self
    }

    /// The column written as `format` in the tables.
    const fn written(self, format: Format) -> Self {
        Self { format, ..self }
    }
}

/// A column only the CSV carries: words as they are, a number in whole units.
const fn column(name: &'static str, value: Value) -> Column {
    let format = match value {
        Value::Text(_) => Format::Text,
        _ => Format::Fixed(0),
    };
    Column {
        name,
        heading: None,
        narrow: None,
        value,
        format,
    }
}

/// A group figure that is always there.
macro_rules! group {
    ($summary:ident => $value:expr) => {
        Value::Group(|$summary| Some($value as f64))
    };
}

/// Every column, in the order the tables and the CSV show them.
pub static COLUMNS: &[Column] = &[
    column("workload", Value::Text(|s| Some(s.workload.clone()))),
    column("model", Value::Text(|s| Some(s.model.clone())))
        .wide("model")
        .narrow("model"),
    column("concurrency", group!(s => s.concurrency))
        .wide("conc.")
        .narrow("conc."),
    column("cpu_work", group!(s => s.cpu_work)),
    column("server_instances", group!(s => s.server_instances)),
    column("runs", group!(s => s.runs)),
    column("failed_runs", group!(s => s.failed_runs)),
    column("wall_ms_median", group!(s => s.wall_ms.median))
        .wide("wall ms [95% CI]")
        .narrow("wall ms ±95%")
        .written(Format::WallTime),
    column(
        "wall_ms_ci95_low",
        Value::Group(|s| s.wall_ms.interval.map(|i| i.0)),
    ),
    column(
        "wall_ms_ci95_high",
        Value::Group(|s| s.wall_ms.interval.map(|i| i.1)),
    ),
    column("wall_ms_min", group!(s => s.wall_ms.min)),
    column("wall_ms_max", group!(s => s.wall_ms.max)),
    column("outliers", group!(s => s.wall_ms.outliers)),
    column("busy_runs", group!(s => s.busy_runs)),
    column("same_as", Value::Text(|_| None))
        .wide("same as")
        .written(Format::SameAs),
    column("ideal_ms", group!(s => s.ideal_ms)),
    column("speedup", Value::Group(|s| s.speedup))
        .wide("speedup")
        .written(Format::Ratio),
    // A job with no latency has no ideal to compare against.
    column(
        "efficiency",
        Value::Group(|s| (s.ideal_ms > 0.0).then_some(s.efficiency)),
    )
    .wide("efficiency")
    .narrow("eff.")
    .written(Format::Fixed(2)),
    column("peak_rss_mib", group!(s => s.peak_rss_kib / 1024.0))
        .wide("peak RSS MiB")
        .narrow("RSS MiB")
        .written(Format::Fixed(1)),
    column("peak_threads", group!(s => s.peak_threads))
        .wide("peak threads")
        .narrow("threads"),
    column("cpu_ms", Value::Group(|s| s.cpu_ms)).wide("CPU ms"),
    column("process_cpu_ms", group!(s => s.process_cpu_ms)),
    // Service time: from a request's start to its end, as the model timed it.
    column("p50_ms", group!(s => s.p50_ms))
        .wide("service p50 ms")
        .written(Format::Fixed(1)),
    column("p99_ms", group!(s => s.p99_ms))
        .wide("service p99 ms")
        .written(Format::Fixed(1)),
    // Response time: from a request's start on the ideal schedule, so a model that holds
    // requests back (one at a time, blocking) cannot look best by its service time alone.
    column("response_p99_ms", Value::Group(|s| s.response_p99_ms))
        .wide("response p99 ms")
        .narrow("resp p99 ms")
        .written(Format::Fixed(1)),
    column(
        "server_peak_in_flight",
        group!(s => s.server_peak_in_flight),
    )
    .wide("server in flight"),
    column(
        "server_cpu_us_per_request",
        Value::Group(|s| s.server_cpu_us_per_request),
    )
    .wide("server CPU µs/req"),
    column(
        "server_added_p99_ms",
        Value::Median(|r| r.server_added_ms.map(|a| a.p99)),
    )
    .wide("server added p99 ms")
    .written(Format::Fixed(2)),
    column("server_slow_runs", group!(s => s.server_slow_runs)),
    column("ok", group!(s => s.ok))
        .wide("ok/failed a run")
        .narrow("ok/failed")
        .written(Format::OkFailed),
    column("failed", group!(s => s.failed)),
    column("failures", Value::Text(|_| None))
        .wide("failures by kind")
        .written(Format::Failures),
    column("first_error", Value::Text(|s| s.first_error.clone())),
];

/// The medians of the columns a run gives, by name, over `good` repeats; a column no repeat
/// measured is left out.
pub fn medians(good: &[&RunRecord]) -> std::collections::BTreeMap<&'static str, f64> {
    COLUMNS
        .iter()
        .filter_map(|column| match column.value {
            Value::Median(of) => measured_median(good, of).map(|median| (column.name, median)),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_every_narrow_column_has_a_wide_heading() {
        let mut names: Vec<&str> = COLUMNS.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COLUMNS.len());
        for column in COLUMNS.iter().filter(|c| c.narrow.is_some()) {
            assert!(column.heading.is_some(), "{}", column.name);
        }
    }

    #[test]
    fn a_median_column_is_the_median_of_the_repeats_that_measured_it() {
        let run = |p99: Option<f64>| RunRecord {
            server_added_ms: p99.map(|p99| fanout_core::LatencySummary {
                p99,
                ..Default::default()
            }),
            ..RunRecord::default()
        };
        let runs = [run(Some(1.0)), run(None), run(Some(3.0))];
        let good: Vec<&RunRecord> = runs.iter().collect();
        assert_eq!(medians(&good).get("server_added_p99_ms"), Some(&2.0));
        assert_eq!(medians(&[]).get("server_added_p99_ms"), None);
    }
}
