//! Scale: where each model breaks on the ten-thousand-URL workloads, what a request in flight
//! costs at the top of the sweep, and what scaling the mock server out gained.

use std::path::Path;

use plotters::prelude::*;

use super::axes::{log_range, zero_range};
use super::bars::{BarRow, bar_chart, lighter, model_rows, pair_legend};
use super::canvas::canvas;
use super::{Chart, ReportData};
use crate::summary::Summary;

/// A workload whose sweep reaches this many requests in flight is a scale workload.
pub const SCALE_LEVEL: usize = 5_000;

/// Workloads swept up to [`SCALE_LEVEL`] or beyond, in the order they were run.
pub fn scale_workloads(data: &ReportData) -> Vec<String> {
    data.workloads()
        .into_iter()
        .filter(|w| data.levels(w).last().is_some_and(|top| *top >= SCALE_LEVEL))
        .collect()
}

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

/// The requests a run really had in flight at once: the server's count where it has one.
fn in_flight(summary: &Summary) -> f64 {
    if summary.server_peak_in_flight > 0.0 {
        summary.server_peak_in_flight
    } else {
        summary.concurrency as f64
    }
}

/// Resident and reserved memory over an idle worker, per request in flight, in KiB.
pub fn per_in_flight_kib(summary: &Summary) -> (f64, f64) {
    let n = in_flight(summary);
    (
        (summary.peak_rss_kib - summary.baseline_rss_kib).max(0.0) / n,
        (summary.peak_vm_kib - summary.baseline_vm_kib).max(0.0) / n,
    )
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

/// Memory per request in flight at the top of a scale workload's sweep.
pub struct MemoryAtScale {
    pub workload: String,
    pub level: usize,
}

impl MemoryAtScale {
    /// The groups at the level that completed with every request answered.
    pub fn completed<'a>(&self, data: &'a ReportData) -> Vec<&'a Summary> {
        data.at_level(&self.workload, self.level)
            .into_iter()
            .filter(|s| s.failed == 0 && s.failed_runs == 0)
            .collect()
    }
}

impl Chart for MemoryAtScale {
    fn file_name(&self) -> String {
        format!("memory-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Memory per request in flight at {}, workload {}",
            self.level, self.workload
        )
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let summaries = self.completed(data);
        let rows = model_rows(&summaries, |s, colour| {
            let (resident, reserved) = per_in_flight_kib(s);
            vec![
                vec![(resident.max(0.1), colour)],
                vec![(reserved.max(0.1), lighter(colour))],
            ]
        });
        let range = log_range(summaries.iter().flat_map(|s| {
            let (resident, reserved) = per_in_flight_kib(s);
            [resident.max(0.1), reserved.max(0.1)]
        }));
        let origin = range.start;
        bar_chart(
            &plot,
            range.log_scale(),
            origin,
            "KiB per request in flight (log)",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "resident (dark)", "reserved, virtual (light)")
    }

    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .completed(data)
            .iter()
            .map(|s| {
                let (resident, reserved) = per_in_flight_kib(s);
                format!(
                    "{} {resident:.0} KiB resident, {reserved:.0} KiB reserved ({:.0} in flight)",
                    s.model,
                    in_flight(s)
                )
            })
            .collect();
        format!(
            "Every model that completed concurrency {} on {} with every request answered: the \
             worker's peak memory minus an \
             idle worker's, divided by the most requests the server saw in flight at once \
             during the run. {}.",
            self.level,
            self.workload,
            figures.join("; ")
        )
    }
}

/// The same model on the same workload and concurrency, served by one wiremock instance or
/// several: what scaling the server out gained.
pub struct ServerScaleOut {
    pub workload: String,
    pub level: usize,
}

impl ServerScaleOut {
    /// Every (model, instances) group at the level, by model then instances.
    fn groups<'a>(&self, data: &'a ReportData) -> Vec<&'a Summary> {
        let at_level: Vec<&Summary> = data
            .all
            .iter()
            .filter(|s| s.workload == self.workload && s.concurrency == self.level && !s.failed())
            .collect();
        let mut groups: Vec<&Summary> = at_level
            .iter()
            .copied()
            .filter(|s| {
                at_level
                    .iter()
                    .any(|o| o.model == s.model && o.server_instances != s.server_instances)
            })
            .collect();
        groups.sort_by(|a, b| {
            (a.model.as_str(), a.server_instances).cmp(&(b.model.as_str(), b.server_instances))
        });
        groups
    }

    /// Whether the data holds the same model at this level with more than one server size.
    pub fn applies(data: &ReportData, workload: &str, level: usize) -> bool {
        !Self {
            workload: workload.into(),
            level,
        }
        .groups(data)
        .is_empty()
    }
}

fn instances_label(summary: &Summary) -> String {
    let plural = if summary.server_instances == 1 {
        ""
    } else {
        "s"
    };
    format!(
        "{}, {} instance{plural}",
        crate::style::label(&summary.model),
        summary.server_instances
    )
}

impl Chart for ServerScaleOut {
    fn file_name(&self) -> String {
        format!("server-scale-out-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Scaling the mock server out: {} at {}",
            self.workload, self.level
        )
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let groups = self.groups(data);
        let rows: Vec<BarRow> = groups
            .iter()
            .map(|s| {
                let colour = crate::style::style(&s.model).colour;
                BarRow {
                    label: instances_label(s),
                    bars: vec![
                        vec![(s.efficiency, colour)],
                        vec![(
                            s.server_cpu_us_per_request.unwrap_or(0.0) / 100.0,
                            lighter(colour),
                        )],
                    ],
                }
            })
            .collect();
        let range = zero_range(groups.iter().flat_map(|s| {
            [
                s.efficiency,
                s.server_cpu_us_per_request.unwrap_or(0.0) / 100.0,
            ]
        }));
        bar_chart(
            &plot,
            range,
            0.0,
            "efficiency (dark); server CPU per request in units of 100 us (light)",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "efficiency", "server CPU / 100 us")
    }

    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .groups(data)
            .iter()
            .map(|s| {
                format!(
                    "{}: efficiency {:.2}, wall {:.0} ms, server {} us per request",
                    instances_label(s),
                    s.efficiency,
                    s.wall_ms.median,
                    s.server_cpu_us_per_request
                        .map_or("-".into(), |us| format!("{us:.0}"))
                )
            })
            .collect();
        format!(
            "One wiremock instance serves on one thread; a scaled-out server runs several, each \
             on its own thread and port, with the job's targets spread over them. Same job, \
             same model, same concurrency. {}.",
            figures.join("; ")
        )
    }
}
