//! The caption of the [`Cooperative`] chart: what it shows, with its figures.

use super::notes::hidden_note;
use crate::analysis::ReportData;

use super::Figure;
use crate::charts::Cooperative;

impl Figure for Cooperative {
    fn caption(&self, data: &ReportData) -> String {
        let top = self
            .lines(data)
            .into_iter()
            .filter_map(|line| line.points.last().map(|p| (line.label.clone(), p.0, p.1)))
            .collect::<Vec<_>>();
        let figures: Vec<String> = top
            .iter()
            .map(|(label, _, p99)| format!("{label} {p99:.0} ms"))
            .collect();
        let work = top.first().map_or(0.0, |t| t.1);
        format!(
            "Every page is fetched with the same latency and then processed; only the scheduling \
             differs. An async task that computes keeps its worker thread until it reaches an \
             `await`, so every other task on that worker waits behind it (cooperative); an OS \
             thread that computes is preempted, and the others get their turn (preemptive). With \
             one event loop for everything the queue of ready pages grows with the work. At {work:.0} \
             units a page, p99: {}. The tail shows how many cores compute; lesson 5 (LESSONS.md) \
             reads the median beside it, where cooperation shows.{}",
            figures.join(", "),
            hidden_note(&self.lines(data))
        )
    }
}
