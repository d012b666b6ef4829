//! The Python models: the seeds' programs in `scripts/python/`, each on the default CPython and
//! on a free-threaded one with the GIL forced on and off.

use crate::{Benches, InFlight, Kind, ModelEntry, Program, Rgb};

/// Which CPython a Python model runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interpreter {
    /// The default `python3`, in `scripts/python/.venv` (`setup.sh`).
    Default,
    /// The free-threaded build (PEP 703), in `scripts/python/.venv-ft` (`setup.sh
    /// --free-threaded`), with the GIL forced on (`PYTHON_GIL=1`) or off (`PYTHON_GIL=0`): the
    /// same binary either way, so the lock is the only difference.
    FreeThreaded {
        /// Whether the GIL is forced on.
        gil: bool,
    },
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
        kind: Kind::Blocking,
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
        program: Program::Python {
            script: "py_sequential.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-threads",
        kind: Kind::Blocking,
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
        program: Program::Python {
            script: "py_threads.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-asyncio",
        kind: Kind::Async,
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
        program: Program::Python {
            script: "py_asyncio.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-asyncio-loops",
        kind: Kind::Async,
        description: "Python: one asyncio event loop per core, each on its own thread with its own aiohttp session and share of the URLs",
        fetches: "`asyncio` + `aiohttp` as `py-asyncio`, one event loop per core on a thread of its own, each with its share of the URLs and of the concurrency",
        client: "aiohttp",
        threads: "one per core, an event loop each",
        python: "CPython's free-threading guide: an event loop per thread",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(0, 150, 90),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        program: Program::Python {
            script: "py_asyncio_loops.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-executor",
        kind: Kind::Blocking,
        description: "Python: asyncio + run_in_executor with blocking urllib (seed 004)",
        fetches: "`asyncio` + `loop.run_in_executor` with blocking `urllib`",
        client: "urllib",
        threads: "1 + a `ThreadPoolExecutor` of `concurrency`",
        python: "seed 004",
        deprecated: false,
        fixed_concurrency: None,
        in_flight: InFlight::Concurrency,
        colour: Rgb(100, 60, 150),
        benches: Benches::Never(PYTHON_NOT_BENCHED),
        program: Program::Python {
            script: "py_executor.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-processes",
        kind: Kind::Processes,
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
        program: Program::Python {
            script: "py_processes.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-blocking-in-asyncio",
        kind: Kind::BlockingInAsync,
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
        program: Program::Python {
            script: "py_blocking_in_asyncio.py",
            interpreter: Interpreter::Default,
        },
    },
    ModelEntry {
        name: "py-asyncio-to-thread",
        kind: Kind::Async,
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
        program: Program::Python {
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
        let Program::Python { script, .. } = self.program else {
            unreachable!("only Python models have other interpreters")
        };
        let leak = |text: String| -> &'static str { Box::leak(text.into_boxed_str()) };
        // The program's own hue, darker with the GIL forced on and lighter with it off: in a
        // chart of the free-threaded rows each program's two lines share a hue, and no two
        // programs do.
        let gil = matches!(interpreter, Interpreter::FreeThreaded { gil: true });
        ModelEntry {
            name: leak(format!("{}{}", self.name, interpreter.suffix())),
            description: leak(format!(
                "{} [{}]",
                self.description,
                interpreter.description()
            )),
            colour: if gil {
                self.colour.darker(0.45)
            } else {
                self.colour.lighter(0.4)
            },
            program: Program::Python {
                script,
                interpreter,
            },
            ..self.clone()
        }
    }
}
