//! README's table of models, from the catalogue: how each fetches, the threads it is given and
//! the Python program it stands for.

use std::fmt::Write as _;

use crate::pages::{Section, Sources};

/// Every catalogued model but the free-threaded rows, which one sentence covers.
pub struct Models;

impl Section for Models {
    fn write(&self, _from: &Sources, out: &mut String) {
        out.push_str(
            "| model | how it fetches | threads given | Python equivalent |\n|---|---|---|---|\n",
        );
        // The free-threaded rows are the same programs: one sentence after the table says so.
        for model in fanout_catalog::MODELS.iter().filter(|model| {
            !matches!(
                model.interpreter(),
                Some(fanout_catalog::Interpreter::FreeThreaded { .. })
            )
        }) {
            let name = if model.deprecated {
                format!("`{}` **(deprecated)**", model.name)
            } else if model.description.starts_with("lesson:") {
                format!("`{}` (lesson)", model.name)
            } else {
                format!("`{}`", model.name)
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} |",
                model.fetches, model.threads, model.python
            );
        }
        out.push_str(
            "\nEvery Python model also runs on a free-threaded CPython (PEP 703; \
             `scripts/python/setup.sh --free-threaded`) as two more rows: `NAME-gil`, with the GIL \
             forced on (`PYTHON_GIL=1`), and `NAME-nogil`, with it off (`PYTHON_GIL=0`), the same \
             binary either way (labelled `Python ft, GIL on` and `Python ft, GIL off`; `ft`: free-threaded). Each Python run records \
             the interpreter as it reports itself: `python: {version, free_threaded, gil_enabled}`.\n",
        );
    }
}
