//! "Charts": every chart with its title and caption.

use minijinja::context;

use crate::pages::{Section, Sources, templates};

/// Every chart the data supports, headline first.
pub struct Charts;

impl Section for Charts {
    fn write(&self, from: &Sources, out: &mut String) {
        let charts: Vec<_> = from
            .figures
            .iter()
            .map(|chart| {
                context! {
                    title => chart.title(),
                    file => chart.file_name(),
                    caption => chart.caption,
                }
            })
            .collect();
        out.push_str(&templates::render("results/charts.md", context! { charts }));
    }
}
