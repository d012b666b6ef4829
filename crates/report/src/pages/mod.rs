//! The words of the report: the sections of README.md, results/README.md and LESSONS.md, the
//! captions of the charts, and the tables and exports, from the analysis layer's numbers and
//! the charts' names.

pub mod ceiling;
pub mod compare;
pub mod csv_export;
pub mod figures;
pub mod format;
pub mod lessons;
pub mod markdown;
pub mod method;
pub mod scale_summary;
pub mod table;
pub mod text_waterfall;
