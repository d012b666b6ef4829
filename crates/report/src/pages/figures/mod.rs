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
use Kind::{Data, Scale};

/// Every kind of chart, in the order the page shows them, headline first.
const KINDS: &[&dyn Figures] = &[
    // The headline's, then each workload with two concurrent levels besides sequential's.
    &Data(|data| {
        let primary = data.primary_workload();
        let others = data.workloads().into_iter().filter(|workload| {
            Some(workload) != primary.as_ref() && data.levels(workload).len() > 2
        });
        let workloads = primary.clone().into_iter().chain(others);
        // A workload with Python models beside the Rust ones gets a chart of each family.
        workloads
            .flat_map(|workload| {
                families(data, &workload)
                    .into_iter()
                    .map(move |family| WallTime {
                        workload: workload.clone(),
                        family,
                    })
            })
            .collect()
    }),
    // At a low concurrency, where each model's shape is plain to see.
    &Data(|data| {
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
        charts
            .filter(|chart| chart.panels(data).len() >= 2)
            .collect()
    }),
    // At the top of each workload with many requests to keep in flight.
    &Data(|data| {
        let charts = data.workloads().into_iter().filter_map(|workload| {
            let concurrency = *data.levels(&workload).last().filter(|top| **top >= 100)?;
            Some(InFlightOverTime {
                workload,
                concurrency,
            })
        });
        charts
            .filter(|chart| chart.panels(data).len() >= 2)
            .collect()
    }),
    // On the headline workload, where the suites run with and without CPU work.
    &Data(|data| {
        let lanes = headline(data).flat_map(|w| Lanes::for_workload(data, &w));
        lanes.collect()
    }),
    &Data(|data| {
        headline(data)
            .flat_map(|workload| {
                families(data, &workload)
                    .into_iter()
                    .map(move |family| Memory {
                        workload: workload.clone(),
                        family,
                    })
            })
            .collect()
    }),
    &Data(|data| {
        headline(data)
            .map(|workload| Threads { workload })
            .collect()
    }),
    &Data(|data| {
        compared(data)
            .map(|(workload, _)| Latency { workload })
            .collect()
    }),
    &Data(|data| {
        compared(data)
            .map(|(workload, level)| CpuBudget { workload, level })
            .collect()
    }),
    // Only runs that measured their own CPU can be drawn (older files did not).
    &Data(|data| {
        let measured = |(workload, level): &(String, usize)| {
            let at_level = data.at_level(workload, *level);
            at_level.iter().any(|s| s.cpu_ms.is_some())
        };
        let charts = compared(data).filter(measured);
        charts
            .map(|(workload, _)| CpuPerRequest { workload })
            .collect()
    }),
    &Data(|data| {
        let sweeps = sweeps(data).into_iter();
        sweeps
            .map(|(workload, concurrency)| Cooperative {
                workload,
                concurrency,
            })
            .collect()
    }),
    &Data(|data| Gil::applies(data).into_iter().collect()),
    // Lesson 2's: one Python pool with the GIL on and off.
    &Data(|data| Lanes::gil(data).into_iter().collect()),
    &Data(PythonCpu::groups),
    &Data(|data| {
        let speedup = |s: &crate::Summary| s.speedup.is_some() && s.model != baseline_of(&s.model);
        let any = data.summaries.iter().any(speedup);
        any.then_some(Speedup).into_iter().collect()
    }),
    &Data(|data| {
        let workloads = scale_workloads(data);
        let any = !workloads.is_empty();
        any.then_some(BreakingPoints { workloads })
            .into_iter()
            .collect()
    }),
    &Scale(|data, w, level| {
        let chart = MemoryAtScale { workload: w, level };
        (!chart.groups(data).0.is_empty()).then_some(chart)
    }),
    // Drawn once where the headline's is the same.
    &Scale(|data, workload, level| {
        let chart = CpuBudget { workload, level };
        (!chart.groups(data).is_empty()).then_some(chart)
    }),
    &Scale(|data, w, level| {
        let chart = ServerScaleOut { workload: w, level };
        (!chart.groups(data).is_empty()).then_some(chart)
    }),
];

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
    let scale: Vec<(String, usize)> = scale_workloads(data)
        .into_iter()
        .filter_map(|workload| Some((workload.clone(), *data.levels(&workload).last()?)))
        .collect();
    // The kinds at scale, listed last, take turns workload by workload.
    let (whole, at_scale): (Vec<&&dyn Figures>, Vec<_>) =
        KINDS.iter().partition(|kind| !kind.at_scale());
    let whole = whole.into_iter().flat_map(|kind| kind.figures(data, None));
    let at_scale = scale.iter().flat_map(|scope| {
        let kinds = at_scale.iter();
        kinds.flat_map(move |kind| kind.figures(data, Some(scope)))
    });
    let mut figures: Vec<Figure> = Vec::new();
    for figure in whole.chain(at_scale) {
        // Two kinds may find the same chart (the headline's budget at a scale level).
        if !figures.iter().any(|f| f.file_name() == figure.file_name()) {
            figures.push(figure);
        }
    }
    figures
}

/// One kind of chart, drawn and captioned by the chart `C` (see [`Chart::caption`]): where it
/// applies.
enum Kind<C> {
    /// Every chart of the kind the data supports, in order.
    Data(fn(&ReportData) -> Vec<C>),
    /// The one chart, if any, on a scale workload at its top level.
    Scale(fn(&ReportData, String, usize) -> Option<C>),
}

/// A [`Kind`], whatever chart draws it.
trait Figures {
    /// Whether it applies per scale workload.
    fn at_scale(&self) -> bool;
    /// Its charts with their captions: on the scale workload and level `scope`, or on the
    /// whole data.
    fn figures(&self, data: &ReportData, scope: Option<&(String, usize)>) -> Vec<Figure>;
}

impl<C: Chart + 'static> Figures for Kind<C> {
    fn at_scale(&self) -> bool {
        matches!(self, Scale(..))
    }

    fn figures(&self, data: &ReportData, scope: Option<&(String, usize)>) -> Vec<Figure> {
        let charts = match (self, scope) {
            (Data(applies), None) => applies(data),
            (Scale(applies), Some((workload, level))) => applies(data, workload.clone(), *level)
                .into_iter()
                .collect(),
            _ => return Vec::new(),
        };
        charts
            .into_iter()
            .map(|chart| {
                let (template, context) = chart.caption(data);
                let caption = templates::render(&format!("figures/{template}.md"), context);
                Figure {
                    // The page puts its own newline after it.
                    caption: caption.trim_end_matches('\n').to_owned(),
                    chart: Box::new(chart),
                }
            })
            .collect()
    }
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
    /// [`Latency`] of a workload.
    Latency(&'a str),
    /// [`CpuBudget`] of a workload at a level.
    Budget(&'a str, usize),
    /// [`CpuPerRequest`] of a workload.
    Cpu(&'a str),
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
    /// [`ServerScaleOut`] of a workload at a level.
    ServerScaleOut(&'a str, usize),
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
            Name::Latency(w) => Latency { workload: w.into() }.file_name(),
            Name::Budget(w, level) => CpuBudget { workload: w.into(), level }.file_name(),
            Name::Cpu(w) => CpuPerRequest { workload: w.into() }.file_name(),
            Name::Cooperative(w, c) => Cooperative { workload: w.into(), concurrency: c }.file_name(),
            Name::Gil => Gil.file_name(),
            Name::PythonCpu(w, c, cpu_work) => {
                PythonCpu { workload: w.into(), concurrency: c, cpu_work }.file_name()
            }
            Name::Speedup => Speedup.file_name(),
            Name::BreakingPoints => BreakingPoints { workloads: Vec::new() }.file_name(),
            Name::MemoryAtScale(w, level) => MemoryAtScale { workload: w.into(), level }.file_name(),
            Name::ServerScaleOut(w, level) => ServerScaleOut { workload: w.into(), level }.file_name(),
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
