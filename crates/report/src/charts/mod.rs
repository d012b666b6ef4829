//! The report's charts, one module each behind the [`Chart`] trait: its drawing, from the
//! analysis layer's values, and its caption's figures (the words are its template under
//! `templates/figures/`). Which charts a set of results supports is the pages'
//! (`pages::figures`).
//!
//! What the charts share has a module of its own, listed first: the canvas and legend every
//! chart has, the axes, the two kinds of chart, lines and bars, and each model's colour.

mod axes;
mod bars;
mod canvas;
mod dots;
mod legend;
pub(crate) mod lines;
pub(crate) mod marks;
mod notes;
pub(crate) mod style;

mod budget;
mod cooperative;
mod cpu;
mod gil;
mod latency;
mod memory;
mod python_cpu;
pub mod scale;
mod speedup;
mod threads;
pub mod timeline;
mod wall_time;

use crate::analysis::ReportData;

pub use budget::CpuBudget;
pub use cooperative::Cooperative;
pub use cpu::CpuPerRequest;
pub use gil::Gil;
pub use latency::Latency;
pub use memory::Memory;
pub use python_cpu::PythonCpu;
pub use scale::{BreakingPoints, MemoryAtScale, ServerScaleOut};
pub use speedup::Speedup;
pub use threads::Threads;
pub use timeline::{InFlightOverTime, Lanes, Waterfall};
pub use wall_time::WallTime;

/// One chart of the report.
pub trait Chart {
    /// The SVG's file name, e.g. `wall-time-quick.svg`.
    fn file_name(&self) -> String;
    /// What the chart is called in the markdown.
    fn title(&self) -> String;
    /// Draws the chart as SVG into `svg`.
    fn draw(&self, data: &ReportData, svg: &mut String) -> Result<(), String>;
    /// Its caption: the template under `templates/figures/` that writes it, and the figures
    /// and checks the template reads.
    fn caption(&self, data: &ReportData) -> (&'static str, minijinja::Value);
}

/// The models a chart of one family draws. A workload with Rust, stock Python and
/// free-threaded rows has too many lines for one chart: it gets one chart of each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// Every model.
    Every,
    /// The Rust models.
    Rust,
    /// The Python models on the default interpreter.
    Python,
    /// The Python models on the free-threaded interpreter, with the GIL on and off.
    FreeThreaded,
}

impl Family {
    /// The families a model belongs to, `Every` aside.
    pub fn of(model: &str) -> Family {
        match fanout_catalog::find(model).and_then(|entry| entry.interpreter()) {
            None => Family::Rust,
            Some(fanout_catalog::Interpreter::FreeThreaded { .. }) => Family::FreeThreaded,
            Some(_) => Family::Python,
        }
    }

    /// The groups of `data` this family's chart draws.
    pub fn subset(self, data: &ReportData) -> ReportData {
        let in_family =
            |s: &&crate::analysis::Summary| self == Family::Every || Family::of(&s.model) == self;
        let mut subset = ReportData::new(data.all.iter().filter(in_family).cloned().collect());
        subset.cores = data.cores;
        subset
    }

    /// Its file-name suffix and title suffix.
    pub(crate) fn names(self) -> (&'static str, &'static str) {
        match self {
            Family::Every => ("", ""),
            Family::Rust => ("", ", the Rust models"),
            Family::Python => ("-python", ", Python on the default interpreter"),
            Family::FreeThreaded => (
                "-free-threaded",
                ", free-threaded Python, the GIL on and off",
            ),
        }
    }
}
