//! Models as the report names and orders them: the catalogue's order first, labels that mark
//! Python and deprecated models, and a Python program's rows read alike on every interpreter.

use fanout_catalog::{MODELS, ModelEntry};

/// Whether `model` is one of the Python programs.
pub fn is_python(model: &str) -> bool {
    fanout_catalog::find(model).is_some_and(ModelEntry::is_python)
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
    match fanout_catalog::find(model).map(|entry| (entry.deprecated, entry.interpreter())) {
        Some((true, _)) => format!("{model} (deprecated)"),
        Some((false, Some(interpreter))) => {
            format!("{} ({})", python_program(model), interpreter.label())
        }
        _ => model.to_owned(),
    }
}

/// A model's place in legend order: its place in the catalogue, an unknown model last.
pub fn rank(model: &str) -> usize {
    MODELS
        .iter()
        .position(|entry| entry.name == model)
        .unwrap_or(MODELS.len())
}

/// Sorts model names into legend order: catalogued models first, in the catalogue's order.
pub fn sort_models(models: &mut [String]) {
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
        assert!(is_python("py-threads") && !is_python("threads"));
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
