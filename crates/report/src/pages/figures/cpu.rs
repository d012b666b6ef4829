//! The caption of the [`CpuPerRequest`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::cpu::per_request_us;

use super::Figure;
use crate::charts::CpuPerRequest;

impl Figure for CpuPerRequest {
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
