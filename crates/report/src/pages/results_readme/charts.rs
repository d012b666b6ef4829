//! "Charts": every chart with its title and caption.

use std::fmt::Write as _;

use crate::pages::{Section, Sources};

/// Every chart the data supports, headline first.
pub struct Charts;

impl Section for Charts {
    fn write(&self, from: &Sources, out: &mut String) {
        out.push_str("## Charts\n\n");
        for chart in from.figures {
            let _ = writeln!(
                out,
                "### {}\n\n![{}]({})\n\n{}\n",
                chart.title(),
                chart.title(),
                chart.file_name(),
                chart.caption
            );
        }
    }
}
