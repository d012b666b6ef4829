//! What stopped a group, as the pages write it: one way, everywhere.

use crate::analysis::scale::Cause;

/// What stopped a group, in a few words.
pub fn cause(cause: &Cause) -> String {
    match cause {
        Cause::NotRun(reason) => match reason.find("keeps at most") {
            Some(at) => format!(
                "not run: {}",
                plural_fixed(&reason[at..]).replace(", so its ideal time is", ": ideal")
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

/// A recorded reason with its plural said right: files written before the harness did read
/// "1 request(s)".
pub fn plural_fixed(reason: &str) -> String {
    reason
        .replace(" 1 request(s)", " 1 request")
        .replace(" request(s)", " requests")
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
