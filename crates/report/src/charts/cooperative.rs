//! Cooperative against preemptive: tail latency as the CPU work per page grows.

use super::Chart;
use super::axes::{house_style, number, zero_range};
use super::canvas::{canvas, draw_error};
use super::legend::legend;
use super::lines::{Line, builder, draw_lines, paired_legend, xs, ys};
use super::marks::PointMark;
use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::charts::notes::{hidden_pairs, marks};
use minijinja::{Value, context};

/// Cooperative vs preemptive scheduling, on one workload at one concurrency.
pub struct Cooperative {
    /// The workload swept.
    pub workload: String,
    /// The concurrency it was swept at.
    pub concurrency: usize,
}

impl Cooperative {
    fn series(&self, data: &ReportData, model: &str) -> Vec<Summary> {
        let mut series: Vec<Summary> = data
            .all
            .iter()
            .filter(|s| {
                s.workload == self.workload
                    && s.concurrency == self.concurrency
                    && s.model == model
                    && !s.failed()
            })
            .cloned()
            .collect();
        series.sort_by_key(|s| s.cpu_work);
        series
    }

    /// The models swept over CPU work: one measured at a single level besides none (the
    /// `to-thread` comparison) is not a sweep, and would only squeeze the others.
    fn models(&self, data: &ReportData) -> Vec<String> {
        let mut models: Vec<String> = data
            .all
            .iter()
            .filter(|s| s.workload == self.workload && s.concurrency == self.concurrency)
            .map(|s| s.model.clone())
            .collect();
        crate::analysis::models::sort_models(&mut models);
        models.dedup();
        models.retain(|model| self.series(data, model).len() > 2);
        models
    }

    /// Whether every group drawn has its response time (from the ideal start); if not, the
    /// chart draws the latency from each request's own start.
    pub(crate) fn response(&self, data: &ReportData) -> bool {
        self.models(data)
            .iter()
            .flat_map(|model| self.series(data, model))
            .all(|s| s.response_p50_ms.is_some())
    }

    /// The median (`tail` false) or p99 (`tail` true) of each model against CPU work.
    pub(crate) fn lines(&self, data: &ReportData, tail: bool) -> Vec<Line> {
        let response = self.response(data);
        let measure = |s: &Summary| match (response, tail) {
            (true, false) => s.response_p50_ms.unwrap_or(s.p50_ms),
            (true, true) => s.response_p99_ms.unwrap_or(s.p99_ms),
            (false, false) => s.p50_ms,
            (false, true) => s.p99_ms,
        };
        self.models(data)
            .iter()
            .map(|model| {
                let series = self.series(data, model);
                Line {
                    marks: series.iter().map(PointMark::of).collect(),
                    ..Line::model(
                        model,
                        series
                            .iter()
                            .map(|s| (f64::from(s.cpu_work), measure(s)))
                            .collect(),
                    )
                }
            })
            .collect()
    }
}

impl Chart for Cooperative {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let (median, tail) = (self.lines(data, false), self.lines(data, true));
        let lines: Vec<_> = median
            .iter()
            .zip(&tail)
            .filter_map(|(m, t)| {
                let (_, p50) = m.points.last()?;
                let (_, p99) = t.points.last()?;
                Some(context! { label => m.label, p50, p99 })
            })
            .collect();
        let work = median
            .first()
            .and_then(|l| l.points.last())
            .map_or(0.0, |p| p.0);
        (
            "cooperative",
            context! {
                response => self.response(data),
                work,
                lines,
                left => hidden_pairs(&median),
                right => hidden_pairs(&tail),
                marks => marks(&tail),
            },
        )
    }

    fn file_name(&self) -> String {
        format!("cooperative-{}-{}.svg", self.workload, self.concurrency)
    }

    fn title(&self) -> String {
        format!(
            "Latency vs CPU work per page, workload {}, concurrency {}",
            self.workload, self.concurrency
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 / 2);
        let what = if self.response(data) {
            "response time (ms, from the ideal start)"
        } else {
            "latency (ms, from the request's start)"
        };
        let (median, tail) = (self.lines(data, false), self.lines(data, true));
        // Both panels on one scale, so a median and a tail can be compared by eye.
        let y_range = zero_range(ys(&tail));
        for (area, lines, which) in [(&left, &median, "median"), (&right, &tail, "p99")] {
            let x_max = xs(lines).fold(1.0, f64::max);
            let mut chart = builder(area, 70)
                .caption(which, (super::canvas::FONT, 18))
                .build_cartesian_2d(0.0..x_max * 1.05, y_range.clone())
                .map_err(draw_error)?;
            house_style(&mut chart.configure_mesh())
                .x_desc("units of CPU work per page")
                .x_labels(6)
                .y_desc(format!("{which} {what}"))
                .x_label_formatter(&|v| number(*v))
                .y_label_formatter(&|v| number(*v))
                .draw()
                .map_err(draw_error)?;
            draw_lines(&mut chart, lines)?;
        }
        legend(&legend_area, &paired_legend(&median, &tail))
    }
}
