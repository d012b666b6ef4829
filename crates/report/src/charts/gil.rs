//! The GIL on and off: how many times faster the same CPU-bound program runs on 1, 2 and 4
//! threads than on one, for Python's threads with the lock forced on and off (the same
//! free-threaded binary) and on the default interpreter, beside Rust's threads and its
//! simulated lock.

use super::Chart;
use super::canvas::canvas;
use super::legend::legend;
use super::lines::{Line, line_legend, linear_chart_at_points};
use super::marks::PointMark;
use crate::analysis::ReportData;
use crate::analysis::gil::{PYTHON_WORK, RUST_WORK, WORKLOAD};
use crate::analysis::gil::{THREADS, gil_series};
use crate::analysis::models;
use crate::analysis::summary::Summary;
use crate::charts::notes::marks;
use minijinja::{Value, context};

/// The GIL experiment: speedup on 1, 2 and 4 threads against one.
pub struct Gil;

impl Gil {
    /// The chart, when at least one model ran on 1 and 2 threads.
    pub fn applies(data: &ReportData) -> Option<Gil> {
        (!gil_series(data).is_empty()).then_some(Gil)
    }

    pub(crate) fn lines(data: &ReportData) -> Vec<Line> {
        let mut lines: Vec<Line> = gil_series(data)
            .into_iter()
            .map(|(model, groups)| {
                let one = groups[0].wall_ms.median;
                let point = |s: &&Summary| (s.concurrency as f64, one / s.wall_ms.median);
                Line {
                    marks: groups.iter().map(|s| PointMark::of(s)).collect(),
                    // 1 thread is 1x by construction: no bar there.
                    errors: groups
                        .iter()
                        .skip(1)
                        .filter_map(|s| {
                            let (low, high) = s.wall_ms.interval?;
                            Some((s.concurrency as f64, one / high, one / low))
                        })
                        .collect(),
                    ..Line::model(model, groups.iter().map(point).collect())
                }
            })
            .collect();
        if data.cores > 0 {
            let label = format!("n threads on {} cores, perfectly", data.cores);
            let perfect = THREADS
                .iter()
                .map(|&n| (n as f64, n.min(data.cores) as f64));
            lines.push(Line::reference(label, perfect.collect()));
        }
        lines
    }
}

impl Chart for Gil {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let series: Vec<_> = gil_series(data)
            .iter()
            .map(|(model, groups)| {
                let one = groups[0].wall_ms.median;
                let points: Vec<_> = groups
                    .iter()
                    .map(|s| context! { speedup => one / s.wall_ms.median, concurrency => s.concurrency })
                    .collect();
                context! { label => models::label(model), points, one_ms => one.round() }
            })
            .collect();
        // The interpreter a model's runs of the experiment report, if any.
        let version = |model: &str| {
            data.all
                .iter()
                .filter(|s| s.model == model && s.workload == WORKLOAD)
                .find_map(|s| s.python.as_ref())
                .map(|p| p.version.clone())
        };
        (
            "gil",
            context! {
                workload => WORKLOAD,
                python_work => PYTHON_WORK,
                rust_work => RUST_WORK,
                ft_version => version("py-threads-gil"),
                default_version => version("py-threads"),
                series,
                marks => marks(&Gil::lines(data)),
            },
        )
    }

    fn file_name(&self) -> String {
        "gil.svg".into()
    }

    fn title(&self) -> String {
        "CPU-bound threads, GIL on and off: speedup over one thread".into()
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let lines = Self::lines(data);
        linear_chart_at_points(
            &plot,
            "threads (the pool's size; log scale)",
            "times as fast as 1 thread (medians)",
            &lines,
        )?;
        legend(&legend_area, &line_legend(&lines))
    }
}
