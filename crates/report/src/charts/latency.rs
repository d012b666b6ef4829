//! Latency per model at one concurrency: the response time, from when a perfect client with the
//! same limit would have started each request, beside the service time, from when the model
//! started it; each from its median to its 99th percentile.

use plotters::prelude::*;

use super::Chart;
use super::axes::log_range;
use super::bars::lighter;
use super::canvas::tall_canvas;
use super::dots::{Dot, DotLine, DotRow, Scale, dot_chart};
use super::legend::{GREY, LegendEntry, Mark, legend};
use super::marks::{PointMark, mark_entries};
use super::style::style;
use crate::analysis::ReportData;
use crate::analysis::models;
use minijinja::{Value, context};

/// Each model's response and service time, p50 to p99, at the workload's comparison level.
pub struct Latency {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for Latency {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let level = data.comparison_level(&self.workload);
        let summaries = level.map_or_else(Vec::new, |level| data.at_level(&self.workload, level));
        let widest = |gap: fn(&&crate::Summary) -> Option<f64>| {
            summaries
                .iter()
                .filter_map(|s| Some((s, gap(s)?)))
                .max_by(|a, b| a.1.total_cmp(&b.1))
        };
        (
            "latency",
            context! {
                level,
                response => summaries.iter().any(|s| s.response_p50_ms.is_some()),
                widest => widest(|s| Some(s.p99_ms - s.p50_ms))
                    .map(|(s, _)| context! { model => s.model, p50 => s.p50_ms, p99 => s.p99_ms }),
                waited => widest(|s| Some(s.response_p50_ms? - s.p50_ms)).map(|(s, wait)| context! {
                    model => s.model,
                    response_p50 => s.response_p50_ms.unwrap_or_default(),
                    p50 => s.p50_ms,
                    wait,
                }),
            },
        )
    }

    fn file_name(&self) -> String {
        format!("latency-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Request latency, median to p99, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let level = data.comparison_level(&self.workload).unwrap_or(1);
        let summaries = data.at_level(&self.workload, level);
        // Two lines a model, about 13 pixels each.
        let height = (150 + 28 * summaries.len() as u32).max(560);
        let (plot, legend_area) = tall_canvas(
            svg,
            &format!("{} at concurrency {level}", self.title()),
            height,
        )?;
        let rows: Vec<DotRow> = summaries
            .iter()
            .map(|s| {
                let span_line = |colour: RGBColor, p50: f64, p99: f64| DotLine {
                    colour,
                    dots: vec![Dot::tick(p99), Dot::point(p50, s, None)],
                    span: Some((p50, p99)),
                    note: String::new(),
                };
                let colour = style(&s.model).colour;
                let mut lines = Vec::new();
                if let (Some(p50), Some(p99)) = (s.response_p50_ms, s.response_p99_ms) {
                    lines.push(span_line(colour, p50, p99));
                }
                lines.push(span_line(lighter(colour), s.p50_ms, s.p99_ms));
                DotRow {
                    label: models::label(&s.model),
                    lines,
                }
            })
            .collect();
        let values = summaries.iter().flat_map(|s| {
            [
                Some(s.p50_ms),
                Some(s.p99_ms),
                s.response_p50_ms,
                s.response_p99_ms,
            ]
            .into_iter()
            .flatten()
        });
        dot_chart(
            &plot,
            Scale::Log(log_range(values)),
            "ms, log scale: a dot at the median, a tick at p99",
            &rows,
        )?;
        let line = Mark::Line { dashed: false };
        let mut entries = Vec::new();
        if summaries.iter().any(|s| s.response_p50_ms.is_some()) {
            entries.push(LegendEntry::new(
                "response: from its ideal start",
                GREY,
                line,
            ));
        }
        let service = LegendEntry::new("service: from the model's start", lighter(GREY), line);
        entries.push(service);
        entries.extend(mark_entries(summaries.iter().map(|s| PointMark::of(s))));
        legend(&legend_area, &entries)
    }
}
