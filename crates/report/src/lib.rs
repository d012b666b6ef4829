//! Reports from results files: summaries with medians over repeats, and the tables people read.
//!
//! - [`summary`]: groups runs and computes medians, spreads and speedup once;
//! - [`table`]: the terminal table `fanout run` prints.

pub mod summary;
pub mod table;

pub use summary::{Spread, Summary, summarise};
