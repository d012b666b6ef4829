//! Files written whole or not at all: each goes to a temporary name beside it and is renamed
//! into place only when every file of the set was written, so a full disk, a read-only folder
//! or a directory in the way leaves what was there before, and no half-written file.

use std::path::{Path, PathBuf};

/// One file to write: where, and its whole content.
pub struct OutputFile {
    /// Where the file goes.
    pub path: PathBuf,
    /// Its whole content.
    pub content: Vec<u8>,
}

/// Writes every file of `files`, or none: on any failure the temporary files are removed,
/// nothing already there is replaced, and the error names the file and the reason in words.
pub fn write_all(files: &[OutputFile]) -> Result<(), String> {
    for (index, file) in files.iter().enumerate() {
        if files[..index]
            .iter()
            .any(|earlier| earlier.path == file.path)
        {
            return Err(format!(
                "cannot write {}: two outputs are the same file",
                file.path.display()
            ));
        }
        if file.path.is_dir() {
            return Err(format!(
                "cannot write {}: a directory is in the way",
                file.path.display()
            ));
        }
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let remove_all = |written: &[PathBuf]| {
        for temporary in written {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for file in files {
        let temporary = temporary_path(&file.path);
        if let Err(err) = std::fs::write(&temporary, &file.content) {
            let _ = std::fs::remove_file(&temporary);
            remove_all(&written);
            return Err(format!(
                "cannot write {}: {}",
                file.path.display(),
                in_words(&err)
            ));
        }
        written.push(temporary);
    }
    for (index, (file, temporary)) in files.iter().zip(&written).enumerate() {
        if let Err(err) = std::fs::rename(temporary, &file.path) {
            remove_all(&written[index..]);
            // Renames beside their files fail only in ways checked above; should one fail
            // anyway, say what was already replaced.
            return Err(format!(
                "cannot write {}: {} ({index} file(s) before it were already replaced)",
                file.path.display(),
                in_words(&err)
            ));
        }
    }
    Ok(())
}

/// Writes one file whole or not at all.
pub fn write_one(path: &Path, content: Vec<u8>) -> Result<(), String> {
    write_all(&[OutputFile {
        path: path.to_path_buf(),
        content,
    }])
}

/// Checks, before any work, that a file can be written at `path`: its folder exists and takes
/// a new file, and no directory is in the way. Creates nothing that stays.
pub fn check_file(path: &Path) -> Result<(), String> {
    if path.is_dir() {
        return Err(format!(
            "cannot write {}: a directory is in the way",
            path.display()
        ));
    }
    let probe = temporary_path(path);
    match std::fs::write(&probe, b"") {
        Ok(()) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(err) => {
            // A folder that exists but makes no files (`/proc`) answers as if it did not.
            let parent = path.parent().filter(|parent| parent.is_dir());
            let why = match (err.raw_os_error(), parent) {
                (Some(libc::ENOENT), Some(parent)) => {
                    format!("its folder {} does not take new files", parent.display())
                }
                _ => in_words(&err),
            };
            Err(format!("cannot write {}: {why}", path.display()))
        }
    }
}

/// Checks that `dir` is a folder that takes new files, or can be made one: where it does not
/// exist yet, its nearest existing ancestor must take new folders. Creates nothing that stays.
pub fn check_dir(dir: &Path) -> Result<(), String> {
    let refused = || {
        format!(
            "cannot write into {}: it does not take new files",
            dir.display()
        )
    };
    if dir.exists() {
        if !dir.is_dir() {
            return Err(format!(
                "cannot write into {}: it is not a folder",
                dir.display()
            ));
        }
        return check_file(&dir.join(".fanout-check")).map_err(|_| refused());
    }
    let existing = dir
        .ancestors()
        .skip(1)
        .map(|ancestor| {
            if ancestor.as_os_str().is_empty() {
                Path::new(".")
            } else {
                ancestor
            }
        })
        .find(|ancestor| ancestor.exists())
        .unwrap_or(Path::new("."));
    if !existing.is_dir() {
        return Err(format!(
            "cannot write into {}: {} is not a folder",
            dir.display(),
            existing.display()
        ));
    }
    check_file(&existing.join(".fanout-check")).map_err(|_| refused())
}

/// A claim on an output for as long as it is held: two runs writing one results file would
/// each say "wrote" while the file kept only the second's runs.
#[derive(Debug)]
pub struct Claim {
    _file: std::fs::File,
}

/// Claims `path` for this process until the [`Claim`] is dropped, with an advisory lock
/// (`flock`) on a hidden file beside it; refuses when another holds it.
pub fn claim(path: &Path) -> Result<Claim, String> {
    use std::os::fd::AsRawFd;

    let name = path.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let lock = path.with_file_name(format!(".{name}.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(|err| format!("cannot write {}: {}", path.display(), in_words(&err)))?;
    // SAFETY: flock on a descriptor this function owns; the lock goes with the file.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
        return Err(format!(
            "another fanout run is writing {}; wait for it to finish, or give another --json",
            path.display()
        ));
    }
    Ok(Claim { _file: file })
}

/// Makes `dir` and its missing ancestors, saying which cannot be made.
pub fn make_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir)
        .map_err(|err| format!("cannot write into {}: {}", dir.display(), in_words(&err)))
}

/// The temporary name a file is written to before it is renamed into place: beside it, so the
/// rename stays on one file system.
fn temporary_path(path: &Path) -> PathBuf {
    let name = path.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    path.with_file_name(format!(".{name}.{}.partial", std::process::id()))
}

/// An I/O error in plain words, without its code.
fn in_words(err: &std::io::Error) -> String {
    match err.raw_os_error() {
        Some(libc::ENOSPC) => "no space left on the device".into(),
        Some(libc::EROFS) => "the file system is read-only".into(),
        Some(libc::EACCES) | Some(libc::EPERM) => "permission denied".into(),
        Some(libc::ENOENT) => "its folder does not exist".into(),
        Some(libc::EISDIR) => "a directory is in the way".into(),
        Some(libc::ENOTDIR) => "a part of its path is not a folder".into(),
        _ => {
            let text = err.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: PathBuf, text: &str) -> OutputFile {
        OutputFile {
            path,
            content: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn an_output_claimed_by_one_run_is_refused_to_another_until_released() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.json");
        let first = claim(&path).unwrap();
        let second = claim(&path).unwrap_err();
        assert!(second.contains("another fanout run is writing"), "{second}");
        drop(first);
        assert!(claim(&path).is_ok());
    }

    #[test]
    fn a_folder_that_exists_but_takes_no_files_is_not_called_missing() {
        let error = check_file(Path::new("/proc/x.json")).unwrap_err();
        assert!(
            error.contains("its folder /proc does not take new files"),
            "{error}"
        );
        let missing = check_file(Path::new("/no-such-folder-here/x.json")).unwrap_err();
        assert!(missing.contains("its folder does not exist"), "{missing}");
    }

    #[test]
    fn a_directory_in_the_way_replaces_nothing_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.svg"), "old").unwrap();
        std::fs::create_dir(dir.path().join("b.svg")).unwrap();
        let error = write_all(&[
            file(dir.path().join("a.svg"), "new"),
            file(dir.path().join("b.svg"), "new"),
        ])
        .unwrap_err();
        assert!(
            error.contains("b.svg") && error.contains("directory"),
            "{error}"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("a.svg")).unwrap(),
            "old"
        );
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(left.len(), 2, "no temporary file is left: {left:?}");
    }

    #[test]
    fn two_outputs_at_one_path_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("README.md");
        let error = write_all(&[file(path.clone(), "one"), file(path.clone(), "two")]).unwrap_err();
        assert!(error.contains("same file"), "{error}");
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn every_file_is_written_whole_and_checks_create_nothing() {
        let dir = tempfile::tempdir().unwrap();
        write_all(&[
            file(dir.path().join("a.svg"), "one"),
            file(dir.path().join("b.md"), "two"),
        ])
        .unwrap();
        assert_eq!(
            std::fs::read_to_string(dir.path().join("b.md")).unwrap(),
            "two"
        );
        check_file(&dir.path().join("c.json")).unwrap();
        check_dir(&dir.path().join("sub/deeper")).unwrap();
        assert!(!dir.path().join("sub").exists(), "a check makes no folder");
        make_dir(&dir.path().join("sub")).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["a.svg", "b.md", "sub"]);
        assert!(check_file(&dir.path().join("missing/c.json")).is_err());
    }
}
