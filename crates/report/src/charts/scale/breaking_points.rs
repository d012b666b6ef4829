//! Breaking points: how many requests each model really had in flight at every level of the
//! scale workloads it completed, and where it failed.

use plotters::prelude::*;

use crate::analysis::ReportData;
use crate::analysis::scale::{
    BreakingPoint, Cause, breaking_points, completed_levels, in_flight, most_in_flight,
    not_run_anywhere,
};
use crate::charts::Chart;
use crate::charts::axes::log_range;
use crate::charts::bars::lighter;
use crate::charts::canvas::canvas;
use crate::charts::dots::{Dot, DotLine, DotRow, Scale, dot_chart};
use crate::charts::legend::{GREY, LegendEntry, Mark, boxes, legend};
use minijinja::{Value, context};

/// Every scale workload in one chart: for each model, a dot for every level it completed.
pub struct BreakingPoints {
    /// The scale workloads drawn.
    pub workloads: Vec<String>,
}

impl Chart for BreakingPoints {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let points: Vec<Vec<_>> = self
            .workloads
            .iter()
            .map(|w| crate::analysis::scale::breaking_points(data, w))
            .collect();
        let workloads: Vec<_> = self
            .workloads
            .iter()
            .zip(&points)
            .map(|(workload, points)| {
                let models: Vec<_> = points
                    .iter()
                    .filter(|p| !not_run_anywhere(std::slice::from_ref(points), &p.model))
                    .map(|p| {
                        let most = most_in_flight(data, workload, &p.model).map(|most| {
                            context! {
                                in_flight => in_flight(most),
                                asked => most.concurrency,
                                efficiency => most.efficiency,
                            }
                        });
                        context! { model => p.model, most }
                    })
                    .collect();
                context! { name => workload, models }
            })
            .collect();
        let mut left_out: Vec<&str> = points
            .iter()
            .flatten()
            .filter(|p| not_run_anywhere(&points, &p.model))
            .map(|p| p.model.as_str())
            .collect();
        left_out.sort();
        left_out.dedup();
        let mut none_completed: Vec<&str> = points
            .iter()
            .flatten()
            .map(|p| p.model.as_str())
            .filter(|model| !left_out.contains(model))
            .filter(|model| {
                self.workloads
                    .iter()
                    .all(|w| most_in_flight(data, w, model).is_none())
            })
            .collect();
        none_completed.sort();
        none_completed.dedup();
        (
            "breaking_points",
            context! { workloads, left_out, none_completed },
        )
    }

    fn file_name(&self) -> String {
        "breaking-points.svg".into()
    }

    fn title(&self) -> String {
        "How far each model got: requests in flight at every level it completed".into()
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
        // A model not run on any of them (one that keeps a request or two in flight) has
        // nothing to draw: the caption names it.
        models.retain(|model| !not_run_anywhere(&points, model));
        // Nor does one that completed no level anywhere: the caption names it too.
        models.retain(|model| {
            self.workloads
                .iter()
                .any(|w| most_in_flight(data, w, model).is_some())
        });
        let shade = |index: usize, colour: RGBColor| {
            if index == 0 { colour } else { lighter(colour) }
        };
        let rows: Vec<DotRow> = models
            .iter()
            .map(|model| {
                let colour = crate::charts::style::style(model).colour;
                let lines = self
                    .workloads
                    .iter()
                    .zip(&points)
                    .enumerate()
                    // A workload the model never ran on has no line.
                    .filter(|(_, (workload, _))| !data.series(workload, model).is_empty())
                    .map(|(index, (workload, workload_points))| {
                        let point = workload_points.iter().find(|p| &p.model == model);
                        line(data, workload, model, point, shade(index, colour))
                    })
                    .collect();
                DotRow {
                    label: crate::analysis::models::label(model),
                    lines,
                }
            })
            .collect();
        let values = models.iter().flat_map(|model| {
            self.workloads
                .iter()
                .flat_map(move |w| completed_levels(data, w, model).into_iter().map(in_flight))
        });
        dot_chart(
            &plot,
            Scale::Log(log_range(values)),
            "most requests in flight at once, by the model's own records (log scale)",
            &rows,
        )?;
        let workloads = self.workloads.iter().enumerate();
        let mut entries = boxes(workloads.map(|(index, w)| (w.as_str(), shade(index, GREY))));
        let dots = [
            ("a level completed (median)", true),
            ("a level completed in one run", false),
        ];
        let dots = dots.map(|(label, filled)| LegendEntry::new(label, GREY, Mark::Dot { filled }));
        entries.extend(dots);
        legend(&legend_area, &entries)
    }
}

/// One workload's line of a model's row: a dot at the requests in flight of every level it
/// completed, and a note of the most and of where it failed or was not run.
fn line(
    data: &ReportData,
    workload: &str,
    model: &str,
    point: Option<&BreakingPoint>,
    colour: RGBColor,
) -> DotLine {
    let completed = completed_levels(data, workload, model);
    let dots = completed
        .iter()
        .map(|s| Dot::point(in_flight(s), s, None))
        .collect();
    // Each dot is where the model got, not the level it was asked for: the note says at
    // which level it got furthest.
    let mut note = match most_in_flight(data, workload, model) {
        Some(most) => format!("most {:.0} (at {})", in_flight(most), most.concurrency),
        None => format!("{workload}: none completed"),
    };
    if let Some((level, cause)) = point.and_then(|p| p.broke.as_ref()) {
        note.push_str(&match cause {
            Cause::NotRun(_) => format!("; not run at {level}"),
            _ => format!("; failed at {level}"),
        });
    }
    DotLine {
        colour,
        dots,
        span: None,
        note,
    }
}
