//! How each model looks in every chart: the colour the catalogue gives it, the same everywhere;
//! Python models dashed. A model the catalogue does not know (a results file from another
//! version) still gets a stable colour of its own.

use fanout_catalog::Rgb;
use plotters::style::RGBColor;

use crate::analysis::models::{is_python, label};

/// Colours for models the catalogue does not know, picked by name so they stay stable.
const SPARE: &[RGBColor] = &[
    RGBColor(0, 128, 128),
    RGBColor(128, 0, 128),
    RGBColor(200, 150, 0),
    RGBColor(0, 90, 50),
];

/// How one model is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelStyle {
    /// Its colour.
    pub colour: RGBColor,
    /// Dashed: a Python model.
    pub dashed: bool,
    /// Its name as legends show it.
    pub label: String,
}

/// How `model` is drawn.
pub fn style(model: &str) -> ModelStyle {
    let colour = fanout_catalog::find(model).map_or_else(
        || {
            let hash = model
                .bytes()
                .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            SPARE[hash % SPARE.len()]
        },
        |entry| {
            let Rgb(red, green, blue) = entry.colour;
            RGBColor(red, green, blue)
        },
    );
    ModelStyle {
        colour,
        dashed: is_python(model),
        label: label(model),
    }
}

#[cfg(test)]
mod tests {
    use fanout_catalog::MODELS;

    use super::*;

    #[test]
    fn python_models_are_dashed_and_labelled() {
        assert!(style("py-threads").dashed && !style("threads").dashed);
        assert_eq!(
            style("py-threads-gil").label,
            "py-threads (Python ft, GIL on)"
        );
    }

    #[test]
    fn an_unknown_model_gets_a_spare_colour_no_registered_model_has() {
        let unknown = style("someone-elses");
        assert!(SPARE.contains(&unknown.colour));
        assert!(!unknown.dashed);
        assert_eq!(unknown.label, "someone-elses");
        for model in MODELS.iter() {
            assert_ne!(style(model.name).colour, unknown.colour, "{}", model.name);
        }
    }
}
