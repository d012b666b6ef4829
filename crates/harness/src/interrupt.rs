//! Ctrl-C and SIGTERM: noted by a signal handler, so that a sweep can stop its worker, keep
//! every completed run, and say it was interrupted, instead of dying with all of it.

use std::sync::atomic::{AtomicI32, Ordering};

/// The first of SIGINT or SIGTERM to arrive; 0 before either.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

extern "C" fn note(signal: libc::c_int) {
    // Only an atomic compare-and-swap: all a signal handler may safely do here.
    let _ = SIGNAL.compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst);
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
    SIGNAL.load(Ordering::SeqCst) != 0
}

/// The exit status for the signal that interrupted this process, by the shell's convention of
/// 128 + its number: 130 for SIGINT (Ctrl-C), 143 for SIGTERM; `None` if none did.
pub fn exit_status() -> Option<u8> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(128 + signal as u8),
    }
}
