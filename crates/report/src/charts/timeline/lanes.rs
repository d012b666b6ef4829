//! Lanes by thread: one row per OS thread of the worker, marking when it was tied to each
//! request. A thread model's thread is blocked for the whole request (light); from the body's
//! arrival to the page's end (dark) it processes the page, or waits for a core or a lock to do
//! so; a runtime's worker is marked for each request it finished.

use std::path::Path;

use plotters::prelude::*;

use super::super::canvas::draw_error;
use super::super::legend::{LegendEntry, Mark, legend};
use super::super::{Chart, ReportData};
use super::{Timeline, panels_canvas, time_panel};
use crate::style;

/// The models this chart compares, when their records are there: (CPU work, models). Without
/// CPU work, a thread per request against a runtime's worker per core and one event loop; with it, a GIL (CPU never
/// overlaps), free threads (it does) and one event loop (everyone waits for it).
pub const LANES: &[(u32, &[&str])] = &[
    (0, &["threads", "tokio", "tokio-current-thread"]),
    (1000, &["gil-threads", "threads", "tokio-current-thread"]),
];

/// Models whose threads block for a whole request.
const BLOCKING: &[&str] = &[
    "sequential",
    "threads",
    "rayon",
    "gil-threads",
    "spawn-blocking",
    "py-threads",
];

const PANEL_HEIGHT: u32 = 240;
const WAITING: RGBColor = RGBColor(190, 215, 235);
const COMPUTING: RGBColor = RGBColor(230, 85, 13);

pub struct Lanes {
    pub workload: String,
    pub concurrency: usize,
    pub cpu_work: u32,
    pub models: &'static [&'static str],
}

impl Lanes {
    /// Every lanes chart the data holds: for each of [`LANES`], on `workload` at its highest
    /// concurrency, when at least two of the models kept their records there.
    pub fn for_workload(data: &ReportData, workload: &str) -> Vec<Lanes> {
        let Some(&concurrency) = data.levels(workload).last() else {
            return Vec::new();
        };
        LANES
            .iter()
            .map(|&(cpu_work, models)| Lanes {
                workload: workload.to_owned(),
                concurrency,
                cpu_work,
                models,
            })
            .filter(|chart| chart.panels(data).len() >= 2)
            .collect()
    }

    fn panels<'d>(&self, data: &'d ReportData) -> Vec<&'d Timeline> {
        data.timelines_of(self.models, &self.workload, self.concurrency, self.cpu_work)
    }
}

/// The lanes a timeline uses, in order of first use.
fn lanes(timeline: &Timeline) -> Vec<u32> {
    let mut lanes: Vec<u32> = Vec::new();
    for record in &timeline.records {
        if !lanes.contains(&record.thread) {
            lanes.push(record.thread);
        }
    }
    lanes
}

impl Chart for Lanes {
    fn file_name(&self) -> String {
        if self.cpu_work == 0 {
            format!("lanes-{}-{}.svg", self.workload, self.concurrency)
        } else {
            format!(
                "lanes-{}-{}-cpu-{}.svg",
                self.workload, self.concurrency, self.cpu_work
            )
        }
    }

    fn title(&self) -> String {
        format!(
            "Which thread did what, workload {} at concurrency {}, CPU work {}",
            self.workload, self.concurrency, self.cpu_work
        )
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let panels = self.panels(data);
        let (areas, legend_area) = panels_canvas(path, &self.title(), panels.len(), PANEL_HEIGHT)?;
        let end_ms = panels.iter().map(|t| t.end_ms()).fold(1.0, f64::max) * 1.02;
        for (area, timeline) in areas.iter().zip(&panels) {
            let lanes = lanes(timeline);
            let blocking = BLOCKING.contains(&timeline.model.as_str());
            let caption = format!(
                "{}: {} requests on {} thread(s), done in {:.0} ms",
                style::label(&timeline.model),
                timeline.records.len(),
                lanes.len(),
                timeline.wall_ms
            );
            let mut chart = time_panel(
                area,
                caption,
                end_ms,
                ("thread", lanes.len() as f64, lanes.len().min(5)),
                &|v| format!("{v:.0}"),
            )?;
            let lane_of = |thread: u32| lanes.iter().position(|l| *l == thread).unwrap_or(0) as f64;
            // Many lanes touch (a gap would round thin ones away); a few are kept apart.
            let (inset, fill) = if lanes.len() > 20 {
                (0.0, 1.0)
            } else {
                (0.1, 0.9)
            };
            for record in &timeline.records {
                let lane = lane_of(record.thread);
                if blocking {
                    chart
                        .draw_series(std::iter::once(Rectangle::new(
                            [
                                (record.start_ms, lane + inset),
                                (record.end_ms, lane + fill),
                            ],
                            WAITING.filled(),
                        )))
                        .map_err(draw_error)?;
                }
                let computing_from = record.body_ms.unwrap_or(record.end_ms);
                // Each request's end is marked, however short its computing was.
                let computing_to = record.end_ms.max(computing_from + end_ms / 1_500.0);
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(computing_from, lane + inset), (computing_to, lane + fill)],
                        COMPUTING.mix(0.7).filled(),
                    )))
                    .map_err(draw_error)?;
            }
        }
        legend(
            &legend_area,
            &[
                LegendEntry {
                    label: "blocked in a request".into(),
                    colour: WAITING,
                    mark: Mark::Box,
                },
                LegendEntry {
                    label: "processing, or queued".into(),
                    colour: COMPUTING,
                    mark: Mark::Box,
                },
            ],
        )
    }

    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .panels(data)
            .iter()
            .map(|t| {
                format!(
                    "`{}` {} requests on {} thread(s) in {:.0} ms",
                    t.model,
                    t.records.len(),
                    lanes(t).len(),
                    t.wall_ms
                )
            })
            .collect();
        let kind = if self.cpu_work == 0 {
            "A thread model ties up one thread per request for the whole wait (light); a runtime \
             runs every request on its few workers, which are busy only while they handle one \
             (orange marks, one per request finished)."
        } else {
            "With CPU work on every page, an orange segment runs from a page's arrival to the end of \
             its processing: computing, and waiting for a core or, under a GIL, for the lock. \
             Free threads share the cores; under the GIL one thread computes at a time, so the \
             pages take about as long as one core needs for all of them; one event loop \
             computes one page at a time while every other request waits for it."
        };
        format!(
            "{kind} One run each (its first repeat): {}.",
            figures.join("; ")
        )
    }
}
