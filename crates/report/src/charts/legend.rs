//! The legend beside every chart: entries one under another, each marked with a line (solid or
//! dashed) or a box in its colour.

use plotters::prelude::*;

use super::canvas::{Area, FONT, draw_error};

/// What a legend entry shows.
#[derive(Clone, Copy)]
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

impl LegendEntry {
    /// An entry labelled `label`, marked `mark` in `colour`.
    pub fn new(label: impl Into<String>, colour: RGBColor, mark: Mark) -> Self {
        Self {
            label: label.into(),
            colour,
            mark,
        }
    }
}

/// An entry marked with a box for each (label, colour).
pub(crate) fn boxes<S: Into<String>>(
    items: impl IntoIterator<Item = (S, RGBColor)>,
) -> Vec<LegendEntry> {
    let entries = items.into_iter();
    entries
        .map(|(label, colour)| LegendEntry::new(label, colour, Mark::Box))
        .collect()
}

/// The grey of legend entries that stand for no one model.
pub(crate) const GREY: RGBColor = RGBColor(90, 90, 90);

/// How far apart and how large labels are written down `area`, `room` pixels of its (width,
/// height) not theirs: at most `most` (spacing, size), closer and smaller where there are too
/// many to fit, and smaller again where the longest would not fit the width.
pub(crate) fn fit<'e>(
    area: &Area<'_>,
    room: (i32, i32),
    most: (i32, i32),
    entries: impl ExactSizeIterator<Item = &'e LegendEntry>,
) -> (i32, i32) {
    let (width, height) = area.dim_in_pixel();
    let spacing = ((height as i32 - room.1) / entries.len().max(1) as i32).clamp(11, most.0);
    // A character of the sans-serif font is about 0.56 of its size wide.
    let longest = entries.map(|e| e.label.chars().count()).max().unwrap_or(1);
    let fits = ((width as i32 - room.0) as f64 / (0.56 * longest as f64)) as i32;
    (spacing, (spacing - 3).min(most.1).min(fits.max(9)))
}

/// Draws a legend, one entry per line, from the top of `area`, spaced and sized by [`fit`] so
/// that every one shows whole.
pub(crate) fn legend(area: &Area<'_>, entries: &[LegendEntry]) -> Result<(), String> {
    let (spacing, size) = fit(area, (50, 50), (24, 15), entries.iter());
    let font = (FONT, size).into_font().color(&BLACK);
    for (index, entry) in entries.iter().enumerate() {
        let y = 40 + index as i32 * spacing;
        let stroke = |points: Vec<(i32, i32)>| {
            area.draw(&PathElement::new(points, entry.colour.stroke_width(3)))
                .map_err(draw_error)
        };
        match entry.mark {
            Mark::Line { dashed: false } => stroke(vec![(8, y), (38, y)])?,
            Mark::Line { dashed: true } => {
                for start in [8, 20, 32] {
                    stroke(vec![(start, y), (start + 7, y)])?;
                }
            }
            Mark::Box => {
                let half = spacing.min(16) / 2;
                let corners = [(12, y - half + 1), (34, y + half - 1)];
                area.draw(&Rectangle::new(corners, entry.colour.filled()))
                    .map_err(draw_error)?
            }
            Mark::Dot { filled } => {
                let style = if filled {
                    entry.colour.filled()
                } else {
                    entry.colour.stroke_width(2)
                };
                area.draw(&Circle::new((23, y), 5, style))
                    .map_err(draw_error)?
            }
            Mark::Cross => {
                stroke(vec![(17, y - 6), (29, y + 6)])?;
                stroke(vec![(17, y + 6), (29, y - 6)])?;
            }
        }
        let text = Text::new(entry.label.clone(), (46, y - size / 2), font.clone());
        area.draw(&text).map_err(draw_error)?;
    }
    Ok(())
}
