//! One target's record, stamped by the model: when it began, got its headers and body and was
//! done, how it went, and which thread finished it.

use serde::{Deserialize, Serialize};

use crate::fetch::Fetch;

/// One target's record: when it started and ended (offsets from the model's start, in ms), how
/// it went, and the moments in between that show where the time went.
///
/// `O` is how it went. A model reports a [`Fetch`], with the status, size and result of CPU
/// work the harness checks; once checked, the results file keeps the outcome's name alone
/// (`results::RequestRecord`). The fields, their order and their names are
/// those of the results file, whose format is fixed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Record<O = Fetch> {
    /// The target's id.
    pub id: u32,
    /// When the request began (the model had a slot for it).
    pub start_ms: f64,
    /// When the model was done with it: the body verified and its CPU work done, or the error.
    pub end_ms: f64,
    /// How it went: a [`Fetch`] from a model; `ok` or the error kind's fixed name in the
    /// results file.
    pub outcome: O,
    /// The OS thread that finished the request and did its CPU work, as a small index in the
    /// order this process's threads first finished one (see [`thread_index`]).
    #[serde(default)]
    pub thread: u32,
    /// When the model took the target up, before it waited for a slot (a permit, a free
    /// thread): `None` where the target waits for nothing (a thread takes the next one itself).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_ms: Option<f64>,
    /// When the response headers had arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers_ms: Option<f64>,
    /// When the whole body had been read; the CPU work on it runs from then to `end_ms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_ms: Option<f64>,
    /// For a model with a global lock (`gil-threads`): each stretch, `[start, end]` in ms, in
    /// which this request's thread held the lock after its response arrived, doing its CPU
    /// work. Between stretches it waited for the lock while another thread held it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub holds_ms: Vec<[f64; 2]>,
    /// When the request would have started on a perfect client with the same limit (FIFO into
    /// as many slots, no overhead; see [`crate::ideal_starts_ms`]). The harness stamps it on
    /// the results file's records; a model leaves it `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ideal_start_ms: Option<f64>,
}

impl Record<Fetch> {
    /// A record with no phases, stamped as done on the calling thread.
    pub fn new(id: u32, start_ms: f64, end_ms: f64, outcome: Fetch) -> Self {
        Record {
            id,
            start_ms,
            end_ms,
            outcome,
            thread: thread_index(),
            queued_ms: None,
            headers_ms: None,
            body_ms: None,
            holds_ms: Vec::new(),
            ideal_start_ms: None,
        }
    }
}

impl<O> Record<O> {
    /// From the request's start to its end.
    pub fn latency_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }

    /// From the request's start on the ideal schedule (or its own, if that came first) to its
    /// end: what a user who asked for it when a perfect client would have sent it waited, the
    /// wait for a turn included; never less than the service time. `None` where the record has
    /// no ideal start.
    pub fn response_ms(&self) -> Option<f64> {
        self.ideal_start_ms
            .map(|ideal| self.end_ms - ideal.min(self.start_ms))
    }

    /// When the request stopped waiting on the server: its headers, or its end if it had none.
    pub fn answered_ms(&self) -> f64 {
        self.headers_ms.unwrap_or(self.end_ms)
    }
}

/// A small index for the calling OS thread, the same for the thread's whole life: 0 for the
/// first thread of the process that asks, 1 for the next, and so on. Lets records say which
/// thread did the work without carrying the kernel's thread ids.
pub fn thread_index() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    thread_local! {
        static INDEX: u32 = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    INDEX.with(|index| *index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error_kind::ErrorKind;

    #[test]
    fn each_thread_keeps_its_own_small_index() {
        let here = thread_index();
        assert_eq!(thread_index(), here);
        let there = std::thread::spawn(thread_index).join().unwrap();
        assert_ne!(there, here);
    }

    #[test]
    fn records_round_trip_through_json() {
        let record = Record {
            headers_ms: Some(2.0),
            ..Record::new(3, 1.5, 2.5, Fetch::failed(ErrorKind::Http5xx, "status 503"))
        };
        let json = serde_json::to_string(&record).unwrap();
        assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), record);
    }
}
