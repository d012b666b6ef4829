//! `fanout compare`'s output: the comparison as text, a line per group and the verdict, and
//! as CSV.

use std::fmt::Write as _;

use crate::analysis::regression::{Broken, Change, Verdict};
use crate::analysis::stats::CONFIDENCE;

/// A verdict in words.
fn word(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Faster => "faster".into(),
        Verdict::Slower => "slower".into(),
        Verdict::NoChange => "no change".into(),
        Verdict::TooFewRepeats => "too few repeats to tell".into(),
        Verdict::Missing => "missing in NEW".into(),
        Verdict::Broke(how) => format!("broke: {}", broken(how)),
        Verdict::New => "new (only in NEW)".into(),
    }
}

/// A group's name: model, workload, concurrency and CPU work.
fn name(change: &Change) -> String {
    let mut name = format!(
        "{} on {} at concurrency {}",
        change.model, change.workload, change.concurrency
    );
    if change.cpu_work > 0 {
        let _ = write!(name, ", cpu work {}", change.cpu_work);
    }
    name
}

/// The name with why it regressed, for the closing line.
fn named_with_why(change: &Change) -> String {
    match &change.verdict {
        Verdict::Slower => name(change),
        verdict => format!("{} ({})", name(change), word(verdict)),
    }
}

/// How a group broke, in words.
fn broken(how: &Broken) -> String {
    match how {
        Broken::Runs {
            failed,
            runs,
            first_error,
        } => format!(
            "{failed} of {runs} run(s) failed ({})",
            first_error.as_deref().unwrap_or("no reason given")
        ),
        Broken::Requests {
            new_per_run,
            old_per_run,
        } => format!("{new_per_run:.0} failed request(s) a run against {old_per_run:.0}"),
    }
}

/// The comparison as text: a line per group, then the verdict.
pub fn text(changes: &[Change], threshold: f64) -> String {
    let mut out = String::new();
    let width = changes.iter().map(|c| name(c).len()).max().unwrap_or(10);
    let _ = writeln!(
        out,
        "{:width$}  {:>9}  {:>9}  {:>24}  {:>7}  verdict",
        "group", "old ms", "new ms", "change [95% CI]", "p"
    );
    let ms = |value: Option<f64>| value.map_or("-".to_owned(), |v| format!("{v:.1}"));
    for change in changes {
        let (interval, p) = match (change.test, change.old_median_ms, change.new_median_ms) {
            (Some(t), _, _) => (
                format!(
                    "{:+.1}% [{:+.1}%, {:+.1}%]",
                    (t.ratio - 1.0) * 100.0,
                    (t.low - 1.0) * 100.0,
                    (t.high - 1.0) * 100.0
                ),
                format!("{:.3}", t.p),
            ),
            (None, Some(old_ms), Some(new_ms)) => (
                format!("{:+.1}%", (new_ms / old_ms - 1.0) * 100.0),
                "-".to_owned(),
            ),
            (None, _, _) => ("-".to_owned(), "-".to_owned()),
        };
        let _ = writeln!(
            out,
            "{:width$}  {:>9}  {:>9}  {:>24}  {:>7}  {}{}",
            name(change),
            ms(change.old_median_ms),
            ms(change.new_median_ms),
            interval,
            p,
            word(&change.verdict),
            if change.regression {
                "  <- REGRESSION"
            } else {
                ""
            }
        );
    }
    let regressions: Vec<String> = changes
        .iter()
        .filter(|c| c.regression)
        .map(named_with_why)
        .collect();
    let new = changes.iter().filter(|c| c.verdict == Verdict::New).count();
    let compared = changes.len() - new;
    let _ = writeln!(
        out,
        "\nChange: new median over old (Welch's t-test on log times, {:.0}% interval); a \
         regression is a group of OLD that NEW lacks, whose runs failed in NEW or failed more \
         requests there, or that is significantly slower (p < {:.2}) by more than {:.1}%.",
        CONFIDENCE * 100.0,
        1.0 - CONFIDENCE,
        threshold * 100.0
    );
    if new > 0 {
        let _ = writeln!(out, "{new} group(s) only in NEW, listed as new.");
    }
    if regressions.is_empty() {
        let _ = writeln!(out, "No regression in {compared} group(s) compared.");
    } else {
        let _ = writeln!(
            out,
            "{} regression(s): {}.",
            regressions.len(),
            regressions.join("; ")
        );
    }
    out
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
    use fanout_core::results::Results;
    use fanout_core::results::RunRecord;

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
                .map(|&(model, wall_ms)| RunRecord {
                    model: model.into(),
                    workload: "quick".into(),
                    concurrency: 100,
                    wall_ms,
                    verified: true,
                    ..RunRecord::default()
                })
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
        assert!(text(&changes, 0.05).contains("1 regression(s): threads on quick"));
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
            text.contains("1 regression(s): tokio on quick at concurrency 100 (missing in NEW)"),
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
            matches!(found[0], ("tokio", Verdict::Broke(how)) if broken(how).contains("3 of 3 run(s) failed (worker killed")),
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
            matches!(found[..], [("threads", Verdict::Broke(how))] if broken(how).contains("50 failed request(s) a run against 0")),
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
        assert!(text.contains("1 group(s) only in NEW"), "{text}");
        assert!(
            text.contains("No regression in 2 group(s) compared."),
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
