//! Axes: ranges that fit the data with some room, numbers on the ticks without needless
//! decimals, and the look every chart's axes share.

use std::ops::Range;

use plotters::chart::MeshStyle;
use plotters::prelude::*;

use super::canvas::FONT;

/// A log-scale range that holds every value with some room, at least a decade wide.
pub(crate) fn log_range(values: impl IntoIterator<Item = f64>) -> Range<f64> {
    let positive: Vec<f64> = values
        .into_iter()
        .filter(|v| *v > 0.0 && v.is_finite())
        .collect();
    let min = positive.iter().copied().fold(f64::INFINITY, f64::min);
    let max = positive.iter().copied().fold(0.0, f64::max);
    if positive.is_empty() {
        return 1.0..10.0;
    }
    // Start on a 1, 2 or 5 times a power of ten, so the lowest label is on the axis.
    let floor = 10f64.powf((min / 1.3).log10().floor());
    let low = [5.0, 2.0, 1.0]
        .iter()
        .map(|nice| nice * floor)
        .find(|nice| *nice <= min / 1.3)
        .unwrap_or(floor);
    let high = max * 1.6;
    low..high.max(low * 10.0)
}

/// The ticks of a log axis over `range`: 1, 2 and 5 times each power of ten inside it, so
/// that labels sit where the data is however narrow the range.
pub(crate) fn log_ticks(range: &Range<f64>) -> Vec<f64> {
    let mut ticks = Vec::new();
    let mut decade = 10f64.powf(range.start.log10().floor());
    while decade <= range.end {
        for nice in [1.0, 2.0, 5.0] {
            let tick = nice * decade;
            if tick >= range.start * 0.999 && tick <= range.end * 1.001 {
                ticks.push(tick);
            }
        }
        decade *= 10.0;
    }
    ticks
}

/// Ticks at the values themselves, once each, ascending: an axis of concurrency levels is
/// labelled at the levels measured, and nowhere else.
pub(crate) fn data_ticks(values: impl IntoIterator<Item = f64>) -> Vec<f64> {
    let mut ticks: Vec<f64> = values.into_iter().filter(|v| v.is_finite()).collect();
    ticks.sort_by(f64::total_cmp);
    ticks.dedup();
    ticks
}

/// A linear range from zero that holds every value with some room.
pub(crate) fn zero_range(values: impl IntoIterator<Item = f64>) -> Range<f64> {
    let max = values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    0.0..if max > 0.0 { max * 1.15 } else { 1.0 }
}

/// Axis numbers without needless decimals: 1, 10, 0.5, 2.5k.
pub(crate) fn number(value: f64) -> String {
    if value >= 10_000.0 {
        format!("{}k", trim(value / 1000.0))
    } else {
        trim(value)
    }
}

/// A log axis label: only 1, 2 and 5 times a power of ten are written, so a short range still
/// has a few labels and a long one is not crowded.
pub(crate) fn log_label(value: f64) -> String {
    let leading = value / 10f64.powf(value.log10().floor());
    if [1.0, 2.0, 5.0]
        .iter()
        .any(|nice| (leading - nice).abs() < 1e-6)
    {
        number(value)
    } else {
        String::new()
    }
}

fn trim(value: f64) -> String {
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// The look every chart's axes share: the fonts, and a grid light enough to read through.
pub(crate) fn house_style<'m, 'a, 'b, 'c, X, Y>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, SVGBackend<'c>>,
) -> &'m mut MeshStyle<'a, 'b, X, Y, SVGBackend<'c>>
where
    X: plotters::coord::ranged1d::Ranged,
    Y: plotters::coord::ranged1d::Ranged,
{
    mesh.axis_desc_style((FONT, 17))
        .label_style((FONT, 14))
        .max_light_lines(1)
        .bold_line_style(RGBColor(222, 222, 222))
        .light_line_style(RGBColor(240, 240, 240))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_narrow_log_axis_is_labelled_where_its_data_is() {
        // Wall times of 275 to 648 ms: the range starts at 200.
        let range = log_range([275.0, 648.0]);
        let ticks = log_ticks(&range);
        assert!(
            ticks.contains(&200.0) && ticks.contains(&500.0),
            "{ticks:?}"
        );
        assert!(ticks.iter().all(|t| (range.start..=range.end).contains(t)));
        assert_eq!(
            log_ticks(&(1.0..100.0)),
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
    }
}
