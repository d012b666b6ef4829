//! What stopped a group, as the pages write it: one way, everywhere.

use crate::analysis::scale::Cause;

/// What stopped a group, in a few words.
pub fn cause(cause: &Cause) -> String {
    match cause {
        Cause::NotRun(reason) => match reason.find("keeps at most") {
            // Files written before the reason said its plural right read "request(s)".
            Some(at) => format!(
                "not run: {}",
                reason[at..]
                    .replace(", so its ideal time is", ": ideal")
                    .replace(" 1 request(s)", " 1 request")
                    .replace(" request(s)", " requests")
            ),
            None => format!("not run ({reason})"),
        },
        Cause::Deadline => "too slow: killed at its deadline".into(),
        Cause::OpenFiles => "file descriptors ran out".into(),
        Cause::Threads(error) => format!("threads refused ({})", first_line(error)),
        Cause::Memory(error) => format!("memory ({})", first_line(error)),
        Cause::Other(error) => first_line(error),
        Cause::Requests {
            kind,
            failed,
            total,
        } => format!("{kind}: {failed} of {total} requests failed"),
        Cause::Verification => "failed verification".into(),
    }
}

/// The first line of `text`, cut at 90 characters.
fn first_line(text: &str) -> String {
    let first_line = text.lines().next().unwrap_or_default();
    if first_line.chars().count() > 90 {
        format!("{}...", first_line.chars().take(90).collect::<String>())
    } else {
        first_line.to_owned()
    }
}
