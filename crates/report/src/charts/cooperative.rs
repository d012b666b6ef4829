//! Cooperative against preemptive: tail latency as the CPU work per page grows.

use plotters::prelude::*;

use super::Chart;
use super::axes::{house_style, zero_range};
use super::canvas::{canvas, draw_error};
use super::legend::legend;
use super::lines::{Line, draw_lines, line_legend};
use crate::analysis::ReportData;
use crate::analysis::summary::Summary;

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

    pub(crate) fn lines(&self, data: &ReportData) -> Vec<Line> {
        let mut models: Vec<String> = data
            .all
            .iter()
            .filter(|s| s.workload == self.workload && s.concurrency == self.concurrency)
            .map(|s| s.model.clone())
            .collect();
        crate::analysis::models::sort_models(&mut models);
        models.dedup();
        models
            .iter()
            .map(|model| {
                let points = self
                    .series(data, model)
                    .iter()
                    .map(|s| (f64::from(s.cpu_work), s.p99_ms))
                    .collect();
                Line::model(model, points)
            })
            // A model swept over CPU work: one measured at a single level besides none (the
            // `to-thread` comparison) is not a sweep, and would only squeeze the others.
            .filter(|line| line.points.len() > 2)
            .collect()
    }
}

impl Chart for Cooperative {
    fn file_name(&self) -> String {
        format!("cooperative-{}-{}.svg", self.workload, self.concurrency)
    }

    fn title(&self) -> String {
        format!(
            "p99 latency vs CPU work per page, workload {}, concurrency {}",
            self.workload, self.concurrency
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let lines = self.lines(data);
        let x_max = lines
            .iter()
            .flat_map(|l| l.points.iter().map(|p| p.0))
            .fold(1.0, f64::max);
        let y_range = zero_range(lines.iter().flat_map(|l| l.points.iter().map(|p| p.1)));
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(50)
            .y_label_area_size(70)
            .build_cartesian_2d(0.0..x_max * 1.05, y_range)
            .map_err(draw_error)?;
        house_style(&mut chart.configure_mesh())
            .x_desc("units of CPU work per page")
            .y_desc("p99 request latency (ms)")
            .draw()
            .map_err(draw_error)?;
        draw_lines(&mut chart, &lines)?;
        legend(&legend_area, &line_legend(&lines))
    }
}
