//! The waterfall: every request of one run as a bar in start order, coloured by what it was
//! waiting for, one panel per model on one time axis.

use plotters::prelude::*;

use super::super::Chart;
use super::super::canvas::draw_error;
use super::super::legend::{boxes, legend};
use super::{panels_canvas, shared_end_ms, time_panel};
use crate::analysis::ReportData;
use crate::analysis::models;
use crate::analysis::timeline::{Phase, Timeline, phases};
use fanout_core::in_flight::peak_in_flight;
use minijinja::{Value, context};

/// The models a waterfall compares, when their records are there: one at a time, a thread
/// each, tasks on a runtime, a runtime blocked by its own calls, and a process per core.
pub const WATERFALL_MODELS: &[&str] = &[
    "sequential",
    "threads",
    "tokio",
    "blocking-in-async",
    "processes",
];

/// The colour of each phase in every waterfall.
pub fn phase_colour(phase: Phase) -> RGBColor {
    match phase {
        Phase::Slot => RGBColor(205, 205, 205),
        Phase::Late => RGBColor(190, 60, 150),
        Phase::Server => RGBColor(140, 190, 225),
        Phase::Body => RGBColor(33, 102, 172),
        Phase::Cpu => RGBColor(230, 85, 13),
    }
}

const PANEL_HEIGHT: u32 = 240;

/// Every request of one run of each model, in start order, coloured by phase.
pub struct Waterfall {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn.
    pub concurrency: usize,
}

impl Waterfall {
    /// One timeline per model of `WATERFALL_MODELS` that has one: at this concurrency, or
    /// for a model that runs only at one, at that one; with no CPU work.
    pub fn panels<'d>(&self, data: &'d ReportData) -> Vec<&'d Timeline> {
        data.timelines_of(WATERFALL_MODELS, &self.workload, self.concurrency, 0)
    }
}

impl Chart for Waterfall {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let timelines = self.panels(data);
        let panels: Vec<_> = timelines
            .iter()
            .map(|t| {
                context! { model => t.model, wall_ms => t.wall_ms, in_flight => peak_in_flight(&t.records) }
            })
            .collect();
        let phases: Vec<String> = visible_phases(&timelines)
            .iter()
            .map(|phase| format!("{phase:?}"))
            .collect();
        ("waterfall", context! { phases, panels })
    }

    fn file_name(&self) -> String {
        format!("waterfall-{}-{}.svg", self.workload, self.concurrency)
    }

    fn title(&self) -> String {
        format!(
            "Every request in time, workload {} at concurrency {}",
            self.workload, self.concurrency
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let panels = self.panels(data);
        let (areas, legend_area) = panels_canvas(svg, &self.title(), panels.len(), PANEL_HEIGHT)?;
        let end_ms = shared_end_ms(&panels);
        for (area, timeline) in areas.iter().zip(&panels) {
            let requests = timeline.records.len().max(1) as f64;
            let caption = format!(
                "{} at concurrency {}: {} requests in {:.0} ms",
                models::label(&timeline.model),
                timeline.concurrency,
                timeline.records.len(),
                timeline.wall_ms
            );
            // The first request at the top: row r is drawn from `requests - r` down.
            let mut chart = time_panel(area, caption, end_ms, ("request", requests, 3), &|v| {
                format!("{:.0}", requests - v)
            })?;
            let bars = timeline
                .records
                .iter()
                .enumerate()
                .flat_map(|(row, record)| {
                    // Rows touch: with about a pixel and a half a request, a gap between them would
                    // round some rows away.
                    let (top, bottom) = (requests - row as f64, requests - row as f64 - 1.0);
                    phases(record).into_iter().map(move |(phase, from, to)| {
                        // The wait for the server gets at least a sliver, so no request vanishes;
                        // other stages are drawn as long as they took.
                        let to = if phase == Phase::Server {
                            to.max(from + end_ms / 2_000.0)
                        } else {
                            to
                        };
                        Rectangle::new([(from, top), (to, bottom)], phase_colour(phase).filled())
                    })
                });
            chart.draw_series(bars).map_err(draw_error)?;
        }
        let phases = visible_phases(&panels).into_iter();
        let entries = boxes(phases.map(|phase| (super::phase_label(phase), phase_colour(phase))));
        legend(&legend_area, &entries)
    }
}

/// The phases that show in `panels` at the chart's width: those some request spent at least
/// a pixel's worth of time in (the wait for the server always shows).
pub(crate) fn visible_phases(panels: &[&Timeline]) -> Vec<Phase> {
    let pixel_ms = shared_end_ms(panels) / 700.0;
    Phase::ALL
        .into_iter()
        .filter(|&phase| {
            phase == Phase::Server
                || panels.iter().any(|t| {
                    t.records.iter().any(|r| {
                        phases(r)
                            .iter()
                            .any(|&(p, from, to)| p == phase && to - from >= pixel_ms)
                    })
                })
        })
        .collect()
}
