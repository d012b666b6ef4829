//! "Client throughput ceiling": the best model's requests per second beside the load
//! generator's, when its figures were given.

use crate::pages::{Section, Sources};

/// The ceiling, when the load generator's figures were given.
pub struct Ceiling;

impl Section for Ceiling {
    fn write(&self, from: &Sources, out: &mut String) {
        if let Some(generator) = from.generator {
            out.push_str(&crate::pages::ceiling::section(&from.data.all, generator));
        }
    }
}
