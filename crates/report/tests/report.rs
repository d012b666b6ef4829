//! The report from a small fixed results file (`fixtures/results/small.json`: a real run of four
//! models over `quick` and `google-6`, with one run edited into a failure).

use std::path::Path;

use fanout_core::results::Results;
use fanout_report::write_report;

const FIXTURE: &str = include_str!("../../../fixtures/results/small.json");

fn fixture() -> Results {
    Results::from_json(FIXTURE).unwrap()
}

fn report() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let files = write_report(&[fixture()], None, dir.path()).unwrap();
    (dir, files)
}

/// Every text node of an SVG, checking on the way that it is well-formed XML.
fn svg_text(path: &Path) -> String {
    let xml = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Text(t)) => {
                text.push_str(&t.decode().unwrap());
                text.push('\n');
            }
            Ok(_) => {}
            Err(err) => panic!("{} is not well-formed XML: {err}", path.display()),
        }
    }
    text
}

#[test]
fn every_chart_is_xml_and_names_every_model_in_it() {
    let (dir, files) = report();
    let svgs: Vec<&String> = files.iter().filter(|f| f.ends_with(".svg")).collect();
    for expected in [
        "wall-time-quick.svg",
        "memory-quick.svg",
        "threads-quick.svg",
        "latency-quick.svg",
        "speedup.svg",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "{expected} not written: {files:?}"
        );
    }
    for file in svgs {
        let text = svg_text(&dir.path().join(file));
        let models: &[&str] = match file.as_str() {
            // Sequential runs only at concurrency 1: it is not in the comparison at 100, and
            // speedup is relative to it.
            "latency-quick.svg" | "speedup.svg" | "budget-quick-100.svg" => {
                &["threads", "tokio", "async-std (deprecated)"]
            }
            _ => &["sequential", "threads", "tokio", "async-std (deprecated)"],
        };
        for model in models {
            assert!(text.contains(model), "{file} does not name {model}");
        }
    }
}

#[test]
fn the_markdown_has_one_table_row_per_run_and_shows_the_failure() {
    let (dir, _) = report();
    let tables = &std::fs::read_to_string(dir.path().join("TABLES.md")).unwrap();
    let rows = tables
        .lines()
        .filter(|line| line.starts_with('|') && !line.contains("---") && !line.contains("wall ms"))
        .count();
    assert_eq!(
        rows,
        fixture().runs.len(),
        "one repeat each, so one row per run"
    );
    let google = &tables[tables.find("### google-6").unwrap()..];
    let failed_row = google
        .lines()
        .find(|line| line.contains("async-std") && line.contains("| 100 "));
    assert!(
        failed_row
            .unwrap()
            .contains("FAILED: worker killed by signal 9"),
        "{google}"
    );
    assert_eq!(
        tables.matches("FAILED").count(),
        1,
        "only the failed run says FAILED"
    );
    let markdown = std::fs::read_to_string(dir.path().join("README.md")).unwrap();
    assert!(markdown.contains(
        "async-std on google-6 at concurrency 100, repeat 1: FAILED: worker killed by signal 9"
    ));
    let charts = std::fs::read_to_string(dir.path().join("CHARTS.md")).unwrap();
    for chart in ["wall-time-quick.svg", "speedup.svg"] {
        assert!(
            charts.contains(&format!("]({chart})")),
            "{chart} is not embedded"
        );
    }
    assert!(
        markdown.contains("2 cores") && markdown.contains("rustc"),
        "the machine is not described"
    );
    assert!(markdown.contains("fanout run --models sequential,threads,tokio,async-std"));
}

#[test]
fn a_results_file_with_a_missing_field_or_another_schema_is_refused_clearly() {
    let mut value: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    value["runs"][0].as_object_mut().unwrap().remove("wall_ms");
    let err = Results::from_json(&value.to_string()).unwrap_err();
    assert!(err.contains("wall_ms"), "{err}");

    value["schema"] = 2.into();
    let err = Results::from_json(&value.to_string()).unwrap_err();
    assert!(
        err.contains("schema 2") && err.contains("schema 1"),
        "{err}"
    );

    value.as_object_mut().unwrap().remove("schema");
    assert!(
        Results::from_json(&value.to_string())
            .unwrap_err()
            .contains("schema")
    );
}

#[test]
fn the_readme_section_is_replaced_between_its_markers_only() {
    let (dir, _) = report();
    let readme = dir.path().join("README-project.md");
    std::fs::write(
        &readme,
        format!(
            "# Project\n\nbefore\n{}\nold\n{}\nbetween\n{}\nold\n{}\nand\n{}\nold\n{}\nthen\n{}\nold\n{}\nafter\n",
            fanout_report::pages::readme::RESULTS.begin,
            fanout_report::pages::readme::RESULTS.end,
            fanout_report::pages::readme::MODELS.begin,
            fanout_report::pages::readme::MODELS.end,
            fanout_report::pages::readme::LESSONS.begin,
            fanout_report::pages::readme::LESSONS.end,
            fanout_report::pages::readme::ANSWER.begin,
            fanout_report::pages::readme::ANSWER.end
        ),
    )
    .unwrap();
    let file = fanout_report::render_readme(&[fixture()], None, &readme, "results").unwrap();
    fanout_core::output::write_all(&[file]).unwrap();
    let text = std::fs::read_to_string(&readme).unwrap();
    assert!(
        text.starts_with("# Project\n\nbefore\n") && text.ends_with("after\n"),
        "{text}"
    );
    assert!(!text.contains("\nold\n") && text.contains("\nbetween\n") && text.contains("\nthen\n"));
    // No runs the answer reads in the fixture: its section is left empty, not kept old.
    assert!(text.contains(&format!(
        "{}\n{}",
        fanout_report::pages::readme::ANSWER.begin,
        fanout_report::pages::readme::ANSWER.end
    )));
    assert!(text.contains("](results/wall-time-quick.svg)"));
    assert!(text.contains("| tokio"));
    // Every registered model has its row in the models table; the free-threaded rows of the
    // Python programs are one sentence after it.
    assert!(text.contains("`NAME-gil`") && text.contains("`NAME-nogil`"));
    for model in fanout_catalog::MODELS.iter().filter(|m| {
        !matches!(
            m.interpreter(),
            Some(fanout_catalog::Interpreter::FreeThreaded { .. })
        )
    }) {
        assert!(
            text.contains(&format!("| `{}`", model.name)),
            "{}",
            model.name
        );
    }
}

#[test]
fn the_cpu_chart_draws_the_runs_own_cpu_and_only_where_it_was_measured() {
    // The fixture predates the run's CPU: no chart rather than an empty one.
    let (_dir, files) = report();
    assert!(!files.iter().any(|f| f == "cpu-quick.svg"), "{files:?}");
    // With it, every model at the level is drawn, and the caption's figure is the bar's.
    let mut results = fixture();
    for run in &mut results.runs {
        run.run_cpu_user_ms = Some(30.0);
        run.run_cpu_sys_ms = Some(10.0);
    }
    let dir = tempfile::tempdir().unwrap();
    let files = write_report(&[results], None, dir.path()).unwrap();
    assert!(files.iter().any(|f| f == "cpu-quick.svg"), "{files:?}");
    let text = svg_text(&dir.path().join("cpu-quick.svg"));
    for model in ["threads", "tokio", "async-std (deprecated)"] {
        assert!(text.contains(model), "cpu-quick.svg does not name {model}");
    }
    let page = std::fs::read_to_string(dir.path().join("CHARTS.md")).unwrap();
    // 40 ms over 100 requests: 400 µs each.
    assert!(page.contains("tokio 400 µs"), "{page}");
}

/// The data index.html embeds for its charts.
fn page_data(dir: &Path) -> serde_json::Value {
    let page = std::fs::read_to_string(dir.join("index.html")).unwrap();
    let start = r#"<script type="application/json" id="data">"#;
    let data = &page[page.find(start).unwrap() + start.len()..];
    serde_json::from_str(&data[..data.find("</script>").unwrap()].replace("<\\/", "</")).unwrap()
}

#[test]
fn the_pages_requests_are_those_of_the_tables_runs_not_of_pinned_ones() {
    // The same runs pinned to one CPU, read first: the page must still show the unpinned ones'
    // requests, as its table shows their figures.
    let mut unpinned = fixture();
    for run in &mut unpinned.runs {
        let record = |id| fanout_core::results::RequestRecord {
            id,
            end_ms: 10.0,
            outcome: "ok".into(),
            ..Default::default()
        };
        run.records = (0..3).map(record).collect();
    }
    let mut pinned = unpinned.clone();
    for run in &mut pinned.runs {
        run.worker_cpus = vec![0];
        run.wall_ms = 99_999.0;
    }
    let dir = tempfile::tempdir().unwrap();
    write_report(&[pinned, unpinned], None, dir.path()).unwrap();
    let data = page_data(dir.path());
    let waterfalls = data["waterfalls"].as_array().unwrap();
    assert!(!waterfalls.is_empty());
    for run in waterfalls {
        assert_ne!(run["wall"], 99_999.0, "a pinned run's requests: {run}");
    }
}
