//! "Commands": the command line of every results file, and when it started.

use minijinja::context;

use crate::pages::templates::render;
use crate::pages::{Section, Sources};

/// Each results file's command.
pub struct Commands;

impl Section for Commands {
    fn write(&self, from: &Sources, out: &mut String) {
        let commands: Vec<_> = from
            .results
            .iter()
            .map(|result| {
                context! {
                    command => without_json_path(&result.command),
                    started_at => &result.started_at,
                }
            })
            .collect();
        out.push_str(&render("results/commands.md", context! { commands }));
    }
}

/// A command line without its `--json PATH`: where a suite measured into is not where its file
/// ends up, and the file is in `runs/` here anyway.
fn without_json_path(command: &str) -> String {
    let mut words = command.split(' ');
    let mut kept = Vec::new();
    while let Some(word) = words.next() {
        if word == "--json" {
            words.next();
        } else {
            kept.push(word);
        }
    }
    kept.join(" ")
}
