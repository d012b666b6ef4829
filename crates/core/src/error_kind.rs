//! Why a request failed, and the one classification of statuses and I/O errors into those
//! kinds that every client and the workload's expectation share.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a request failed. The names are fixed: reports and scripts rely on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The connection could not be opened (refused, unreachable, connect timeout).
    Connect,
    /// No response, or no complete body, within the timeout.
    Timeout,
    /// The server closed or reset the connection before a response.
    Reset,
    /// A 4xx status.
    #[serde(rename = "http_4xx")]
    Http4xx,
    /// A 5xx status.
    #[serde(rename = "http_5xx")]
    Http5xx,
    /// The body ended before its declared length.
    Truncated,
    /// A complete body that is not the target's body.
    BodyMismatch,
    /// Anything else.
    Other,
}

impl ErrorKind {
    /// Every kind, in the order reports list them.
    pub const ALL: [ErrorKind; 8] = [
        ErrorKind::Connect,
        ErrorKind::Timeout,
        ErrorKind::Reset,
        ErrorKind::Http4xx,
        ErrorKind::Http5xx,
        ErrorKind::Truncated,
        ErrorKind::BodyMismatch,
        ErrorKind::Other,
    ];

    /// The fixed name, as results files and the Python models write it.
    pub fn name(self) -> &'static str {
        match self {
            ErrorKind::Connect => "connect",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Reset => "reset",
            ErrorKind::Http4xx => "http_4xx",
            ErrorKind::Http5xx => "http_5xx",
            ErrorKind::Truncated => "truncated",
            ErrorKind::BodyMismatch => "body_mismatch",
            ErrorKind::Other => "other",
        }
    }
}

/// Where in an exchange an error happened: the same I/O error means a reset before the
/// response and a truncated body after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Before the response headers arrived.
    Response,
    /// While the body was read.
    Body,
}

impl ErrorKind {
    /// Classifies a response status: `None` for a success, whose body still needs checking.
    /// The one definition shared by the clients' judgement and the workload's expectation, so
    /// the two cannot drift apart.
    pub fn from_status(status: u16) -> Option<ErrorKind> {
        match status {
            200..=299 => None,
            400..=499 => Some(ErrorKind::Http4xx),
            500..=599 => Some(ErrorKind::Http5xx),
            _ => Some(ErrorKind::Other),
        }
    }

    /// Classifies an I/O error; every HTTP client's errors end in one of these.
    pub fn from_io(err: &std::io::Error, phase: Phase) -> ErrorKind {
        use std::io::ErrorKind as Io;
        match err.kind() {
            Io::ConnectionRefused
            | Io::AddrNotAvailable
            | Io::NetworkUnreachable
            | Io::HostUnreachable => ErrorKind::Connect,
            Io::TimedOut | Io::WouldBlock => ErrorKind::Timeout,
            Io::ConnectionReset | Io::ConnectionAborted | Io::BrokenPipe | Io::UnexpectedEof => {
                ErrorKind::closed_early(phase)
            }
            _ => ErrorKind::Other,
        }
    }

    /// The peer closed the connection: a reset before the response, a truncated body after.
    pub fn closed_early(phase: Phase) -> ErrorKind {
        match phase {
            Phase::Response => ErrorKind::Reset,
            Phase::Body => ErrorKind::Truncated,
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_kinds_serialise_to_their_fixed_names() {
        for kind in ErrorKind::ALL {
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.name())
            );
        }
    }

    #[test]
    fn statuses_classify_by_their_class() {
        for (status, kind) in [
            (200, None),
            (204, None),
            (299, None),
            (100, Some(ErrorKind::Other)),
            (304, Some(ErrorKind::Other)),
            (400, Some(ErrorKind::Http4xx)),
            (418, Some(ErrorKind::Http4xx)),
            (499, Some(ErrorKind::Http4xx)),
            (500, Some(ErrorKind::Http5xx)),
            (599, Some(ErrorKind::Http5xx)),
            (600, Some(ErrorKind::Other)),
        ] {
            assert_eq!(ErrorKind::from_status(status), kind, "status {status}");
        }
    }
}
