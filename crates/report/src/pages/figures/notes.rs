//! Sentences that several captions end with: which lines lie under another, and which points
//! stand for fewer than two runs or for failures.

use crate::analysis::ReportData;
use crate::analysis::scale::cause;
use crate::charts::lines::{Line, hidden};
use crate::charts::marks::PointMark;
use crate::pages::format;

/// A sentence naming the lines [`hidden`] finds, for the caption of a chart with a legend
/// (which stars them); empty when none is.
pub fn hidden_note(lines: &[Line]) -> String {
    hidden_sentence(lines, "Lines marked * lie under another")
}

/// The same for a chart that labels its lines where they end ([`end_labels`]).
pub fn hidden_note_end_labelled(lines: &[Line]) -> String {
    hidden_sentence(
        lines,
        "Each line is labelled where it ends; lines that end together are labelled together. \
         Some lie under another",
    )
}

/// A sentence saying what the markers stand on, for a caption; empty when every point is a
/// median of clean runs.
pub fn weak_note(lines: &[Line]) -> String {
    let marks: Vec<PointMark> = lines
        .iter()
        .flat_map(|line| (0..line.points.len()).map(|i| line.mark(i)))
        .collect();
    let single = marks.contains(&PointMark::Single);
    let failed = marks.contains(&PointMark::Failed);
    match (single, failed) {
        (false, false) => String::new(),
        (true, false) => " A hollow dot stands on a single run, not on a median of repeats.".into(),
        (false, true) => " A cross is a point whose runs had failed requests, or beside which a \
                           repeat failed as a whole: its time is not that of the whole job done \
                           every time."
            .into(),
        (true, true) => " A hollow dot stands on a single run, not on a median of repeats; a \
                          cross is a point whose runs had failed requests, or beside which a \
                          repeat failed as a whole: its time is not that of the whole job done \
                          every time."
            .into(),
    }
}

/// Sentences naming each group on `workload` drawn as a cross (requests failed) and each one
/// with no completed run (no point at all), with what stopped it; empty when there is none.
pub fn failures_note(data: &ReportData, workload: &str) -> String {
    let named = |s: &&crate::Summary| {
        format!(
            "`{}` at {} ({})",
            s.model,
            s.concurrency,
            format::cause(&cause(s))
        )
    };
    let failed: Vec<String> = data
        .summaries
        .iter()
        .filter(|s| s.workload == workload && !s.failed() && s.failed > 0)
        .map(|s| named(&s))
        .collect();
    let broken: Vec<String> = data.broken(workload).iter().map(named).collect();
    let mut text = String::new();
    if !failed.is_empty() {
        text.push_str(&format!(
            " Requests failed in {}.",
            format::and_list(&failed)
        ));
    }
    if !broken.is_empty() {
        text.push_str(&format!(
            " No run completed, so no point is drawn, for {}.",
            format::and_list(&broken)
        ));
    }
    text
}

fn hidden_sentence(lines: &[Line], opening: &str) -> String {
    let pairs: Vec<String> = hidden(lines)
        .iter()
        .map(|&(under, top)| format!("{} under {}", lines[under].label, lines[top].label))
        .collect();
    if pairs.is_empty() {
        String::new()
    } else {
        format!(
            " {opening} with the same values (within 3%): {}.",
            pairs.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::lines::tests::line;

    #[test]
    fn the_note_names_the_line_under_another_and_nothing_when_none_is() {
        let lines = [
            line("blocking-in-async", &[(10.0, 5000.0), (100.0, 5070.0)]),
            line("tokio", &[(10.0, 1000.0), (100.0, 110.0)]),
            line("processes", &[(10.0, 5010.0), (100.0, 5080.0)]),
        ];
        assert!(hidden_note(&lines).contains("blocking-in-async under processes"));
        assert!(hidden_note(&lines[1..]).is_empty());
    }
}
