//! Sentences that several captions end with: which lines lie under another, and which points
//! stand for fewer than two runs or for failures.

use crate::charts::lines::{Line, hidden};

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

/// A sentence saying what hollow markers mean, for a caption; empty when no line has one.
pub fn weak_note(lines: &[Line]) -> String {
    if lines.iter().all(|line| line.weak.is_empty()) {
        String::new()
    } else {
        " Hollow markers stand on a single run, or on runs with failed requests (timeouts), not \
         on a clean median of repeats."
            .to_owned()
    }
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
