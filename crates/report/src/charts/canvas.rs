//! The canvas every chart starts from, and how a failure to draw is reported.
//!
//! Every chart is an SVG drawn by plotters' SVG backend alone (text is left to the viewer's
//! fonts, so no font files are needed), 960 x 560 pixels: readable at the size GitHub shows
//! them. The plot sits on the left, the legend on the right, outside the data, so nothing is
//! hidden behind it.

use plotters::coord::Shift;
use plotters::prelude::*;

const SIZE: (u32, u32) = (960, 560);
const LEGEND_WIDTH: u32 = 270;
pub(crate) const FONT: &str = "sans-serif";

pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// A white canvas with a title, split into the plot (left) and the legend (right).
pub(crate) fn canvas<'a>(svg: &'a mut String, title: &str) -> Result<(Area<'a>, Area<'a>), String> {
    tall_canvas(svg, title, SIZE.1)
}

/// The same, `height` pixels tall, for charts of several panels.
pub(crate) fn tall_canvas<'a>(
    svg: &'a mut String,
    title: &str,
    height: u32,
) -> Result<(Area<'a>, Area<'a>), String> {
    Ok(plain_canvas(svg, title, height)?.split_horizontally(SIZE.0 - LEGEND_WIDTH))
}

/// A canvas `height` pixels tall whose top `top` pixels are a plot and its legend, as
/// [`canvas`] gives, and whose rest is one panel across the whole width: (plot, legend, below).
pub(crate) fn canvas_with_panel_below<'a>(
    svg: &'a mut String,
    title: &str,
    height: u32,
    top: u32,
) -> Result<(Area<'a>, Area<'a>, Area<'a>), String> {
    let (upper, below) = plain_canvas(svg, title, height)?.split_vertically(top);
    let (plot, legend) = upper.split_horizontally(SIZE.0 - LEGEND_WIDTH);
    Ok((plot, legend, below))
}

/// A white canvas with a title and no legend, `height` pixels tall, for charts whose panels
/// label their own bars.
pub(crate) fn plain_canvas<'a>(
    svg: &'a mut String,
    title: &str,
    height: u32,
) -> Result<Area<'a>, String> {
    let root = SVGBackend::with_string(svg, (SIZE.0, height)).into_drawing_area();
    root.fill(&WHITE).map_err(draw_error)?;
    root.titled(title, (FONT, 24).into_font())
        .map_err(draw_error)
}

/// The error of a chart that could not be drawn.
pub(crate) fn draw_error<E: std::fmt::Display>(err: E) -> String {
    format!("cannot draw the chart: {err}")
}
