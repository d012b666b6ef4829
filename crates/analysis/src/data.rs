//! What a report is made from: the summaries of its runs, and the queries every chart, table
//! and page makes of them (workloads, models, concurrency levels, one model's series).

use super::models::sort_models;
use super::summary::Summary;
use super::timeline::Timeline;

/// The summaries a report draws from, with the queries every chart needs.
pub struct ReportData {
    /// Each workload at its most measured level of CPU work and server size: what the charts
    /// by concurrency show.
    pub summaries: Vec<Summary>,
    /// Every group, every level of CPU work.
    pub all: Vec<Summary>,
    /// The request records of the first run of each group that kept them.
    pub timelines: Vec<Timeline>,
    /// Groups whose workers were pinned to given CPUs (`--pin-workers`): kept out of every
    /// chart and table by concurrency, compared in a section of their own.
    pub pinned: Vec<Summary>,
    /// Cores of the machine the runs were made on (the most any results file says); 0 when
    /// not told.
    pub cores: usize,
}

impl ReportData {
    /// The queries over `all`, with each workload's charted groups picked out.
    pub fn new(all: Vec<Summary>) -> Self {
        // Each workload at the level of CPU work it was measured at most, whichever results
        // file came first.
        let counts = crate::group_by(&all, |s| (s.workload.clone(), s.cpu_work));
        let first_level: Vec<(String, u32)> = crate::distinct(counts.iter().map(|((w, _), _)| w))
            .into_iter()
            .map(|workload| {
                // Of equals, the workload's own CPU work (a built-in workload's file says it),
                // then the lowest.
                let own = fanout_core::Workload::load(workload)
                    .ok()
                    .map(|w| w.cpu_work());
                let level = counts
                    .iter()
                    .filter(|((w, _), _)| w == workload)
                    .max_by(|((_, a), a_groups), ((_, b), b_groups)| {
                        a_groups
                            .len()
                            .cmp(&b_groups.len())
                            .then((Some(*a) == own).cmp(&(Some(*b) == own)))
                            .then(b.cmp(a))
                    })
                    .map_or(0, |((_, level), _)| *level);
                (workload.clone(), level)
            })
            .collect();
        let usual_instances = |workload: &str, cpu_work: u32| {
            let at_level = all
                .iter()
                .filter(|s| s.workload == workload && s.cpu_work == cpu_work);
            crate::group_by(at_level, |s| s.server_instances)
                .into_iter()
                .max_by_key(|(_, groups)| groups.len())
                .map(|(n, _)| n)
        };
        let summaries = all
            .iter()
            .filter(|s| {
                first_level.contains(&(s.workload.clone(), s.cpu_work))
                    && usual_instances(&s.workload, s.cpu_work) == Some(s.server_instances)
            })
            .cloned()
            .collect();
        Self {
            summaries,
            all,
            timelines: Vec::new(),
            pinned: Vec::new(),
            cores: 0,
        }
    }

    /// The data of every run in `results`: pinned runs apart, the rest with their timelines.
    pub fn from_results(results: &[fanout_core::results::Results]) -> Self {
        let (pinned, runs): (Vec<_>, Vec<_>) = results
            .iter()
            .flat_map(|r| r.runs.iter().cloned())
            .partition(|run| !run.worker_cpus.is_empty());
        let mut data = Self::new(crate::summarise(&runs)).with_timelines(&runs);
        data.pinned = crate::summarise(&pinned);
        data.cores = results.iter().map(|r| r.machine.cores).max().unwrap_or(0);
        data
    }

    /// The records of `model`'s first run on `workload` with `cpu_work`, at `concurrency`, or
    /// at the one level a model runs at when it runs at only one (`sequential`).
    pub fn timeline(
        &self,
        model: &str,
        workload: &str,
        concurrency: usize,
        cpu_work: u32,
    ) -> Option<&Timeline> {
        let of_model = self
            .timelines
            .iter()
            .filter(|t| t.model == model && t.workload == workload && t.cpu_work == cpu_work)
            .collect();
        only_or_at(of_model, concurrency, |t| t.concurrency)
    }

    /// How long `model` took to start its first `concurrency` requests, from the records of
    /// its first run at exactly that level (see [`Timeline::ramp_ms`]): a model's one other
    /// level would say something else.
    pub fn ramp_ms(
        &self,
        model: &str,
        workload: &str,
        concurrency: usize,
        cpu_work: u32,
    ) -> Option<f64> {
        self.timeline(model, workload, concurrency, cpu_work)
            .filter(|t| t.concurrency == concurrency)?
            .ramp_ms()
    }

    /// [`ReportData::timeline`] for each of `models` that has one, in that order: the panels
    /// of a chart of time.
    pub fn timelines_of(
        &self,
        models: &[&str],
        workload: &str,
        concurrency: usize,
        cpu_work: u32,
    ) -> Vec<&Timeline> {
        models
            .iter()
            .filter_map(|model| self.timeline(model, workload, concurrency, cpu_work))
            .collect()
    }

    /// The same, with the request records of `runs` for the charts of time.
    pub fn with_timelines(mut self, runs: &[fanout_core::results::RunRecord]) -> Self {
        self.timelines = Timeline::from_runs(runs);
        self
    }

    /// Workloads in the order they were run.
    pub fn workloads(&self) -> Vec<String> {
        crate::distinct(self.summaries.iter().map(|s| s.workload.clone()))
    }

    /// Models that ran on `workload`, in legend order.
    pub fn models(&self, workload: &str) -> Vec<String> {
        let on = self.summaries.iter().filter(|s| s.workload == workload);
        let mut models = crate::distinct(on.map(|s| s.model.clone()));
        sort_models(&mut models);
        models
    }

    /// A model's successful groups on a workload, by concurrency.
    pub fn series(&self, workload: &str, model: &str) -> Vec<&Summary> {
        by_concurrency(&self.summaries, |s| {
            s.workload == workload && s.model == model
        })
    }

    /// Every successful group of `model` on `workload` with `cpu_work`, at every level of CPU
    /// work measured (not only the charted one), by concurrency.
    pub fn series_at_work(&self, model: &str, workload: &str, cpu_work: u32) -> Vec<&Summary> {
        by_concurrency(&self.all, |s| {
            s.model == model && s.workload == workload && s.cpu_work == cpu_work
        })
    }

    /// The successful group of `model` on `workload` with `cpu_work`, at `concurrency`, or at
    /// the one level a model runs at when it runs at only one (`sequential`).
    pub fn group_at(
        &self,
        model: &str,
        workload: &str,
        concurrency: usize,
        cpu_work: u32,
    ) -> Option<&Summary> {
        only_or_at(
            self.series_at_work(model, workload, cpu_work),
            concurrency,
            |s| s.concurrency,
        )
    }

    /// The groups of `workload` that were started and had no completed run: no point to draw.
    pub fn broken(&self, workload: &str) -> Vec<&Summary> {
        self.summaries
            .iter()
            .filter(|s| s.workload == workload && s.failed())
            .filter(|s| {
                !s.first_error
                    .as_deref()
                    .is_some_and(|e| e.starts_with("not run"))
            })
            .collect()
    }

    /// Concurrency levels run on a workload, ascending.
    pub fn levels(&self, workload: &str) -> Vec<usize> {
        let in_workload = self.summaries.iter().filter(|s| s.workload == workload);
        let mut levels = crate::distinct(in_workload.map(|s| s.concurrency));
        levels.sort_unstable();
        levels
    }

    /// The highest concurrency at which a workload ran more than one model: where bar charts
    /// compare the models.
    pub fn comparison_level(&self, workload: &str) -> Option<usize> {
        self.levels(workload).into_iter().rev().find(|level| {
            self.summaries
                .iter()
                .filter(|s| s.workload == workload && s.concurrency == *level && !s.failed())
                .count()
                > 1
        })
    }

    /// The successful groups of a workload at one concurrency, in legend order.
    pub fn at_level(&self, workload: &str, level: usize) -> Vec<&Summary> {
        self.models(workload)
            .iter()
            .filter_map(|model| {
                let series = self.series(workload, model);
                series.into_iter().find(|s| s.concurrency == level)
            })
            .collect()
    }

    /// The workload the headline charts are drawn for: `quick` if it was run, else the one
    /// with the most concurrency levels.
    pub fn primary_workload(&self) -> Option<String> {
        let workloads = self.workloads();
        if workloads.iter().any(|w| w == "quick") {
            return Some("quick".into());
        }
        workloads.into_iter().max_by_key(|w| self.levels(w).len())
    }
}

/// The item of `items` at `concurrency`, or the only item when there is one.
fn only_or_at<T>(items: Vec<&T>, concurrency: usize, level: impl Fn(&T) -> usize) -> Option<&T> {
    let only = (items.len() == 1).then(|| items[0]);
    items
        .iter()
        .copied()
        .find(|item| level(item) == concurrency)
        .or(only)
}

/// The successful groups of `groups` that `keep` keeps, by concurrency.
fn by_concurrency(groups: &[Summary], keep: impl Fn(&Summary) -> bool) -> Vec<&Summary> {
    let mut series: Vec<&Summary> = groups.iter().filter(|s| keep(s) && !s.failed()).collect();
    series.sort_by_key(|s| s.concurrency);
    series
}
