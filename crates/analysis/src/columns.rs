//! One list of columns: the terminal and markdown tables and the CSV export take their columns,
//! in this order, from [`COLUMNS`]. A column says its name (the CSV header), its headings in
//! the wide and the narrow table, its unit, how a group gives it and how the table writes it.
//!
//! A new measured field of a run needs its producer, its place in `RunRecord`, and one entry
//! here with [`Value::Median`]: the group's value is the median over its successful repeats,
//! computed by [`crate::summary::summarise`] into `Summary::medians`, and every table and the
//! CSV show it.

use fanout_core::results::RunRecord;

use crate::summary::Summary;

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
}

/// A group figure that is always there.
macro_rules! group {
    ($summary:ident => $value:expr) => {
        Value::Group(|$summary| Some($value as f64))
    };
}

/// Every column, in the order the tables and the CSV show them.
pub static COLUMNS: &[Column] = &[
    Column {
        name: "workload",
        heading: None,
        narrow: None,
        value: Value::Text(|s| Some(s.workload.clone())),
        format: Format::Text,
    },
    Column {
        name: "model",
        heading: Some("model"),
        narrow: Some("model"),
        value: Value::Text(|s| Some(s.model.clone())),
        format: Format::Text,
    },
    Column {
        name: "concurrency",
        heading: Some("conc."),
        narrow: Some("conc."),
        value: group!(s => s.concurrency),
        format: Format::Fixed(0),
    },
    Column {
        name: "cpu_work",
        heading: None,
        narrow: None,
        value: group!(s => s.cpu_work),
        format: Format::Fixed(0),
    },
    Column {
        name: "server_instances",
        heading: None,
        narrow: None,
        value: group!(s => s.server_instances),
        format: Format::Fixed(0),
    },
    Column {
        name: "runs",
        heading: None,
        narrow: None,
        value: group!(s => s.runs),
        format: Format::Fixed(0),
    },
    Column {
        name: "failed_runs",
        heading: None,
        narrow: None,
        value: group!(s => s.failed_runs),
        format: Format::Fixed(0),
    },
    Column {
        name: "wall_ms_median",
        heading: Some("wall ms [95% CI]"),
        narrow: Some("wall ms (95% CI)"),
        value: group!(s => s.wall_ms.median),
        format: Format::WallTime,
    },
    Column {
        name: "wall_ms_ci95_low",
        heading: None,
        narrow: None,
        value: Value::Group(|s| s.wall_ms.interval.map(|i| i.0)),
        format: Format::Fixed(0),
    },
    Column {
        name: "wall_ms_ci95_high",
        heading: None,
        narrow: None,
        value: Value::Group(|s| s.wall_ms.interval.map(|i| i.1)),
        format: Format::Fixed(0),
    },
    Column {
        name: "wall_ms_min",
        heading: None,
        narrow: None,
        value: group!(s => s.wall_ms.min),
        format: Format::Fixed(0),
    },
    Column {
        name: "wall_ms_max",
        heading: None,
        narrow: None,
        value: group!(s => s.wall_ms.max),
        format: Format::Fixed(0),
    },
    Column {
        name: "outliers",
        heading: None,
        narrow: None,
        value: group!(s => s.wall_ms.outliers),
        format: Format::Fixed(0),
    },
    Column {
        name: "busy_runs",
        heading: None,
        narrow: None,
        value: group!(s => s.busy_runs),
        format: Format::Fixed(0),
    },
    Column {
        name: "same_as",
        heading: Some("same as"),
        narrow: None,
        value: Value::Text(|_| None),
        format: Format::SameAs,
    },
    Column {
        name: "ideal_ms",
        heading: None,
        narrow: None,
        value: group!(s => s.ideal_ms),
        format: Format::Fixed(0),
    },
    Column {
        name: "speedup",
        heading: Some("speedup"),
        narrow: None,
        value: Value::Group(|s| s.speedup),
        format: Format::Ratio,
    },
    Column {
        name: "efficiency",
        heading: Some("efficiency"),
        narrow: Some("eff."),
        // A job with no latency has no ideal to compare against.
        value: Value::Group(|s| (s.ideal_ms > 0.0).then_some(s.efficiency)),
        format: Format::Fixed(2),
    },
    Column {
        name: "peak_rss_mib",
        heading: Some("peak RSS MiB"),
        narrow: Some("RSS MiB"),
        value: group!(s => s.peak_rss_kib / 1024.0),
        format: Format::Fixed(1),
    },
    Column {
        name: "peak_threads",
        heading: Some("peak threads"),
        narrow: Some("threads"),
        value: group!(s => s.peak_threads),
        format: Format::Fixed(0),
    },
    Column {
        name: "cpu_ms",
        heading: Some("CPU ms"),
        narrow: None,
        value: Value::Group(|s| s.cpu_ms),
        format: Format::Fixed(0),
    },
    Column {
        name: "process_cpu_ms",
        heading: None,
        narrow: None,
        value: group!(s => s.process_cpu_ms),
        format: Format::Fixed(0),
    },
    Column {
        name: "p50_ms",
        heading: Some("p50 ms"),
        narrow: None,
        value: group!(s => s.p50_ms),
        format: Format::Fixed(1),
    },
    Column {
        name: "p99_ms",
        heading: Some("p99 ms"),
        narrow: Some("p99 ms"),
        value: group!(s => s.p99_ms),
        format: Format::Fixed(1),
    },
    Column {
        name: "server_peak_in_flight",
        heading: Some("server in flight"),
        narrow: None,
        value: group!(s => s.server_peak_in_flight),
        format: Format::Fixed(0),
    },
    Column {
        name: "server_cpu_us_per_request",
        heading: Some("server CPU µs/req"),
        narrow: None,
        value: Value::Group(|s| s.server_cpu_us_per_request),
        format: Format::Fixed(0),
    },
    Column {
        name: "server_added_p99_ms",
        heading: Some("server added p99 ms"),
        narrow: None,
        value: Value::Median(|r| r.server_added_ms.map(|added| added.p99)),
        format: Format::Fixed(2),
    },
    Column {
        name: "server_slow_runs",
        heading: None,
        narrow: None,
        value: group!(s => s.server_slow_runs),
        format: Format::Fixed(0),
    },
    Column {
        name: "ok",
        heading: Some("ok/failed"),
        narrow: Some("ok/failed"),
        value: group!(s => s.ok),
        format: Format::OkFailed,
    },
    Column {
        name: "failed",
        heading: None,
        narrow: None,
        value: group!(s => s.failed),
        format: Format::Fixed(0),
    },
    Column {
        name: "failures",
        heading: Some("failures by kind"),
        narrow: None,
        value: Value::Text(|_| None),
        format: Format::Failures,
    },
    Column {
        name: "first_error",
        heading: None,
        narrow: None,
        value: Value::Text(|s| s.first_error.clone()),
        format: Format::Text,
    },
];

/// The medians of the columns a run gives, by name, over `good` repeats; a column no repeat
/// measured is left out.
pub fn medians(good: &[&RunRecord]) -> std::collections::BTreeMap<&'static str, f64> {
    COLUMNS
        .iter()
        .filter_map(|column| match column.value {
            Value::Median(of) => {
                let values: Vec<f64> = good.iter().filter_map(|run| of(run)).collect();
                fanout_core::stats::median(&values).map(|median| (column.name, median))
            }
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
