//! Speedup over `sequential` per workload and model, beside the seeds' own figures.

use std::path::Path;

use fanout_core::Workload;

use plotters::prelude::BindKeyPoints;

use super::axes::{log_range, log_ticks};
use super::bars::{BarRow, Reference, bar_chart};
use super::canvas::canvas;
use super::legend::{LegendEntry, Mark, legend};
use super::{Chart, ReportData};
use crate::style;
use crate::summary::{BASELINE_MODEL, Summary};

pub struct Speedup;

/// Each model's speedup at the highest concurrency it completed on `workload`.
fn best_level<'a>(data: &'a ReportData, workload: &str) -> Vec<&'a Summary> {
    data.models(workload)
        .iter()
        .filter(|model| model.as_str() != BASELINE_MODEL)
        .filter_map(|model| {
            data.series(workload, model)
                .into_iter()
                .rev()
                .find(|s| s.speedup.is_some())
        })
        .collect()
}

/// The figure a workload reproduces (a seed's or a book's), as a speedup, with its source.
pub fn reference(workload: &str) -> Option<(f64, String)> {
    let workload = Workload::load(workload).ok()?;
    let reference = workload.reference()?;
    Some((
        reference.sequential_ms / reference.concurrent_ms,
        reference.source.clone(),
    ))
}

impl Speedup {
    fn workloads(&self, data: &ReportData) -> Vec<String> {
        data.workloads()
            .into_iter()
            .filter(|w| !best_level(data, w).is_empty())
            .collect()
    }
}

impl Chart for Speedup {
    fn file_name(&self) -> String {
        "speedup.svg".into()
    }

    fn title(&self) -> String {
        "Speedup over sequential, per workload".into()
    }

    fn draw(&self, data: &ReportData, path: &Path) -> Result<(), String> {
        let (plot, legend_area) = canvas(path, &self.title())?;
        let workloads = self.workloads(data);
        let mut models: Vec<String> = Vec::new();
        let mut references = Vec::new();
        let rows: Vec<BarRow> = workloads
            .iter()
            .enumerate()
            .map(|(row, workload)| {
                let best = best_level(data, workload);
                for summary in &best {
                    if !models.contains(&summary.model) {
                        models.push(summary.model.clone());
                    }
                }
                if let Some((value, _)) = reference(workload) {
                    references.push(Reference {
                        row,
                        value,
                        label: format!("{value:.1}x"),
                    });
                }
                BarRow {
                    label: workload.clone(),
                    bars: best
                        .iter()
                        .map(|s| vec![(s.speedup.unwrap_or(1.0), style::style(&s.model).colour)])
                        .collect(),
                }
            })
            .collect();
        let values = data
            .summaries
            .iter()
            .filter_map(|s| s.speedup)
            .chain(references.iter().map(|r| r.value));
        let range = log_range(values.chain([1.0]));
        let ticks = log_ticks(&range);
        // Bars start at the axis's left end, so a model at 1x (no gain) still shows.
        let origin = range.start;
        bar_chart(
            &plot,
            plotters::prelude::IntoLogRange::log_scale(range).with_key_points(ticks),
            origin,
            "speedup over sequential (x, log scale)",
            &rows,
            &references,
        )?;
        style::sort_models(&mut models);
        let mut entries: Vec<LegendEntry> = models.iter().map(|m| LegendEntry::model(m)).collect();
        entries.push(LegendEntry {
            label: "tick: seed's own figure".into(),
            colour: plotters::style::BLACK,
            mark: Mark::Line { dashed: false },
        });
        legend(&legend_area, &entries)
    }

    fn caption(&self, data: &ReportData) -> String {
        let mut parts = Vec::new();
        for workload in self.workloads(data) {
            let best = best_level(data, &workload);
            let Some(top) = best.iter().max_by(|a, b| {
                a.speedup
                    .unwrap_or(0.0)
                    .total_cmp(&b.speedup.unwrap_or(0.0))
            }) else {
                continue;
            };
            let mut part = format!(
                "{workload}: up to {:.1}x ({} at concurrency {})",
                top.speedup.unwrap_or(1.0),
                top.model,
                top.concurrency
            );
            if let Some((value, source)) = reference(&workload) {
                part.push_str(&format!(", against {value:.1}x in {source}"));
            }
            parts.push(part);
        }
        format!(
            "Each bar is a model at the highest concurrency it ran, relative to the Rust \
             `sequential` model on the same workload; the Python models, `py-sequential` too, are \
             measured against that same Rust baseline, so their bars also carry Python's own \
             cost. Bars are in the legend's order, top to bottom, in each workload's group. A \
             concurrent run cannot beat its slowest request, so the speedup is capped by the \
             workload's shape, not by the model. {}.",
            parts.join("; ")
        )
    }
}
