//! Ctrl-C and SIGTERM: noted by a signal handler, so that a sweep can stop its worker, keep
//! every completed run, and say it was interrupted, instead of dying with all of it.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

extern "C" fn note(_: libc::c_int) {
    // Only an atomic store: all a signal handler may safely do here.
    INTERRUPTED.store(true, Ordering::SeqCst);
}

/// From now on, SIGINT and SIGTERM set [`interrupted`] instead of ending this process.
pub fn catch_interrupts() {
    let handler = note as extern "C" fn(libc::c_int) as libc::sighandler_t;
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        libc::signal(libc::SIGINT, handler);
        libc::signal(libc::SIGTERM, handler);
    }
}

/// Whether SIGINT or SIGTERM has arrived since [`catch_interrupts`].
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}
