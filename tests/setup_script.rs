//! scripts/python/setup.sh --free-threaded on an environment a GIL interpreter made: it says
//! so and makes the environment again with the free-threaded interpreter, instead of
//! reporting it ready (or failing the same way on every run). The interpreters are stand-ins
//! (shell scripts answering the questions setup.sh asks), so the test needs no Python and
//! fetches nothing; what it checks is setup.sh's own logic.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

/// A stand-in interpreter at `path`: `free` says whether it answers the free-threaded check
/// yes; `-m venv DIR` makes DIR/bin/python a link to it; anything else succeeds quietly.
fn stand_in(path: &Path, free: bool) {
    let script = format!(
        "#!/bin/sh\n\
         case \"$1\" in\n\
         -c) exit {check} ;;\n\
         -V) echo 'Python 3.13.0 (stand-in, free-threaded: {free})' ;;\n\
         -m) if [ \"$2\" = venv ]; then mkdir -p \"$3/bin\" && ln -sf '{me}' \"$3/bin/python\"; fi ;;\n\
         -) cat >/dev/null ;;\n\
         esac\n\
         exit 0\n",
        check = if free { 0 } else { 1 },
        me = path.display(),
    );
    std::fs::write(path, script).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_environment_made_with_the_gil_is_made_again_free_threaded() {
    let dir = tempfile::tempdir().unwrap();
    let scripts = dir.path().join("python");
    std::fs::create_dir(&scripts).unwrap();
    for file in ["setup.sh", "requirements.txt"] {
        std::fs::copy(Path::new("scripts/python").join(file), scripts.join(file)).unwrap();
    }
    let (gil, free) = (dir.path().join("python-gil"), dir.path().join("python-ft"));
    stand_in(&gil, false);
    stand_in(&free, true);
    // What an older set-up left: .venv-ft made by an interpreter with the GIL.
    let made = Command::new(&gil)
        .args(["-m", "venv"])
        .arg(scripts.join(".venv-ft"))
        .status()
        .unwrap();
    assert!(made.success());

    let output = Command::new("bash")
        .arg(scripts.join("setup.sh"))
        .arg("--free-threaded")
        .env("FANOUT_FREE_THREADED_PYTHON", &free)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{said}");
    assert!(
        said.contains("was made by an interpreter with the GIL"),
        "{said}"
    );
    let python = std::fs::read_link(scripts.join(".venv-ft/bin/python")).unwrap();
    assert_eq!(python, free, "{said}");
}
