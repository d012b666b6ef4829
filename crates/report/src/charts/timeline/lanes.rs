//! Lanes by thread: one row per OS thread of the worker, marking when it was tied to each
//! request. A thread model's thread is blocked for the whole request (light); from the body's
//! arrival to the page's end (dark) it processes the page, or waits for a core or a lock to do
//! so; a runtime's worker is marked for each request it finished.

use fanout_catalog::Kind;
use plotters::prelude::*;

use super::super::Chart;
use super::super::canvas::draw_error;
use super::super::legend::{LegendEntry, Mark, legend};
use super::{panels_canvas, time_panel};
use crate::analysis::ReportData;
use crate::analysis::Timeline;
use crate::analysis::models;

/// The models this chart compares, when their records are there: (CPU work, models). Without
/// CPU work, a thread per request against a runtime's worker per core and one event loop; with it, a GIL (CPU never
/// overlaps), free threads (it does) and one event loop (everyone waits for it).
pub const LANES: &[(u32, &[&str])] = &[
    (0, &["threads", "tokio", "tokio-current-thread"]),
    (1000, &["gil-threads", "threads", "tokio-current-thread"]),
];

/// The lanes of lesson 2: the same Python pool of 2 threads on CPU-bound work, with the GIL
/// forced on and off (`workload`, concurrency, CPU work, models).
const GIL_LANES: (&str, usize, u32, &[&str]) = (
    "cpu",
    2,
    crate::analysis::gil::PYTHON_WORK,
    &["py-threads-gil", "py-threads-nogil"],
);

const PANEL_HEIGHT: u32 = 240;
const WAITING: RGBColor = RGBColor(190, 215, 235);
const COMPUTING: RGBColor = RGBColor(230, 85, 13);
/// Under a global lock: waiting for it, between the stretches in which the thread held it.
const LOCK_WAIT: RGBColor = RGBColor(253, 208, 162);
/// Processing where there is no lock to hold: `COMPUTING` at 70% over white.
const FREE_COMPUTING: RGBColor = RGBColor(238, 136, 86);

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

    /// Lesson 2's lanes, when both of its runs kept their records.
    pub fn gil(data: &ReportData) -> Option<Lanes> {
        let (workload, concurrency, cpu_work, models) = GIL_LANES;
        let chart = Lanes {
            workload: workload.to_owned(),
            concurrency,
            cpu_work,
            models,
        };
        (chart.panels(data).len() == models.len()).then_some(chart)
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

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let panels = self.panels(data);
        let (areas, legend_area) = panels_canvas(svg, &self.title(), panels.len(), PANEL_HEIGHT)?;
        let end_ms = panels.iter().map(|t| t.end_ms()).fold(1.0, f64::max) * 1.02;
        for (area, timeline) in areas.iter().zip(&panels) {
            let lanes = lanes(timeline);
            let blocking =
                fanout_catalog::find(&timeline.model).is_some_and(|m| m.kind == Kind::Blocking);
            let caption = format!(
                "{}: {} requests on {} thread(s), done in {:.0} ms",
                models::label(&timeline.model),
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
                let bar = |from: f64, to: f64, style: ShapeStyle| {
                    Rectangle::new([(from, lane + inset), (to, lane + fill)], style)
                };
                if record.holds_ms.is_empty() {
                    chart
                        .draw_series(std::iter::once(bar(
                            computing_from,
                            computing_to,
                            FREE_COMPUTING.filled(),
                        )))
                        .map_err(draw_error)?;
                } else {
                    // Waiting for the lock underneath, each stretch holding it on top.
                    chart
                        .draw_series(std::iter::once(bar(
                            computing_from,
                            computing_to,
                            LOCK_WAIT.filled(),
                        )))
                        .map_err(draw_error)?;
                    chart
                        .draw_series(record.holds_ms.iter().map(|&[from, to]| {
                            bar(from, to.max(from + end_ms / 1_500.0), COMPUTING.filled())
                        }))
                        .map_err(draw_error)?;
                }
            }
        }
        let holding = |t: &&Timeline| t.records.iter().any(|r| !r.holds_ms.is_empty());
        let holds = panels.iter().any(&holding);
        let free = panels.iter().any(|t| !holding(t));
        let mut entries = vec![LegendEntry {
            label: "blocked in a request".into(),
            colour: WAITING,
            mark: Mark::Box,
        }];
        if free {
            entries.push(LegendEntry {
                label: if holds {
                    "processing, no lock".into()
                } else {
                    "processing, or queued".into()
                },
                colour: FREE_COMPUTING,
                mark: Mark::Box,
            });
        }
        if holds {
            entries.push(LegendEntry {
                label: "processing (holding the lock)".into(),
                colour: COMPUTING,
                mark: Mark::Box,
            });
            entries.push(LegendEntry {
                label: "waiting for the lock".into(),
                colour: LOCK_WAIT,
                mark: Mark::Box,
            });
        }
        legend(&legend_area, &entries)
    }

    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .panels(data)
            .iter()
            .map(|t| {
                format!(
                    "{} {} requests on {} thread(s) in {:.0} ms",
                    models::label(&t.model),
                    t.records.len(),
                    lanes(t).len(),
                    t.wall_ms
                )
            })
            .collect();
        let held: Vec<String> = self
            .panels(data)
            .iter()
            .filter_map(|t| {
                let most = most_holding_at_once(&t.records)?;
                Some(format!(
                    "`{}`'s threads held the lock in {} stretches, never more than {most} at once",
                    t.model,
                    t.records.iter().map(|r| r.holds_ms.len()).sum::<usize>()
                ))
            })
            .collect();
        let held = if held.is_empty() {
            String::new()
        } else {
            format!(
                " Under the lock, dark orange marks each stretch a thread held it and light \
                 orange its waits for it: {}.",
                held.join("; ")
            )
        };
        let kind = if self.models == GIL_LANES.3 {
            let processing: Vec<String> = self
                .panels(data)
                .iter()
                .filter_map(|t| {
                    let spans = t.records.iter().filter_map(|r| Some(r.end_ms - r.body_ms?));
                    let median = crate::Spread::of(spans).median;
                    (median > 0.0).then(|| format!("{} {median:.0} ms", models::label(&t.model)))
                })
                .collect();
            format!(
                "The same Python pool of {} threads, the same binary with the GIL forced on and \
                 off, on pages that need only processing. An orange segment runs from a page's \
                 arrival to the end of its processing. CPython does not say which thread holds \
                 the lock at a moment, so the picture cannot show the turns it makes the threads \
                 take; what it shows is how long each page took from its arrival to its end \
                 (median: {}).",
                self.concurrency,
                processing.join(", ")
            )
        } else if self.cpu_work == 0 {
            "A thread model ties up one thread per request for the whole wait (light); a runtime \
             runs every request on its few workers, which are busy only while they handle one \
             (orange marks, one per request finished)."
                .to_owned()
        } else {
            "With CPU work on every page, an orange segment runs from a page's arrival to the end of \
             its processing: computing, and waiting for a core or, under a GIL, for the lock. \
             Free threads share the cores; under the GIL one thread computes at a time, so the \
             pages take about as long as one core needs for all of them; one event loop \
             computes one page at a time while every other request waits for it."
                .to_owned()
        };
        format!(
            "{kind}{held} One run each (its first repeat): {}.",
            figures.join("; ")
        )
    }
}

/// The most lock holds, over every request of a run, that overlap at one moment; `None` when
/// the run kept no holds (a model without a global lock).
pub fn most_holding_at_once(records: &[fanout_core::results::RequestRecord]) -> Option<u64> {
    let holds: Vec<[f64; 2]> = records.iter().flat_map(|r| r.holds_ms.clone()).collect();
    if holds.is_empty() {
        return None;
    }
    let mut events: Vec<(f64, i64)> = holds
        .iter()
        .flat_map(|&[from, to]| [(from, 1), (to, -1)])
        .collect();
    // At equal times a release goes before a take: a hand-over is not an overlap.
    events.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let (mut now, mut most) = (0i64, 0i64);
    for (_, change) in events {
        now += change;
        most = most.max(now);
    }
    Some(most as u64)
}
