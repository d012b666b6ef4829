//! The caption of the [`CpuBudget`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::pages::format;

use super::Figure;
use crate::charts::CpuBudget;

impl Figure for CpuBudget {
    fn caption(&self, data: &ReportData) -> String {
        let cores = data.cores.max(1);
        let groups = self.groups(data);
        let whole_life = groups
            .iter()
            .filter_map(|s| s.budget.as_ref())
            .all(|b| b.whole_life);
        let mut text = format!(
            "Each bar is one run of a model at concurrency {} (the repeat whose wall time is the \
             group's median, so its parts add up), as long as the core-seconds the machine's {cores} \
             cores could give over {}. In it, from the left: the model's CPU over its run (its \
             colour), the mock server's (dark grey), {}the harness's own (sampling `/proc`), the \
             rest of the machine's, and what no one used. The model and the mock server share the \
             {cores} cores. The black tick is {cores} cores × the ideal time: where the first two \
             parts together pass it, that run could not have finished in the ideal time on these \
             cores with the CPU it and the server spent, however the work overlapped.",
            self.level,
            if whole_life {
                "the worker's life (from its start to its exit)"
            } else {
                "the model's wall time (these runs were measured before the worker's whole life \
                 was recorded)"
            },
            if groups
                .iter()
                .filter_map(|s| s.budget.as_ref())
                .any(|b| b.model_outside_ms.is_some())
            {
                "the model's start-up and exit (lighter: a process's, an interpreter's and its \
                 imports), "
            } else {
                "(the model's start-up inside its own part, where its run did not measure it \
                 apart), "
            },
        );
        let loads: Vec<(String, f64, f64, f64)> = groups
            .iter()
            .filter_map(|s| {
                let budget = s.budget.as_ref()?;
                let load = budget.ideal_load(cores)?;
                Some((s.model.clone(), budget.model_ms, budget.server_ms?, load))
            })
            .collect();
        let Some(ideal) = groups
            .iter()
            .find_map(|s| s.budget.as_ref().map(|b| b.ideal_ms))
        else {
            return text;
        };
        let figures: Vec<String> = loads
            .iter()
            .map(|(model, own, server, load)| {
                format!(
                    "`{model}` {} and the server {} ({:.2} of the tick)",
                    format::s(*own),
                    format::s(*server),
                    load
                )
            })
            .collect();
        text.push_str(&format!(
            " The ideal time is {}, so the tick is {}. CPU of the model and of the server: {}.",
            format::s(ideal),
            format::s(cores as f64 * ideal),
            figures.join("; ")
        ));
        let over: Vec<String> = loads
            .iter()
            .filter(|l| l.3 > 1.0)
            .map(|l| format!("`{}`", l.0))
            .collect();
        if over.len() == loads.len() && !loads.is_empty() {
            text.push_str(&format!(
                " Every model here passed the tick: with the CPU each and the server spent, none \
                 could have finished in the ideal time on these cores; the most efficiency that \
                 CPU allowed was 1 over that share (at most {:.2}).",
                1.0 / loads.iter().map(|l| l.3).fold(f64::INFINITY, f64::min)
            ));
        } else if !over.is_empty() {
            text.push_str(&format!(
                " {} passed the tick; the others did not, so their CPU totals do not explain \
                 their distance from the ideal (though the cores may still have been short at \
                 moments).",
                format::and_list(&over)
            ));
        } else if !loads.is_empty() {
            text.push_str(
                " No model passed the tick: their CPU totals do not explain their distance from \
                 the ideal (though the cores may still have been short at moments).",
            );
        }
        text
    }
}
