//! CPU work per body: a stand-in for parsing a page, like the seeds' BeautifulSoup.
//!
//! One unit is one pass over the body that hashes every byte (FNV-1a) and, like a tokenizer,
//! counts tags and words. The passes depend on each other, so none can be skipped or merged,
//! and the result feeds the record the parent verifies, so the work cannot be optimised away.
//! `scripts/python/fanout_job.py` ports it line for line; a test checks both agree.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// `units` passes of parse-like work over `body`.
pub fn cpu_work(body: &[u8], units: u32) -> u64 {
    cpu_work_with(body, units, &mut || {})
}

/// The same, calling `checkpoint` after every unit: where a scheduler may switch away (the
/// simulated GIL hands itself over there, as CPython's interpreter does between bytecodes).
pub fn cpu_work_with(body: &[u8], units: u32, checkpoint: &mut dyn FnMut()) -> u64 {
    let mut hash = FNV_OFFSET;
    for unit in 0..units {
        let (mut tags, mut words, mut in_word) = (0u64, 0u64, false);
        for &byte in body {
            hash = (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME);
            match byte {
                b'<' => tags += 1,
                b' ' | b'\n' => in_word = false,
                _ if !in_word => {
                    words += 1;
                    in_word = true;
                }
                _ => {}
            }
        }
        hash ^= tags.wrapping_mul(31).wrapping_add(words) ^ u64::from(unit);
        checkpoint();
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::expected_body;

    #[test]
    fn work_is_deterministic_and_depends_on_everything() {
        let body = expected_body(3, 4096);
        // The same in every process: nothing seeded per run, or by address, enters it.
        assert_eq!(cpu_work(&body, 5), 17_248_086_801_715_703_332);
        assert_ne!(cpu_work(&body, 5), cpu_work(&body, 4), "every unit counts");
        assert_ne!(
            cpu_work(&body, 0),
            cpu_work(&body, 1),
            "skipping the work shows"
        );
        let mut changed = body.clone();
        changed[100] ^= 1;
        assert_ne!(cpu_work(&body, 1), cpu_work(&changed, 1));
    }

    #[test]
    fn known_values_pin_the_definition_for_other_languages() {
        // The Python port checks this value, and the one on a known body (see `body`'s tests).
        assert_eq!(cpu_work(b"", 0), 0xcbf2_9ce4_8422_2325);
        let mut calls = 0;
        cpu_work_with(b"<p>a b</p>", 4, &mut || calls += 1);
        assert_eq!(calls, 4);
    }
}
