//! `fanout compare`'s output: the comparison as text, a line per group and the verdict, and
//! as CSV.

use minijinja::{Value, context};

use super::templates::render;
use crate::analysis::regression::{Change, Verdict};
use crate::analysis::stats::CONFIDENCE;

/// A verdict in words: the text's and the CSV's.
fn word(verdict: &Verdict) -> String {
    render("compare/verdict.txt", context! { verdict })
}

/// The comparison as text: a line per group, then the verdict.
pub fn text(changes: &[Change], threshold: f64) -> String {
    let names: Vec<String> = changes
        .iter()
        .map(|c| render("compare/name.txt", c))
        .collect();
    let lines: Vec<Value> = changes
        .iter()
        .zip(&names)
        .map(|(c, name)| context! { name, word => word(&c.verdict), ..Value::from_serialize(c) })
        .collect();
    let new = changes.iter().filter(|c| c.verdict == Verdict::New).count();
    render(
        "compare/text.txt",
        context! {
            changes => lines,
            width => names.iter().map(String::len).max().unwrap_or(10),
            new,
            compared => changes.len() - new,
            confidence => CONFIDENCE,
            threshold,
        },
    )
}

/// The comparison as CSV: a row per group.
pub fn csv(changes: &[Change]) -> String {
    #[derive(serde::Serialize)]
    struct Row<'a> {
        model: &'a str,
        workload: &'a str,
        concurrency: usize,
        cpu_work: u32,
        old_median_ms: Option<f64>,
        new_median_ms: Option<f64>,
        ratio: Option<f64>,
        ratio_ci95_low: Option<f64>,
        ratio_ci95_high: Option<f64>,
        p: Option<f64>,
        verdict: String,
        regression: bool,
    }
    crate::pages::csv_export::to_csv(changes.iter().map(|c| Row {
        model: &c.model,
        workload: &c.workload,
        concurrency: c.concurrency,
        cpu_work: c.cpu_work,
        old_median_ms: c.old_median_ms,
        new_median_ms: c.new_median_ms,
        ratio: c.test.map(|t| t.ratio),
        ratio_ci95_low: c.test.map(|t| t.low),
        ratio_ci95_high: c.test.map(|t| t.high),
        p: c.test.map(|t| t.p),
        verdict: word(&c.verdict),
        regression: c.regression,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::regression::compare;
    use crate::pages::verified_run;
    use fanout_core::results::Results;

    fn results(runs: &[(&str, f64)]) -> Results {
        Results {
            schema: fanout_core::results::SCHEMA,
            machine: Default::default(),
            started_at: String::new(),
            command: String::new(),
            server_floor: None,
            warmup: 0,
            server_cpus: Vec::new(),
            runs: runs
                .iter()
                .map(|&(model, wall_ms)| verified_run(model, 100, wall_ms))
                .collect(),
            summary: Vec::new(),
        }
    }

    /// Three repeats each of tokio and threads.
    fn before() -> Results {
        results(&[
            ("tokio", 111.0),
            ("tokio", 113.0),
            ("tokio", 110.0),
            ("threads", 127.0),
            ("threads", 126.0),
            ("threads", 128.0),
        ])
    }

    #[test]
    fn a_file_against_itself_has_no_change() {
        let old = before();
        let changes = compare(&old, &old, 0.05).unwrap();
        assert_eq!(changes.len(), 2);
        assert!(
            changes
                .iter()
                .all(|c| c.verdict == Verdict::NoChange && !c.regression)
        );
    }

    #[test]
    fn a_model_that_got_slower_is_a_regression_and_named() {
        let old = before();
        let new = results(&[
            ("tokio", 112.0),
            ("tokio", 110.5),
            ("tokio", 111.5),
            ("threads", 160.0),
            ("threads", 158.0),
            ("threads", 163.0),
        ]);
        let changes = compare(&old, &new, 0.05).unwrap();
        let threads = changes.iter().find(|c| c.model == "threads").unwrap();
        assert!(threads.regression && threads.verdict == Verdict::Slower);
        let tokio = changes.iter().find(|c| c.model == "tokio").unwrap();
        assert!(!tokio.regression);
        assert!(text(&changes, 0.05).contains("1 regression: threads on quick"));
        // Slower, but by less than the threshold: not a regression.
        let changes = compare(&old, &new, 0.5).unwrap();
        assert!(changes.iter().all(|c| !c.regression));
    }

    fn regressions(changes: &[Change]) -> Vec<(&str, &Verdict)> {
        changes
            .iter()
            .filter(|c| c.regression)
            .map(|c| (c.model.as_str(), &c.verdict))
            .collect()
    }

    #[test]
    fn a_model_missing_in_new_is_a_regression_and_named() {
        let old = before();
        let mut new = before();
        new.runs.retain(|r| r.model != "tokio");
        let changes = compare(&old, &new, 0.05).unwrap();
        assert_eq!(regressions(&changes), [("tokio", &Verdict::Missing)]);
        let text = text(&changes, 0.05);
        assert!(
            text.contains("1 regression: tokio on quick at concurrency 100 (missing in NEW)"),
            "{text}"
        );
    }

    #[test]
    fn a_model_whose_runs_failed_in_new_is_a_regression_with_the_reason() {
        let old = before();
        let mut new = before();
        for run in new.runs.iter_mut().filter(|r| r.model == "tokio") {
            run.error = Some("worker killed by signal 9".into());
        }
        let changes = compare(&old, &new, 0.05).unwrap();
        let found = regressions(&changes);
        assert_eq!(found.len(), 1);
        assert!(
            matches!(found[0], ("tokio", verdict @ Verdict::Broke(_)) if word(verdict).contains("3 of 3 runs failed (worker killed")),
            "{found:?}"
        );
    }

    #[test]
    fn a_failed_run_in_new_is_a_regression_even_where_old_had_one_and_unmeasured_runs_count_for_nothing()
     {
        let mut old = before();
        old.runs[0].error = Some("worker killed by signal 9".into());
        let mut new = before();
        new.runs[0].error = Some("worker killed by signal 9".into());
        let changes = compare(&old, &new, 0.05).unwrap();
        assert_eq!(regressions(&changes).len(), 1, "{changes:?}");
        // A run the server's death cut off is no measurement, on either side.
        let mut new = before();
        new.runs[1].unmeasured = true;
        new.runs[1].error = Some("the mock server stopped answering: not measured".into());
        new.runs[1].verified = false;
        let changes = compare(&before(), &new, 0.05).unwrap();
        assert!(regressions(&changes).is_empty(), "{changes:?}");
    }

    #[test]
    fn more_failed_requests_at_the_same_speed_is_a_regression() {
        let old = before();
        let mut new = before();
        for run in new.runs.iter_mut().filter(|r| r.model == "threads") {
            run.requests.total = 100;
            run.requests.ok = 50;
            run.requests.failed.insert("timeout".into(), 50);
        }
        let changes = compare(&old, &new, 0.05).unwrap();
        let found = regressions(&changes);
        assert!(
            matches!(found[..], [("threads", verdict @ Verdict::Broke(_))] if word(verdict).contains("50 failed requests a run against 0")),
            "{found:?}"
        );
    }

    #[test]
    fn a_group_only_in_new_is_listed_as_new_and_not_judged() {
        let old = before();
        let mut new = before();
        new.runs.extend(results(&[("smol", 115.0)]).runs);
        let changes = compare(&old, &new, 0.05).unwrap();
        let smol = changes.iter().find(|c| c.model == "smol").unwrap();
        assert_eq!(smol.verdict, Verdict::New);
        assert!(!smol.regression);
        let text = text(&changes, 0.05);
        assert!(text.contains("1 group only in NEW"), "{text}");
        assert!(
            text.contains("No regression in 2 groups compared."),
            "{text}"
        );
    }

    #[test]
    fn files_with_nothing_in_common_are_refused() {
        let old = results(&[("tokio", 111.0)]);
        let new = results(&[("threads", 127.0)]);
        assert!(compare(&old, &new, 0.05).is_err());
    }
}
