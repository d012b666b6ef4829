//! The caption of the [`Cooperative`] chart: what it shows, with its figures.

use super::notes::{hidden_note, weak_note};
use crate::analysis::ReportData;

use super::Figure;
use crate::charts::Cooperative;

impl Figure for Cooperative {
    fn caption(&self, data: &ReportData) -> String {
        let (median, tail) = (self.lines(data, false), self.lines(data, true));
        let figures: Vec<String> = median
            .iter()
            .zip(&tail)
            .filter_map(|(m, t)| {
                let (work, p50) = m.points.last()?;
                let (_, p99) = t.points.last()?;
                Some((work, format!("{} {p50:.0} ms and {p99:.0} ms", m.label)))
            })
            .map(|(_, text)| text)
            .collect();
        let work = median
            .first()
            .and_then(|l| l.points.last())
            .map_or(0.0, |p| p.0);
        let what = if self.response(data) {
            "Each request is timed from when a perfect client with the same limit would have \
             started it (the ideal schedule) to its end."
        } else {
            "Each request is timed from its own start to its end."
        };
        format!(
            "Every page is fetched with the same latency and then processed; only the scheduling \
             differs. An async task that computes keeps its worker thread until it reaches an \
             `await`, so every other task on that worker waits behind it (cooperative); an OS \
             thread that computes is preempted, and the others get their turn (preemptive). \
             {what} Left the median request, right the 99th percentile, on one scale. At \
             {work:.0} units a page, median and p99: {}.{}{}",
            figures.join("; "),
            {
                let (left, right) = (hidden_note(&median), hidden_note(&tail));
                let right = right.replace("Lines marked *", "Lines marked \u{2020}");
                match (left.is_empty(), right.is_empty()) {
                    (true, true) => String::new(),
                    (false, true) => format!(" Left:{left}"),
                    (true, false) => format!(" Right:{right}"),
                    (false, false) => format!(" Left:{left} Right:{right}"),
                }
            },
            weak_note(&tail)
        )
    }
}
