//! The scale part of a report: breaking points, memory at the top of the sweep, the server
//! scale-out comparison and the wrk ceiling, from runs made up to cover each case.

use std::collections::BTreeMap;

use fanout_core::results::{RequestCounts, Results, RunRecord};
use fanout_report::analysis::ReportData;
use fanout_report::analysis::scale::{BreakingPoint, Cause, breaking_points};
use fanout_report::pages::Sources;
use fanout_report::pages::figures::figures_for;
use fanout_report::pages::format;
use fanout_report::pages::readme::SCALE;
use fanout_report::{LoadGenerator, summarise, write_report};

fn run(model: &str, concurrency: usize, instances: usize) -> RunRecord {
    RunRecord {
        model: model.into(),
        workload: "c10k".into(),
        concurrency,
        requests: RequestCounts {
            total: 10_000,
            ok: 10_000,
            failed: BTreeMap::new(),
        },
        verified: true,
        wall_ms: 10_000_000.0 / concurrency as f64 * 1.25,
        ideal_ms: 10_000_000.0 / concurrency as f64,
        efficiency: 0.8,
        peak_rss_kib: 6_000 + concurrency as u64 * 20,
        baseline_rss_kib: 6_000,
        peak_vm_kib: 20_000 + concurrency as u64 * 100,
        baseline_vm_kib: 20_000,
        server_peak_in_flight: concurrency as u64,
        server_requests: 10_000,
        server_cpu_ms: Some(600.0 * instances as f64),
        server_instances: instances,
        ..RunRecord::default()
    }
}

fn failed(mut record: RunRecord, error: &str) -> RunRecord {
    record.error = Some(error.into());
    record.verified = false;
    record
}

fn timed_out(mut record: RunRecord, timeouts: u64) -> RunRecord {
    record.requests.ok -= timeouts;
    record.requests.failed.insert("timeout".into(), timeouts);
    record
}

fn runs() -> Vec<RunRecord> {
    let mut runs = Vec::new();
    for level in [1000, 5000, 10_000] {
        runs.push(run("tokio", level, 2));
    }
    runs.push(run("rayon", 1000, 2));
    runs.push(failed(
        run("rayon", 5000, 2),
        "worker passed its deadline of 52 s and was killed",
    ));
    runs.push(failed(
        run("rayon", 10_000, 2),
        "not run: rayon failed at concurrency 5000",
    ));
    runs.push(run("threads", 1000, 2));
    runs.push(run("threads", 5000, 2));
    runs.push(timed_out(run("threads", 10_000, 2), 120));
    for level in [1000, 5000, 10_000] {
        runs.push(failed(
            run("sequential", level, 2),
            "not run: sequential keeps at most 1 request(s) in flight, so its ideal time is \
             10000 s, over the 120 s allowed",
        ));
    }
    // The same model against a smaller and a bigger server.
    let mut one = run("tokio", 10_000, 1);
    one.efficiency = 0.45;
    runs.push(one);
    runs.push(run("tokio", 10_000, 4));
    runs
}

#[test]
fn each_model_is_reported_with_its_highest_level_and_what_stopped_it() {
    let data = ReportData::new(summarise(&runs()));
    let points = breaking_points(&data, "c10k");
    let point = |model: &str| points.iter().find(|p| p.model == model).unwrap().clone();
    assert_eq!(
        point("tokio"),
        BreakingPoint {
            model: "tokio".into(),
            completed: Some(10_000),
            broke: None,
            lower: Vec::new(),
        }
    );
    let rayon = point("rayon");
    assert_eq!(rayon.completed, Some(1000));
    let (level, cause) = rayon.broke.unwrap();
    assert_eq!(level, 5000);
    assert_eq!(cause, Cause::Deadline);
    let (level, cause) = point("threads").broke.unwrap();
    assert_eq!(level, 10_000);
    assert_eq!(
        format::cause(&cause),
        "timeout: 120 of 10000 requests failed"
    );
    let sequential = point("sequential");
    assert_eq!(sequential.completed, None);
    let (_, cause) = sequential.broke.unwrap();
    let said = format::cause(&cause);
    assert!(said.starts_with("not run: keeps at most 1"), "{said}");

    // A model that lost a few requests low down and finished every higher level cleanly got
    // to the top; the lower loss is kept beside it.
    let mut runs = runs();
    runs.push(timed_out(run("smol", 1000, 2), 3));
    runs.push(run("smol", 5000, 2));
    runs.push(run("smol", 10_000, 2));
    let data = ReportData::new(summarise(&runs));
    let smol = breaking_points(&data, "c10k")
        .into_iter()
        .find(|p| p.model == "smol")
        .unwrap();
    assert_eq!(smol.completed, Some(10_000));
    assert_eq!(smol.broke, None);
    assert_eq!(smol.lower.len(), 1);
    assert_eq!(smol.lower[0].0, 1000);
    assert_eq!(
        smol.lower[0].1,
        Cause::Requests {
            kind: "timeout".into(),
            failed: 3,
            total: 10_000
        }
    );
}

#[test]
fn the_scale_charts_and_sections_are_written() {
    let results = Results {
        schema: 1,
        machine: Default::default(),
        started_at: "2026-01-01T00:00:00Z".into(),
        command: "fanout run --workload c10k".into(),
        server_floor: None,
        server_cpus: Vec::new(),
        warmup: 0,
        runs: runs(),
        summary: Vec::new(),
    };
    let generator = LoadGenerator::from_json(
        r#"{"tool": "wrk 4.1.0", "workload": "c10k", "server_instances": 2, "threads": 2,
            "connections": 1000, "duration_s": 10.0, "requests": 10000, "errors": 0,
            "requests_per_s": 1000.0, "latency_p50_ms": 1.0, "latency_p99_ms": 2.0}"#,
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let files = write_report(&[results], Some(&generator), dir.path()).unwrap();
    for expected in [
        "breaking-points.svg",
        "memory-c10k-at-10000.svg",
        "server-scale-out-c10k-at-10000.svg",
    ] {
        assert!(files.iter().any(|f| f == expected), "{expected}: {files:?}");
    }
    // The results page and, for the captions, its page of charts.
    let readme = ["README.md", "CHARTS.md"]
        .map(|page| std::fs::read_to_string(dir.path().join(page)).unwrap())
        .join("\n");
    assert!(readme.contains("## Where each model breaks"));
    assert!(readme.contains(
        "| rayon | 1000 | 0.80 | 1000 | 1000 | at 5000: too slow: killed at its deadline |"
    ));
    assert!(
        readme.contains(
            "| tokio | 10000 | 0.80 | 10000 | 10000 | nothing up to the top of the sweep |"
        )
    );
    assert!(readme.contains(
        "| sequential | none | - | - | - | at 1000: not run: keeps at most 1 request in flight: \
         ideal 10000 s, over the 120 s allowed |"
    ));
    // tokio and threads at 1000 on two instances: 10,000 requests in 12.5 s = 800 per second.
    assert!(readme.contains("## Client throughput ceiling"));
    assert!(
        readme.contains("800 requests/s, 0.80 of wrk 4.1.0's rate"),
        "{readme}"
    );
    // Memory at the top, per request in flight: 20 KiB resident and 100 KiB reserved for each
    // of 10,000 in flight; a model with no completed run there is named, not drawn.
    assert!(
        readme.contains("tokio 20.0 KiB resident and 100 KiB reserved a request, 10000 in flight"),
        "{readme}"
    );
    assert!(!readme.contains("rayon 20.0 KiB resident"));
    // Server CPU per request: 60 us per instance-equivalent in this made-up data.
    assert!(
        readme.contains("tokio, 1 instance: efficiency 0.45"),
        "{readme}"
    );
    let data = ReportData::new(summarise(&runs()));
    assert!(figures_for(&data).len() >= 3);
}

#[test]
fn the_readme_scale_section_is_read_from_the_runs() {
    let data = ReportData::new(summarise(&runs()));
    let generator = LoadGenerator::from_json(
        r#"{"tool": "wrk 4.1.0", "workload": "c10k", "server_instances": 2, "threads": 2,
            "connections": 1000, "duration_s": 10.0, "requests": 10000, "errors": 0,
            "requests_per_s": 1000.0, "latency_p50_ms": 1.0, "latency_p99_ms": 2.0}"#,
    )
    .unwrap();
    let text = scale_section(&data, Some(&generator));
    assert!(text.starts_with(SCALE.begin), "{text}");
    assert!(text.ends_with(SCALE.end), "{text}");
    assert!(text.contains("1 run at 1000, 5000 and 10000"), "{text}");
    // 20 KiB resident and 100 KiB reserved for each of 10,000 asked for.
    assert!(
        text.contains("| tokio | 0.80 | 0.80 | 10000 / 10000 | 0 | 195 MiB / 977 MiB |"),
        "{text}"
    );
    assert!(
        text.contains(
            "| threads | 0.80 | 0.80, timeout: 120 of 10000 requests failed | 10000 / 10000 | 0 | 195 MiB / 977 MiB |"
        ),
        "{text}"
    );
    assert!(!text.contains("| sequential"), "{text}");
    assert!(
        text.contains("`sequential` keeps one or two requests in flight"),
        "{text}"
    );
    assert!(
        text.contains(
            "Above the highest level each completed, a run failed or lost requests: `threads` at 10000 \
             (timeout: 120 of 10000 requests failed) and `rayon` at 5000 (too slow: killed at \
             its deadline)."
        ),
        "{text}"
    );
    assert!(
        text.contains("spends 120 µs of CPU a request at 1000"),
        "{text}"
    );
    assert!(
        text.contains("`tokio` 0.45 with 1, 0.80 with 2 and 0.80 with 4"),
        "{text}"
    );
    assert!(
        text.contains("the fastest median makes 800 requests a second (`tokio`)"),
        "{text}"
    );
    // Without scale runs, no figures at all.
    let quick = ReportData::new(Vec::new());
    assert!(scale_section(&quick, None).contains("hold no `c10k` runs"));
}

#[test]
fn a_load_generator_file_with_a_missing_field_is_refused() {
    let err = LoadGenerator::from_json(r#"{"tool": "wrk"}"#).unwrap_err();
    assert!(err.contains("missing field"), "{err}");
}

/// README's scale section alone, markers included, as two cores would write it.
fn scale_section(data: &ReportData, generator: Option<&LoadGenerator>) -> String {
    SCALE.render(&Sources {
        results: &[],
        data,
        figures: &[],
        generator,
        charts_dir: "results",
        cores: 2,
    })
}
