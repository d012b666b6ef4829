//! The shape of the code: in every crate of the workspace, no module imports a module that
//! imports it, and the report's layers only depend downward (pages on charts, charts on
//! analysis). Read from the source's own `crate::`, `super::` and `self::` paths, so a new
//! circle fails here, naming the modules and the lines that close it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path inside its crate: `[]` for the crate root, `["pages", "figures"]` for
/// `src/pages/figures/mod.rs`.
type ModPath = Vec<String>;

/// One reference from a module to another: the line it is on, for the message.
#[derive(Clone, Debug)]
struct Reference {
    from: ModPath,
    to: ModPath,
    line: String,
}

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every crate's `src` directory: the CLI's, and each under `crates/` and `crates/models/`.
fn source_dirs() -> Vec<PathBuf> {
    let mut dirs = vec![workspace().join("src")];
    for parent in ["crates", "crates/models"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(workspace().join(parent))
            .expect("the crates directory is there")
            .flatten()
            .map(|entry| entry.path().join("src"))
            .filter(|src| src.is_dir())
            .collect();
        found.sort();
        dirs.extend(found);
    }
    dirs
}

fn rust_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("a readable source directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The module a file is, from its place under `src`.
fn module_of(src: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(src).expect("under src");
    let mut parts: ModPath = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    match last.as_str() {
        "lib.rs" | "main.rs" | "mod.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_owned()),
    }
    parts
}

/// The code of a file without its tests, comments and string literals: a test module may
/// reach anywhere, and a path in prose is not an import.
fn code_of(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let code = line.split("//").next().unwrap_or_default();
        let mut kept = String::new();
        let mut in_string = false;
        let mut previous = ' ';
        for c in code.chars() {
            if c == '"' && previous != '\\' {
                in_string = !in_string;
            } else if !in_string {
                kept.push(c);
            }
            previous = c;
        }
        lines.push(kept);
    }
    lines
}

/// The paths a line of code names that start with `crate`, `super` or `self`, with one level
/// of `{a, b::c}` groups spread out.
fn paths_in(line: &str) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let bytes: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let rest: String = bytes[i..].iter().collect();
        let starts_word = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_');
        let head = ["crate::", "super::", "self::"]
            .into_iter()
            .find(|head| rest.starts_with(head));
        if let (true, Some(_)) = (starts_word, head) {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            let stem: Vec<String> = rest[..end]
                .split("::")
                .filter(|part| !part.is_empty())
                .map(str::to_owned)
                .collect();
            if rest[end..].starts_with('{') {
                let close = rest[end..].find('}').map_or(rest.len(), |at| end + at);
                for item in rest[end + 1..close].split(',') {
                    let mut path = stem.clone();
                    path.extend(
                        item.trim()
                            .split("::")
                            .map(|part| part.trim().trim_start_matches('{').to_owned())
                            .filter(|part| !part.is_empty()),
                    );
                    paths.push(path);
                }
                i += close.max(end) + 1;
            } else {
                paths.push(stem);
                i += end.max(1);
            }
        } else {
            i += 1;
        }
    }
    paths
}

/// The modules a crate's root re-exports items from (`pub use job::{Job, Outcome};`), by
/// item name: `crate::Job` is a reference to `job`.
type ReExports = BTreeMap<String, ModPath>;

/// `path` as seen from `module`, resolved to the deepest known module it names.
fn resolve(
    module: &ModPath,
    path: &[String],
    known: &BTreeSet<ModPath>,
    re_exports: &ReExports,
) -> Option<ModPath> {
    let mut absolute: ModPath = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => module.clone(),
        Some("super") => module.clone(),
        _ => return None,
    };
    let mut rest = &path[1..];
    if path[0] == "crate"
        && let Some(item) = rest.first()
        && let Some(origin) = re_exports.get(item)
    {
        return Some(origin.clone());
    }
    if path[0] == "super" {
        absolute.pop();
        while rest.first().is_some_and(|part| part == "super") {
            absolute.pop();
            rest = &rest[1..];
        }
    }
    for part in rest {
        let mut deeper = absolute.clone();
        deeper.push(part.clone());
        if !known.contains(&deeper) {
            break;
        }
        absolute = deeper;
    }
    Some(absolute)
}

/// Every reference between modules of the crate under `src`.
fn references(src: &Path) -> Vec<Reference> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let known: BTreeSet<ModPath> = files.iter().map(|file| module_of(src, file)).collect();
    let mut re_exports = ReExports::new();
    for root in ["lib.rs", "main.rs"] {
        let Ok(text) = std::fs::read_to_string(src.join(root)) else {
            continue;
        };
        for line in code_of(&text) {
            let Some(used) = line.trim().strip_prefix("pub use ") else {
                continue;
            };
            for path in paths_in(&format!("crate::{used}")) {
                let Some(item) = path.last() else { continue };
                if let Some(origin) = resolve(&Vec::new(), &path, &known, &ReExports::new())
                    && !origin.is_empty()
                {
                    re_exports.insert(item.clone(), origin);
                }
            }
        }
    }
    let mut found = Vec::new();
    for file in &files {
        let module = module_of(src, file);
        let text = std::fs::read_to_string(file).expect("a readable source file");
        for line in code_of(&text) {
            for path in paths_in(&line) {
                if let Some(to) = resolve(&module, &path, &known, &re_exports)
                    && to != module
                {
                    found.push(Reference {
                        from: module.clone(),
                        to,
                        line: line.trim().to_owned(),
                    });
                }
            }
        }
    }
    found
}

/// A reference as an edge between two siblings: the children of the two modules' deepest
/// common parent that contain them. A module and its own parent or child form no edge.
fn sibling_edge(reference: &Reference) -> Option<(ModPath, ModPath)> {
    let (from, to) = (&reference.from, &reference.to);
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

fn name(module: &ModPath) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let mut circles = Vec::new();
    for src in source_dirs() {
        let mut edges: BTreeMap<(ModPath, ModPath), String> = BTreeMap::new();
        for reference in references(&src) {
            if let Some(edge) = sibling_edge(&reference) {
                edges
                    .entry(edge)
                    .or_insert_with(|| format!("{}: {}", name(&reference.from), reference.line));
            }
        }
        let reaches = |from: &ModPath, to: &ModPath| -> bool {
            let mut seen = BTreeSet::new();
            let mut stack = vec![from.clone()];
            while let Some(at) = stack.pop() {
                if &at == to {
                    return true;
                }
                if seen.insert(at.clone()) {
                    stack.extend(
                        edges
                            .keys()
                            .filter(|(a, _)| *a == at)
                            .map(|(_, b)| b.clone()),
                    );
                }
            }
            false
        };
        for ((a, b), line) in &edges {
            if reaches(b, a) {
                circles.push(format!(
                    "{}: {} -> {} closes a circle ({line})",
                    src.strip_prefix(workspace()).unwrap_or(&src).display(),
                    name(a),
                    name(b)
                ));
            }
        }
    }
    assert!(circles.is_empty(), "{}", circles.join("\n"));
}

#[test]
fn the_report_s_layers_only_depend_downward() {
    let src = workspace().join("crates/report/src");
    let rank = |module: &ModPath| match module.first().map(String::as_str) {
        Some("analysis") => Some(0),
        Some("charts") => Some(1),
        Some("pages") => Some(2),
        _ => None,
    };
    let upward: Vec<String> = references(&src)
        .into_iter()
        .filter(|r| matches!((rank(&r.from), rank(&r.to)), (Some(a), Some(b)) if a < b))
        .map(|r| format!("{} -> {} ({})", name(&r.from), name(&r.to), r.line))
        .collect();
    assert!(upward.is_empty(), "{}", upward.join("\n"));
}

#[test]
fn the_check_finds_a_circle_and_an_upward_reference_when_there_is_one() {
    let known: BTreeSet<ModPath> = [vec![], vec!["a".into()], vec!["b".into()]]
        .into_iter()
        .collect();
    let from_a = resolve(
        &vec!["a".into()],
        &paths_in("use super::b::{Thing, other};")[0],
        &known,
        &ReExports::new(),
    );
    assert_eq!(from_a, Some(vec!["b".to_owned()]));
    let re_exported: ReExports = [("Thing".to_owned(), vec!["b".to_owned()])].into();
    let through_root = resolve(
        &vec!["a".into()],
        &paths_in("let t = crate::Thing::new();")[0],
        &known,
        &re_exported,
    );
    assert_eq!(through_root, Some(vec!["b".to_owned()]));
    let edge = sibling_edge(&Reference {
        from: vec!["pages".into(), "figures".into()],
        to: vec!["charts".into(), "lines".into()],
        line: String::new(),
    });
    assert_eq!(
        edge,
        Some((vec!["pages".to_owned()], vec!["charts".to_owned()]))
    );
    let inside = sibling_edge(&Reference {
        from: vec!["charts".into(), "gil".into()],
        to: vec!["charts".into()],
        line: String::new(),
    });
    assert_eq!(inside, None, "a child using its parent is no circle");
    assert_eq!(
        code_of("use crate::a;\n#[cfg(test)]\nuse crate::b;"),
        ["use crate::a;"]
    );
    assert!(paths_in(&code_of("let x = \"crate::a\"; // crate::b")[0]).is_empty());
}
