//! How each model looks in every chart: one colour per model, the same everywhere; Python
//! models dashed and labelled as Python; deprecated models labelled so.

use plotters::style::RGBColor;

/// Known models in the order charts and legends list them, with their colours.
const KNOWN: &[(&str, RGBColor)] = &[
    ("sequential", RGBColor(110, 110, 110)),
    ("threads", RGBColor(31, 119, 180)),
    ("rayon", RGBColor(23, 190, 207)),
    ("spawn-blocking", RGBColor(148, 103, 189)),
    ("tokio", RGBColor(214, 39, 40)),
    ("tokio-current-thread", RGBColor(227, 119, 194)),
    ("async-std", RGBColor(140, 86, 75)),
    ("smol", RGBColor(44, 160, 44)),
    ("gil-threads", RGBColor(120, 170, 230)),
    ("blocking-in-async", RGBColor(255, 127, 14)),
    ("processes", RGBColor(188, 189, 34)),
    ("py-sequential", RGBColor(60, 60, 60)),
    ("py-threads", RGBColor(20, 70, 140)),
    ("py-asyncio", RGBColor(150, 20, 20)),
    ("py-executor", RGBColor(100, 60, 150)),
];

/// Models discontinued upstream but still measured.
const DEPRECATED: &[&str] = &["async-std"];

/// Colours for models this list does not know, picked by name so they stay stable.
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

pub fn is_python(model: &str) -> bool {
    model.starts_with("py-")
}

/// The model's name as legends and tables show it.
pub fn label(model: &str) -> String {
    if DEPRECATED.contains(&model) {
        format!("{model} (deprecated)")
    } else if is_python(model) {
        format!("{model} (Python)")
    } else {
        model.to_owned()
    }
}

pub fn style(model: &str) -> ModelStyle {
    let colour = KNOWN
        .iter()
        .find(|(name, _)| *name == model)
        .map(|(_, colour)| *colour)
        .unwrap_or_else(|| {
            let hash = model
                .bytes()
                .fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(b as usize));
            SPARE[hash % SPARE.len()]
        });
    ModelStyle {
        colour,
        dashed: is_python(model),
        label: label(model),
    }
}

/// Sorts model names into legend order: known models first, in their fixed order.
pub fn sort_models(models: &mut [String]) {
    let rank = |model: &str| {
        KNOWN
            .iter()
            .position(|(name, _)| *name == model)
            .unwrap_or(KNOWN.len())
    };
    models.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_model_has_its_own_colour() {
        for (i, (_, a)) in KNOWN.iter().enumerate() {
            for (_, b) in &KNOWN[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn labels_mark_deprecated_and_python_models() {
        assert_eq!(label("async-std"), "async-std (deprecated)");
        assert_eq!(label("py-asyncio"), "py-asyncio (Python)");
        assert_eq!(label("tokio"), "tokio");
        assert!(style("py-threads").dashed && !style("threads").dashed);
        assert_eq!(style("someone-elses"), style("someone-elses"));
    }
}
