//! Memory per request in flight against concurrency: resident beside reserved (virtual).

use std::path::Path;

use super::canvas::{canvas, draw_error};
use super::legend::legend;
use super::lines::{line_legend, log_log_chart};
use super::{Chart, ReportData};

pub struct Memory {
    pub workload: String,
}

/// Resident memory a run added over its idle worker, per request in flight, in KiB.
pub fn per_request_kib(summary: &crate::Summary) -> f64 {
    (summary.peak_rss_kib - summary.baseline_rss_kib).max(0.0) / summary.concurrency as f64
}

/// Virtual memory (address space reserved, touched or not) a run added over its idle worker,
/// per request in flight, in KiB.
pub fn per_request_vm_kib(summary: &crate::Summary) -> f64 {
    (summary.peak_vm_kib - summary.baseline_vm_kib).max(0.0) / summary.concurrency as f64
}

impl Chart for Memory {
    fn file_name(&self) -> String {
        format!("memory-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Memory per request in flight, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 / 2);
        let resident = data.model_lines(&self.workload, |s| per_request_kib(s).max(0.1));
        log_log_chart(
            &left,
            "concurrency",
            "resident (RSS) per request (KiB)",
            &resident,
        )?;
        let reserved = data.model_lines(&self.workload, |s| per_request_vm_kib(s).max(0.1));
        log_log_chart(
            &right,
            "concurrency",
            "reserved (virtual) per request (KiB)",
            &reserved,
        )?;
        legend(&legend_area, &line_legend(&resident))?;
        plot.present().map_err(draw_error)
    }

    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "What one more request in flight costs: the worker's peak minus an idle worker's, \
             divided by the concurrency. Left, resident memory (RSS): pages actually touched. \
             Right, virtual memory: address space reserved, touched or not. A thread reserves a \
             whole stack (2 MiB for a Rust thread, 8 MiB for a Python one) but touches only a few \
             pages of it; an async task reserves nothing beyond its own small state. ",
        );
        if let Some(level) = data.comparison_level(&self.workload) {
            let figures: Vec<String> = data
                .at_level(&self.workload, level)
                .iter()
                .map(|s| {
                    format!(
                        "{} {:.0} KiB resident, {:.0} KiB reserved",
                        s.model,
                        per_request_kib(s),
                        per_request_vm_kib(s)
                    )
                })
                .collect();
            text.push_str(&format!("At concurrency {level}: {}.", figures.join("; ")));
        }
        text
    }
}
