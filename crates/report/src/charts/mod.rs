//! The report's charts, one module each behind the [`Chart`] trait: drawing only, from the
//! analysis layer's values. Their captions, and which charts a set of results supports, are
//! the pages' (`pages::figures`).
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
}

/// The groups of `data` a chart of one family draws: only the Python models (`Some(true)`),
/// only the others (`Some(false)`), or every model (`None`). A workload with Rust, stock Python
/// and free-threaded rows has too many lines for one chart.
pub fn family(data: &ReportData, python: Option<bool>) -> ReportData {
    let in_family = |s: &&crate::analysis::Summary| {
        python.is_none_or(|python| s.model.starts_with("py-") == python)
    };
    let mut subset = ReportData::new(data.all.iter().filter(in_family).cloned().collect());
    subset.cores = data.cores;
    subset
}

/// A family's file-name suffix and title suffix.
pub(crate) fn family_names(python: Option<bool>) -> (&'static str, &'static str) {
    match python {
        None => ("", ""),
        Some(false) => ("", ", the Rust models"),
        Some(true) => ("-python", ", the Python models"),
    }
}
