"""What the Python models share: the job they read, the checks they make, the report they print.

Every Python model is a small program that reads a fanout job (JSON) on standard input, fetches
its targets the way one of the seeds' programs does, and prints a worker report (JSON) on
standard output, exactly as the Rust workers do, so the harness measures them the same way.
The body check and the CPU work are ports of crates/core (body.rs, work.rs), line for line.
"""

import json
import os
import platform
import resource
import signal
import sys
import sysconfig
import threading
import time

LINE_BYTES = 64
FILLER = (b'<p class="item">lorem ipsum <b>dolor</b> sit amet, consectetur '
          b'<i>adipiscing</i> elit</p> ')
FILLER_WINDOW = LINE_BYTES - 18 - 1
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1


def expected_body(target_id, size):
    """The body the mock server sends for a target: 64-byte lines naming target and line."""
    lines = []
    for line in range((size + LINE_BYTES - 1) // LINE_BYTES):
        offset = (target_id * 7 + line) % FILLER_WINDOW
        lines.append(b"%08x %08x " % (target_id, line) + FILLER[offset:offset + FILLER_WINDOW] + b"\n")
    return b"".join(lines)[:size]


def own_copy(number):
    """A new int equal to `number`, owned by the calling thread (see `cpu_work`)."""
    return int(str(number))


def cpu_work(body, units):
    """`units` passes of parse-like work: FNV-1a over every byte, counting tags and words."""
    # Copies of the constants, made by the thread that calls: on the free-threaded 3.13 build,
    # an int that several threads use (a module global, or a function's constant) has its
    # reference count changed atomically by each of them on every use, and threads that share
    # it in a hot loop slow each other down; an object a thread made itself is counted cheaply.
    prime, mask, value = own_copy(FNV_PRIME), own_copy(MASK), own_copy(FNV_OFFSET)
    for unit in range(units):
        tags = words = 0
        in_word = False
        for byte in body:
            value = ((value ^ byte) * prime) & mask
            if byte == 60:  # '<'
                tags += 1
            elif byte == 32 or byte == 10:  # ' ', '\n'
                in_word = False
            elif not in_word:
                words += 1
                in_word = True
        value ^= ((tags * 31 + words) & mask) ^ unit
    return value


def failed(kind, detail):
    return {"failed": {"kind": kind, "detail": str(detail)[:300]}}


def short(body, declared):
    """A truncated failure when the body is not the length its `Content-Length` header
    declared (`declared`, a string or int, or None without the header), else None: urllib's
    `read` returns what arrived before the connection closed without raising, so a body cut
    short would otherwise pass for a whole one (an empty body when 1 byte was promised)."""
    if declared is None or len(body) == int(declared):
        return None
    return failed("truncated", f"{len(body)} of the {int(declared)} bytes its Content-Length declared")


def judge(target, status, body, units):
    """What became of one target, given its response: verified body, or an error kind."""
    if 200 <= status < 300:
        size = target["size"]
        if len(body) < size:
            return failed("truncated", f"{len(body)} of {size} bytes")
        if body != expected_body(target["id"], size):
            return failed("body_mismatch", f"{len(body)} bytes, not the target's body")
        return {"ok": {"status": status, "bytes": len(body), "work": cpu_work(body, units)}}
    if 400 <= status < 500:
        return failed("http_4xx", f"status {status}")
    if 500 <= status < 600:
        return failed("http_5xx", f"status {status}")
    return failed("other", f"unexpected status {status}")


class Clock:
    """Milliseconds since the model started: every record's start and end."""

    def __init__(self):
        self.started = time.perf_counter()

    def now_ms(self):
        return (time.perf_counter() - self.started) * 1000.0

    def record(self, target, start_ms, fetch, marks=None, queued_ms=None):
        """The record of `target`, done now on this thread: `marks` holds `headers_ms` and
        `body_ms` where the fetch got that far; `queued_ms` is when it was taken up, if it
        then waited for a slot."""
        record = {"id": target["id"], "start_ms": start_ms, "end_ms": self.now_ms(), "outcome": fetch,
                  "thread": thread_index()}
        record.update(marks or {})
        if queued_ms is not None:
            record["queued_ms"] = queued_ms
        return record


_thread_indexes = {}
_thread_indexes_lock = threading.Lock()


def thread_index():
    """A small index for the calling OS thread, in the order threads first ask (as core's)."""
    native = threading.get_native_id()
    with _thread_indexes_lock:
        return _thread_indexes.setdefault(native, len(_thread_indexes))


def cpu_ms():
    """User and system CPU time of this process and of the children it has waited for, in ms."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (own.ru_utime + children.ru_utime) * 1000.0, (own.ru_stime + children.ru_stime) * 1000.0


# The C accelerators of aiohttp's stack, each by the module that is loaded only when the C
# code is (each package falls back to pure Python where its extension is missing).
ACCELERATORS = {"aiohttp_c_parser": "aiohttp._http_parser", "multidict_c": "multidict._multidict",
                "yarl_c": "yarl._quoting_c", "propcache_c": "propcache._helpers_c",
                "frozenlist_c": "frozenlist._frozenlist"}


def interpreter():
    """The interpreter, as it says of itself: whether it was built free-threaded, whether the
    GIL is on now (an extension module can turn it back on at import), and which C
    accelerators the program loaded."""
    gil_enabled = getattr(sys, "_is_gil_enabled", lambda: True)()
    return {"version": platform.python_version(),
            "free_threaded": sysconfig.get_config_var("Py_GIL_DISABLED") == 1,
            "gil_enabled": gil_enabled,
            "accelerators": [name for name, module in ACCELERATORS.items() if module in sys.modules]}


def main(run):
    """Reads the job, times `run(job, clock)` (a list of records and the pinned thread counts)
    and its CPU time over the same interval, and prints the report. `--idle` only reads the job:
    the baseline memory of a worker, which stops itself so that the harness reads its memory
    before it exits."""
    job = json.load(sys.stdin)
    if "--idle" in sys.argv[1:]:
        os.kill(os.getpid(), signal.SIGSTOP)
        report = {"wall_ms": 0.0, "outcome": {"records": [], "pinned_threads": {}}}
    else:
        user_before, sys_before = cpu_ms()
        clock = Clock()
        records, pinned = run(job, clock)
        wall_ms = clock.now_ms()
        user_after, sys_after = cpu_ms()
        report = {"wall_ms": wall_ms, "run_cpu_user_ms": user_after - user_before,
                  "run_cpu_sys_ms": sys_after - sys_before, "python": interpreter(),
                  "outcome": {"records": records, "pinned_threads": pinned}}
    json.dump(report, sys.stdout)
    sys.stdout.flush()
