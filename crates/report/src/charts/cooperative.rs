//! Cooperative against preemptive: tail latency as the CPU work per page grows.

use plotters::prelude::*;

use super::Chart;
use super::axes::{house_style, zero_range};
use super::canvas::{canvas, draw_error};
use super::legend::legend;
use super::lines::{Line, draw_lines, hidden_note, line_legend};
use crate::analysis::ReportData;
use crate::analysis::summary::Summary;

/// Cooperative vs preemptive scheduling, on one workload at one concurrency.
pub struct Cooperative {
    pub workload: String,
    pub concurrency: usize,
}

/// The (workload, concurrency) pairs that were run at more than one level of CPU work.
pub fn sweeps(data: &ReportData) -> Vec<(String, usize)> {
    let mut sweeps: Vec<(String, usize)> = Vec::new();
    for summary in &data.all {
        let key = (summary.workload.clone(), summary.concurrency);
        let levels = data
            .all
            .iter()
            .filter(|s| s.workload == key.0 && s.concurrency == key.1)
            .map(|s| s.cpu_work)
            .collect::<std::collections::BTreeSet<_>>();
        if levels.len() > 2 && !sweeps.contains(&key) {
            sweeps.push(key);
        }
    }
    sweeps
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

    fn lines(&self, data: &ReportData) -> Vec<Line> {
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

    fn caption(&self, data: &ReportData) -> String {
        let top = self
            .lines(data)
            .into_iter()
            .filter_map(|line| line.points.last().map(|p| (line.label.clone(), p.0, p.1)))
            .collect::<Vec<_>>();
        let figures: Vec<String> = top
            .iter()
            .map(|(label, _, p99)| format!("{label} {p99:.0} ms"))
            .collect();
        let work = top.first().map_or(0.0, |t| t.1);
        format!(
            "Every page is fetched with the same latency and then processed; only the scheduling \
             differs. An async task that computes keeps its worker thread until it reaches an \
             `await`, so every other task on that worker waits behind it (cooperative); an OS \
             thread that computes is preempted, and the others get their turn (preemptive). With \
             one event loop for everything the queue of ready pages grows with the work. At {work:.0} \
             units a page, p99: {}. The tail shows how many cores compute; lesson 5 (LESSONS.md) \
             reads the median beside it, where cooperation shows.{}",
            figures.join(", "),
            hidden_note(&self.lines(data))
        )
    }
}
