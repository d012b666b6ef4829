//! Requests in flight over time, by each model's own records: one panel per model on one
//! time axis, so no model's curve hides another's.

use plotters::prelude::*;

use super::super::Chart;
use super::super::axes::number;
use super::super::canvas::draw_error;
use super::super::legend::legend;
use super::super::lines::{Line, line_legend};
use super::{panels_canvas, time_panel};
use crate::analysis::ReportData;
use crate::analysis::Timeline;
use crate::analysis::models;
use minijinja::{Value, context};

/// The models this chart compares, when their records are there: threads that must each be
/// started, tasks that need none, and a runtime that blocks itself.
pub const IN_FLIGHT_MODELS: &[&str] = &["tokio", "threads", "blocking-in-async"];

/// Points on each curve: the highest count in each slice of time is kept.
const CURVE_POINTS: usize = 400;

const PANEL_HEIGHT: u32 = 190;

/// Requests in flight over one run of each model.
pub struct InFlightOverTime {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn.
    pub concurrency: usize,
}

impl InFlightOverTime {
    pub(crate) fn panels<'d>(&self, data: &'d ReportData) -> Vec<&'d Timeline> {
        data.timelines_of(IN_FLIGHT_MODELS, &self.workload, self.concurrency, 0)
    }
}

impl Chart for InFlightOverTime {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let panels = self.panels(data);
        (
            "in_flight",
            context! {
                panels => panels
                    .iter()
                    .map(|t| context! {
                        model => t.model,
                        client => t.client_peak_in_flight,
                        server => t.server_peak_in_flight,
                    })
                    .collect::<Vec<_>>(),
                server_counted => panels.iter().any(|t| t.server_peak_in_flight > 0),
            },
        )
    }

    fn file_name(&self) -> String {
        format!("in-flight-{}-{}.svg", self.workload, self.concurrency)
    }

    fn title(&self) -> String {
        format!(
            "Requests in flight over time, workload {} at concurrency {}",
            self.workload, self.concurrency
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let panels = self.panels(data);
        let (areas, legend_area) = panels_canvas(svg, &self.title(), panels.len(), PANEL_HEIGHT)?;
        let mut lines = Vec::new();
        for (area, timeline) in areas.iter().zip(&panels) {
            // Each panel spans its own run: one that blocks itself takes fifty times longer.
            let end_ms = timeline.end_ms().max(1.0) * 1.02;
            let curve = timeline.in_flight(end_ms, CURVE_POINTS);
            let peak = curve.iter().map(|p| p.1).max().unwrap_or(0);
            let caption = format!(
                "{}: at most {peak} in flight, done in {:.0} ms",
                models::label(&timeline.model),
                timeline.wall_ms
            );
            let limit = self.concurrency as f64;
            let y_axis = ("in flight", limit * 1.1, 4);
            let mut chart = time_panel(area, caption, end_ms, y_axis, &|v| number(*v))?;
            // The concurrency limit, dashed: how close each model comes to it.
            let dashes = vec![(0.0, limit), (end_ms, limit)];
            chart
                .draw_series(DashedLineSeries::new(dashes, 8, 6, BLACK.stroke_width(1)))
                .map_err(draw_error)?;
            let line = Line::model(
                &timeline.model,
                curve.iter().map(|&(t, n)| (t, n as f64)).collect(),
            );
            let steps = line
                .points
                .windows(2)
                .flat_map(|pair| [pair[0], (pair[1].0, pair[0].1)]);
            chart
                .draw_series(LineSeries::new(steps, line.colour.stroke_width(2)))
                .map_err(draw_error)?;
            lines.push(line);
        }
        legend(&legend_area, &line_legend(&lines))
    }
}
