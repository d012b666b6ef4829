//! One target of a workload: the URL that asks the mock server for it, and what a perfect
//! client spends on it and records for it.

use serde::{Deserialize, Serialize};

use super::Fault;
use crate::error_kind::ErrorKind;

/// One target of a workload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Target {
    /// The target's id: its index in the workload.
    pub id: u32,
    /// How long the mock server waits before it answers, in ms.
    pub delay_ms: u64,
    /// The body size, in bytes.
    pub size: u64,
    /// How the server fails it, if it does.
    pub fault: Fault,
}

impl Target {
    /// The path and query that ask the mock server for this target.
    pub fn path(&self) -> String {
        let mut path = format!(
            "/item/{}?delay_ms={}&size={}",
            self.id, self.delay_ms, self.size
        );
        match self.fault {
            Fault::None => {}
            Fault::Status(status) => path.push_str(&format!("&status={status}")),
            Fault::Trickle { ms } => path.push_str(&format!("&fault=trickle&trickle_ms={ms}")),
            fault => path.push_str(&format!("&fault={}", fault.name().unwrap_or_default())),
        }
        path
    }

    /// How long a perfect client with receive timeout `timeout_ms` spends on this target: the
    /// server's delay, or the timeout where the server makes it wait longer.
    pub fn ideal_ms(&self, timeout_ms: u64) -> f64 {
        let timeout = timeout_ms as f64;
        let delay = self.delay_ms as f64;
        match self.fault {
            // No headers before the timeout: the client gives up then.
            Fault::Stall => timeout,
            _ if delay >= timeout => timeout,
            // Headers on time, then the body gets a timeout of its own.
            Fault::Trickle { ms } => delay + (ms as f64).min(timeout),
            _ => delay,
        }
    }

    /// What a correct client with receive timeout `timeout_ms` records for this target: `None`
    /// for a verified body, else the error kind. Timeouts near the limit can go either way on a
    /// loaded machine; tests keep well clear of it.
    pub fn expected(&self, timeout_ms: u64) -> Option<ErrorKind> {
        // The client's timer starts when the request is sent, before the server's delay does,
        // so at equal times the client gives up first; `ideal_ms` counts it the same way.
        if self.delay_ms >= timeout_ms {
            return Some(ErrorKind::Timeout);
        }
        match self.fault {
            Fault::None => None,
            Fault::Status(status) => ErrorKind::from_status(status),
            Fault::Reset => Some(ErrorKind::Reset),
            Fault::Truncate => Some(ErrorKind::Truncated),
            Fault::Stall => Some(ErrorKind::Timeout),
            Fault::Trickle { ms } if ms > timeout_ms => Some(ErrorKind::Timeout),
            Fault::Trickle { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_know_what_a_correct_client_records() {
        let target = |delay_ms, fault| Target {
            id: 0,
            delay_ms,
            size: 10,
            fault,
        };
        assert_eq!(target(10, Fault::None).expected(1000), None);
        assert_eq!(
            target(5000, Fault::None).expected(1000),
            Some(ErrorKind::Timeout)
        );
        assert_eq!(
            target(10, Fault::Status(418)).expected(1000),
            Some(ErrorKind::Http4xx)
        );
        assert_eq!(
            target(10, Fault::Status(503)).expected(1000),
            Some(ErrorKind::Http5xx)
        );
        assert_eq!(
            target(10, Fault::Reset).expected(1000),
            Some(ErrorKind::Reset)
        );
        assert_eq!(
            target(10, Fault::Truncate).expected(1000),
            Some(ErrorKind::Truncated)
        );
        assert_eq!(
            target(10, Fault::Stall).expected(1000),
            Some(ErrorKind::Timeout)
        );
        assert_eq!(
            target(10, Fault::Trickle { ms: 5000 }).expected(1000),
            Some(ErrorKind::Timeout)
        );
        assert_eq!(target(10, Fault::Trickle { ms: 50 }).expected(1000), None);
        assert_eq!(target(10, Fault::Stall).ideal_ms(1000), 1000.0);
        assert_eq!(target(5000, Fault::None).ideal_ms(1000), 1000.0);
        assert_eq!(target(10, Fault::Trickle { ms: 50 }).ideal_ms(1000), 60.0);
        assert_eq!(
            target(5000, Fault::Trickle { ms: 5000 }).ideal_ms(1000),
            1000.0
        );
        assert_eq!(
            target(10, Fault::Trickle { ms: 5000 }).ideal_ms(1000),
            1010.0
        );
        assert!(
            target(10, Fault::Trickle { ms: 50 })
                .path()
                .ends_with("&fault=trickle&trickle_ms=50")
        );
        assert!(target(10, Fault::Reset).path().ends_with("&fault=reset"));
    }

    #[test]
    fn a_delay_equal_to_the_timeout_is_a_timeout_in_both_views() {
        let target = |delay_ms, fault| Target {
            id: 0,
            delay_ms,
            size: 10,
            fault,
        };
        for fault in [
            Fault::None,
            Fault::Status(503),
            Fault::Reset,
            Fault::Truncate,
            Fault::Trickle { ms: 50 },
        ] {
            assert_eq!(
                target(1000, fault).expected(1000),
                Some(ErrorKind::Timeout),
                "{fault:?}"
            );
            assert_eq!(target(1000, fault).ideal_ms(1000), 1000.0, "{fault:?}");
        }
        assert_eq!(target(999, Fault::None).expected(1000), None);
        assert_eq!(target(999, Fault::None).ideal_ms(1000), 999.0);
    }
}
