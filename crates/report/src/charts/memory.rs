//! Peak memory against concurrency, resident beside reserved (virtual), on linear axes: the
//! slope of each line is what one more request in flight costs.

use super::Chart;
use super::canvas::{canvas, draw_error};
use super::legend::legend;
use super::lines::{hidden, hidden_note, line_legend, linear_chart, model_lines};
use crate::analysis::ReportData;

pub struct Memory {
    pub workload: String,
}

/// A model's marginal memory per request in flight on `workload`: the slopes, in KiB per
/// request, of its peak resident and reserved memory between its two highest levels; `None`
/// for a model with fewer than two levels.
pub fn marginal_kib(data: &ReportData, workload: &str, model: &str) -> Option<(f64, f64)> {
    let series = data.series(workload, model);
    let points = |measure: fn(&crate::Summary) -> f64| -> Vec<(f64, f64)> {
        series
            .iter()
            .map(|s| (s.concurrency as f64, measure(s)))
            .collect()
    };
    let resident = crate::analysis::slopes::top_slope(&points(|s| s.peak_rss_kib))?;
    let reserved = crate::analysis::slopes::top_slope(&points(|s| s.peak_vm_kib))?;
    Some((resident, reserved))
}

impl Chart for Memory {
    fn file_name(&self) -> String {
        format!("memory-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("Peak memory vs concurrency, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 / 2);
        let mib = |kib: f64| kib / 1024.0;
        let resident = model_lines(data, &self.workload, |s| mib(s.peak_rss_kib));
        linear_chart(&left, "concurrency", "peak resident (RSS), MiB", &resident)?;
        let reserved = model_lines(data, &self.workload, |s| mib(s.peak_vm_kib));
        linear_chart(
            &right,
            "concurrency",
            "peak reserved (virtual), MiB",
            &reserved,
        )?;
        // A line hidden in either panel is starred.
        let mut entries = line_legend(&resident);
        for (under, _) in hidden(&reserved) {
            if !entries[under].label.ends_with(" *") {
                entries[under].label.push_str(" *");
            }
        }
        legend(&legend_area, &entries)?;
        plot.present().map_err(draw_error)
    }

    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "Each line's slope is what one more request in flight costs; what a worker costs \
             whatever its concurrency (the runtime, the interpreter) is left out, and so, between \
             the two highest levels, are glibc's malloc arenas, made as the first threads appear. Left, resident memory (RSS): pages \
             actually touched. Right, virtual memory: address space reserved, touched or not. A \
             thread reserves a whole stack (2 MiB for a Rust thread, 8 MiB for a Python one) but \
             touches only a few pages of it; an async task reserves nothing beyond its own small \
             state. Slopes between the two highest levels, per request: ",
        );
        let figures: Vec<String> = data
            .models(&self.workload)
            .iter()
            .filter_map(|model| {
                let (resident, reserved) = marginal_kib(data, &self.workload, model)?;
                Some(format!(
                    "{model} {resident:.0} KiB resident, {reserved:.0} KiB reserved"
                ))
            })
            .collect();
        text.push_str(&figures.join("; "));
        text.push('.');
        let resident = hidden_note(&model_lines(data, &self.workload, |s| {
            s.peak_rss_kib / 1024.0
        }));
        let reserved = hidden_note(&model_lines(data, &self.workload, |s| {
            s.peak_vm_kib / 1024.0
        }));
        if !resident.is_empty() {
            text.push_str(&format!(" Left:{resident}"));
        }
        if !reserved.is_empty() {
            text.push_str(&format!(" Right:{reserved}"));
        }
        text
    }
}
