//! The legend beside every chart: entries one under another, each marked with a line (solid or
//! dashed) or a box in its colour.

use plotters::prelude::*;

use super::canvas::{Area, FONT, draw_error};

/// What a legend entry shows.
pub(crate) enum Mark {
    Line {
        dashed: bool,
    },
    Box,
    /// A point's marker: a filled or a hollow dot.
    Dot {
        filled: bool,
    },
    /// A point standing on runs with failed requests.
    Cross,
}

/// One legend entry.
pub(crate) struct LegendEntry {
    pub label: String,
    pub colour: RGBColor,
    pub mark: Mark,
}

/// Draws a legend, one entry per line, from the top of `area`; entries that would not fit at
/// the usual spacing are drawn closer together, and a label too long for the width in a smaller
/// font, so that every one shows whole.
pub(crate) fn legend(area: &Area<'_>, entries: &[LegendEntry]) -> Result<(), String> {
    let (width, height) = area.dim_in_pixel();
    let spacing = ((height as i32 - 50) / entries.len().max(1) as i32).clamp(11, 24);
    // A character of the sans-serif font is about 0.56 of its size wide.
    let longest = entries
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(1);
    let fits = ((width as f64 - 50.0) / (0.56 * longest as f64)) as i32;
    let size = (spacing - 3).min(15).min(fits.max(9));
    let font = (FONT, size).into_font().color(&BLACK);
    for (index, entry) in entries.iter().enumerate() {
        let y = 40 + index as i32 * spacing;
        match entry.mark {
            Mark::Line { dashed: false } => area
                .draw(&PathElement::new(
                    vec![(8, y), (38, y)],
                    entry.colour.stroke_width(3),
                ))
                .map_err(draw_error)?,
            Mark::Line { dashed: true } => {
                for start in [8, 20, 32] {
                    area.draw(&PathElement::new(
                        vec![(start, y), (start + 7, y)],
                        entry.colour.stroke_width(3),
                    ))
                    .map_err(draw_error)?;
                }
            }
            Mark::Box => area
                .draw(&Rectangle::new(
                    [
                        (12, y - spacing.min(16) / 2 + 1),
                        (34, y + spacing.min(16) / 2 - 1),
                    ],
                    entry.colour.filled(),
                ))
                .map_err(draw_error)?,
            Mark::Dot { filled: true } => area
                .draw(&Circle::new((23, y), 5, entry.colour.filled()))
                .map_err(draw_error)?,
            Mark::Dot { filled: false } => area
                .draw(&Circle::new((23, y), 5, entry.colour.stroke_width(2)))
                .map_err(draw_error)?,
            Mark::Cross => {
                for (x0, y0, x1, y1) in [(17, y - 6, 29, y + 6), (17, y + 6, 29, y - 6)] {
                    area.draw(&PathElement::new(
                        vec![(x0, y0), (x1, y1)],
                        entry.colour.stroke_width(3),
                    ))
                    .map_err(draw_error)?;
                }
            }
        }
        area.draw(&Text::new(
            entry.label.clone(),
            (46, y - size / 2),
            font.clone(),
        ))
        .map_err(draw_error)?;
    }
    Ok(())
}
