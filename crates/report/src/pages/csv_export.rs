//! CSV exports (as hyperfine offers beside JSON and markdown): one row per group of repeats,
//! every column of the tables and the interval, for a spreadsheet or a notebook.

use serde::Serialize;

use crate::analysis::summary::Summary;

/// Rows of `T` as CSV, a header line first.
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

/// One group of repeats as a CSV row.
#[derive(Serialize)]
struct Row<'a> {
    workload: &'a str,
    model: &'a str,
    concurrency: usize,
    cpu_work: u32,
    server_instances: usize,
    runs: usize,
    failed_runs: usize,
    wall_ms_median: f64,
    wall_ms_ci95_low: Option<f64>,
    wall_ms_ci95_high: Option<f64>,
    wall_ms_min: f64,
    wall_ms_max: f64,
    outliers: usize,
    busy_runs: usize,
    ideal_ms: f64,
    efficiency: f64,
    speedup: Option<f64>,
    peak_rss_mib: f64,
    peak_threads: f64,
    cpu_ms: Option<f64>,
    process_cpu_ms: f64,
    p50_ms: f64,
    p99_ms: f64,
    server_peak_in_flight: f64,
    server_cpu_us_per_request: Option<f64>,
    server_added_p99_ms: Option<f64>,
    server_slow_runs: usize,
    ok: u64,
    failed: u64,
    first_error: Option<&'a str>,
}

/// Every group of `summaries` as CSV.
pub fn summaries(summaries: &[Summary]) -> String {
    to_csv(summaries.iter().map(|s| Row {
        workload: &s.workload,
        model: &s.model,
        concurrency: s.concurrency,
        cpu_work: s.cpu_work,
        server_instances: s.server_instances,
        runs: s.runs,
        failed_runs: s.failed_runs,
        wall_ms_median: s.wall_ms.median,
        wall_ms_ci95_low: s.wall_ms.interval.map(|i| i.0),
        wall_ms_ci95_high: s.wall_ms.interval.map(|i| i.1),
        wall_ms_min: s.wall_ms.min,
        wall_ms_max: s.wall_ms.max,
        outliers: s.wall_ms.outliers,
        busy_runs: s.busy_runs,
        ideal_ms: s.ideal_ms,
        efficiency: s.efficiency,
        speedup: s.speedup,
        peak_rss_mib: s.peak_rss_kib / 1024.0,
        peak_threads: s.peak_threads,
        cpu_ms: s.cpu_ms,
        process_cpu_ms: s.process_cpu_ms,
        p50_ms: s.p50_ms,
        p99_ms: s.p99_ms,
        server_peak_in_flight: s.server_peak_in_flight,
        server_cpu_us_per_request: s.server_cpu_us_per_request,
        server_added_p99_ms: s.server_added_p99_ms,
        server_slow_runs: s.server_slow_runs,
        ok: s.ok,
        failed: s.failed,
        first_error: s.first_error.as_deref(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_per_group_with_a_header_and_quoted_commas() {
        let mut summary = crate::summarise(&[fanout_core::results::RunRecord {
            model: "threads".into(),
            workload: "quick".into(),
            wall_ms: 100.0,
            verified: true,
            ..Default::default()
        }])
        .remove(0);
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
