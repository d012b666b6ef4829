//! Numbers as the pages write them: one way each, everywhere.

use crate::analysis::Spread;
use crate::analysis::scale::Cause;

/// Seconds, for texts.
pub fn s(ms: f64) -> String {
    format!("{:.2} s", ms / 1000.0)
}

/// Milliseconds, for texts.
pub fn ms(ms: f64) -> String {
    format!("{ms:.0} ms")
}

/// KiB as MiB with one decimal, for texts.
pub fn mib(kib: f64) -> String {
    format!("{:.1} MiB", kib / 1024.0)
}

/// KiB as GiB with one decimal, for texts.
pub fn gib(kib: f64) -> String {
    format!("{:.1} GiB", kib / 1024.0 / 1024.0)
}

/// KiB as MiB, or GiB from a thousand MiB on.
pub fn size(kib: f64) -> String {
    let mib = kib.max(0.0) / 1024.0;
    if mib >= 1000.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.0} MiB")
    }
}

/// "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "lo-hi", or one figure when they round alike.
pub fn range(values: impl IntoIterator<Item = f64>, decimals: usize) -> String {
    let spread = Spread::of(values);
    let (lo, hi) = (
        format!("{:.decimals$}", spread.min),
        format!("{:.decimals$}", spread.max),
    );
    if lo == hi { lo } else { format!("{lo}-{hi}") }
}

/// What a run's CPU load over the ideal time (see `Budget::ideal_load`) says, after a comma.
pub fn load_verdict(load: f64) -> &'static str {
    if load > 1.0 {
        "so with the CPU it and the server spent it could not have finished in the ideal time \
         on these cores, however the work overlapped"
    } else {
        "so that total does not explain its distance from the ideal (though the cores may \
         still have been short at moments)"
    }
}

/// What stopped a group, in a few words.
pub fn cause(cause: &Cause) -> String {
    match cause {
        Cause::NotRun(reason) => match reason.find("keeps at most") {
            Some(at) => format!(
                "not run: {}",
                reason[at..].replace(", so its ideal time is", ": ideal")
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
