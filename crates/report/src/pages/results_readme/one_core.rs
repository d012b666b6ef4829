//! "On one core": each group pinned to one CPU beside the same group unpinned.

use minijinja::context;

use crate::analysis::summary::Spread;
use crate::pages::{Section, Sources, templates};

/// Each pinned group beside its unpinned twin; nothing without pinned runs.
pub struct OneCore;

impl Section for OneCore {
    fn write(&self, from: &Sources, out: &mut String) {
        let data = from.data;
        if data.pinned.is_empty() {
            return;
        }
        let cell = |spread: &Spread| match spread.interval {
            Some((low, high)) => format!("{:.0} [{low:.0}-{high:.0}]", spread.median),
            None => format!("{:.0}", spread.median),
        };
        let mut table = String::from(
            "| model | workload | conc. | both cores, ms | one core, ms | one core / both |\n\
             |---|---|---|---|---|---|",
        );
        let mut ratios = Vec::new();
        for pinned in data.pinned.iter().filter(|s| !s.failed()) {
            let Some(free) = data.all.iter().find(|s| {
                s.model == pinned.model
                    && s.workload == pinned.workload
                    && s.concurrency == pinned.concurrency
                    && s.cpu_work == pinned.cpu_work
                    && !s.failed()
            }) else {
                continue;
            };
            let ratio = pinned.wall_ms.median / free.wall_ms.median;
            ratios.push((&pinned.model, &pinned.workload, ratio));
            table += &format!(
                "\n| {} | {} | {} | {} | {} | {ratio:.2} |",
                crate::analysis::models::label(&pinned.model),
                pinned.workload,
                pinned.concurrency,
                cell(&free.wall_ms),
                cell(&pinned.wall_ms)
            );
        }
        // How much one core changed a model, either way: the size of the log of the ratio.
        let changes: Vec<_> = ["quick", "cpu"]
            .into_iter()
            .filter_map(|workload| {
                let on = ratios.iter().filter(|r| r.1 == workload);
                let by_change =
                    |a: &&(_, _, f64), b: &&(_, _, f64)| a.2.ln().abs().total_cmp(&b.2.ln().abs());
                let (least, most) = (on.clone().min_by(by_change)?, on.max_by(by_change)?);
                Some(context! {
                    workload, least => least.0, least_ratio => least.2,
                    most => most.0, most_ratio => most.2,
                })
            })
            .collect();
        out.push_str(&templates::render(
            "results/one_core.md",
            context! { table, changes },
        ));
    }
}
