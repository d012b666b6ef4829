//! Speedup over `sequential` per workload and model, beside the seeds' own figures.

use crate::analysis::speedup::best_level;
use crate::analysis::workloads::reference;

use plotters::prelude::BindKeyPoints;

use super::axes::{log_range, log_ticks};
use plotters::prelude::IntoFont;

use super::Chart;
use super::bars::{BarRow, bar_chart};
use super::canvas::{FONT, draw_error, plain_canvas};
use crate::analysis::ReportData;
use crate::analysis::models;
use crate::charts::style;

/// Each model's best speedup over `sequential`, per workload, beside the seeds' figures.
pub struct Speedup;

impl Speedup {
    pub(crate) fn workloads(&self, data: &ReportData) -> Vec<String> {
        // A workload run at one level only (`clients`) has no concurrency to gain from.
        data.workloads()
            .into_iter()
            .filter(|w| data.levels(w).len() > 1 && !best_level(data, w).is_empty())
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

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let workloads = self.workloads(data);
        let most_models = workloads
            .iter()
            .map(|w| best_level(data, w).len())
            .max()
            .unwrap_or(1);
        // Small multiples: a panel per workload, two abreast, each bar labelled by its model
        // and its value, on one shared scale.
        let panel_rows = workloads.len().div_ceil(2).max(1);
        let panel_height = 90 + 18 * most_models as u32;
        let area = plain_canvas(svg, &self.title(), 50 + panel_height * panel_rows as u32)?;
        let panels = area.split_evenly((panel_rows, 2));
        let values = data.summaries.iter().filter_map(|s| s.speedup);
        let range = log_range(values.chain([1.0]));
        for (panel, workload) in panels.iter().zip(&workloads) {
            let title = match reference(workload) {
                Some((value, source)) => format!("{workload} ({source}: {value:.1}x)"),
                None => workload.clone(),
            };
            let panel = panel
                .titled(&title, (FONT, 15).into_font())
                .map_err(draw_error)?;
            let rows: Vec<BarRow> = best_level(data, workload)
                .iter()
                .map(|s| {
                    let speedup = s.speedup.unwrap_or(1.0);
                    BarRow {
                        label: models::label(&s.model),
                        bars: vec![vec![(speedup, style::style(&s.model).colour)]],
                        notes: vec![format!("{speedup:.1}x")],
                    }
                })
                .collect();
            // A panel whose labels leave little room keeps the powers of ten only, so that its
            // tick labels do not run into each other.
            let longest = rows.iter().map(|r| r.label.len()).max().unwrap_or(0) as u32;
            let room = panel.dim_in_pixel().0.saturating_sub(longest * 8 + 60);
            let ticks: Vec<f64> = log_ticks(&range)
                .into_iter()
                .filter(|t| room >= 300 || (t.log10().fract()).abs() < 1e-9)
                .collect();
            // Bars start at the axis's left end, so a model at 1x (no gain) still shows.
            bar_chart(
                &panel,
                plotters::prelude::IntoLogRange::log_scale(range.clone()).with_key_points(ticks),
                range.start,
                "speedup over Rust's sequential (x, log)",
                &rows,
                &[],
            )?;
        }
        Ok(())
    }
}
