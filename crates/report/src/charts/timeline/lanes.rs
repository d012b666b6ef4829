//! Lanes by thread: one row per OS thread of the worker, marking when it was tied to each
//! request. A thread model's thread is blocked for the whole request (light); from the body's
//! arrival to the page's end (dark) it processes the page, or waits for a core or a lock to do
//! so; a runtime's worker is marked for each request it finished.

use crate::analysis::timeline::lanes;
use fanout_catalog::Kind;
use plotters::prelude::*;

use super::super::Chart;
use super::super::canvas::draw_error;
use super::super::legend::{boxes, legend};
use super::{panels_canvas, shared_end_ms, time_panel};
use crate::analysis::ReportData;
use crate::analysis::Spread;
use crate::analysis::Timeline;
use crate::analysis::models;
use crate::analysis::models::label;
use crate::analysis::timeline::most_holding_at_once;
use minijinja::{Value, context};

/// The models this chart compares, when their records are there: (CPU work, models). Without CPU
/// work, a thread per request against a runtime's worker per core and one event loop; with it, a
/// GIL (CPU never overlaps), free threads (it does) and one event loop (everyone waits for it).
pub const LANES: &[(u32, &[&str])] = &[
    (0, &["threads", "tokio", "tokio-current-thread"]),
    (1000, &["gil-threads", "threads", "tokio-current-thread"]),
];

/// The lanes of lesson 2: the same Python pool of 2 threads on CPU-bound work, with the GIL
/// forced on and off (`workload`, concurrency, CPU work, models).
pub(crate) const GIL_LANES: (&str, usize, u32, &[&str]) = (
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

/// Which thread held which request, and when, in one run of each model.
pub struct Lanes {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn.
    pub concurrency: usize,
    /// Its units of CPU work a page.
    pub cpu_work: u32,
    /// The models, one panel each.
    pub models: &'static [&'static str],
}

impl Lanes {
    /// Every lanes chart the data holds: for each of `LANES`, on `workload` at its highest
    /// concurrency, when at least two of the models kept their records there.
    pub fn for_workload(data: &ReportData, workload: &str) -> Vec<Lanes> {
        let top = data.levels(workload).last().copied();
        let charts = top.into_iter().flat_map(|concurrency| {
            LANES.iter().map(move |&(cpu_work, models)| Lanes {
                workload: workload.to_owned(),
                concurrency,
                cpu_work,
                models,
            })
        });
        charts
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

    pub(crate) fn panels<'d>(&self, data: &'d ReportData) -> Vec<&'d Timeline> {
        data.timelines_of(self.models, &self.workload, self.concurrency, self.cpu_work)
    }
}

impl Chart for Lanes {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let timelines = self.panels(data);
        let panels: Vec<_> = timelines
            .iter()
            .map(|t| {
                context! {
                    label => label(&t.model),
                    requests => t.records.len(),
                    threads => crate::analysis::timeline::lanes(t).len(),
                    wall_ms => t.wall_ms,
                }
            })
            .collect();
        let held: Vec<_> = timelines
            .iter()
            .filter_map(|t| {
                let most = most_holding_at_once(&t.records)?;
                let stretches: usize = t.records.iter().map(|r| r.holds_ms.len()).sum();
                Some(context! { model => t.model, stretches, most })
            })
            .collect();
        // From a page's arrival to its end, the median over the run.
        let processing: Vec<_> = timelines
            .iter()
            .filter_map(|t| {
                let spans = t.records.iter().filter_map(|r| Some(r.end_ms - r.body_ms?));
                let ms = Spread::of(spans).median;
                (ms > 0.0).then(|| context! { label => label(&t.model), ms })
            })
            .collect();
        (
            "lanes",
            context! {
                gil => self.models == GIL_LANES.3,
                concurrency => self.concurrency,
                cpu_work => self.cpu_work,
                processing,
                held,
                panels,
            },
        )
    }

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
        let end_ms = shared_end_ms(&panels);
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
            let y_axis = ("thread", lanes.len() as f64, lanes.len().min(5));
            let mut chart = time_panel(area, caption, end_ms, y_axis, &|v| format!("{v:.0}"))?;
            let lane_of = |thread: u32| lanes.iter().position(|l| *l == thread).unwrap_or(0) as f64;
            // Many lanes touch (a gap would round thin ones away); a few are kept apart.
            let (inset, fill) = if lanes.len() > 20 {
                (0.0, 1.0)
            } else {
                (0.1, 0.9)
            };
            // Each request's end, and each stretch under a lock, is marked however short it was.
            let marked = |from: f64, to: f64| to.max(from + end_ms / 1_500.0);
            for record in &timeline.records {
                let lane = lane_of(record.thread);
                let bar = |from: f64, to: f64, colour: RGBColor| {
                    Rectangle::new([(from, lane + inset), (to, lane + fill)], colour.filled())
                };
                let computing_from = record.body_ms.unwrap_or(record.end_ms);
                // Under a lock, waiting for it underneath and each stretch holding it on top.
                let computing = if record.holds_ms.is_empty() {
                    FREE_COMPUTING
                } else {
                    LOCK_WAIT
                };
                let holds = record.holds_ms.iter();
                let bars = blocking
                    .then(|| bar(record.start_ms, record.end_ms, WAITING))
                    .into_iter()
                    .chain([bar(
                        computing_from,
                        marked(computing_from, record.end_ms),
                        computing,
                    )])
                    .chain(holds.map(|&[from, to]| bar(from, marked(from, to), COMPUTING)));
                chart.draw_series(bars).map_err(draw_error)?;
            }
        }
        let holding = |t: &&Timeline| t.records.iter().any(|r| !r.holds_ms.is_empty());
        let holds = panels.iter().any(&holding);
        let free = panels.iter().any(|t| !holding(t));
        let free_label = if holds {
            "processing, no lock"
        } else {
            "processing, or queued"
        };
        let entries = boxes(
            [
                ("blocked in a request", WAITING, true),
                (free_label, FREE_COMPUTING, free),
                ("processing (holding the lock)", COMPUTING, holds),
                ("waiting for the lock", LOCK_WAIT, holds),
            ]
            .into_iter()
            .filter(|entry| entry.2)
            .map(|(label, colour, _)| (label, colour)),
        );
        legend(&legend_area, &entries)
    }
}
