//! "Commands": the command line of every results file, and when it started.

use std::fmt::Write as _;

use crate::pages::{Section, Sources};

/// Each results file's command.
pub struct Commands;

impl Section for Commands {
    fn write(&self, from: &Sources, out: &mut String) {
        out.push_str("## Commands\n\n");
        for result in from.results {
            let _ = writeln!(
                out,
                "- `{}` (started {})",
                without_json_path(&result.command),
                result.started_at
            );
        }
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
