//! What a process's resident memory is made of, from the kernel's own accounting in
//! `/proc/PID/smaps`: thread stacks, malloc's heaps, other anonymous memory, and files.
//!
//! Each mapping is classed by what it looks like, not by asking the process: a thread's stack
//! is an anonymous read-write mapping right above a small inaccessible guard mapping (how glibc
//! lays out a `pthread_create` stack; a thread's static TLS lives at its top); the main thread's
//! is `[stack]`. malloc's heaps are `[heap]` (the `brk` heap) and the arenas it makes for other
//! threads: anonymous mappings that start on a 64 MiB boundary (glibc's `HEAP_MAX_SIZE`).
//! Everything else anonymous (large allocations, a runtime's own mappings) is "other", and
//! every mapping of a file (code, libraries) is "file".

use std::fs;

use fanout_core::results::RssParts;

/// glibc's arenas are aligned to their maximum size, 64 MiB on a 64-bit machine.
const ARENA_ALIGN: u64 = 64 << 20;

/// The largest guard below a thread's stack: glibc's default is one page; a thread made with
/// a larger guard size would have more.
const GUARD_MAX: u64 = 64 << 10;

/// Reads `/proc/PID/smaps` and classes its resident memory; `None` when it cannot be read
/// (the process has gone).
pub(crate) fn read(pid: libc::pid_t) -> Option<RssParts> {
    fs::read_to_string(format!("/proc/{pid}/smaps"))
        .ok()
        .map(|text| classify(&text))
}

/// One mapping's header and resident size.
struct Mapping<'a> {
    start: u64,
    end: u64,
    perms: &'a str,
    path: &'a str,
    rss_kib: u64,
}

/// Classes the resident memory of every mapping in `smaps` (the text of `/proc/PID/smaps`).
pub(crate) fn classify(smaps: &str) -> RssParts {
    let mappings = parse(smaps);
    let mut parts = RssParts::default();
    for (index, mapping) in mappings.iter().enumerate() {
        let anonymous = mapping.path.is_empty();
        let guarded = index > 0 && {
            let below = &mappings[index - 1];
            below.end == mapping.start
                && below.perms.starts_with("---")
                && below.path.is_empty()
                && below.end - below.start <= GUARD_MAX
        };
        let share = if mapping.path == "[stack]"
            || (anonymous && guarded && mapping.perms.starts_with("rw"))
        {
            &mut parts.stacks_kib
        } else if mapping.path == "[heap]" || (anonymous && mapping.start % ARENA_ALIGN == 0) {
            &mut parts.heap_kib
        } else if anonymous || mapping.path.starts_with('[') {
            &mut parts.other_anon_kib
        } else {
            &mut parts.file_kib
        };
        *share += mapping.rss_kib;
    }
    parts
}

/// The mappings of `smaps`, in address order, each with its `Rss:` line.
fn parse(smaps: &str) -> Vec<Mapping<'_>> {
    let mut mappings: Vec<Mapping<'_>> = Vec::new();
    for line in smaps.lines() {
        let mut words = line.split_whitespace();
        let Some(first) = words.next() else {
            continue;
        };
        if let Some((start, end)) = first.split_once('-')
            && let (Ok(start), Ok(end)) =
                (u64::from_str_radix(start, 16), u64::from_str_radix(end, 16))
        {
            let perms = words.next().unwrap_or("");
            // offset, device, inode, then the path (which may hold spaces).
            let path = line
                .splitn(6, char::is_whitespace)
                .filter(|w| !w.is_empty())
                .nth(5)
                .map_or("", str::trim);
            mappings.push(Mapping {
                start,
                end,
                perms,
                path,
                rss_kib: 0,
            });
        } else if first == "Rss:"
            && let Some(mapping) = mappings.last_mut()
        {
            mapping.rss_kib = words.next().and_then(|n| n.parse().ok()).unwrap_or(0);
        }
    }
    mappings
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One mapping of smaps, with only the lines the classing reads.
    fn mapping(range: &str, perms: &str, path: &str, rss: u64) -> String {
        format!("{range} {perms} 00000000 00:00 0          {path}\nSize: 4 kB\nRss: {rss} kB\n")
    }

    #[test]
    fn stacks_heaps_other_and_files_are_told_apart() {
        let smaps = [
            mapping("55d0a0000000-55d0a0100000", "r-xp", "/usr/bin/fanout", 700),
            mapping("55d0a2000000-55d0a2200000", "rw-p", "[heap]", 300),
            // A thread's stack: a one-page guard, then its 2 MiB.
            mapping("7f0000001000-7f0000002000", "---p", "", 0),
            mapping("7f0000002000-7f0000202000", "rw-p", "", 24),
            // An arena on a 64 MiB boundary, the rest of its 64 MiB inaccessible.
            mapping("7f0004000000-7f0004100000", "rw-p", "", 132),
            mapping("7f0004100000-7f0008000000", "---p", "", 0),
            // A large allocation of its own.
            mapping("7f0010001000-7f0010101000", "rw-p", "", 1024),
            mapping("7ffc00000000-7ffc00021000", "rw-p", "[stack]", 16),
            mapping("7f0020000000-7f0020001000", "r--p", "/usr/lib/libc.so.6", 8),
        ]
        .concat();
        assert_eq!(
            classify(&smaps),
            RssParts {
                stacks_kib: 40,
                heap_kib: 432,
                other_anon_kib: 1024,
                file_kib: 708,
            }
        );
    }

    #[test]
    fn this_process_adds_up_to_its_resident_size() {
        let text = std::fs::read_to_string("/proc/self/smaps").expect("Linux has smaps");
        let parts = classify(&text);
        let total: u64 = text
            .lines()
            .filter_map(|l| l.strip_prefix("Rss:"))
            .filter_map(|n| n.split_whitespace().next()?.parse::<u64>().ok())
            .sum();
        assert_eq!(parts.total_kib(), total);
        // The test's own threads run on stacks made like a worker's.
        assert!(parts.stacks_kib > 0, "{parts:?}");
    }
}
