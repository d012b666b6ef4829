//! What a run found, as hyperfine closes its output: at each workload's highest level, the
//! fastest model, every other's time, memory and threads as ratios of the fastest's (the time
//! with its range over the two medians' 95% intervals), and the fastest Python model beside the
//! fastest Rust one.

use crate::summary::Summary;

/// One model beside the fastest.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Beside {
    /// The model.
    pub model: String,
    /// The requests in flight it was asked for.
    pub concurrency: usize,
    /// Its median wall time.
    pub wall_ms: f64,
    /// Its median over the fastest's.
    pub ratio: f64,
    /// The ratio's range over the two medians' 95% intervals (its low over the fastest's high,
    /// its high over the fastest's low); `None` where either ran once.
    pub interval: Option<(f64, f64)>,
    /// Whether the data cannot tell it from the fastest: their medians' intervals overlap, so
    /// the ratio's range holds 1.
    pub tied: bool,
    /// Its peak resident memory over the fastest's.
    pub memory_ratio: f64,
    /// Its peak threads over the fastest's.
    pub threads_ratio: f64,
}

/// A workload's answer.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FirstLook {
    /// The workload.
    pub workload: String,
    /// Units of CPU work a page.
    pub cpu_work: u32,
    /// The level compared (models that keep one request in flight ran at 1 beside it).
    pub concurrency: usize,
    /// The fastest model, beside itself.
    pub fastest: Beside,
    /// Every other model, fastest first.
    pub others: Vec<Beside>,
    /// The fastest Python model beside the fastest Rust model, when both ran.
    pub python: Option<Beside>,
    /// Groups with no completed run or with failed requests: not compared.
    pub failed: Vec<String>,
}

/// The answer for each (workload, CPU work) of `summaries`, at its highest level; models that
/// only ever ran at one level (one request at a time) are compared at theirs.
pub fn first_looks(summaries: &[Summary]) -> Vec<FirstLook> {
    let sections = crate::group_by(summaries, |s| (s.workload.as_str(), s.cpu_work));
    sections
        .into_iter()
        .filter_map(|(_, section)| first_look(&section))
        .collect()
}

/// Each model's group at its highest level, from one section's groups.
fn top_groups<'a>(section: &[&'a Summary]) -> Vec<&'a Summary> {
    let mut top: Vec<&Summary> = Vec::new();
    for s in section {
        match top.iter_mut().find(|t| t.model == s.model) {
            Some(t) if s.concurrency > t.concurrency => *t = s,
            Some(_) => {}
            None => top.push(s),
        }
    }
    top
}

fn first_look(section: &[&Summary]) -> Option<FirstLook> {
    let top = top_groups(section);
    let concurrency = top.iter().map(|s| s.concurrency).max()?;
    let (clean, failed): (Vec<&Summary>, Vec<&Summary>) =
        top.into_iter().partition(|s| !s.failed() && s.failed == 0);
    let fastest = *clean
        .iter()
        .min_by(|a, b| a.wall_ms.median.total_cmp(&b.wall_ms.median))?;
    let mut others: Vec<Beside> = clean
        .iter()
        .filter(|s| s.model != fastest.model)
        .map(|s| beside(s, fastest))
        .collect();
    others.sort_by(|a, b| a.ratio.total_cmp(&b.ratio));
    let is_python = |s: &&&Summary| s.model.starts_with("py-");
    let fastest_of = |python: bool| {
        clean
            .iter()
            .filter(|s| is_python(s) == python)
            .min_by(|a, b| a.wall_ms.median.total_cmp(&b.wall_ms.median))
    };
    let python = match (fastest_of(true), fastest_of(false)) {
        (Some(python), Some(rust)) => Some(beside(python, rust)),
        _ => None,
    };
    Some(FirstLook {
        workload: fastest.workload.clone(),
        cpu_work: fastest.cpu_work,
        concurrency,
        fastest: beside(fastest, fastest),
        others,
        python,
        failed: failed.iter().map(|s| s.model.clone()).collect(),
    })
}

/// `summary` beside `base`: tied when their medians' 95% intervals overlap, as the tables'
/// `same as` column reads them.
fn beside(summary: &Summary, base: &Summary) -> Beside {
    let intervals = summary.wall_ms.interval.zip(base.wall_ms.interval);
    Beside {
        model: summary.model.clone(),
        concurrency: summary.concurrency,
        wall_ms: summary.wall_ms.median,
        ratio: summary.wall_ms.median / base.wall_ms.median,
        interval: intervals
            .map(|((low, high), (base_low, base_high))| (low / base_high, high / base_low)),
        tied: summary.model != base.model && summary.overlaps(base),
        memory_ratio: summary.peak_rss_kib / base.peak_rss_kib,
        threads_ratio: summary.peak_threads / base.peak_threads,
    }
}

#[cfg(test)]
mod tests {
    use fanout_core::results::RunRecord;

    use super::*;
    use crate::summary::summarise;

    fn run(model: &str, concurrency: usize, wall_ms: f64, rss_kib: u64) -> RunRecord {
        RunRecord {
            model: model.into(),
            workload: "quick".into(),
            concurrency,
            wall_ms,
            peak_rss_kib: rss_kib,
            peak_threads: 2,
            verified: true,
            ..RunRecord::default()
        }
    }

    #[test]
    fn the_fastest_leads_and_the_rest_follow_as_ratios_with_ties_named() {
        let runs = [
            run("tokio", 100, 100.0, 4000),
            run("tokio", 100, 102.0, 4000),
            run("smol", 100, 101.0, 3000),
            run("smol", 100, 103.0, 3000),
            run("threads", 100, 150.0, 12000),
            run("threads", 100, 152.0, 12000),
            run("sequential", 1, 10_000.0, 2000),
            run("py-asyncio", 100, 300.0, 30000),
            run("py-asyncio", 100, 306.0, 30000),
        ];
        let looks = first_looks(&summarise(&runs));
        let look = &looks[0];
        assert_eq!(
            (look.fastest.model.as_str(), look.concurrency),
            ("tokio", 100)
        );
        let order: Vec<&str> = look.others.iter().map(|o| o.model.as_str()).collect();
        assert_eq!(order, ["smol", "threads", "py-asyncio", "sequential"]);
        assert!(look.others[0].tied && !look.others[1].tied);
        let threads = &look.others[1];
        assert!((threads.ratio - 1.5).abs() < 0.02 && threads.memory_ratio == 3.0);
        assert!(
            threads
                .interval
                .is_some_and(|(low, high)| low < 1.5 && 1.5 < high)
        );
        // A single run has no interval, and is not tied with anything.
        assert!(look.others[3].interval.is_none() && !look.others[3].tied);
        let python = look.python.as_ref().unwrap();
        assert_eq!(python.model, "py-asyncio");
        assert!((python.ratio - 3.0).abs() < 0.05);
    }

    #[test]
    fn a_group_that_lost_requests_is_named_not_compared() {
        let mut lossy = run("rayon", 100, 50.0, 1000);
        lossy.requests.failed.insert("timeout".into(), 3);
        let runs = [run("tokio", 100, 100.0, 4000), lossy];
        let look = &first_looks(&summarise(&runs))[0];
        assert_eq!(look.fastest.model, "tokio");
        assert_eq!(look.failed, ["rayon"]);
        assert!(look.others.is_empty() && look.python.is_none());
    }
}
