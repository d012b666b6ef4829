//! What the server adds to a response after its injected delay: from when the delay's timer was
//! due to when the response was written.
//!
//! wiremock sleeps a response's delay inside its connection task and then hands the response to
//! hyper, with no hook of its own after that. What does reach hyper is the response's headers:
//! hyper drains them when it encodes the response head, in the same step that queues the body
//! and writes both to the socket (one `writev` for a small response). So every item response
//! carries one header, `x-fanout-delay-ms`, whose value is a [`Stamp`]: bytes owned by a value
//! that notes the time when the last copy of it is dropped. That moment is the server's
//! "written" stamp; the arrival is stamped in the responder, and the delay's end is arrival
//! plus delay, which the timer can only miss late.
//!
//! The time from due to written is the server's own doing: the timer's lateness (tokio's timer
//! works in whole milliseconds), the wait for the one thread of its instance while it serves
//! other connections, and the encoding. A response dropped before its delay ended (its client
//! left) is not written and is not recorded. Counted as written, though not sent whole: a
//! response whose client left after its delay ended but before the server got to it, and one
//! whose write failed after the head was encoded. For a body too large for one write, the stamp
//! is the head's encoding, before the rest of the body goes out.
//!
//! A stamp takes the log's lock when it goes, so none may be dropped while the lock is held:
//! the responder makes its header after it has let go of the lock.

use std::time::{Duration, Instant};

use bytes::Bytes;
use http::HeaderValue;

use crate::log::Log;

/// The header every stamped response carries: the injected delay, in ms.
pub(crate) const HEADER: &str = "x-fanout-delay-ms";

/// The owner of a stamped header's bytes.
struct Stamp {
    text: String,
    due: Instant,
    log: Log,
}

impl AsRef<[u8]> for Stamp {
    fn as_ref(&self) -> &[u8] {
        self.text.as_bytes()
    }
}

impl Drop for Stamp {
    fn drop(&mut self) {
        let now = Instant::now();
        if now >= self.due {
            self.log.lock().written(now - self.due);
        }
    }
}

/// The header value for a response that arrived at `arrived` and is held for `delay`: it
/// records the response's added time in `log` when hyper has encoded it.
pub(crate) fn header(arrived: Instant, delay: Duration, log: &Log) -> HeaderValue {
    let stamp = Stamp {
        text: delay.as_millis().to_string(),
        due: arrived + delay,
        log: log.clone(),
    };
    HeaderValue::from_maybe_shared(Bytes::from_owner(stamp))
        .expect("a number is a valid header value")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_records_when_its_last_copy_goes_and_only_after_its_delay() {
        let log = Log::default();
        let arrived = Instant::now() - Duration::from_millis(50);
        let held = header(arrived, Duration::from_millis(10), &log);
        let copy = held.clone();
        assert_eq!(held.to_str().unwrap(), "10");
        drop(held);
        assert_eq!(log.stats().stamped, 0, "a copy is still out");
        drop(copy);
        let stats = log.stats();
        assert_eq!(stats.stamped, 1);
        // Due 40 ms ago: at least 40 ms added.
        assert!(stats.server_added_ms.unwrap().p50 >= 39.9, "{stats:?}");

        // Dropped before its delay ended: its client left, nothing was written.
        drop(header(Instant::now(), Duration::from_secs(60), &log));
        assert_eq!(log.stats().stamped, 1);
    }
}
