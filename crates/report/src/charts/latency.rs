//! Latency per model at one concurrency: the response time, from when a perfect client with the
//! same limit would have started each request, beside the service time, from when the model
//! started it; each from its median to its 99th percentile.

use plotters::prelude::*;

use super::Chart;
use super::axes::log_range;
use super::bars::lighter;
use super::canvas::tall_canvas;
use super::dots::{Dot, DotLine, DotMark, DotRow, Scale, dot_chart};
use super::legend::{LegendEntry, Mark, legend};
use super::marks::{PointMark, mark_entries};
use crate::analysis::ReportData;
use crate::analysis::models;

/// Each model's response and service time, p50 to p99, at the workload's comparison level.
pub struct Latency {
    /// The workload drawn.
    pub workload: String,
}

impl Chart for Latency {
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
        let span_line = |colour: RGBColor, p50: f64, p99: f64, mark: PointMark| DotLine {
            colour,
            dots: vec![
                Dot {
                    value: p99,
                    mark: DotMark::Tick,
                    interval: None,
                },
                Dot {
                    value: p50,
                    mark: DotMark::Point(mark),
                    interval: None,
                },
            ],
            span: Some((p50, p99)),
            note: String::new(),
        };
        let rows: Vec<DotRow> = summaries
            .iter()
            .map(|s| {
                let colour = crate::charts::style::style(&s.model).colour;
                let mark = PointMark::of(s);
                let mut lines = Vec::new();
                if let (Some(p50), Some(p99)) = (s.response_p50_ms, s.response_p99_ms) {
                    lines.push(span_line(colour, p50, p99, mark));
                }
                lines.push(span_line(lighter(colour), s.p50_ms, s.p99_ms, mark));
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
        let grey = RGBColor(90, 90, 90);
        let mut entries = Vec::new();
        if summaries.iter().any(|s| s.response_p50_ms.is_some()) {
            entries.push(LegendEntry {
                label: "response: from its ideal start".into(),
                colour: grey,
                mark: Mark::Line { dashed: false },
            });
        }
        entries.push(LegendEntry {
            label: "service: from the model's start".into(),
            colour: lighter(grey),
            mark: Mark::Line { dashed: false },
        });
        entries.extend(mark_entries(summaries.iter().map(|s| PointMark::of(s))));
        legend(&legend_area, &entries)
    }
}
