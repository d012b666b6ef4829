//! The words of the report: the sections of README.md, results/README.md and LESSONS.md, the
//! captions of the charts, and the tables and exports, from the analysis layer's numbers and
//! the charts' names.

pub mod figures;
