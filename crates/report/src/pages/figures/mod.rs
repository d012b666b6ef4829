//! The report's figures: every chart the data supports, each with its caption.
//!
//! Each kind of chart is one entry of `KINDS`: where it applies and with which parameters. The
//! chart (one module of [`crate::charts`]) draws itself and gives its caption's figures, which
//! its template under `templates/figures/` writes. Other pages name a chart with [`Name`].

use std::ops::Deref;

use super::templates;
use crate::analysis::ReportData;
use crate::analysis::cpu::sweeps;
use crate::analysis::scale::scale_workloads;
use crate::analysis::summary::baseline_of;
use crate::charts::{
    BreakingPoints, Chart, Cooperative, CpuBudget, CpuPerRequest, Family, Gil, InFlightOverTime,
    Lanes, Latency, Memory, MemoryAtScale, PythonCpu, ServerScaleOut, Speedup, Threads, WallTime,
    Waterfall,
};

/// Every kind of chart, in the order the page shows them, headline first: each gives the
/// charts of its kind that the data supports.
const KINDS: &[fn(&ReportData) -> Charts] = &[
    // The headline's, then each workload with two concurrent levels besides sequential's.
    |data| {
        let primary = data.primary_workload();
        let others = data.workloads().into_iter().filter(|workload| {
            Some(workload) != primary.as_ref() && data.levels(workload).len() > 2
        });
        let workloads = primary.clone().into_iter().chain(others);
        // A workload with Python models beside the Rust ones gets a chart of each family.
        boxed(workloads.flat_map(|workload| {
            let families = families(data, &workload).into_iter();
            families.map(move |family| WallTime {
                workload: workload.clone(),
                family,
            })
        }))
    },
    // At a low concurrency, where each model's shape is plain to see.
    |data| {
        let charts = headline(data).filter_map(|workload| {
            let concurrency = data
                .levels(&workload)
                .into_iter()
                .find(|level| *level > 1)?;
            Some(Waterfall {
                workload,
                concurrency,
            })
        });
        boxed(charts.filter(|chart| chart.panels(data).len() >= 2))
    },
    // At the top of each workload with many requests to keep in flight.
    |data| {
        let charts = data.workloads().into_iter().filter_map(|workload| {
            let concurrency = *data.levels(&workload).last().filter(|top| **top >= 100)?;
            Some(InFlightOverTime {
                workload,
                concurrency,
            })
        });
        boxed(charts.filter(|chart| chart.panels(data).len() >= 2))
    },
    // On the headline workload, where the suites run with and without CPU work.
    |data| boxed(headline(data).flat_map(|w| Lanes::for_workload(data, &w))),
    |data| {
        boxed(headline(data).flat_map(|workload| {
            let families = families(data, &workload).into_iter();
            families.map(move |family| Memory {
                workload: workload.clone(),
                family,
            })
        }))
    },
    |data| boxed(headline(data).map(|workload| Threads { workload })),
    |data| boxed(compared(data).map(|(workload, _)| Latency { workload })),
    |data| boxed(compared(data).map(|(workload, level)| CpuBudget { workload, level })),
    // Only runs that measured their own CPU can be drawn (older files did not).
    |data| {
        let measured = |(workload, level): &(String, usize)| {
            let at_level = data.at_level(workload, *level);
            at_level.iter().any(|s| s.cpu_ms.is_some())
        };
        let charts = compared(data).filter(measured);
        boxed(charts.map(|(workload, _)| CpuPerRequest { workload }))
    },
    |data| {
        let sweeps = sweeps(data).into_iter();
        boxed(sweeps.map(|(workload, concurrency)| Cooperative {
            workload,
            concurrency,
        }))
    },
    |data| boxed(Gil::applies(data)),
    // Lesson 2's: one Python pool with the GIL on and off.
    |data| boxed(Lanes::gil(data)),
    |data| boxed(PythonCpu::groups(data)),
    |data| {
        let speedup = |s: &crate::Summary| s.speedup.is_some() && s.model != baseline_of(&s.model);
        boxed(data.summaries.iter().any(speedup).then_some(Speedup))
    },
    |data| {
        let workloads = scale_workloads(data);
        boxed((!workloads.is_empty()).then_some(BreakingPoints { workloads }))
    },
    // Last, workload by workload: each scale workload at its top level.
    |data| {
        let mut charts = Charts::new();
        for workload in scale_workloads(data) {
            let Some(&level) = data.levels(&workload).last() else {
                continue;
            };
            let w = || workload.clone();
            let memory = MemoryAtScale {
                workload: w(),
                level,
            };
            if !memory.groups(data).0.is_empty() {
                charts.push(Box::new(memory));
            }
            // Drawn once where the headline's is the same.
            let budget = CpuBudget {
                workload: w(),
                level,
            };
            if !budget.groups(data).is_empty() {
                charts.push(Box::new(budget));
            }
            let server = ServerScaleOut {
                workload: w(),
                level,
            };
            if !server.groups(data).is_empty() {
                charts.push(Box::new(server));
            }
        }
        charts
    },
];

/// Charts of any kind, in order.
type Charts = Vec<Box<dyn Chart>>;

/// `charts` as [`Charts`].
fn boxed<C: Chart + 'static>(charts: impl IntoIterator<Item = C>) -> Charts {
    let boxed = charts
        .into_iter()
        .map(|chart| Box::new(chart) as Box<dyn Chart>);
    boxed.collect()
}

/// The headline workload, if any.
fn headline(data: &ReportData) -> impl Iterator<Item = String> {
    data.primary_workload().into_iter()
}

/// The headline workload and the level its models are compared at, if both are there.
fn compared(data: &ReportData) -> impl Iterator<Item = (String, usize)> {
    let workload = data.primary_workload();
    let level = workload.as_ref().and_then(|w| data.comparison_level(w));
    workload.zip(level).into_iter()
}

/// A chart with its caption.
pub struct Figure {
    chart: Box<dyn Chart>,
    /// Two or three sentences on what the chart shows, with its figures.
    pub caption: String,
}

/// A figure is drawn and named as its chart is.
impl Deref for Figure {
    type Target = dyn Chart;

    fn deref(&self) -> &Self::Target {
        self.chart.as_ref()
    }
}

/// Every chart the data supports, in the order of `KINDS`, with its caption.
pub fn figures_for(data: &ReportData) -> Vec<Figure> {
    let mut figures: Vec<Figure> = Vec::new();
    for chart in KINDS.iter().flat_map(|kind| kind(data)) {
        // Two kinds may find the same chart (the headline's budget at a scale level).
        if figures.iter().any(|f| f.file_name() == chart.file_name()) {
            continue;
        }
        let (template, context) = chart.caption(data);
        let caption = templates::render(&format!("figures/{template}.md"), context);
        // The page puts its own newline after it.
        let caption = caption.trim_end_matches('\n').to_owned();
        figures.push(Figure { chart, caption });
    }
    figures
}

/// A chart named by its kind and parameters, for a page that points to one:
/// `Name::Waterfall("quick", 10).file_name()` is `waterfall-quick-10.svg`, and a name that
/// is not a chart's does not compile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name<'a> {
    /// [`WallTime`] of a workload.
    WallTime(&'a str),
    /// [`Waterfall`] of a workload at a concurrency.
    Waterfall(&'a str, usize),
    /// [`InFlightOverTime`] of a workload at a concurrency.
    InFlight(&'a str, usize),
    /// [`Lanes`] of a workload at a concurrency, with CPU work a page.
    Lanes(&'a str, usize, u32),
    /// [`Memory`] of a workload.
    Memory(&'a str),
    /// [`Threads`] of a workload.
    Threads(&'a str),
    /// [`CpuBudget`] of a workload at a level.
    Budget(&'a str, usize),
    /// [`Cooperative`] of a workload at a concurrency.
    Cooperative(&'a str, usize),
    /// [`Gil`].
    Gil,
    /// [`PythonCpu`] of a workload at a concurrency, with CPU work a page.
    PythonCpu(&'a str, usize, u32),
    /// [`Speedup`].
    Speedup,
    /// [`BreakingPoints`].
    BreakingPoints,
    /// [`MemoryAtScale`] of a workload at a level.
    MemoryAtScale(&'a str, usize),
}

impl Name<'_> {
    /// The chart's SVG file name, as the chart itself gives it.
    #[rustfmt::skip]
    pub fn file_name(&self) -> String {
        match *self {
            Name::WallTime(w) => WallTime { workload: w.into(), family: Family::Every }.file_name(),
            Name::Waterfall(w, c) => Waterfall { workload: w.into(), concurrency: c }.file_name(),
            Name::InFlight(w, c) => InFlightOverTime { workload: w.into(), concurrency: c }.file_name(),
            Name::Lanes(w, c, cpu_work) => {
                Lanes { workload: w.into(), concurrency: c, cpu_work, models: &[] }.file_name()
            }
            Name::Memory(w) => Memory { workload: w.into(), family: Family::Every }.file_name(),
            Name::Threads(w) => Threads { workload: w.into() }.file_name(),
            Name::Budget(w, level) => CpuBudget { workload: w.into(), level }.file_name(),
            Name::Cooperative(w, c) => Cooperative { workload: w.into(), concurrency: c }.file_name(),
            Name::Gil => Gil.file_name(),
            Name::PythonCpu(w, c, cpu_work) => {
                PythonCpu { workload: w.into(), concurrency: c, cpu_work }.file_name()
            }
            Name::Speedup => Speedup.file_name(),
            Name::BreakingPoints => BreakingPoints { workloads: Vec::new() }.file_name(),
            Name::MemoryAtScale(w, level) => MemoryAtScale { workload: w.into(), level }.file_name(),
        }
    }
}

/// The families a workload's line charts are drawn in: its Rust and its Python models apart
/// when it has both, else every model in one.
pub(crate) fn families(data: &ReportData, workload: &str) -> Vec<Family> {
    let mut present: Vec<Family> = data
        .models(workload)
        .iter()
        .map(|model| Family::of(model))
        .collect();
    present.sort_by_key(|family| *family as u8);
    present.dedup();
    if present.len() > 1 {
        present
    } else {
        vec![Family::Every]
    }
}

#[cfg(test)]
mod tests {
    use super::Name;

    #[test]
    fn a_name_gives_the_file_its_chart_is_written_to() {
        let names = [
            (Name::Waterfall("quick", 10), "waterfall-quick-10.svg"),
            (Name::Lanes("quick", 100, 0), "lanes-quick-100.svg"),
            (Name::Lanes("cpu", 2, 30), "lanes-cpu-2-cpu-30.svg"),
            (Name::Budget("c10k", 10000), "budget-c10k-10000.svg"),
            (Name::Speedup, "speedup.svg"),
        ];
        for (name, file) in names {
            assert_eq!(name.file_name(), file);
        }
    }
}
