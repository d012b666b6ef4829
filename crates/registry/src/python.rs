//! The Python models: the seeds' programs in `scripts/python/`, each on the default CPython and
//! on a free-threaded one with the GIL forced on and off; where their interpreters are, and
//! whether they are set up.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use crate::{Benches, InFlight, ModelEntry, Rgb, Runner};

/// Which CPython a Python model runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpreter {
    /// The default `python3`, in `scripts/python/.venv` (`setup.sh`).
    Default,
    /// The free-threaded build (PEP 703), in `scripts/python/.venv-ft` (`setup.sh
    /// --free-threaded`), with the GIL forced on (`PYTHON_GIL=1`) or off (`PYTHON_GIL=0`): the
    /// same binary either way, so the lock is the only difference.
    FreeThreaded { gil: bool },
}

impl Interpreter {
    /// The suffix its models' names carry: none, `-gil` or `-nogil`.
    pub fn suffix(self) -> &'static str {
        match self {
            Interpreter::Default => "",
            Interpreter::FreeThreaded { gil: true } => "-gil",
            Interpreter::FreeThreaded { gil: false } => "-nogil",
        }
    }

    /// How labels name it: `Python` (the default interpreter), or `Python ft` (the free-threaded
    /// build) with the GIL on or off.
    pub fn label(self) -> &'static str {
        match self {
            Interpreter::Default => "Python",
            Interpreter::FreeThreaded { gil: true } => "Python ft, GIL on",
            Interpreter::FreeThreaded { gil: false } => "Python ft, GIL off",
        }
    }

    /// How a sentence names it.
    pub fn description(self) -> &'static str {
        match self {
            Interpreter::Default => "the default CPython",
            Interpreter::FreeThreaded { gil: true } => {
                "the free-threaded CPython with the GIL forced on"
            }
            Interpreter::FreeThreaded { gil: false } => {
                "the free-threaded CPython with the GIL off"
            }
        }
    }
}

/// The Python models on the default interpreter; [`crate::MODELS`] adds each on the free-threaded one.
pub(crate) const PYTHON_MODELS: &[ModelEntry] = &[
    ModelEntry {
        name: "py-sequential",
        description: "Python: one requests.Session, one request at a time",
        fetches: "a `requests.Session` loop",
        client: "requests",
        threads: "1",
        python: "seed 000, blocking version",
        deprecated: false,
        fixed_concurrency: Some(1),
        in_flight: InFlight::Concurrency,
        colour: Rgb(60, 60, 60),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_sequential.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-threads",
        description: "Python: ThreadPoolExecutor of `concurrency` threads, requests",
        fetches: "`ThreadPoolExecutor(max_workers=concurrency)` with `requests`",
        client: "requests",
        threads: "`concurrency` (under the GIL unless it is off)",
        python: "the thread-pool version of seed 000",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(20, 70, 140),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_threads.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-asyncio",
        description: "Python: asyncio + aiohttp, a semaphore, gather: one thread, one event loop",
        fetches: "`asyncio` + `aiohttp`: one session, a `Semaphore(concurrency)`, `gather`",
        client: "aiohttp",
        threads: "1",
        python: "seed 000",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(150, 20, 20),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_asyncio.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-executor",
        description: "Python: asyncio + run_in_executor with blocking urllib (seed 004)",
        fetches: "`asyncio` + `loop.run_in_executor` with blocking `urllib`",
        client: "urllib",
        threads: "1 + the default executor's",
        python: "seed 004",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(100, 60, 150),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_executor.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-processes",
        description: "Python: ProcessPoolExecutor, one process per core, each fetching and processing its pages",
        fetches: "`ProcessPoolExecutor(cores)`: each process fetches pages one at a time with `requests` and does their CPU work",
        client: "requests",
        threads: "one process per core, one interpreter each",
        python: "`ProcessPoolExecutor(max_workers=cores).map(fetch, urls)`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Cores,
        colour: Rgb(130, 130, 20),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_processes.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-blocking-in-asyncio",
        description: "Python lesson: requests.get (blocking) inside coroutines: the event loop stalls",
        fetches: "`asyncio.gather` of coroutines that each call blocking `requests.get`",
        client: "requests",
        threads: "1",
        python: "`requests.get` inside a coroutine",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::One,
        colour: Rgb(200, 90, 0),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_blocking_in_asyncio.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-asyncio-to-thread",
        description: "Python: asyncio + aiohttp, each page's CPU work handed to asyncio.to_thread",
        fetches: "`asyncio` + `aiohttp` as `py-asyncio`, each page's CPU work in `asyncio.to_thread` (a pool of one thread per core)",
        client: "aiohttp",
        threads: "1 + one per core for `to_thread`",
        python: "`await asyncio.to_thread(parse, page)`",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(190, 60, 90),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        run: Runner::Python {
            script: "py_asyncio_to_thread.py",
            interpreter: Interpreter::Default,
        },
    },
];

/// Why the Python models are not in the criterion benches.
const PYTHON_NOT_BENCHED: &str =
    "a Python program runs in its own interpreter, not in the bench's process";

impl ModelEntry {
    /// This Python model on `interpreter`: its name with the interpreter's suffix, and a colour
    /// of its own (darker with the GIL forced on, lighter with it off).
    pub(crate) fn on(&self, interpreter: Interpreter) -> ModelEntry {
        let Runner::Python { script, .. } = self.run else {
            unreachable!("only Python models have other interpreters")
        };
        let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
        // A turn of the colour wheel, one way with the GIL and the other way without it: the
        // three rows of a program stay apart in a chart where they run side by side.
        let turn = match interpreter {
            Interpreter::FreeThreaded { gil: true } => 70.0,
            _ => -70.0,
        };
        ModelEntry {
            name: leak(format!("{}{}", self.name, interpreter.suffix())),
            description: leak(format!(
                "{} [{}]",
                self.description,
                interpreter.description()
            )),
            colour: match self.colour.turned(turn) {
                // A grey has no hue to turn: lighter with the GIL off, darker with it on.
                grey if grey == self.colour => {
                    let Rgb(red, green, blue) = grey;
                    let shade = |c: u8| {
                        let c = f64::from(c);
                        (if turn > 0.0 {
                            c * 0.5
                        } else {
                            c + (255.0 - c) * 0.5
                        }) as u8
                    };
                    Rgb(shade(red), shade(green), shade(blue))
                }
                turned => turned,
            },
            run: Runner::Python {
                script,
                interpreter,
            },
            ..self.clone()
        }
    }
}

/// Whether each interpreter can run the Python models: the path of its virtual environment's
/// interpreter, or why it cannot.
#[derive(Clone, Debug)]
pub struct Pythons {
    pub default: Result<PathBuf, String>,
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
