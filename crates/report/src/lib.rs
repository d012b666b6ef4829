//! Reports from results files: summaries with medians over repeats, the tables people read and
//! the charts they would rather see.
//!
//! - [`ceiling`]: the best model's requests per second next to `wrk`'s;
//! - [`summary`]: groups runs and computes medians, spreads and speedup, once;
//! - [`table`]: the table `fanout run` prints;
//! - [`charts`]: one module per SVG chart, behind one trait;
//! - [`compare`]: two results files group by group, as a regression gate;
//! - [`csv_export`]: the groups as CSV;
//! - [`lessons`]: the nine lessons, each an experiment and a reading of its runs;
//! - [`markdown`]: `results/README.md` and the summary section of the project README;
//! - [`method`]: sections on how far to trust the figures: each HTTP client alone, one core,
//!   warm-up, the harness's own cost;
//! - [`scale_summary`]: README's section on the scale suite;
//! - [`stats`]: confidence intervals, outliers and Welch's test, on log times;
//! - [`style`]: one colour per model, the same in every chart;
//! - [`text_waterfall`]: every request of a run as a line of text, for a terminal.

pub mod ceiling;
pub mod charts;
pub mod compare;
pub mod csv_export;
pub mod lessons;
pub mod markdown;
pub mod method;
pub mod scale_summary;
pub mod stats;
pub mod style;
pub mod summary;
pub mod table;
pub mod text_waterfall;

use std::path::Path;

use fanout_core::results::Results;

pub use ceiling::LoadGenerator;
pub use summary::{Spread, Summary, summarise};

/// Writes every chart and `README.md` for `results` (and the load generator's figures, if
/// any) into `out_dir`; returns the files written.
pub fn write_report(
    results: &[Results],
    generator: Option<&LoadGenerator>,
    out_dir: &Path,
) -> Result<Vec<String>, String> {
    std::fs::create_dir_all(out_dir)
        .map_err(|err| format!("cannot create {}: {err}", out_dir.display()))?;
    let data = charts::ReportData::from_results(results);
    let charts = charts::charts_for(&data);
    let mut written = Vec::new();
    for chart in &charts {
        let path = out_dir.join(chart.file_name());
        chart.draw(&data, &path)?;
        written.push(chart.file_name());
    }
    let readme = markdown::results_readme(results, &data, &charts, generator);
    std::fs::write(out_dir.join("README.md"), readme).map_err(|err| {
        format!(
            "cannot write {}: {err}",
            out_dir.join("README.md").display()
        )
    })?;
    written.push("README.md".into());
    let evidence = lessons::Evidence {
        data: &data,
        cores: results.first().map_or(1, |r| r.machine.cores),
    };
    let page = lessons::lessons_page(&evidence, ".", &written);
    std::fs::write(out_dir.join("LESSONS.md"), page).map_err(|err| {
        format!(
            "cannot write {}: {err}",
            out_dir.join("LESSONS.md").display()
        )
    })?;
    written.push("LESSONS.md".into());
    Ok(written)
}

/// Rewrites the generated sections of the project README at `readme`: the summary from
/// `results`, linking charts in `charts_dir` (relative to the README), the table of models
/// from the registry, the lessons, and the scale section (with the load generator's figures,
/// if any).
pub fn update_readme(
    results: &[Results],
    generator: Option<&LoadGenerator>,
    readme: &Path,
    charts_dir: &str,
) -> Result<(), String> {
    let data = charts::ReportData::from_results(results);
    let text = std::fs::read_to_string(readme)
        .map_err(|err| format!("cannot read {}: {err}", readme.display()))?;
    let section = markdown::readme_section(results, &data, charts_dir);
    let updated = markdown::replace_section(
        &text,
        markdown::README_BEGIN,
        markdown::README_END,
        &section,
    )?;
    let updated = markdown::replace_section(
        &updated,
        markdown::MODELS_BEGIN,
        markdown::MODELS_END,
        &markdown::models_section(),
    )?;
    let evidence = lessons::Evidence {
        data: &data,
        cores: results.first().map_or(1, |r| r.machine.cores),
    };
    let lessons_text = format!(
        "{}\n{}{}",
        markdown::LESSONS_BEGIN,
        lessons::readme_lessons(&evidence),
        markdown::LESSONS_END
    );
    let updated = markdown::replace_section(
        &updated,
        markdown::LESSONS_BEGIN,
        markdown::LESSONS_END,
        &lessons_text,
    )?;
    let updated = markdown::replace_section(
        &updated,
        scale_summary::BEGIN,
        scale_summary::END,
        &scale_summary::section(&data, generator, evidence.cores),
    )?;
    std::fs::write(readme, updated)
        .map_err(|err| format!("cannot write {}: {err}", readme.display()))
}
