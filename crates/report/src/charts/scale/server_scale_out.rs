//! Server scale-out: the same model, workload and concurrency served by one mock server instance
//! or several.

use crate::analysis::ReportData;
use crate::analysis::summary::Summary;
use crate::charts::Chart;
use crate::charts::axes::zero_range;
use crate::charts::bars::{BarRow, bar_chart, lighter, pair_legend};
use crate::charts::canvas::canvas;

/// The same model on the same workload and concurrency, served by one wiremock instance or
/// several: what scaling the server out gained.
pub struct ServerScaleOut {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn.
    pub level: usize,
}

impl ServerScaleOut {
    /// Every (model, instances) group at the level, by model then instances.
    pub(crate) fn groups<'a>(&self, data: &'a ReportData) -> Vec<&'a Summary> {
        let at_level: Vec<&Summary> = data
            .all
            .iter()
            .filter(|s| s.workload == self.workload && s.concurrency == self.level && !s.failed())
            .collect();
        let mut groups: Vec<&Summary> = at_level
            .iter()
            .copied()
            .filter(|s| {
                at_level
                    .iter()
                    .any(|o| o.model == s.model && o.server_instances != s.server_instances)
            })
            .collect();
        groups.sort_by(|a, b| {
            (a.model.as_str(), a.server_instances).cmp(&(b.model.as_str(), b.server_instances))
        });
        groups
    }

    /// Whether the data holds the same model at this level with more than one server size.
    pub fn applies(data: &ReportData, workload: &str, level: usize) -> bool {
        !Self {
            workload: workload.into(),
            level,
        }
        .groups(data)
        .is_empty()
    }
}

pub(crate) fn instances_label(summary: &Summary) -> String {
    let plural = if summary.server_instances == 1 {
        ""
    } else {
        "s"
    };
    format!(
        "{}, {} instance{plural}",
        crate::analysis::models::label(&summary.model),
        summary.server_instances
    )
}

impl Chart for ServerScaleOut {
    fn file_name(&self) -> String {
        format!("server-scale-out-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Scaling the mock server out: {} at {}",
            self.workload, self.level
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let groups = self.groups(data);
        let rows: Vec<BarRow> = groups
            .iter()
            .map(|s| {
                let colour = crate::charts::style::style(&s.model).colour;
                BarRow {
                    label: instances_label(s),
                    bars: vec![
                        vec![(s.efficiency, colour)],
                        vec![(
                            s.server_cpu_us_per_request.unwrap_or(0.0) / 100.0,
                            lighter(colour),
                        )],
                    ],
                    notes: vec![
                        format!("efficiency {:.2}", s.efficiency),
                        s.server_cpu_us_per_request
                            .map_or("server CPU unknown".into(), |us| format!("{us:.0} us")),
                    ],
                }
            })
            .collect();
        let range = zero_range(groups.iter().flat_map(|s| {
            [
                s.efficiency,
                s.server_cpu_us_per_request.unwrap_or(0.0) / 100.0,
            ]
        }));
        bar_chart(
            &plot,
            range,
            0.0,
            "efficiency (dark); server CPU per request in units of 100 us (light)",
            &rows,
            &[],
        )?;
        pair_legend(&legend_area, "efficiency", "server CPU / 100 us")
    }
}
