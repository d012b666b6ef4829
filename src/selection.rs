//! `--models`: which models a run measures, from the value a user gives.

use fanout_registry::{ModelEntry, Pythons};

/// The models a `--models` value names: `default` (the default comparison,
/// [`fanout_registry::DEFAULT_MODELS`]), `all` (with either, the Python ones only where their
/// interpreter is set up), `rust`, or names separated by commas. Also returns notes for the
/// user when `default` or `all` leaves Python models out. Errors name what was wrong and what is
/// allowed.
pub fn select(
    spec: &str,
    pythons: &Pythons,
) -> Result<(Vec<&'static ModelEntry>, Vec<String>), String> {
    match spec.trim() {
        "rust" => Ok((fanout_registry::rust_models().collect(), Vec::new())),
        group @ ("all" | "default") => {
            let mut notes = Vec::new();
            if let Err(why) = &pythons.default {
                notes.push(format!("skipping the Python models: {why}"));
            }
            if let (Ok(_), Err(why), "all") = (&pythons.default, &pythons.free_threaded, group) {
                notes.push(format!("skipping the -gil and -nogil rows: {why}"));
            }
            let models = fanout_registry::MODELS
                .iter()
                .filter(|model| {
                    group == "all" || fanout_registry::DEFAULT_MODELS.contains(&model.name)
                })
                .filter(|model| pythons.for_model(model).is_ok())
                .collect();
            Ok((models, notes))
        }
        names => {
            let mut models = Vec::new();
            for name in names.split(',').map(str::trim) {
                let Some(model) = fanout_registry::find(name) else {
                    return Err(format!(
                        "unknown model `{name}`; allowed: default, all, rust, {}",
                        fanout_registry::names_list()
                    ));
                };
                if let Err(why) = pythons.for_model(model) {
                    return Err(format!("model `{name}` cannot run: {why}"));
                }
                if !models
                    .iter()
                    .any(|chosen: &&ModelEntry| chosen.name == name)
                {
                    models.push(model);
                }
            }
            Ok((models, Vec::new()))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use fanout_registry::FREE_THREADED_SETUP_HINT;

    use super::*;

    #[test]
    fn selection_names_models_groups_and_refuses_unknown_names() {
        let no_python = Pythons::none("not set up");
        let (all, notes) = select("all", &no_python).unwrap();
        assert!(all.iter().all(|m| !m.is_python()));
        assert!(
            notes.len() == 1 && notes[0].contains("not set up"),
            "{notes:?}"
        );
        let both = Pythons {
            default: Ok(PathBuf::new()),
            free_threaded: Ok(PathBuf::new()),
        };
        let (rust, notes) = select("rust", &both).unwrap();
        assert_eq!(rust.len(), fanout_registry::rust_models().count());
        assert!(notes.is_empty());
        let (two, _) = select(" tokio, threads,tokio", &no_python).unwrap();
        assert_eq!(
            two.iter().map(|m| m.name).collect::<Vec<_>>(),
            ["tokio", "threads"]
        );
        let unknown = select("tokio,nope", &no_python).unwrap_err();
        assert!(
            unknown.contains("`nope`")
                && unknown.contains("allowed: default, all, rust, sequential")
        );
        let python = select("py-asyncio", &no_python).unwrap_err();
        assert!(python.contains("not set up"), "{python}");
        assert_eq!(select("py-asyncio", &both).unwrap().0.len(), 1);
    }

    #[test]
    fn without_the_free_threaded_interpreter_all_skips_only_its_rows_and_says_so() {
        let default_only = Pythons {
            default: Ok(PathBuf::new()),
            free_threaded: Err(FREE_THREADED_SETUP_HINT.to_owned()),
        };
        let (all, notes) = select("all", &default_only).unwrap();
        assert!(all.iter().any(|m| m.name == "py-threads"));
        assert!(all.iter().all(|m| !m.name.ends_with("gil")), "{all:?}");
        assert_eq!(notes.len(), 1);
        assert!(notes[0].contains("--free-threaded"), "{notes:?}");
        let refused = select("py-threads-nogil", &default_only).unwrap_err();
        assert!(refused.contains("--free-threaded"), "{refused}");
    }

    #[test]
    fn the_default_comparison_is_the_asked_models_and_stock_python_where_set_up() {
        let both = Pythons {
            default: Ok(PathBuf::new()),
            free_threaded: Ok(PathBuf::new()),
        };
        let (models, notes) = select("default", &both).unwrap();
        let names: Vec<&str> = models.iter().map(|m| m.name).collect();
        assert_eq!(names.len(), fanout_registry::DEFAULT_MODELS.len());
        assert!(names.contains(&"tokio-current-thread") && names.contains(&"py-executor"));
        assert!(
            !names
                .iter()
                .any(|n| n.ends_with("gil") || *n == "gil-threads")
        );
        assert!(notes.is_empty(), "{notes:?}");
        let (rust_only, notes) = select("default", &Pythons::none("not set up")).unwrap();
        assert_eq!(rust_only.len(), 8);
        assert!(
            notes.len() == 1 && notes[0].contains("not set up"),
            "{notes:?}"
        );
    }
}
