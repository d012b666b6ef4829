//! The caption of the [`Speedup`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::speedup::best_level;
use crate::analysis::workloads::reference;

use super::Figure;
use crate::charts::Speedup;

impl Figure for Speedup {
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
            let same = crate::analysis::ties::indistinguishable(top, &best);
            if !same.is_empty() {
                part.push_str(&format!(
                    ", though the data cannot tell it from {}",
                    same.join(", ")
                ));
            }
            if let Some((value, source)) = reference(&workload) {
                part.push_str(&format!(", against {value:.1}x in {source}"));
            }
            parts.push(part);
        }
        format!(
            "Each dot is a model at the highest concurrency it ran, relative to the Rust \
             `sequential` model on the same workload, on a log axis; its bar is the 95% interval \
             of the model's wall time (`sequential`'s own spread is not in it). The Python \
             models, `py-sequential` too, are measured against that same Rust baseline, so their \
             dots also carry Python's own cost. A panel per workload, on one scale; a seed's or \
             book's own speedup, where the workload reproduces one, is in the panel's title, and \
             so is a baseline measured while the rest of the machine was busy. A concurrent run cannot beat its slowest request, so the speedup is capped by the \
             workload's shape, not by the model. {}.",
            parts.join("; ")
        )
    }
}
