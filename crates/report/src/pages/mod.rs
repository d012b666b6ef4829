//! The words of the report: the sections of `results/README.md`, the project README and
//! `LESSONS.md`, the captions of the charts, the terminal table, and the comparison and CSV
//! exports, from the analysis layer's numbers and the charts' names.
//!
//! Every section of a page is one [`Section`]: a template and the function that reads its
//! context from the same [`Sources`].

pub mod compare;
pub mod csv_export;
pub mod figures;
pub mod first_look;
pub mod format;
pub mod html;
pub mod lessons;
pub mod readme;
pub mod results_readme;
pub mod table;
pub mod templates;
pub mod text_waterfall;

use fanout_core::results::Results;
use minijinja::Value;

use crate::analysis::ReportData;
use crate::analysis::ceiling::LoadGenerator;
use figures::Figure;

/// What every section is written from.
pub struct Sources<'a> {
    /// The results files, as read.
    pub results: &'a [Results],
    /// Their runs, grouped.
    pub data: &'a ReportData,
    /// The charts drawn, in order.
    pub figures: &'a [Figure],
    /// The load generator's figures, if given.
    pub generator: Option<&'a LoadGenerator>,
    /// Where the charts are, relative to the page.
    pub charts_dir: &'a str,
    /// The cores of the machine the runs were made on.
    pub cores: usize,
}

/// One section of a generated page: its template, and its context read from the sources;
/// none when the results hold nothing for it, and then the section is left out.
pub type Section = (&'static str, fn(&Sources) -> Option<Value>);

/// `sections` rendered one after the other.
pub fn render_sections(sections: &[Section], from: &Sources) -> String {
    sections
        .iter()
        .filter_map(|(template, context)| Some(templates::render(template, context(from)?)))
        .collect()
}

/// For tests: a run of `model` on `quick` at `concurrency` that took `wall_ms` and passed
/// verification.
#[cfg(test)]
pub(crate) fn verified_run(
    model: &str,
    concurrency: usize,
    wall_ms: f64,
) -> fanout_core::results::RunRecord {
    fanout_core::results::RunRecord {
        model: model.into(),
        workload: "quick".into(),
        concurrency,
        wall_ms,
        verified: true,
        ..Default::default()
    }
}
