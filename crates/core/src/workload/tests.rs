//! Tests of workload files: parsing, validation, and the targets a file derives.

use super::*;

pub(super) const SMALL: &str = r#"
name = "small"
description = "test"
seed = 7
targets = 50
concurrency = [1, 5]
timeout_ms = 1000
latency_ms = { dist = "lognormal", median = 100, sigma = 1.0, max = 2000 }
body_bytes = { dist = "uniform", min = 100, max = 5000 }
faults = { error_rate = 0.2, error_status = 418 }
"#;

#[test]
fn same_seed_gives_the_same_targets() {
    let a = Workload::parse(SMALL, "a.toml").unwrap().targets();
    let b = Workload::parse(SMALL, "b.toml").unwrap().targets();
    assert_eq!(a, b);
    assert_eq!(a.len(), 50);
    let other = Workload::parse(&SMALL.replace("seed = 7", "seed = 8"), "c.toml").unwrap();
    assert_ne!(a, other.targets());
}

#[test]
fn draws_respect_their_distribution() {
    let targets = Workload::parse(SMALL, "a.toml").unwrap().targets();
    assert!(targets.iter().all(|t| t.delay_ms <= 2000));
    assert!(targets.iter().all(|t| (100..=5000).contains(&t.size)));
    let faulted = targets
        .iter()
        .filter(|t| t.fault == Fault::Status(418))
        .count();
    assert!((1..25).contains(&faulted), "{faulted} of 50 at rate 0.2");
    let distinct: std::collections::BTreeSet<_> = targets.iter().map(|t| t.delay_ms).collect();
    assert!(distinct.len() > 20, "log-normal delays should vary");
}

#[test]
fn fault_rates_adding_past_one_are_refused() {
    let source = SMALL.replace(
        "faults = { error_rate = 0.2, error_status = 418 }",
        "faults = { error_rate = 0.6, reset_rate = 0.6 }",
    );
    let err = Workload::parse(&source, "f.toml").unwrap_err();
    assert_eq!(err.field.as_deref(), Some("faults"), "{err}");
}

#[test]
fn every_built_in_workload_loads() {
    for name in Workload::built_in_names() {
        let workload = Workload::load(name).unwrap();
        assert_eq!(workload.name(), name);
        assert_eq!(workload.targets().len() as u64, workload.target_count());
    }
}

#[test]
fn the_scale_workloads_are_ten_thousand_wide() {
    let c10k = Workload::load("c10k").unwrap();
    let targets = c10k.targets();
    assert_eq!(targets.len(), 10_000);
    assert!(targets.iter().all(|t| t.delay_ms == 1000));
    assert_eq!(c10k.concurrency().iter().max(), Some(&10_000));

    let crawl = Workload::load("crawl-10k").unwrap();
    let targets = crawl.targets();
    assert_eq!(targets.len(), 10_000);
    assert_eq!(crawl.concurrency().iter().max(), Some(&10_000));
    // Long-tailed: the slowest and biggest pages are many times the typical one.
    let percentile = |mut values: Vec<u64>, p: f64| {
        values.sort_unstable();
        values[((values.len() - 1) as f64 * p) as usize]
    };
    let delays: Vec<u64> = targets.iter().map(|t| t.delay_ms).collect();
    let sizes: Vec<u64> = targets.iter().map(|t| t.size).collect();
    let (median_delay, p99_delay) = (percentile(delays.clone(), 0.5), percentile(delays, 0.99));
    assert!((180..=220).contains(&median_delay), "{median_delay}");
    assert!(
        p99_delay > 5 * median_delay,
        "{p99_delay} vs {median_delay}"
    );
    let (median_size, p99_size) = (percentile(sizes.clone(), 0.5), percentile(sizes, 0.99));
    assert!((30_000..=36_000).contains(&median_size), "{median_size}");
    assert!(p99_size > 8 * median_size, "{p99_size} vs {median_size}");
}

#[test]
fn out_of_range_values_name_the_field_and_the_limit() {
    let cases = [
        ("targets = 50", "targets = 0", "targets"),
        (
            "concurrency = [1, 5]",
            "concurrency = [1, 0]",
            "concurrency",
        ),
        ("timeout_ms = 1000", "timeout_ms = 0", "timeout_ms"),
        ("max = 2000", "max = 99999999", "latency_ms"),
        ("error_rate = 0.2", "error_rate = 1.5", "error_rate"),
    ];
    for (from, to, field) in cases {
        let err = Workload::parse(&SMALL.replace(from, to), "bad.toml").unwrap_err();
        assert_eq!(err.field.as_deref(), Some(field), "{to}: {err}");
        assert!(err.line.is_some(), "{to}: {err}");
        assert!(err.message.contains("allowed"), "{to}: {err}");
    }
}

#[test]
fn deserialising_validates_so_no_invalid_workload_can_be_made() {
    let json = |targets: &str| {
        format!(
            r#"{{"name": "j", "description": "", "seed": 1, "targets": {targets},
            "concurrency": [1], "timeout_ms": 1000,
            "latency_ms": {{"dist": "fixed", "value": 0}},
            "body_bytes": {{"dist": "fixed", "value": 10}}}}"#
        )
    };
    let valid: Workload = serde_json::from_str(&json("3")).unwrap();
    assert_eq!(valid.targets().len(), 3);
    for targets in ["0", "-1", "1000001"] {
        assert!(
            serde_json::from_str::<Workload>(&json(targets)).is_err(),
            "targets = {targets}"
        );
    }
    let err = serde_json::from_str::<Workload>(&json("0")).unwrap_err();
    assert!(err.to_string().contains("field `targets`"), "{err}");

    let err = toml::from_str::<Workload>(&SMALL.replace("error_rate = 0.2", "error_rate = 2"))
        .unwrap_err();
    assert!(err.to_string().contains("field `error_rate`"), "{err}");
}

#[test]
fn a_workload_serialises_to_a_file_that_reads_back() {
    for name in Workload::built_in_names() {
        let workload = Workload::load(name).unwrap();
        let json = serde_json::to_string(&workload).unwrap();
        assert_eq!(serde_json::from_str::<Workload>(&json).unwrap(), workload);
    }
}

#[test]
fn unknown_name_lists_the_built_in_ones() {
    let err = Workload::load("nope").unwrap_err();
    assert!(
        err.message.contains("quick") && err.message.contains("google-6"),
        "{err}"
    );
}
