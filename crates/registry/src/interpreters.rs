//! Where the Python models' interpreters are, and whether they are set up: the virtual
//! environments `scripts/python/setup.sh` makes.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use fanout_catalog::{Interpreter, ModelEntry};

/// Whether each interpreter can run the Python models: the path of its virtual environment's
/// interpreter, or why it cannot.
#[derive(Clone, Debug)]
pub struct Pythons {
    /// The default CPython's virtual environment.
    pub default: Result<PathBuf, String>,
    /// The free-threaded CPython's.
    pub free_threaded: Result<PathBuf, String>,
}

impl Pythons {
    /// Both interpreters, each checked to import the packages the models need (and the
    /// free-threaded one to be free-threaded). Starts Python processes, so call it once, before
    /// measuring anything.
    pub fn find() -> Pythons {
        Pythons {
            default: python_interpreter(Interpreter::Default),
            free_threaded: python_interpreter(Interpreter::FreeThreaded { gil: false }),
        }
    }

    /// Neither set up, with `why`: for tests and for callers that run no Python.
    pub fn none(why: &str) -> Pythons {
        Pythons {
            default: Err(why.to_owned()),
            free_threaded: Err(why.to_owned()),
        }
    }

    /// Whether `model` can run here: `Ok` for a Rust model, else its interpreter's state.
    pub fn for_model(&self, model: &ModelEntry) -> Result<(), &str> {
        match model.interpreter() {
            None => Ok(()),
            Some(Interpreter::Default) => self.default.as_ref().map(|_| ()).map_err(String::as_str),
            Some(Interpreter::FreeThreaded { .. }) => self
                .free_threaded
                .as_ref()
                .map(|_| ())
                .map_err(String::as_str),
        }
    }
}

/// Where the Python programs are: `FANOUT_PYTHON_DIR`, or `scripts/python` of the source tree
/// this was built from.
pub fn python_dir() -> PathBuf {
    std::env::var_os("FANOUT_PYTHON_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/python"))
        })
}

/// The one-line hint for running the Python models.
pub const PYTHON_SETUP_HINT: &str = "the Python models need scripts/python/setup.sh (a virtual environment with requests and aiohttp)";

/// The one-line hint for running them on the free-threaded interpreter.
pub const FREE_THREADED_SETUP_HINT: &str = "the -gil and -nogil rows need scripts/python/setup.sh --free-threaded (a free-threaded CPython, 3.13t or newer, with requests and aiohttp)";

/// The interpreter of `interpreter`'s virtual environment, if it exists; else why not.
pub fn python_path(interpreter: Interpreter) -> Result<PathBuf, String> {
    let (venv, hint) = match interpreter {
        Interpreter::Default => (".venv", PYTHON_SETUP_HINT),
        Interpreter::FreeThreaded { .. } => (".venv-ft", FREE_THREADED_SETUP_HINT),
    };
    let python = python_dir().join(venv).join("bin/python");
    if python.exists() {
        Ok(python)
    } else {
        Err(format!("{hint}: {} is missing", python.display()))
    }
}

/// The interpreter, checked to import the packages the Python models need (and, for the
/// free-threaded one, to be a free-threaded build); else why not. Starts a Python process, so
/// call it once, before measuring anything.
pub fn python_interpreter(interpreter: Interpreter) -> Result<PathBuf, String> {
    let python = python_path(interpreter)?;
    let (check, hint) = match interpreter {
        Interpreter::Default => ("import requests, aiohttp", PYTHON_SETUP_HINT),
        Interpreter::FreeThreaded { .. } => (
            "import sys, sysconfig, requests, aiohttp; \
             sys.exit(sysconfig.get_config_var('Py_GIL_DISABLED') != 1)",
            FREE_THREADED_SETUP_HINT,
        ),
    };
    let imports = Command::new(&python)
        .args(["-c", check])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match imports {
        Ok(status) if status.success() => Ok(python),
        _ => Err(format!(
            "{hint}: {} does not import its packages, or is not the right build; run it again",
            python.display()
        )),
    }
}
