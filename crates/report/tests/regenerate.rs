//! The committed pages are what `fanout report` makes of the committed runs, byte for byte:
//! every chart and page in `results/`, and the generated sections of the project README. A
//! change to the report's code or templates that moves a word or a figure fails here until
//! `fanout report --from results/runs/*.json --out results --readme README.md --wrk
//! results/wrk/ceiling.json` is run again.

use std::path::{Path, PathBuf};

use fanout_core::results::Results;
use fanout_report::LoadGenerator;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed_results() -> Vec<Results> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("results/runs"))
        .expect("results/runs is committed")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            Results::from_json(&text).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        })
        .collect()
}

fn generator() -> LoadGenerator {
    let text = std::fs::read_to_string(root().join("results/wrk/ceiling.json")).unwrap();
    LoadGenerator::from_json(&text).unwrap()
}

#[test]
fn every_committed_page_and_chart_is_what_the_committed_runs_give() {
    let results = committed_results();
    let files = fanout_report::render_report(&results, Some(&generator()), Path::new("results"))
        .expect("the committed runs render");
    let mut stale = Vec::new();
    for file in &files {
        let committed = std::fs::read(root().join(&file.path)).unwrap_or_default();
        if committed != file.content {
            stale.push(file.path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "these differ from what `fanout report` writes from results/runs; regenerate them: {}",
        stale.join(", ")
    );
}

#[test]
fn the_readme_s_generated_sections_are_what_the_committed_runs_give() {
    let results = committed_results();
    let readme = root().join("README.md");
    let file = fanout_report::render_readme(&results, Some(&generator()), &readme, "results")
        .expect("the README renders");
    let committed = std::fs::read(&readme).unwrap();
    assert!(
        committed == file.content,
        "README.md's generated sections differ from what `fanout report --readme README.md` \
         writes from results/runs: regenerate them"
    );
}

/// The local targets of `text`'s links: markdown's `](target)` and HTML's `href="target"`,
/// without their `#fragment`; links to the web and within the page left out.
fn local_links(text: &str) -> Vec<String> {
    let after = |open: &'static str, close: char| {
        text.split(open)
            .skip(1)
            .filter_map(move |rest| rest.split_once(close).map(|(target, _)| target.to_owned()))
    };
    after("](", ')')
        .chain(after("href=\"", '"'))
        .filter(|target| !target.contains(':') && !target.starts_with('#'))
        .map(|target| target.split('#').next().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn every_link_of_the_committed_pages_leads_to_a_committed_file() {
    for page in [
        "README.md",
        "results/README.md",
        "results/LESSONS.md",
        "results/CHARTS.md",
        "results/TABLES.md",
        "results/index.html",
    ] {
        let path = root().join(page);
        let text = std::fs::read_to_string(&path).unwrap();
        // The page's own words: the scripts' strings are not links.
        let words = text.split("<script").next().unwrap_or_default();
        let links = local_links(words);
        assert!(!links.is_empty(), "{page} links nowhere");
        for target in links {
            let beside = path.parent().unwrap().join(&target);
            assert!(
                beside.exists(),
                "{page} links to {target}, which is not there"
            );
        }
    }
}
