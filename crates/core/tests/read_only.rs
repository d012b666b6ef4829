//! An output into a folder the user cannot write is refused, naming the file, and nothing in
//! the folder changes. Root writes into a read-only folder regardless; an immutable one
//! (`chattr +i`, where the file system has it) refuses root too. Where neither refuses this
//! user, the test is counted as ignored, saying why: it cannot tell a fix from a fault there.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use fanout_core::output::{OutputFile, check_file, write_all};

/// A folder holding `a.svg` ("old") that this user cannot write into, with whether it was made
/// immutable (and must be made mutable again to be removed); else why there is none.
fn read_only_folder(dir: &Path) -> Result<(PathBuf, bool), String> {
    let readonly = dir.join("ro");
    std::fs::create_dir(&readonly).unwrap();
    std::fs::write(readonly.join("a.svg"), "old").unwrap();
    let mut permissions = std::fs::metadata(&readonly).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o555);
    std::fs::set_permissions(&readonly, permissions).unwrap();
    let writable = || {
        let written = std::fs::write(readonly.join("probe"), "").is_ok();
        let _ = std::fs::remove_file(readonly.join("probe"));
        written
    };
    if !writable() {
        return Ok((readonly, false));
    }
    if chattr("+i", &readonly) {
        if !writable() {
            return Ok((readonly, true));
        }
        chattr("-i", &readonly);
    }
    Err("this user writes into a read-only folder, and chattr +i is not there".to_owned())
}

fn chattr(flag: &str, path: &Path) -> bool {
    Command::new("chattr")
        .arg(flag)
        .arg(path)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

fn a_read_only_folder_is_named_and_nothing_is_written(readonly: &Path, immutable: bool) {
    let new = OutputFile {
        path: readonly.join("a.svg"),
        content: b"new".to_vec(),
    };
    let error = write_all(&[new]).unwrap_err();
    let check = check_file(&readonly.join("b.json"));
    let old = std::fs::read_to_string(readonly.join("a.svg")).unwrap();
    let left = std::fs::read_dir(readonly).unwrap().count();
    if immutable {
        chattr("-i", readonly);
    }
    assert!(
        error.contains("a.svg") && error.contains("permission denied"),
        "{error}"
    );
    assert_eq!(old, "old");
    assert_eq!(left, 1, "no temporary file is left");
    assert!(check.is_err());
}

/// Its own harness (libtest-mimic), so that where the test cannot tell anything it is reported
/// as ignored with the reason, never as passed.
fn main() -> std::process::ExitCode {
    let args = libtest_mimic::Arguments::from_args();
    let dir = tempfile::tempdir().unwrap();
    let folder = read_only_folder(dir.path());
    if let Err(why) = &folder {
        println!("ignored: {why}");
    }
    let ignored = folder.is_err();
    let trial = libtest_mimic::Trial::test(
        "a_read_only_folder_is_named_and_nothing_is_written",
        move || {
            let (readonly, immutable) = folder.expect("a read-only folder");
            a_read_only_folder_is_named_and_nothing_is_written(&readonly, immutable);
            Ok(())
        },
    )
    .with_ignored_flag(ignored);
    let conclusion = libtest_mimic::run(&args, vec![trial]);
    drop(dir);
    conclusion.exit_code()
}
