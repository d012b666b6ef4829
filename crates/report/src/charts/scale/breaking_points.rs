//! Breaking points: how far each model got on each scale workload and what stopped it there
//! (the markdown's table reads these too), and the chart of how far they got.

use std::path::Path;

use plotters::prelude::*;

use crate::charts::axes::log_range;
use crate::charts::bars::{BarRow, bar_chart, lighter, pair_legend};
use crate::charts::canvas::canvas;
use crate::charts::{Chart, ReportData};
use crate::summary::Summary;

/// How far one model got on one workload.
#[derive(Clone, Debug, PartialEq)]
pub struct BreakingPoint {
    pub model: String,
    /// The highest concurrency at which every repeat completed with every request answered
    /// (before the first level that did not); `None` if not even the lowest did.
    pub completed: Option<usize>,
    /// The first level that did not complete, and what stopped it there; `None` if the model
    /// completed the whole sweep.
    pub broke: Option<(usize, String)>,
}

/// Each model's breaking point on `workload`, in legend order.
pub fn breaking_points(data: &ReportData, workload: &str) -> Vec<BreakingPoint> {
    data.models(workload)
        .into_iter()
        .map(|model| {
            let mut levels: Vec<&Summary> = data
                .summaries
                .iter()
                .filter(|s| s.workload == workload && s.model == model)
                .collect();
            levels.sort_by_key(|s| s.concurrency);
            let mut point = BreakingPoint {
                model,
                completed: None,
                broke: None,
            };
            for summary in levels {
                if summary.failed_runs == 0 && summary.failed == 0 && !summary.failed() {
                    point.completed = Some(summary.concurrency);
                } else {
                    point.broke = Some((summary.concurrency, cause(summary)));
                    break;
                }
            }
            point
        })
        .collect()
}

/// What stopped a group, in a few words: the run's error, or its failed requests by kind.
pub fn cause(summary: &Summary) -> String {
    if let Some(error) = summary.first_error.as_deref() {
        let lower = error.to_lowercase();
        let found = |words: &[&str]| words.iter().any(|w| lower.contains(w));
        return if let Some(rest) = error.strip_prefix("not run: ") {
            match rest.find("keeps at most") {
                Some(at) => format!(
                    "not run: {}",
                    rest[at..].replace(", so its ideal time is", ": ideal")
                ),
                None => format!("not run ({rest})"),
            }
        } else if found(&["deadline"]) {
            "too slow: killed at its deadline".into()
        } else if found(&["too many open files", "open files", "emfile"]) {
            "file descriptors ran out".into()
        } else if found(&["thread", "resource temporarily unavailable", "spawn"]) {
            format!("threads refused ({})", short(error))
        } else if found(&["memory", "cannot allocate", "signal 9", "oom"]) {
            format!("memory ({})", short(error))
        } else {
            short(error)
        };
    }
    let mut kinds: Vec<(&String, &u64)> = summary.failed_by_kind.iter().collect();
    kinds.sort_by(|a, b| b.1.cmp(a.1));
    let total = summary.ok + summary.failed;
    match kinds.first() {
        Some((kind, n)) => format!("{kind}: {n} of {total} requests failed"),
        None => "failed verification".into(),
    }
}

fn short(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() > 90 {
        format!("{}...", first_line.chars().take(90).collect::<String>())
    } else {
        first_line.to_owned()
    }
}

/// The highest concurrency of every scale workload, drawn in one chart: how high each model
/// got before it broke.
pub struct BreakingPoints {
    pub workloads: Vec<String>,
}

impl Chart for BreakingPoints {
    fn file_name(&self) -> String {
        "breaking-points.svg".into()
    }

    fn title(&self) -> String {
        "Highest concurrency each model completed".into()
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let points: Vec<Vec<BreakingPoint>> = self
            .workloads
            .iter()
            .map(|w| breaking_points(data, w))
            .collect();
        let mut models: Vec<String> = points.iter().flatten().map(|p| p.model.clone()).collect();
        crate::style::sort_models(&mut models);
        models.dedup();
        let rows: Vec<BarRow> = models
            .iter()
            .map(|model| {
                let colour = crate::style::style(model).colour;
                BarRow {
                    label: crate::style::label(model),
                    bars: points
                        .iter()
                        .enumerate()
                        .map(|(index, workload_points)| {
                            let shade = if index == 0 { colour } else { lighter(colour) };
                            let reached = workload_points
                                .iter()
                                .find(|p| &p.model == model)
                                .and_then(|p| p.completed)
                                .unwrap_or(0);
                            vec![(reached.max(1) as f64, shade)]
                        })
                        .collect(),
                }
            })
            .collect();
        let range = log_range(
            data.summaries
                .iter()
                .filter(|s| self.workloads.contains(&s.workload))
                .map(|s| s.concurrency as f64)
                .chain([1.0]),
        );
        bar_chart(
            &plot,
            range.log_scale(),
            1.0,
            "highest concurrency completed, every request answered (log)",
            &rows,
            &[],
        )?;
        let light = self.workloads.get(1).map_or(String::new(), Clone::clone);
        pair_legend(&legend_area, &self.workloads[0], &light)
    }

    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "Each bar is the highest concurrency at which the model finished every repeat with \
             every request answered; the table \"Where each model breaks\" says what stopped it \
             at the next level. A model with no bar did not complete the lowest level. ",
        );
        for workload in &self.workloads {
            let figures: Vec<String> = breaking_points(data, workload)
                .iter()
                .map(|p| {
                    format!(
                        "{} {}",
                        p.model,
                        p.completed.map_or("-".into(), |c| c.to_string())
                    )
                })
                .collect();
            text.push_str(&format!("{workload}: {}. ", figures.join(", ")));
        }
        text.trim_end().to_owned()
    }
}
