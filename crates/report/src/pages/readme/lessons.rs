//! README's lessons: each lesson's claim and what the runs decided.

use crate::pages::lessons::{Evidence, readme_lessons};
use crate::pages::{Section, Sources};

/// One paragraph a lesson.
pub struct Lessons;

impl Section for Lessons {
    fn write(&self, from: &Sources, out: &mut String) {
        let evidence = Evidence {
            data: from.data,
            cores: from.cores,
        };
        out.push_str(&readme_lessons(&evidence));
    }
}
