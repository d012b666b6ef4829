//! "Tables": every group as a markdown table, one per workload and level of CPU work, and the
//! narrow table README's summary shows.

use comfy_table::Table;
use comfy_table::presets::ASCII_MARKDOWN;
use minijinja::context;

use crate::analysis::summary::Summary;
use crate::pages::table::{headings, narrow_headings, narrow_row, row};
use crate::pages::{Section, Sources, templates};

/// One table per workload and level of CPU work.
pub struct Tables;

impl Section for Tables {
    fn write(&self, from: &Sources, out: &mut String) {
        let sections: Vec<_> = crate::pages::table::sections(&from.data.all)
            .iter()
            .map(|s| context! { title => s.title, ideal => s.ideal, table => table(&s.rows) })
            .collect();
        let legend = crate::pages::table::legend();
        out.push_str(&templates::render(
            "results/tables.md",
            context! { legend, sections },
        ));
    }
}

/// A markdown table of `summaries`, one row each.
pub fn table(summaries: &[&Summary]) -> String {
    let mut table = Table::new();
    table.load_preset(ASCII_MARKDOWN).set_header(headings());
    for summary in summaries {
        let mut cells = row(summary, summaries);
        cells[0] = crate::analysis::models::label(&cells[0]);
        table.add_row(cells);
    }
    table.to_string()
}

/// A markdown table of `summaries` with the columns a first look needs.
pub(crate) fn narrow_table(summaries: &[&Summary]) -> String {
    let mut table = Table::new();
    table
        .load_preset(ASCII_MARKDOWN)
        .set_header(narrow_headings());
    for summary in summaries {
        let mut narrow = narrow_row(summary, summaries);
        narrow[0] = crate::analysis::models::label(&summary.model);
        table.add_row(narrow);
    }
    format!("{table}\n")
}
