//! Memory at scale: what each model used, resident and reserved, at the top of a scale
//! workload's sweep, beside how many requests it really had in flight.

use crate::analysis::ReportData;
use crate::analysis::scale::{above_idle_mib, in_flight};
use crate::analysis::summary::Summary;
use crate::charts::Chart;
use crate::charts::axes::zero_range;
use crate::charts::bars::{bar_chart, model_rows};
use crate::charts::canvas::plain_canvas;
use minijinja::{Value, context};

/// Memory at the top of a scale workload's sweep, per request in flight.
pub struct MemoryAtScale {
    /// The workload drawn.
    pub workload: String,
    /// The concurrency drawn: the top of its sweep.
    pub level: usize,
}

/// A group's memory over an idle worker per request it had in flight, in KiB: (resident,
/// reserved). Models hold very different numbers in flight when asked for the same level
/// (one keeps 10,000 out, another 1,941), so raw MiB would rank them by that, not by cost.
pub fn per_request_kib(summary: &Summary) -> (f64, f64) {
    let (resident, reserved) = above_idle_mib(summary);
    let per = |mib: f64| mib * 1024.0 / in_flight(summary);
    (per(resident), per(reserved))
}

impl MemoryAtScale {
    /// The groups at the level with a completed run (those that lost requests too: their
    /// rows say so), one a model, and the models with none there, named apart.
    pub fn groups<'a>(&self, data: &'a ReportData) -> (Vec<&'a Summary>, Vec<&'a Summary>) {
        let none = (data.broken(&self.workload).into_iter())
            .filter(|s| s.concurrency == self.level)
            .collect();
        (data.at_level(&self.workload, self.level), none)
    }
}

/// A group's share of requests lost, as a short note: "69% lost", "<1% lost".
fn lost_note(summary: &Summary) -> Option<String> {
    let lost = summary.failed as f64 / (summary.ok + summary.failed).max(1) as f64;
    match lost {
        0.0 => None,
        share if share < 0.01 => Some("<1% lost".into()),
        share => Some(format!("{:.0}% lost", 100.0 * share)),
    }
}

impl Chart for MemoryAtScale {
    fn caption(&self, data: &ReportData) -> (&'static str, Value) {
        let (ran, none) = self.groups(data);
        let ran: Vec<_> = ran
            .iter()
            .map(|s| {
                let (resident, reserved) = per_request_kib(s);
                let lost = s.failed as f64 / (s.ok + s.failed).max(1) as f64;
                context! { model => s.model, resident, reserved, in_flight => in_flight(s), lost }
            })
            .collect();
        let none: Vec<_> = none.iter().map(|s| s.model.clone()).collect();
        (
            "memory_at_scale",
            context! { level => self.level, workload => self.workload, ran, none },
        )
    }

    fn file_name(&self) -> String {
        format!("memory-{}-at-{}.svg", self.workload, self.level)
    }

    fn title(&self) -> String {
        format!(
            "Memory per request in flight, asked for {} in flight, workload {}",
            self.level, self.workload
        )
    }

    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String> {
        let plot = plain_canvas(svg, &self.title(), 560)?;
        let (ran, _) = self.groups(data);
        // The left panel holds the models' names too.
        let (left, right) = plot.split_horizontally(plot.dim_in_pixel().0 * 13 / 20);
        let panels = [
            (&left, "KiB resident a request in flight"),
            (&right, "KiB reserved (virtual) a request in flight"),
        ];
        for (index, (area, desc)) in panels.into_iter().enumerate() {
            // The left panel draws what is resident, the right one what is reserved.
            let measure = |s: &Summary| {
                let (resident, reserved) = per_request_kib(s);
                if index == 0 { resident } else { reserved }
            };
            let mut rows = model_rows(&ran, |s, colour| vec![vec![(measure(s), colour)]]);
            for (row, summary) in rows.iter_mut().zip(&ran) {
                let value = measure(summary);
                let mut note = if value >= 10.0 {
                    format!("{value:.0}")
                } else {
                    format!("{value:.1}")
                };
                // The left panel says what a group lost; the right one, beside it, need not.
                if let Some(lost) = lost_note(summary).filter(|_| index == 0) {
                    note.push_str(&format!(" ({lost})"));
                }
                row.notes = vec![note];
                // The left panel names each model with how many it really had in flight; the
                // right one, beside it, needs no labels of its own.
                row.label = if index == 0 {
                    format!("{} ({:.0} in flight)", row.label, in_flight(summary))
                } else {
                    String::new()
                };
            }
            // Room right of the longest bar for its note: the left panel's are longer.
            let room = if index == 0 { 1.8 } else { 1.25 };
            let range = zero_range(ran.iter().map(|s| measure(s) * room));
            let top = ran.iter().map(|s| measure(s)).fold(0.0, f64::max);
            bar_chart(area, range, top * 1.05, desc, &rows, &[])?;
        }
        Ok(())
    }
}
