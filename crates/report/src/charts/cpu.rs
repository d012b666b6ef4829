//! CPU time (user + system) per request, per model.

use super::Chart;
use super::axes::zero_range;
use super::bars::{bar_chart, lighter, model_rows, pair_legend};
use super::canvas::canvas;
use crate::analysis::ReportData;

pub struct CpuPerRequest {
    pub workload: String,
}

/// Microseconds of the run's CPU per request: (user, system), adding up to the median of each
/// repeat's total (the tables' figure), split in the ratio of the median user and system
/// times; `None` for a group whose runs did not measure their run's CPU.
fn per_request_us(summary: &crate::Summary) -> Option<(f64, f64)> {
    let requests = summary
        .requests_per_run()
        .max(1.0 / summary.runs.max(1) as f64);
    let total = summary.cpu_ms? * 1000.0 / requests;
    let (user, system) = (summary.cpu_user_ms?, summary.cpu_sys_ms?);
    let user_share = if user + system > 0.0 {
        user / (user + system)
    } else {
        1.0
    };
    Some((total * user_share, total * (1.0 - user_share)))
}

impl Chart for CpuPerRequest {
    fn file_name(&self) -> String {
        format!("cpu-{}.svg", self.workload)
    }

    fn title(&self) -> String {
        format!("CPU time per request, workload {}", self.workload)
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let level = data.comparison_level(&self.workload).unwrap_or(1);
        let (plot, legend_area) = canvas(svg, &format!("{} at concurrency {level}", self.title()))?;
        let summaries: Vec<_> = data
            .at_level(&self.workload, level)
            .into_iter()
            .filter(|s| per_request_us(s).is_some())
            .collect();
        let rows = model_rows(&summaries, |s, colour| {
            let (user, system) = per_request_us(s).unwrap_or_default();
            vec![vec![(user, colour), (system, lighter(colour))]]
        });
        let range = zero_range(summaries.iter().filter_map(|s| {
            let (user, system) = per_request_us(s)?;
            Some(user + system)
        }));
        bar_chart(
            &plot,
            range,
            0.0,
            "CPU over the run per request (µs): user, then system",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "user (dark)", "system (light)")
    }

    fn caption(&self, data: &ReportData) -> String {
        let Some(level) = data.comparison_level(&self.workload) else {
            return String::new();
        };
        let summaries = data.at_level(&self.workload, level);
        let figures: Vec<String> = summaries
            .iter()
            .filter_map(|s| {
                let (user, system) = per_request_us(s)?;
                Some(format!(
                    "{} {:.0} µs",
                    crate::analysis::models::label(&s.model),
                    user + system
                ))
            })
            .collect();
        let unmeasured: Vec<String> = summaries
            .iter()
            .filter(|s| per_request_us(s).is_none())
            .map(|s| crate::analysis::models::label(&s.model))
            .collect();
        let left_out = if unmeasured.is_empty() {
            String::new()
        } else {
            format!(
                " Left out, as their results file does not have the run's CPU: {}.",
                unmeasured.join(", ")
            )
        };
        format!(
            "CPU the worker spent per request over its run: from the call of the model to its \
             return, the same interval as its wall time, so starting the process (and a Python \
             interpreter and its imports) is not counted, while building the model's threads or \
             runtime is, and so are the processes a model starts. From the kernel's accounting \
             (`getrusage`); system time is the kernel's work for the worker (sockets, threads, \
             memory). Each bar is the median of the repeats' totals, split into user (dark) and \
             system (light) in the ratio of their medians. At concurrency {level}: {}.{left_out}",
            figures.join(", ")
        )
    }
}
