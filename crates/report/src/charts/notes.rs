//! What several captions end with (`templates/figures/notes.md`): which lines lie under
//! another, and which points stand for fewer than two runs or for failures.

use minijinja::{Value, context};

use crate::analysis::ReportData;
use crate::analysis::scale::cause;
use crate::charts::lines::{Line, hidden};
use crate::charts::marks::PointMark;
use crate::pages::format;

/// The lines [`hidden`] finds under another, as (under, top) labels.
pub fn hidden_pairs(lines: &[Line]) -> Vec<(&str, &str)> {
    hidden(lines)
        .into_iter()
        .map(|(under, top)| (lines[under].label.as_str(), lines[top].label.as_str()))
        .collect()
}

/// Whether any point stands on a single run, and whether any is a cross.
pub fn marks(lines: &[Line]) -> Value {
    let marks: Vec<PointMark> = lines
        .iter()
        .flat_map(|line| (0..line.points.len()).map(|i| line.mark(i)))
        .collect();
    context! {
        single => marks.contains(&PointMark::Single),
        failed => marks.contains(&PointMark::Failed),
    }
}

/// The groups on `workload` drawn as a cross (requests failed) and those with no completed
/// run (no point at all), each with what stopped it.
pub fn failures(data: &ReportData, workload: &str) -> Value {
    let named = |s: &crate::Summary| {
        context! { model => s.model, concurrency => s.concurrency, cause => format::cause(&cause(s)) }
    };
    let failed: Vec<Value> = data
        .summaries
        .iter()
        .filter(|s| s.workload == workload && !s.failed() && s.failed > 0)
        .map(named)
        .collect();
    let broken: Vec<Value> = data.broken(workload).into_iter().map(named).collect();
    context! { failed, broken }
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
        assert!(hidden_pairs(&lines).contains(&("blocking-in-async", "processes")));
        assert!(hidden_pairs(&lines[1..]).is_empty());
    }
}
