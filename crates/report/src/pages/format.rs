//! Numbers as the pages write them: one way each, everywhere.

use crate::analysis::Spread;

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
