//! `results/README.md`: every section, one file each, in the order the page shows them.

mod breaking_points;
mod ceiling;
mod charts;
mod clients;
mod commands;
mod failed;
mod machine;
mod method;
mod one_core;
mod tables;

use super::{Section, Sources};

pub(crate) use clients::clients_bearing;
pub(crate) use machine::machine_line;
pub(crate) use tables::narrow_table;

/// The page's sections, top to bottom.
const SECTIONS: &[&dyn Section] = &[
    &machine::Machine,
    &commands::Commands,
    &method::Method,
    &tables::Tables,
    &clients::Clients,
    &one_core::OneCore,
    &breaking_points::BreakingPoints,
    &ceiling::Ceiling,
    &charts::Charts,
    &failed::Failed,
];

/// The whole page.
pub fn page(from: &Sources) -> String {
    let mut out = String::new();
    for section in SECTIONS {
        section.write(from, &mut out);
    }
    out
}
