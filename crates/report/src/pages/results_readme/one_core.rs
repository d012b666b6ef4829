//! "On one core": each group pinned to one CPU beside the same group unpinned.

use std::fmt::Write as _;

use crate::analysis::ReportData;
use crate::analysis::summary::Spread;
use crate::pages::{Section, Sources};

/// Each pinned group beside its unpinned twin.
pub struct OneCore;

impl Section for OneCore {
    fn write(&self, from: &Sources, out: &mut String) {
        if let Some(one_core) = one_core_section(from.data) {
            out.push_str("## On one core\n\n");
            out.push_str(&one_core);
            out.push('\n');
        }
    }
}

/// "On one core": each pinned group beside the same group run unpinned; `None` without
/// pinned runs.
pub fn one_core_section(data: &ReportData) -> Option<String> {
    if data.pinned.is_empty() {
        return None;
    }
    let mut out = String::from(
        "The same runs with every worker pinned to one CPU (`--pin-workers`) and the mock \
         server to another (`--pin-server`): each model sizes its runtime or pool to the CPUs it \
         may use, so this is each model on a one-core machine beside its server. Wall time, \
         median [95% CI], against the same model on the same job with both cores shared with \
         the server.\n\n| model | workload | conc. | both cores, ms | one core, ms | one core / both |\n|---|---|---|---|---|---|\n",
    );
    let cell = |spread: &Spread| match spread.interval {
        Some((low, high)) => format!("{:.0} [{low:.0}-{high:.0}]", spread.median),
        None => format!("{:.0}", spread.median),
    };
    let mut ratios: Vec<(String, String, f64)> = Vec::new();
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
        ratios.push((pinned.model.clone(), pinned.workload.clone(), ratio));
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {ratio:.2} |",
            crate::analysis::models::label(&pinned.model),
            pinned.workload,
            pinned.concurrency,
            cell(&free.wall_ms),
            cell(&pinned.wall_ms)
        );
    }
    out.push('\n');
    for workload in ["quick", "cpu"] {
        let on: Vec<&(String, String, f64)> =
            ratios.iter().filter(|(_, w, _)| w == workload).collect();
        // How much one core changed a model, either way: the size of the log of the ratio.
        let change = |r: &&&(String, String, f64)| r.2.ln().abs();
        let (Some(least), Some(most)) = (
            on.iter().min_by(|a, b| change(a).total_cmp(&change(b))),
            on.iter().max_by(|a, b| change(a).total_cmp(&change(b))),
        ) else {
            continue;
        };
        let _ = write!(
            out,
            "On `{workload}`, one core changed `{}` least ({:.2}x) and `{}` most ({:.2}x), by \
             their medians. ",
            least.0, least.2, most.0, most.2
        );
    }
    out.push('\n');
    Some(out)
}
