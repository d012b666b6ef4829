//! How each model looks in every chart: the colour and order the model registry gives it, the
//! same everywhere; Python models dashed and labelled as Python; deprecated models labelled so.
//! A model the registry does not know (a results file from another version) still gets a
//! stable colour of its own, after the known ones.

use fanout_catalog::{MODELS, ModelEntry, Rgb};
use plotters::style::RGBColor;

/// Colours for models the registry does not know, picked by name so they stay stable.
const SPARE: &[RGBColor] = &[
    RGBColor(0, 128, 128),
    RGBColor(128, 0, 128),
    RGBColor(200, 150, 0),
    RGBColor(0, 90, 50),
];

/// How one model is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelStyle {
    pub colour: RGBColor,
    pub dashed: bool,
    pub label: String,
}

fn entry(model: &str) -> Option<&'static ModelEntry> {
    fanout_catalog::find(model)
}

pub fn is_python(model: &str) -> bool {
    entry(model).is_some_and(ModelEntry::is_python)
}

/// A Python model's program: its name without the interpreter's suffix, so that the rows of
/// one program read alike (`py-threads (Python ft, GIL off)`: `ft`, the free-threaded build).
pub fn python_program(model: &str) -> &str {
    model
        .strip_suffix("-nogil")
        .or_else(|| model.strip_suffix("-gil"))
        .unwrap_or(model)
}

/// The model's name as legends and tables show it.
pub fn label(model: &str) -> String {
    match entry(model) {
        Some(entry) if entry.deprecated => format!("{model} (deprecated)"),
        Some(entry) => match entry.interpreter() {
            Some(interpreter) => format!("{} ({})", python_program(model), interpreter.label()),
            None => model.to_owned(),
        },
        _ => model.to_owned(),
    }
}

pub fn style(model: &str) -> ModelStyle {
    let colour = entry(model).map_or_else(
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

/// Sorts model names into legend order: registered models first, in the registry's order.
pub fn sort_models(models: &mut [String]) {
    let rank = |model: &str| {
        MODELS
            .iter()
            .position(|entry| entry.name == model)
            .unwrap_or(MODELS.len())
    };
    models.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_mark_deprecated_and_python_models() {
        assert_eq!(label("async-std"), "async-std (deprecated)");
        assert_eq!(label("py-asyncio"), "py-asyncio (Python)");
        assert_eq!(label("tokio"), "tokio");
        assert_eq!(label("py-threads-nogil"), "py-threads (Python ft, GIL off)");
        assert_eq!(label("py-threads-gil"), "py-threads (Python ft, GIL on)");
        assert!(style("py-threads").dashed && !style("threads").dashed);
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

    #[test]
    fn registered_models_sort_in_registry_order_before_unknown_ones() {
        let mut models: Vec<String> = ["zeta", "tokio", "sequential", "alpha", "py-asyncio"]
            .map(String::from)
            .to_vec();
        sort_models(&mut models);
        assert_eq!(
            models,
            ["sequential", "tokio", "py-asyncio", "alpha", "zeta"]
        );
    }
}
