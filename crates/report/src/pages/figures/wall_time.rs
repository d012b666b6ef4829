//! The caption of the [`WallTime`] chart: what it shows, with its figures.

use super::notes::{failures_note, hidden_note, hidden_note_end_labelled, weak_note};
use crate::analysis::ReportData;
use crate::charts::lines::Line;
use fanout_catalog::InFlight;

use super::Figure;
use crate::charts::WallTime;

impl Figure for WallTime {
    fn caption(&self, data: &ReportData) -> String {
        let has_ideal = data
            .summaries
            .iter()
            .any(|s| s.workload == self.workload && s.ideal_ms > 0.0 && s.efficiency > 0.0);
        if !has_ideal {
            return caption_without_ideal(self, data);
        }
        let mut text = String::from(
            "Left: wall time, lower is better; the dashed black line is the ideal makespan, what a \
             client with no overhead at all would take at that concurrency. Right: efficiency, \
             ideal / actual, where 1 is a perfect client. ",
        );
        if let Some(level) = data.comparison_level(&self.workload) {
            let at_level = data.at_level(&self.workload, level);
            let best = at_level
                .iter()
                .max_by(|a, b| a.efficiency.total_cmp(&b.efficiency));
            let worst = at_level
                .iter()
                .min_by(|a, b| a.efficiency.total_cmp(&b.efficiency));
            if let (Some(best), Some(worst)) = (best, worst) {
                text.push_str(&format!(
                    "At concurrency {level} the closest to ideal is {} ({:.0} ms, efficiency \
                     {:.2}){}; \
                     the furthest is {} ({:.0} ms, efficiency {:.2}). ",
                    best.model,
                    best.wall_ms.median,
                    best.efficiency,
                    tied(best, &at_level),
                    worst.model,
                    worst.wall_ms.median,
                    worst.efficiency
                ));
            }
        }
        if let Some(above) = data
            .summaries
            .iter()
            .find(|s| s.workload == self.workload && s.efficiency > 1.005)
        {
            text.push_str(&format!(
                "{} beats the ideal at concurrency {} (efficiency {:.2}). The ideal starts requests \
                 in the job's order; a model that starts them in another order can finish sooner \
                 when a slow request would otherwise start late, but these runs do not test \
                 whether that is what happened here. ",
                above.model, above.concurrency, above.efficiency
            ));
        }
        text.push_str(
            "A model that keeps the concurrency it is given follows the ideal while requests only \
             wait, and leaves it where its own costs (starting threads, scheduling, CPU work) stop \
             hiding behind the latency.",
        );
        let capped: Vec<String> = fanout_catalog::rust_models()
            .filter(|model| model.in_flight == InFlight::Cores)
            .map(|model| model.name)
            .filter(|model| !data.series(&self.workload, model).is_empty())
            .map(|model| format!("`{model}`"))
            .collect();
        if !capped.is_empty() {
            text.push_str(&format!(
                " {} keep(s) only one request per core in flight, so its line stays flat.",
                capped.join(" and ")
            ));
        }
        let lines = self.lines(data);
        text.push_str(&hidden_note(&lines));
        text.push_str(&weak_note(&lines));
        text.push_str(&failures_note(data, &self.workload));
        text.push_str(&interval_note(&lines));
        text
    }
}

/// ", though the data cannot tell it from a, b" when other models' intervals overlap its own;
/// ", from a single run" when it has no interval; nothing when it stands apart.
fn tied(summary: &crate::Summary, peers: &[&crate::Summary]) -> String {
    if summary.wall_ms.interval.is_none() {
        return ", from a single run".into();
    }
    let same = crate::analysis::ties::indistinguishable(summary, peers);
    if same.is_empty() {
        String::new()
    } else {
        format!(", though the data cannot tell it from {}", same.join(", "))
    }
}

/// What the error bars show, with the widest of them; empty when no point has one.
fn interval_note(lines: &[Line]) -> String {
    let widest = lines
        .iter()
        .flat_map(|line| {
            line.errors.iter().filter_map(move |&(x, low, high)| {
                let (_, median) = line.points.iter().find(|p| p.0 == x)?;
                Some(((high - low) / 2.0 / median, &line.label, x))
            })
        })
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match widest {
        Some((share, label, x)) => format!(
            " Each point's bar spans the median's 95% confidence interval from its repeats (on \
             log times); most are narrower than the marker, the widest is {label}'s at {x:.0} \
             (±{:.0}%).",
            share * 100.0
        ),
        None => String::new(),
    }
}

/// The caption of a job with nothing to wait for: no ideal, no efficiency, only computing.
fn caption_without_ideal(chart: &WallTime, data: &ReportData) -> String {
    let mut text = String::from(
        "Wall time, lower is better. The job has no latency, so there is no ideal to compare \
         against: only computing counts, and only more cores can help. ",
    );
    if let Some(level) = data.comparison_level(&chart.workload) {
        let at_level = data.at_level(&chart.workload, level);
        let by_wall = |a: &&&crate::Summary, b: &&&crate::Summary| {
            a.wall_ms.median.total_cmp(&b.wall_ms.median)
        };
        if let (Some(fastest), Some(slowest)) = (
            at_level.iter().min_by(by_wall),
            at_level.iter().max_by(by_wall),
        ) {
            text.push_str(&format!(
                "At concurrency {level} the fastest median is {}'s ({:.0} ms){}; the \
                 slowest is {}'s ({:.0} ms).",
                fastest.model,
                fastest.wall_ms.median,
                tied(fastest, &at_level),
                slowest.model,
                slowest.wall_ms.median
            ));
        }
    }
    text.push_str(&hidden_note_end_labelled(&chart.lines(data)));
    text.push_str(&weak_note(&chart.lines(data)));
    text.push_str(&failures_note(data, &chart.workload));
    text.push_str(&interval_note(&chart.lines(data)));
    text
}
