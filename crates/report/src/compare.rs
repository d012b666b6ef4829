//! `fanout compare`: two results files, group by group, as a regression gate. For every
//! (model, workload, concurrency, CPU work, server instances, pinned CPUs) measured in both, the
//! two median wall times, the change with its 95% interval, and Welch's t-test on log times
//! (see [`crate::stats`]): faster, slower or no change.

use std::fmt::Write as _;

use fanout_core::results::Results;

use crate::stats::{CONFIDENCE, Welch, welch};
use crate::summary::{GroupKey, group_key};

/// What the test says of one group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Faster,
    Slower,
    NoChange,
    /// Fewer than two successful repeats on a side: no test is possible.
    TooFewRepeats,
}

impl Verdict {
    fn word(self) -> &'static str {
        match self {
            Verdict::Faster => "faster",
            Verdict::Slower => "slower",
            Verdict::NoChange => "no change",
            Verdict::TooFewRepeats => "too few repeats to tell",
        }
    }
}

/// One group in both files.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub model: String,
    pub workload: String,
    pub concurrency: usize,
    pub cpu_work: u32,
    pub old_median_ms: f64,
    pub new_median_ms: f64,
    pub test: Option<Welch>,
    pub verdict: Verdict,
    /// Significantly slower by more than the threshold.
    pub regression: bool,
}

impl Change {
    fn name(&self) -> String {
        let mut name = format!(
            "{} on {} at concurrency {}",
            self.model, self.workload, self.concurrency
        );
        if self.cpu_work > 0 {
            let _ = write!(name, ", cpu work {}", self.cpu_work);
        }
        name
    }
}

/// Each group's successful wall times, in the order the groups first appear.
fn groups(results: &Results) -> Vec<(GroupKey, Vec<f64>)> {
    let mut groups: Vec<(GroupKey, Vec<f64>)> = Vec::new();
    for run in &results.runs {
        let k = group_key(run);
        let index = match groups.iter().position(|(g, _)| *g == k) {
            Some(index) => index,
            None => {
                groups.push((k, Vec::new()));
                groups.len() - 1
            }
        };
        if run.succeeded() {
            groups[index].1.push(run.wall_ms);
        }
    }
    groups
}

fn median(values: &[f64]) -> f64 {
    crate::summary::Spread::of(values.iter().copied()).median
}

/// Compares `new` against `old`; a group is a regression when it is significantly slower
/// (p < 0.05) by more than `threshold` (0.05 for 5%). Groups that did not complete in either
/// file are left out; an error when the files have no group in common.
pub fn compare(old: &Results, new: &Results, threshold: f64) -> Result<Vec<Change>, String> {
    let old_groups = groups(old);
    let mut changes = Vec::new();
    for (k, new_walls) in groups(new) {
        let Some((_, old_walls)) = old_groups.iter().find(|(g, _)| *g == k) else {
            continue;
        };
        if old_walls.is_empty() || new_walls.is_empty() {
            continue;
        }
        let test = welch(old_walls, &new_walls);
        let verdict = match test {
            None => Verdict::TooFewRepeats,
            Some(t) if t.p < 1.0 - CONFIDENCE && t.ratio > 1.0 => Verdict::Slower,
            Some(t) if t.p < 1.0 - CONFIDENCE && t.ratio < 1.0 => Verdict::Faster,
            Some(_) => Verdict::NoChange,
        };
        let (old_median_ms, new_median_ms) = (median(old_walls), median(&new_walls));
        let regression =
            verdict == Verdict::Slower && new_median_ms > old_median_ms * (1.0 + threshold);
        let (workload, model, concurrency, cpu_work, _, _) = k;
        changes.push(Change {
            model,
            workload,
            concurrency,
            cpu_work,
            old_median_ms,
            new_median_ms,
            test,
            verdict,
            regression,
        });
    }
    if changes.is_empty() {
        return Err(
            "the two files have no (model, workload, concurrency, CPU work) that \
                    completed in both; compare runs of the same models and workloads"
                .to_owned(),
        );
    }
    Ok(changes)
}

/// The comparison as text: a line per group, then the verdict.
pub fn text(changes: &[Change], threshold: f64) -> String {
    let mut out = String::new();
    let width = changes.iter().map(|c| c.name().len()).max().unwrap_or(10);
    let _ = writeln!(
        out,
        "{:width$}  {:>9}  {:>9}  {:>24}  {:>7}  verdict",
        "group", "old ms", "new ms", "change [95% CI]", "p"
    );
    for change in changes {
        let (interval, p) = match change.test {
            Some(t) => (
                format!(
                    "{:+.1}% [{:+.1}%, {:+.1}%]",
                    (t.ratio - 1.0) * 100.0,
                    (t.low - 1.0) * 100.0,
                    (t.high - 1.0) * 100.0
                ),
                format!("{:.3}", t.p),
            ),
            None => (
                format!(
                    "{:+.1}%",
                    (change.new_median_ms / change.old_median_ms - 1.0) * 100.0
                ),
                "-".to_owned(),
            ),
        };
        let _ = writeln!(
            out,
            "{:width$}  {:>9.1}  {:>9.1}  {:>24}  {:>7}  {}{}",
            change.name(),
            change.old_median_ms,
            change.new_median_ms,
            interval,
            p,
            change.verdict.word(),
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
        .map(Change::name)
        .collect();
    let _ = writeln!(
        out,
        "\nChange: new median over old (Welch's t-test on log times, {:.0}% interval); a \
         regression is significantly slower (p < {:.2}) by more than {:.1}%.",
        CONFIDENCE * 100.0,
        1.0 - CONFIDENCE,
        threshold * 100.0
    );
    if regressions.is_empty() {
        let _ = writeln!(out, "No regression in {} group(s) compared.", changes.len());
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
        old_median_ms: f64,
        new_median_ms: f64,
        ratio: Option<f64>,
        ratio_ci95_low: Option<f64>,
        ratio_ci95_high: Option<f64>,
        p: Option<f64>,
        verdict: &'a str,
        regression: bool,
    }
    crate::csv_export::to_csv(changes.iter().map(|c| Row {
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
        verdict: c.verdict.word(),
        regression: c.regression,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn files_with_nothing_in_common_are_refused() {
        let old = results(&[("tokio", 111.0)]);
        let new = results(&[("threads", 127.0)]);
        assert!(compare(&old, &new, 0.05).is_err());
    }
}
