//! The caption of the [`Memory`] chart: what it shows, with its figures.

use super::notes::hidden_note;
use crate::analysis::ReportData;
use crate::analysis::slopes::marginal_kib;
use crate::charts::lines::model_lines;

use super::Figure;
use crate::charts::Memory;

impl Figure for Memory {
    fn caption(&self, data: &ReportData) -> String {
        let mut text = String::from(
            "Each line's slope is what one more request in flight costs. The slopes quoted are \
             between the two highest levels, which leaves out what a worker costs whatever its \
             concurrency (the runtime, the interpreter) and the step some models take between \
             the lowest levels (the runs do not say what that step is: glibc's malloc arenas, \
             made as the first threads appear, would make one, but they are not measured here). \
             Left, resident memory (RSS): pages actually touched. Right, virtual memory: address space reserved, touched or not. A \
             thread reserves a whole stack (2 MiB for a Rust thread, 8 MiB for a thread of the \
             default Python; the free-threaded build's rows reserve more, which these runs do \
             not break down) but \
             touches only a few pages of it; an async task reserves nothing beyond its own small \
             state. Slopes between the two highest levels, per request: ",
        );
        let figures: Vec<String> = data
            .models(&self.workload)
            .iter()
            .filter_map(|model| {
                let (resident, reserved) = marginal_kib(data, &self.workload, model)?;
                Some(format!(
                    "{model} {resident:.0} KiB resident, {reserved:.0} KiB reserved"
                ))
            })
            .collect();
        text.push_str(&figures.join("; "));
        text.push('.');
        let resident = hidden_note(&model_lines(data, &self.workload, |s| {
            s.peak_rss_kib / 1024.0
        }));
        let reserved = hidden_note(&model_lines(data, &self.workload, |s| {
            s.peak_vm_kib / 1024.0
        }));
        if !resident.is_empty() {
            text.push_str(&format!(" Left:{resident}"));
        }
        if !reserved.is_empty() {
            text.push_str(&format!(
                " Right:{}",
                reserved.replace("Lines marked *", "Lines marked \u{2020}")
            ));
        }
        text
    }
}
