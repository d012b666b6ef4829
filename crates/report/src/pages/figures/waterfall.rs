//! The caption of the [`Waterfall`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::timeline::Phase;
use crate::charts::timeline::visible_phases;

use super::Figure;
use crate::charts::Waterfall;

impl Figure for Waterfall {
    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .panels(data)
            .iter()
            .map(|t| {
                format!(
                    "`{}` {:.0} ms with at most {} in flight",
                    t.model,
                    t.wall_ms,
                    fanout_core::in_flight::peak_in_flight(&t.records)
                )
            })
            .collect();
        let colours: Vec<&str> = visible_phases(&self.panels(data))
            .iter()
            .map(|phase| match phase {
                Phase::Slot => {
                    "grey while it waited its turn as a perfect client's request would (from the \
                     start of the run, when every target is handed over, until its start on the \
                     ideal schedule or the model's, whichever came first)"
                }
                Phase::Late => {
                    "magenta while it was late: from when a perfect client with the same limit \
                     would have started it until the model did (a wait that timing each request \
                     from its own start leaves out)"
                }
                Phase::Server => "light blue while it waited for the server",
                Phase::Body => "dark blue while its body was read",
                Phase::Cpu => "orange while the page was processed",
            })
            .collect();
        format!(
            "Each bar is one request of one run (its first repeat), in the order the model \
             started them, on one time axis: {}. A model that fetches one at a time draws a \
             staircase; a concurrent one draws its requests side by side. Here: {}.",
            colours.join(", "),
            figures.join("; ")
        )
    }
}
