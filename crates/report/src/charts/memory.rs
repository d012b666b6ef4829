//! Peak memory against concurrency, resident beside reserved (virtual), on linear axes: the
//! slope of each line is what one more request in flight costs.

use super::Chart;
use super::canvas::canvas;
use super::legend::legend;
use super::lines::{Line, linear_chart, model_lines, paired_legend};
use crate::analysis::ReportData;
use crate::analysis::slopes::marginal_kib;
use crate::charts::notes::hidden_pairs;
use minijinja::{Value, context};

/// Peak resident and reserved memory against concurrency.
pub struct Memory {
    /// The workload drawn.
    pub workload: String,
    /// The models drawn (see [`super::Family`]).
    pub family: super::Family,
}

impl Chart for Memory {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let data = &self.family.subset(data);
        let slopes: Vec<_> = data
            .models(&self.workload)
            .iter()
            .filter_map(|model| {
                let (resident, reserved) = marginal_kib(data, &self.workload, model)?;
                Some(context! { model, resident, reserved })
            })
            .collect();
        let [resident, reserved] = self.lines(data);
        (
            "memory",
            context! {
                slopes,
                left => hidden_pairs(&resident),
                right => hidden_pairs(&reserved),
            },
        )
    }

    fn file_name(&self) -> String {
        let (suffix, _) = self.family.names();
        format!("memory-{}{suffix}.svg", self.workload)
    }

    fn title(&self) -> String {
        let (_, family) = self.family.names();
        format!(
            "Peak memory vs concurrency, workload {}{family}",
            self.workload
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let data = &self.family.subset(data);
        let (plot, legend_area) = canvas(svg, &self.title())?;
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 / 2);
        let [resident, reserved] = self.lines(data);
        linear_chart(&left, "concurrency", "peak resident (RSS), MiB", &resident)?;
        linear_chart(
            &right,
            "concurrency",
            "peak reserved (virtual), MiB",
            &reserved,
        )?;
        legend(&legend_area, &paired_legend(&resident, &reserved))
    }
}

impl Memory {
    /// Each model's peak resident and reserved memory in MiB, on the family's runs `data`.
    fn lines(&self, data: &ReportData) -> [Vec<Line>; 2] {
        let mib = |kib: f64| kib / 1024.0;
        [
            model_lines(data, &self.workload, |s| mib(s.peak_rss_kib)),
            model_lines(data, &self.workload, |s| mib(s.peak_vm_kib)),
        ]
    }
}
