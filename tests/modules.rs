//! The shape of the code: in every crate of the workspace, no module imports a module that
//! imports it, and the report's layers only depend downward (pages on charts, charts on
//! analysis). Read from the source's own `crate::`, `super::` and `self::` paths (re-exports
//! followed to where the item lives), so a new circle fails here, naming the modules and the
//! statement that closes it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path inside its crate: `[]` for the crate root, `["pages", "figures"]` for
/// `src/pages/figures/mod.rs`.
type ModPath = Vec<String>;

/// Items a module re-exports (`pub use job::{Job, Outcome};`), by (module, item name): a path
/// through the re-export is a reference to the module the item comes from.
type ReExports = BTreeMap<(ModPath, String), ModPath>;

/// One reference from a module to another, with the statement it is in, for the message.
#[derive(Clone, Debug)]
struct Reference {
    from: ModPath,
    to: ModPath,
    statement: String,
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

/// A file's code as statements: comments, string and character literals and every
/// `#[cfg(test)]` item left out (a test may reach anywhere, and a path in prose is no import),
/// the rest cut at `;`, `{` and `}` except inside a `use` statement's groups.
fn statements(text: &str) -> Vec<String> {
    let mut code = String::new();
    for line in text.lines() {
        code.push_str(line.split("//").next().unwrap_or_default());
        code.push(' ');
    }
    let chars: Vec<char> = code.chars().collect();
    let mut kept = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '"' => {
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                kept.push_str("\"\"");
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => {
                i += 2;
            }
            '\'' if chars.get(i + 1) == Some(&'\\') => {
                i += chars[i + 1..].iter().position(|&c| c == '\'').unwrap_or(0) + 1;
            }
            c => kept.push(c),
        }
        i += 1;
    }
    let kept = without_test_items(&kept);
    let mut found = Vec::new();
    let mut current = String::new();
    let mut depth_in_use = 0usize;
    for c in kept.chars() {
        let in_use = current.trim_start().starts_with("use ")
            || current.trim_start().starts_with("pub use ")
            || current.trim_start().starts_with("pub(crate) use ")
            || current.trim_start().starts_with("pub(super) use ");
        match c {
            '{' if in_use => depth_in_use += 1,
            '}' if in_use && depth_in_use > 0 => depth_in_use -= 1,
            ';' | '{' | '}' if depth_in_use == 0 => {
                found.push(current.split_whitespace().collect::<Vec<_>>().join(" "));
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    found.push(current.split_whitespace().collect::<Vec<_>>().join(" "));
    found.retain(|statement| !statement.is_empty());
    found
}

/// `code` without the items under `#[cfg(test)]`: a block up to its closing brace, or a
/// statement up to its `;`.
fn without_test_items(code: &str) -> String {
    let mut out = String::new();
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let (brace, semicolon) = (after.find('{'), after.find(';'));
        let end = match (brace, semicolon) {
            (Some(open), semicolon) if semicolon.is_none_or(|s| open < s) => {
                let mut depth = 0;
                let mut end = after.len();
                for (offset, c) in after[open..].char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = open + offset + 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                end
            }
            (_, Some(semicolon)) => semicolon + 1,
            _ => after.len(),
        };
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Spreads a path with groups into plain paths: `a::{b, c::{d, e}}` is `a::b`, `a::c::d` and
/// `a::c::e`; `self` in a group is the group's own path.
fn spread(path: &str) -> Vec<Vec<String>> {
    let path = path.trim();
    let Some(open) = path.find('{') else {
        let parts: Vec<String> = path
            .split(" as ")
            .next()
            .unwrap_or_default()
            .split("::")
            .map(|part| part.trim().to_owned())
            .filter(|part| !part.is_empty() && part != "self" && part != "*")
            .collect();
        return vec![parts];
    };
    let close = path.rfind('}').unwrap_or(path.len());
    let stem = &path[..open];
    let mut items = Vec::new();
    let (mut depth, mut start) = (0, open + 1);
    for (offset, c) in path[open + 1..close].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&path[start..open + 1 + offset]);
                start = open + 2 + offset;
            }
            _ => {}
        }
    }
    items.push(&path[start..close]);
    items
        .into_iter()
        .filter(|item| !item.trim().is_empty())
        .flat_map(|item| spread(&format!("{stem}{}", item.trim())))
        .collect()
}

/// The paths a statement names that start with `crate`, `super` or `self`.
fn paths_in(statement: &str) -> Vec<Vec<String>> {
    let chars: Vec<char> = statement.chars().collect();
    let mut paths = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let rest: String = chars[i..].iter().collect();
        let starts_word = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if starts_word
            && ["crate::", "super::", "self::"]
                .iter()
                .any(|h| rest.starts_with(h))
        {
            let mut end = 0;
            let mut depth = 0;
            for (offset, c) in rest.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth > 0 => depth -= 1,
                    c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => break,
                    _ => {}
                }
                end = offset + c.len_utf8();
            }
            paths.extend(spread(&rest[..end]));
            i += rest[..end].chars().count().max(1);
        } else {
            i += 1;
        }
    }
    paths
}

/// `path` as seen from `module`, resolved to the module it reaches: the deepest known module
/// it names, or where an item it names through a re-export lives.
fn resolve(
    module: &ModPath,
    path: &[String],
    known: &BTreeSet<ModPath>,
    re_exports: &ReExports,
) -> Option<ModPath> {
    let mut absolute: ModPath = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") | Some("super") => module.clone(),
        _ => return None,
    };
    let mut rest = &path[1..];
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
        if known.contains(&deeper) {
            absolute = deeper;
        } else if let Some(origin) = re_exports.get(&(absolute.clone(), part.clone())) {
            return Some(origin.clone());
        } else {
            break;
        }
    }
    Some(absolute)
}

/// Every reference between modules of the crate under `src`, test files left out.
fn references(src: &Path) -> Vec<Reference> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.retain(|file| {
        module_of(src, file)
            .last()
            .is_none_or(|name| name != "tests")
    });
    let known: BTreeSet<ModPath> = files.iter().map(|file| module_of(src, file)).collect();
    let code: Vec<(ModPath, Vec<String>)> = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("a readable source file");
            (module_of(src, file), statements(&text))
        })
        .collect();
    // Re-exports through re-exports: followed until nothing changes.
    let mut re_exports = ReExports::new();
    loop {
        let before = re_exports.len();
        for (module, statements) in &code {
            for statement in statements {
                let Some(used) = statement
                    .strip_prefix("pub use ")
                    .or_else(|| statement.strip_prefix("pub(crate) use "))
                else {
                    continue;
                };
                let used = if used.starts_with("crate::")
                    || used.starts_with("super::")
                    || used.starts_with("self::")
                {
                    used.to_owned()
                } else {
                    format!("self::{used}")
                };
                for path in spread(&used) {
                    let Some(item) = path.last() else { continue };
                    if let Some(origin) = resolve(module, &path, &known, &re_exports)
                        && &origin != module
                    {
                        re_exports.insert((module.clone(), item.clone()), origin);
                    }
                }
            }
        }
        if re_exports.len() == before {
            break;
        }
    }
    let mut found = Vec::new();
    for (module, statements) in &code {
        for statement in statements {
            for path in paths_in(statement) {
                if let Some(to) = resolve(module, &path, &known, &re_exports)
                    && &to != module
                {
                    found.push(Reference {
                        from: module.clone(),
                        to,
                        statement: statement.clone(),
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

/// Every edge between siblings that closes a circle, with the statement that makes it.
fn circles(references: &[Reference]) -> Vec<String> {
    let mut edges: BTreeMap<(ModPath, ModPath), String> = BTreeMap::new();
    for reference in references {
        if let Some(edge) = sibling_edge(reference) {
            edges
                .entry(edge)
                .or_insert_with(|| format!("{}: {}", name(&reference.from), reference.statement));
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
    edges
        .iter()
        .filter(|((a, b), _)| reaches(b, a))
        .map(|((a, b), why)| format!("{} -> {} closes a circle ({why})", name(a), name(b)))
        .collect()
}

/// References from a lower layer of the report to a higher one: analysis (0) < charts (1) <
/// pages (2).
fn upward(references: &[Reference]) -> Vec<String> {
    let rank = |module: &ModPath| match module.first().map(String::as_str) {
        Some("analysis") => Some(0),
        Some("charts") => Some(1),
        Some("pages") => Some(2),
        _ => None,
    };
    references
        .iter()
        .filter(|r| matches!((rank(&r.from), rank(&r.to)), (Some(a), Some(b)) if a < b))
        .map(|r| format!("{} -> {} ({})", name(&r.from), name(&r.to), r.statement))
        .collect()
}

#[test]
fn no_module_imports_a_module_that_imports_it() {
    let mut found = Vec::new();
    for src in source_dirs() {
        let crate_dir = src.strip_prefix(workspace()).unwrap_or(&src).display();
        found.extend(
            circles(&references(&src))
                .into_iter()
                .map(|circle| format!("{crate_dir}: {circle}")),
        );
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_report_s_layers_only_depend_downward() {
    let found = upward(&references(&workspace().join("crates/report/src")));
    assert!(found.is_empty(), "{}", found.join("\n"));
}

fn module(path: &str) -> ModPath {
    path.split("::")
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

fn reference(from: &str, to: &str) -> Reference {
    Reference {
        from: module(from),
        to: module(to),
        statement: format!("use crate::{to}"),
    }
}

#[test]
fn the_checks_find_a_circle_and_an_upward_reference_and_nothing_else() {
    // A circle between two siblings, also when it runs through a third or a child.
    assert_eq!(
        circles(&[reference("a", "b"), reference("b", "a")]).len(),
        2
    );
    assert_eq!(
        circles(&[
            reference("a::x", "b"),
            reference("b", "c::y"),
            reference("c", "a")
        ])
        .len(),
        3
    );
    // A module and its parent, or arrows one way, are no circle.
    assert!(circles(&[reference("a::x", "a"), reference("a", "a::x")]).is_empty());
    assert!(
        circles(&[
            reference("a", "b"),
            reference("b", "c"),
            reference("a", "c")
        ])
        .is_empty()
    );
    // Only arrows up the report's layers are upward.
    assert_eq!(
        upward(&[
            reference("analysis::data", "pages::format"),
            reference("pages::x", "charts::y"),
            reference("charts::y", "analysis::data"),
        ]),
        ["analysis::data -> pages::format (use crate::pages::format)"]
    );
}

#[test]
fn paths_are_read_from_groups_lines_and_re_exports_and_not_from_prose_or_tests() {
    let text = "use crate::{a::X,\n    b::{self, Y as Z}};\nlet s = \"crate::c\"; // crate::d\n\
                let q = '\"'; let p = crate::e::f();\n#[cfg(test)]\nmod tests { use crate::g; }\n\
                fn after() { super::h::i(); }";
    let paths: Vec<String> = statements(text)
        .iter()
        .flat_map(|s| paths_in(s))
        .map(|path| path.join("::"))
        .collect();
    assert_eq!(
        paths,
        [
            "crate::a::X",
            "crate::b",
            "crate::b::Y",
            "crate::e::f",
            "super::h::i"
        ]
    );
    let known: BTreeSet<ModPath> = ["", "a", "b", "b::inner"].map(module).into();
    let re_exports: ReExports = [((module("b"), "Thing".to_owned()), module("b::inner"))].into();
    let through = resolve(
        &module("a"),
        &module("super::b::Thing"),
        &known,
        &re_exports,
    );
    assert_eq!(through, Some(module("b::inner")));
    assert_eq!(
        resolve(
            &module("a"),
            &module("crate::b::Other"),
            &known,
            &re_exports
        ),
        Some(module("b"))
    );
}
