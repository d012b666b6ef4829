//! Charts of time: each request of one run as a bar, from the request records the results keep. A
//! [`Timeline`](crate::analysis::Timeline) is one run's records; the charts are a waterfall of
//! every request in start order, the requests in flight over time, and lanes showing which thread
//! did what.

mod in_flight;
mod lanes;
mod waterfall;

use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::axes::{house_style, number};
use super::canvas::{Area, FONT, draw_error};
use crate::analysis::timeline::{Phase, Timeline};

pub use in_flight::InFlightOverTime;
pub use lanes::Lanes;
pub use waterfall::Waterfall;

/// A canvas of `count` panels of `panel_height` pixels one under another, with the legend
/// beside them: the panels' areas, top first, and the legend's.
pub(super) fn panels_canvas<'a>(
    svg: &'a mut String,
    title: &str,
    count: usize,
    panel_height: u32,
) -> Result<(Vec<Area<'a>>, Area<'a>), String> {
    let height = 60 + panel_height * count as u32;
    let (plot, legend) = super::canvas::tall_canvas(svg, title, height)?;
    Ok((plot.split_evenly((count, 1)), legend))
}

/// The time axis that `panels` share: to just past the last one's end.
fn shared_end_ms(panels: &[&Timeline]) -> f64 {
    panels.iter().map(|t| t.end_ms()).fold(1.0, f64::max) * 1.02
}

/// A chart of time inside one panel: `caption` above, ms since the model started on x from 0
/// to `end_ms`, and `y_desc` from 0 to `y_max` with `y_labels` labels written by `y_label`.
pub(super) fn time_panel<'a, 'b>(
    area: &'a Area<'b>,
    caption: String,
    end_ms: f64,
    (y_desc, y_max, y_labels): (&str, f64, usize),
    y_label: &dyn Fn(&f64) -> String,
) -> Result<ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>, String> {
    let mut chart = ChartBuilder::on(area)
        .caption(caption, (FONT, 15))
        .margin(6)
        .x_label_area_size(42)
        .y_label_area_size(60)
        .build_cartesian_2d(0.0..end_ms, 0.0..y_max)
        .map_err(draw_error)?;
    house_style(&mut chart.configure_mesh())
        .x_desc("ms since the model started")
        .y_desc(y_desc)
        .x_labels(8)
        .y_labels(y_labels)
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(y_label)
        .draw()
        .map_err(draw_error)?;
    Ok(chart)
}

/// How a legend names a phase.
pub(crate) fn phase_label(phase: Phase) -> &'static str {
    match phase {
        Phase::Slot => "waiting its turn",
        Phase::Late => "late: past its ideal start",
        Phase::Server => "waiting for the server",
        Phase::Body => "reading the body",
        Phase::Cpu => "processing the page",
    }
}
