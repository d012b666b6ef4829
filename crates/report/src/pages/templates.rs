//! The pages' words: every template under `crates/report/templates/`, embedded at build time,
//! with the number formats, units and plurals registered once as filters.
//!
//! Rust hands a template named figures and named checks; the template picks its sentences
//! with `{% if %}` on the checks and formats figures with the filters (`{{ ms | s }}`, each
//! registered in `ENVIRONMENT`) and one function, `{{ lesson("gil") }}` ("lesson 2").

use std::sync::LazyLock;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

use crate::analysis::Spread;

/// The one environment, with every template and filter.
static ENVIRONMENT: LazyLock<Environment<'static>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // A block tag on a line of its own leaves no blank line; text around inline tags stays.
    env.set_trim_blocks(true);
    env.set_lstrip_blocks(true);
    env.set_keep_trailing_newline(true);
    // A name a template uses that Rust did not give is an error, not an empty string.
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.add_filter("s", |ms: f64| format!("{:.2} s", ms / 1000.0));
    env.add_filter("ms", |ms: f64| format!("{ms:.0} ms"));
    env.add_filter("mib", |kib: f64| format!("{:.1} MiB", kib / 1024.0));
    env.add_filter("gib", |kib: f64| {
        format!("{:.1} GiB", kib / 1024.0 / 1024.0)
    });
    env.add_filter("size", size);
    env.add_filter("fixed", |value: f64, decimals: usize| {
        format!("{value:.decimals$}")
    });
    env.add_filter("signed", |value: f64, decimals: usize| {
        format!("{value:+.decimals$}")
    });
    env.add_filter("plural", plural);
    env.add_filter("and_list", and_list);
    env.add_filter("code", code);
    env.add_filter("range", range);
    env.add_filter("ljust", |text: String, width: usize| {
        format!("{text:width$}")
    });
    env.add_filter("rjust", |text: String, width: usize| {
        format!("{text:>width$}")
    });
    env.add_filter("wrap", wrap);
    env.add_filter("times", times);
    env.add_function("lesson", |name: String| {
        crate::pages::lessons::find(&name)
            .map(|lesson| format!("lesson {}", lesson.number))
            .ok_or_else(|| {
                minijinja::Error::new(
                    minijinja::ErrorKind::InvalidOperation,
                    format!("no lesson named {name}"),
                )
            })
    });
    minijinja_embed::load_templates!(&mut env);
    env
});

/// KiB as MiB, or GiB from a thousand MiB on.
fn size(kib: f64) -> String {
    let mib = kib.max(0.0) / 1024.0;
    if mib >= 1000.0 {
        format!("{:.1} GiB", mib / 1024.0)
    } else {
        format!("{mib:.0} MiB")
    }
}

/// "a", "a and b", "a, b and c".
fn and_list(items: Vec<String>) -> String {
    match &items[..] {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "lo-hi", or one figure when they round alike.
fn range(values: Vec<f64>, decimals: usize) -> String {
    let spread = Spread::of(values);
    let (lo, hi) = (
        format!("{:.decimals$}", spread.min),
        format!("{:.decimals$}", spread.max),
    );
    if lo == hi { lo } else { format!("{lo}-{hi}") }
}

/// "1 thread", "3 threads": `count` (rounded to a whole number) and `word`, or `plural_form`
/// (`word` + "s" when not given) unless the count is one.
fn plural(count: f64, word: String, plural_form: Option<String>) -> String {
    let count = count.round();
    let word = if count == 1.0 {
        word
    } else {
        plural_form.unwrap_or_else(|| format!("{word}s"))
    };
    format!("{count:.0} {word}")
}

/// A ratio as "1.02x", or "95x" from ten on.
fn times(ratio: f64) -> String {
    if ratio >= 10.0 {
        format!("{ratio:.0}x")
    } else {
        format!("{ratio:.2}x")
    }
}

/// `text` in lines of at most `width` characters, broken between words.
fn wrap(text: String, width: usize) -> String {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// A name in backticks, or each name of a list.
fn code(value: minijinja::Value) -> minijinja::Value {
    let wrap = |item: minijinja::Value| minijinja::Value::from(format!("`{item}`"));
    match value.try_iter() {
        Ok(items) if value.as_str().is_none() => items.map(wrap).collect(),
        _ => wrap(value),
    }
}

/// The template `name` (its path under `templates/`) rendered with `context`.
pub fn render(name: &str, context: impl Serialize) -> String {
    rendered(name, None, context)
}

/// The block `block` of the template `name`, rendered with `context`: a lesson's template holds
/// its text and why it did not hold as two blocks, rendered apart.
pub fn render_block(name: &str, block: &str, context: impl Serialize) -> String {
    rendered(name, Some(block), context)
}

/// The template `name`, or its block `block`, rendered with `context`.
///
/// The templates are part of the binary and every one is rendered by the report's tests, so a
/// failure here is a fault in a template, reported with its name and line.
fn rendered(name: &str, block: Option<&str>, context: impl Serialize) -> String {
    ENVIRONMENT
        .get_template(name)
        .and_then(|template| match block {
            None => template.render(context),
            Some(block) => template
                .render_captured(context)?
                .with_state_mut(|state| state.render_block(block)),
        })
        .unwrap_or_else(|err| {
            let block = block.map(|block| format!(", block {block}"));
            panic!("template {name}{}: {err:#}", block.unwrap_or_default())
        })
}
