//! Reports from results files: summaries with medians over repeats, the tables people read and
//! the charts they would rather see, in three layers whose arrows only run down:
//!
//! - [`pages`]: the words: every section of `results/README.md` and the project README (each a
//!   [`pages::Section`]: a template and its context), `LESSONS.md`, `index.html` (the page to
//!   explore, drawn in the browser), the charts' captions, the terminal table, and `compare`'s
//!   and the CSV exports;
//! - [`charts`]: the drawing: one module per SVG chart behind [`charts::Chart`], from the
//!   analysis layer's values;
//! - [`analysis`]: the numbers: runs grouped with medians, intervals and speedup, statistics,
//!   timelines, slopes, ties, breaking points and the regression test; no drawing, no prose.
//!
//! This module puts them together: [`render_report`] draws every chart and writes the pages
//! for a results directory, [`render_readme`] rewrites the README's generated sections.

#![warn(missing_docs)]

pub mod charts;
pub mod pages;

pub use fanout_analysis as analysis;

use std::path::Path;

use fanout_core::output::OutputFile;
use fanout_core::results::Results;

pub use analysis::ceiling::LoadGenerator;
pub use analysis::{Summary, summarise};

/// Every chart, `README.md`, `LESSONS.md` and `index.html` for `results` (and the load generator's figures,
/// if any), as files for `out_dir`, drawn in memory: nothing is written.
pub fn render_report(
    results: &[Results],
    generator: Option<&LoadGenerator>,
    out_dir: &Path,
) -> Result<Vec<OutputFile>, String> {
    let data = analysis::ReportData::from_results(results);
    let figures = pages::figures::figures_for(&data);
    let file = |name: String, content: String| OutputFile {
        path: out_dir.join(name),
        content: content.into_bytes(),
    };
    let mut files = Vec::new();
    for chart in &figures {
        let mut svg = String::new();
        chart
            .draw(&data, &mut svg)
            .map_err(|message| format!("{}: {message}", chart.file_name()))?;
        files.push(file(chart.file_name(), svg));
    }
    let sources = sources(results, &data, &figures, generator, ".");
    let lessons = pages::render_sections(&[pages::lessons::PAGE], &sources);
    for (name, sections) in pages::results_readme::PAGES {
        files.push(file(
            (*name).into(),
            pages::render_sections(sections, &sources),
        ));
    }
    files.push(file("LESSONS.md".into(), lessons));
    files.push(file("index.html".into(), pages::html::render(&sources)));
    Ok(files)
}

/// What the pages are written from; the cores are the first results file's machine's, 1 when
/// there is none.
fn sources<'a>(
    results: &'a [Results],
    data: &'a analysis::ReportData,
    figures: &'a [pages::figures::Figure],
    generator: Option<&'a LoadGenerator>,
    charts_dir: &'a str,
) -> pages::Sources<'a> {
    pages::Sources {
        results,
        data,
        figures,
        generator,
        charts_dir,
        cores: results.first().map_or(1, |r| r.machine.cores),
    }
}

/// Writes every chart, `README.md`, `LESSONS.md` and `index.html` for `results` into `out_dir`, all or none
/// (see [`fanout_core::output`]); returns the names of the files written.
pub fn write_report(
    results: &[Results],
    generator: Option<&LoadGenerator>,
    out_dir: &Path,
) -> Result<Vec<String>, String> {
    fanout_core::output::check_dir(out_dir)?;
    let files = render_report(results, generator, out_dir)?;
    fanout_core::output::make_dir(out_dir)?;
    fanout_core::output::write_all(&files)?;
    Ok(file_names(&files))
}

/// The file names of `files`, in order.
pub fn file_names(files: &[OutputFile]) -> Vec<String> {
    files
        .iter()
        .filter_map(|f| Some(f.path.file_name()?.to_string_lossy().into_owned()))
        .collect()
}

/// The project README at `readme` with its generated sections rewritten: the summary from
/// `results`, linking charts in `charts_dir` (relative to the README), the table of models
/// from the catalogue, the lessons, and the scale section (with the load generator's figures,
/// if any).
pub fn render_readme(
    results: &[Results],
    generator: Option<&LoadGenerator>,
    readme: &Path,
    charts_dir: &str,
) -> Result<OutputFile, String> {
    let data = analysis::ReportData::from_results(results);
    let text = std::fs::read_to_string(readme)
        .map_err(|err| format!("cannot read {}: {err}", readme.display()))?;
    let sources = sources(results, &data, &[], generator, charts_dir);
    Ok(OutputFile {
        path: readme.to_path_buf(),
        content: pages::readme::rewrite(&text, &sources)?.into_bytes(),
    })
}
