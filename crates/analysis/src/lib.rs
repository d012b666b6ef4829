//! Numbers from results, and nothing else: runs grouped with their medians and intervals, the
//! queries every chart and page makes of the groups, timelines of request records, statistics,
//! slopes, ties, budgets, scale, breaking points and the regression test. Pure functions: no
//! drawing, no prose, no templates; the report crate draws and words what this one computes.

#![warn(missing_docs)]

pub mod budget;
pub mod ceiling;
pub mod columns;
pub mod cpu;
pub mod data;
pub mod first_look;
pub mod gil;
pub mod models;
pub mod outside;
pub mod regression;
pub mod scale;
pub mod slopes;
pub mod speedup;
pub mod stats;
pub mod summary;
pub mod ties;
pub mod timeline;
pub mod warmup;
pub mod workloads;

pub use data::ReportData;
pub use summary::{Spread, Summary, summarise};
pub use timeline::Timeline;

/// `items` without repeats, in the order each first appears.
pub(crate) fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(&item) {
            seen.push(item);
        }
    }
    seen
}

/// `items` grouped by `key`, the groups in the order their keys first appear.
pub(crate) fn group_by<K: PartialEq, T>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Vec<(K, Vec<T>)> {
    let mut groups: Vec<(K, Vec<T>)> = Vec::new();
    for item in items {
        let k = key(&item);
        match groups.iter_mut().find(|(g, _)| *g == k) {
            Some((_, group)) => group.push(item),
            None => groups.push((k, vec![item])),
        }
    }
    groups
}
