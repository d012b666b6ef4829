//! Why a workload could not be loaded, pointed at its file, line and field: TOML's own errors
//! name neither the field nor, after validation, the line.

use std::fmt;

/// A workload that could not be loaded: which file, where, which field, and what is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkloadError {
    /// The file, or the name it was asked for by.
    pub file: String,
    /// The line at fault, where it can be told.
    pub line: Option<usize>,
    /// The field at fault, where it can be told.
    pub field: Option<String>,
    /// What is wrong, and what is allowed.
    pub message: String,
}

impl fmt::Display for WorkloadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "workload {}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for WorkloadError {}

impl WorkloadError {
    /// A file that TOML could not read as a workload. The field comes from the message where
    /// serde names it (an unknown key), else from the line the error points at.
    pub(super) fn from_toml(err: &toml::de::Error, source: &str, file: &str) -> Self {
        let line = err.span().map(|span| line_number(source, span.start));
        let field = unknown_field(err.message())
            .or_else(|| line.and_then(|line| key_on_line(source, line)));
        WorkloadError {
            file: file.to_owned(),
            line,
            field,
            message: err.message().trim().to_owned(),
        }
    }

    /// A value that validation refused, pointed at the line of `source` that sets it.
    pub(super) fn invalid(field: &str, message: String, source: &str, file: &str) -> Self {
        WorkloadError {
            file: file.to_owned(),
            line: line_of_key(source, field),
            field: Some(field.to_owned()),
            message,
        }
    }
}

fn line_number(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The key assigned on `line` (1-based), as in `key = value`.
fn key_on_line(source: &str, line: usize) -> Option<String> {
    let text = source.lines().nth(line - 1)?;
    let (key, _) = text.split_once('=')?;
    let key = key.trim().trim_start_matches('{').trim();
    (!key.is_empty()).then(|| key.to_owned())
}

/// The line on which `key` is assigned, if it is.
fn line_of_key(source: &str, key: &str) -> Option<usize> {
    source
        .lines()
        .position(|text| {
            let text = text.trim_start();
            text.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
                || text.contains(&format!("{{ {key} ="))
                || text.contains(&format!(", {key} ="))
        })
        .map(|index| index + 1)
}

fn unknown_field(message: &str) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    Some(rest.split('`').next()?.to_owned())
}

#[cfg(test)]
mod tests {
    use crate::workload::Workload;
    use crate::workload::tests::SMALL;

    #[test]
    fn unknown_key_names_file_line_and_field() {
        let source = SMALL.replace("seed = 7", "seed = 7\nsede = 8");
        let err = Workload::parse(&source, "bad.toml").unwrap_err();
        assert_eq!(err.file, "bad.toml");
        assert_eq!(err.field.as_deref(), Some("sede"));
        assert!(err.line.is_some(), "{err}");
        assert!(err.to_string().contains("bad.toml"), "{err}");
    }

    #[test]
    fn wrong_type_names_line_and_field() {
        let source = SMALL.replace("targets = 50", "targets = \"many\"");
        let err = Workload::parse(&source, "bad.toml").unwrap_err();
        assert_eq!(err.line, Some(5), "{err}");
        assert_eq!(err.field.as_deref(), Some("targets"), "{err}");
    }
}
