//! The report's figures: every chart the data supports, each with the caption that says what it
//! shows, one module per chart's caption.

mod breaking_points;
mod budget;
mod cooperative;
mod cpu;
mod gil;
mod in_flight;
mod lanes;
mod latency;
mod memory;
mod memory_at_scale;
mod notes;
mod python_cpu;
mod server_scale_out;
mod speedup;
mod threads;
mod wall_time;
mod waterfall;

use crate::analysis::ReportData;
use crate::analysis::cpu::sweeps;
use crate::analysis::scale::scale_workloads;
use crate::analysis::summary::BASELINE_MODEL;
use crate::charts::{
    BreakingPoints, Chart, Cooperative, CpuBudget, CpuPerRequest, Gil, InFlightOverTime, Lanes,
    Latency, Memory, MemoryAtScale, PythonCpu, ServerScaleOut, Speedup, Threads, WallTime,
    Waterfall,
};

/// The caption template `templates/figures/{name}.md` rendered with `context`, without the
/// file's last newline (the page puts its own).
fn caption(name: &str, context: impl serde::Serialize) -> String {
    let text = super::templates::render(&format!("figures/{name}.md"), context);
    text.trim_end_matches('\n').to_owned()
}

/// A chart with its caption.
pub trait Figure: Chart {
    /// Two or three sentences on what the chart shows, with its figures.
    fn caption(&self, data: &ReportData) -> String;
}

/// Every chart the data supports, headline first, with its caption.
pub fn figures_for(data: &ReportData) -> Vec<Box<dyn Figure>> {
    let mut charts: Vec<Box<dyn Figure>> = Vec::new();
    let primary = data.primary_workload();
    if let Some(primary) = &primary {
        charts.push(Box::new(WallTime {
            workload: primary.clone(),
        }));
    }
    for workload in data.workloads() {
        // A line needs two concurrent levels besides sequential's one.
        if Some(&workload) != primary.as_ref() && data.levels(&workload).len() > 2 {
            charts.push(Box::new(WallTime { workload }));
        }
    }
    if let Some(primary) = &primary {
        let levels = data.levels(primary);
        // The waterfall at a low concurrency, where each model's shape is plain to see.
        let waterfall_level = levels.iter().copied().find(|level| *level > 1);
        if let Some(chart) =
            waterfall_level.and_then(|level| Waterfall::applies(data, primary, level))
        {
            charts.push(Box::new(chart));
        }
    }
    // Requests in flight where there are many to keep in flight; lanes on the headline
    // workload, where the suites run with and without CPU work.
    for workload in data.workloads() {
        if data
            .levels(&workload)
            .last()
            .is_some_and(|level| *level >= 100)
            && let Some(chart) = InFlightOverTime::applies(data, &workload)
        {
            charts.push(Box::new(chart));
        }
    }
    if let Some(primary) = &primary {
        for chart in Lanes::for_workload(data, primary) {
            charts.push(Box::new(chart));
        }
    }
    if let Some(primary) = primary {
        charts.push(Box::new(Memory {
            workload: primary.clone(),
        }));
        charts.push(Box::new(Threads {
            workload: primary.clone(),
        }));
        if let Some(level) = data.comparison_level(&primary) {
            charts.push(Box::new(Latency {
                workload: primary.clone(),
            }));
            charts.push(Box::new(CpuBudget {
                workload: primary.clone(),
                level,
            }));
            // Only runs that measured their own CPU can be drawn (older files did not).
            if data
                .at_level(&primary, level)
                .iter()
                .any(|s| s.cpu_ms.is_some())
            {
                charts.push(Box::new(CpuPerRequest { workload: primary }));
            }
        }
    }
    for (workload, concurrency) in sweeps(data) {
        charts.push(Box::new(Cooperative {
            workload,
            concurrency,
        }));
    }
    if let Some(chart) = Gil::applies(data) {
        charts.push(Box::new(chart));
    }
    if let Some(chart) = Lanes::gil(data) {
        charts.push(Box::new(chart));
    }
    for group in PythonCpu::groups(data) {
        charts.push(Box::new(group));
    }
    if data
        .summaries
        .iter()
        .any(|s| s.speedup.is_some() && s.model != BASELINE_MODEL)
    {
        charts.push(Box::new(Speedup));
    }
    let scale_workloads = scale_workloads(data);
    if !scale_workloads.is_empty() {
        charts.push(Box::new(BreakingPoints {
            workloads: scale_workloads.clone(),
        }));
    }
    for workload in scale_workloads {
        let Some(&level) = data.levels(&workload).last() else {
            continue;
        };
        let memory = MemoryAtScale {
            workload: workload.clone(),
            level,
        };
        if !memory.completed(data).is_empty() {
            charts.push(Box::new(memory));
        }
        let budget = CpuBudget {
            workload: workload.clone(),
            level,
        };
        // Unless the headline's level is this one, and it is drawn already.
        let drawn = charts.iter().any(|c| c.file_name() == budget.file_name());
        if !drawn && !budget.groups(data).is_empty() {
            charts.push(Box::new(budget));
        }
        if ServerScaleOut::applies(data, &workload, level) {
            charts.push(Box::new(ServerScaleOut { workload, level }));
        }
    }
    charts
}
