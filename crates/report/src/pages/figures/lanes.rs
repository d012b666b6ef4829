//! The caption of the [`Lanes`] chart: what it shows, with its figures.

use crate::analysis::ReportData;
use crate::analysis::models;
use crate::analysis::timeline::lanes;
use crate::analysis::timeline::most_holding_at_once;
use crate::charts::timeline::GIL_LANES;

use super::Figure;
use crate::charts::Lanes;

impl Figure for Lanes {
    fn caption(&self, data: &ReportData) -> String {
        let figures: Vec<String> = self
            .panels(data)
            .iter()
            .map(|t| {
                format!(
                    "{} {} requests on {} thread(s) in {:.0} ms",
                    models::label(&t.model),
                    t.records.len(),
                    lanes(t).len(),
                    t.wall_ms
                )
            })
            .collect();
        let held: Vec<String> = self
            .panels(data)
            .iter()
            .filter_map(|t| {
                let most = most_holding_at_once(&t.records)?;
                Some(format!(
                    "`{}`'s threads held the lock in {} stretches, never more than {most} at once",
                    t.model,
                    t.records.iter().map(|r| r.holds_ms.len()).sum::<usize>()
                ))
            })
            .collect();
        let held = if held.is_empty() {
            String::new()
        } else {
            format!(
                " Under the lock, dark orange marks each stretch a thread held it and light \
                 orange its waits for it: {}.",
                held.join("; ")
            )
        };
        let kind = if self.models == GIL_LANES.3 {
            let processing: Vec<String> = self
                .panels(data)
                .iter()
                .filter_map(|t| {
                    let spans = t.records.iter().filter_map(|r| Some(r.end_ms - r.body_ms?));
                    let median = crate::analysis::Spread::of(spans).median;
                    (median > 0.0).then(|| format!("{} {median:.0} ms", models::label(&t.model)))
                })
                .collect();
            format!(
                "The same Python pool of {} threads, the same binary with the GIL forced on and \
                 off, on pages that need only processing. An orange segment runs from a page's \
                 arrival to the end of its processing. CPython does not say which thread holds \
                 the lock at a moment, so the picture cannot show the turns it makes the threads \
                 take; what it shows is how long each page took from its arrival to its end \
                 (median: {}).",
                self.concurrency,
                processing.join(", ")
            )
        } else if self.cpu_work == 0 {
            "A thread model ties up one thread per request for the whole wait (light); a runtime \
             runs every request on its few workers, which are busy only while they handle one \
             (orange marks, one per request finished)."
                .to_owned()
        } else {
            "With CPU work on every page, an orange segment runs from a page's arrival to the end of \
             its processing: computing, and waiting for a core or, under a GIL, for the lock. \
             Free threads share the cores; under the GIL one thread computes at a time, so the \
             pages take about as long as one core needs for all of them; one event loop \
             computes one page at a time while every other request waits for it."
                .to_owned()
        };
        format!(
            "{kind}{held} One run each (its first repeat): {}.",
            figures.join("; ")
        )
    }
}
