//! Breaking points: how far each model got on each scale workload and what stopped it there
//! (the markdown's table reads these too), and the chart of how far they got.

use crate::analysis::scale::reached;
use plotters::prelude::*;

use crate::analysis::ReportData;
use crate::analysis::scale::{BreakingPoint, Cause, breaking_points};
use crate::charts::Chart;
use crate::charts::axes::{log_range, log_ticks};
use crate::charts::bars::{BarRow, bar_chart, lighter, pair_legend};
use crate::charts::canvas::canvas;

/// The highest concurrency of every scale workload, drawn in one chart: how high each model
/// got before it broke.
pub struct BreakingPoints {
    /// The scale workloads drawn.
    pub workloads: Vec<String>,
}

impl Chart for BreakingPoints {
    fn file_name(&self) -> String {
        "breaking-points.svg".into()
    }

    fn title(&self) -> String {
        "How far each model got: most requests in flight where it completed".into()
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let points: Vec<Vec<BreakingPoint>> = self
            .workloads
            .iter()
            .map(|w| breaking_points(data, w))
            .collect();
        let mut models: Vec<String> = points.iter().flatten().map(|p| p.model.clone()).collect();
        crate::analysis::models::sort_models(&mut models);
        models.dedup();
        let rows: Vec<BarRow> = models
            .iter()
            .map(|model| {
                let colour = crate::charts::style::style(model).colour;
                let (bars, notes) = self
                    .workloads
                    .iter()
                    .zip(&points)
                    .enumerate()
                    .map(|(index, (workload, workload_points))| {
                        let shade = if index == 0 { colour } else { lighter(colour) };
                        note(data, workload, workload_points, model, shade)
                    })
                    .unzip();
                BarRow {
                    label: crate::analysis::models::label(model),
                    bars,
                    notes,
                }
            })
            .collect();
        let values = models.iter().flat_map(|model| {
            self.workloads
                .iter()
                .zip(&points)
                .filter_map(|(w, p)| reached(data, w, p, model).map(|(n, _)| n))
        });
        let range = log_range(values);
        let origin = range.start;
        let ticks = log_ticks(&range);
        bar_chart(
            &plot,
            range.log_scale().with_key_points(ticks),
            origin,
            "most requests in flight at the highest level completed (log)",
            &rows,
            &[],
        )?;
        let light = self.workloads.get(1).map_or(String::new(), Clone::clone);
        pair_legend(&legend_area, &self.workloads[0], &light)
    }
}

/// What `model` reached on `workload` at the highest level it completed: the most requests
/// the server saw in flight there, and its efficiency.
/// One bar of the chart and the words beside it: how many were in flight, at what level and
/// efficiency; or, with no bar, whether the model was not run or failed, and where.
fn note(
    data: &ReportData,
    workload: &str,
    points: &[BreakingPoint],
    model: &str,
    shade: RGBColor,
) -> (Vec<(f64, RGBColor)>, String) {
    let level = points
        .iter()
        .find(|p| p.model == model)
        .and_then(|p| p.completed);
    match (reached(data, workload, points, model), level) {
        (Some((in_flight, efficiency)), Some(level)) => (
            vec![(in_flight, shade)],
            format!("{in_flight:.0} at {level}, efficiency {efficiency:.2}"),
        ),
        _ => {
            let point = points.iter().find(|p| p.model == model);
            let why = match point.and_then(|p| p.broke.as_ref()) {
                Some((_, Cause::NotRun(_))) => "not run".to_owned(),
                Some((level, _)) => format!("failed at {level}"),
                None => "no runs".to_owned(),
            };
            (Vec::new(), format!("{workload}: {why}"))
        }
    }
}
