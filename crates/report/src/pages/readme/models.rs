//! README's table of models, from the catalogue: how each fetches, the threads it is given and
//! the Python program it stands for.

use fanout_catalog::{Interpreter, MODELS};
use minijinja::context;

use crate::pages::templates::render;
use crate::pages::{Section, Sources};

/// Every catalogued model but the free-threaded rows, which one sentence covers.
pub struct Models;

impl Section for Models {
    fn write(&self, _from: &Sources, out: &mut String) {
        let models: Vec<_> = MODELS
            .iter()
            .filter(|m| !matches!(m.interpreter(), Some(Interpreter::FreeThreaded { .. })))
            .map(|m| {
                context! {
                    name => m.name,
                    deprecated => m.deprecated,
                    lesson => m.description.starts_with("lesson:"),
                    fetches => m.fetches,
                    threads => m.threads,
                    python => m.python,
                }
            })
            .collect();
        out.push_str(&render("readme/models.md", context! { models }));
    }
}
