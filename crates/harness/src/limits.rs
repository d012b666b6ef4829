//! The open-files limit: raised as far as allowed at start, and checked before a run.

/// File descriptors a process needs besides one per connection (std streams, runtime, pipes).
pub const SPARE_FILES: u64 = 64;

/// Raises the soft open-files limit to the hard limit and returns the new soft limit.
/// Children inherit it, so the workers and the server get it too.
pub fn raise_open_files_limit() -> u64 {
    // SAFETY: getrlimit/setrlimit with a valid pointer to a local.
    unsafe {
        let mut limit: libc::rlimit = std::mem::zeroed();
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                return raised.rlim_cur as u64;
            }
        }
        limit.rlim_cur as u64
    }
}

/// Fails, naming the numbers, when `concurrency` connections would not fit in `open_files`
/// descriptors (the client and the server each hold one per connection).
pub fn check_concurrency_fits(concurrency: usize, open_files: u64) -> Result<(), String> {
    let needed = concurrency as u64 + SPARE_FILES;
    if needed > open_files {
        return Err(format!(
            "concurrency {concurrency} needs about {needed} open files per process, but the limit \
             is {open_files} (the hard limit of `ulimit -n`); lower --concurrency to at most {} \
             or raise the hard limit",
            open_files.saturating_sub(SPARE_FILES)
        ));
    }
    Ok(())
}
