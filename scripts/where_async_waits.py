#!/usr/bin/env python3
"""Where an async model's time goes at ten thousand in flight, split by `perf`.

Runs one model once on `c10k` at 10,000 in flight against a mock server this script starts
(two instances), with `perf record -a` sampling every CPU, and splits the run at two moments
from the run's own records: the last request started, and the first response headers read.
For each of the three stretches it prints how much of the machine's cores the model's worker,
the mock server and the harness used, and how much stood idle, with the worker's busiest
functions. A stretch where the machine stands idle is one where every process waits: for the
server's injected delay, not for a core.

    scripts/where_async_waits.py [MODEL] [CONCURRENCY]     # smol, 10000 by default

Needs `perf` (Debian's linux-perf) and a release build (`cargo build --release`).
"""
import collections
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FANOUT = os.path.join(ROOT, "target", "release", "fanout")
STEP_MS = 100
KERNEL = ("swapper", "kworker", "ksoftirqd", "kdamond", "rcu_", "kcompactd", "migration", "perf")


def watch_children(harness, deadline):
    """The harness's children that run a model (a `fanout worker`, or a Python program; not
    its interpreter probes), read from /proc every 10 ms until the harness exits."""
    workers = set()
    while harness.poll() is None:
        if time.monotonic() > deadline:
            harness.kill()
            sys.exit("error: the run took longer than 300 s; killed")
        try:
            tasks = os.listdir(f"/proc/{harness.pid}/task")
            children = " ".join(open(f"/proc/{harness.pid}/task/{t}/children").read() for t in tasks)
        except OSError:
            continue
        for pid in children.split():
            try:
                argv = open(f"/proc/{pid}/cmdline").read().split("\0")
            except OSError:
                continue
            if "worker" in argv or any(arg.endswith(".py") for arg in argv):
                workers.add(int(pid))
        time.sleep(0.01)
    return workers


def main():
    model = sys.argv[1] if len(sys.argv) > 1 else "smol"
    concurrency = sys.argv[2] if len(sys.argv) > 2 else "10000"
    for need, hint in ((FANOUT, "cargo build --release"), ("/usr/bin/perf", "apt-get install linux-perf")):
        if not os.path.exists(need):
            sys.exit(f"error: {need} is missing; run: {hint}")
    tmp = tempfile.mkdtemp()
    data, results = os.path.join(tmp, "perf.data"), os.path.join(tmp, "run.json")
    server = subprocess.Popen([FANOUT, "serve", "--port", "0", "--instances", "2"],
                              stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip().removeprefix("listening on ")
        perf = subprocess.Popen(["perf", "record", "-a", "-F", "999", "-o", data, "-q"])
        time.sleep(0.5)
        harness = subprocess.Popen([FANOUT, "run", "--workload", "c10k", "--models", model,
                                    "--concurrency", concurrency, "--repeat", "1", "--server",
                                    url, "--records", "all", "--json", results],
                                   stdout=subprocess.DEVNULL)
        workers = watch_children(harness, deadline=time.monotonic() + 300)
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=60)
    finally:
        server.kill()
    run = json.load(open(results))["runs"][0]
    records = run["records"]
    starts = [r["start_ms"] for r in records]
    headers = [r["headers_ms"] for r in records if r.get("headers_ms") is not None]
    if not headers:
        sys.exit(f"error: no request of `{model}` read its headers: {run['requests']}")
    last_start, first_headers = max(starts), min(headers)
    lines = subprocess.run(["perf", "script", "-i", data, "-F", "comm,pid,time,ip,sym"],
                           capture_output=True, text=True, check=True).stdout.splitlines()
    samples = []
    for line in lines:
        m = re.match(r"\s*(.+?)\s+(\d+)\s+([\d.]+):\s+[0-9a-f]+\s+(\S+)", line)
        if m:
            samples.append((m.group(1), int(m.group(2)), float(m.group(3)), m.group(4)))
    roles = {server.pid: "mock server", harness.pid: "harness", 0: "idle"}
    roles.update((pid, "worker") for pid in workers)

    def role(comm, pid):
        return roles.get(pid, "kernel threads" if comm.startswith(KERNEL) else "other")
    worker_times = [t for comm, pid, t, _ in samples if role(comm, pid) == "worker"]
    origin = min(worker_times)  # the worker's first sample: within a millisecond of its start
    stretches = [("starting", 0, last_start), ("waiting", last_start, first_headers),
                 ("answering", first_headers, run["wall_ms"])]
    cores = os.cpu_count()
    print(f"`{model}` at {concurrency} in flight on c10k: {run['wall_ms']:.0f} ms, "
          f"{run['requests']['ok']} ok; last start {last_start:.0f} ms, first headers "
          f"{first_headers:.0f} ms (from the first worker sample); {cores} cores, shared")
    for name, begin, end in stretches:
        inside = [s for s in samples if begin <= (s[2] - origin) * 1000 < end]
        span = max(end - begin, 1e-9) / 1000 * 999 * cores
        share = collections.Counter(role(c, p) for c, p, _, _ in inside)
        print(f"\n{name} ({begin:.0f}-{end:.0f} ms): " + ", ".join(
            f"{who} {100 * n / span:.0f}%" for who, n in share.most_common()))
        funcs = collections.Counter(sym for c, p, _, sym in inside if role(c, p) == "worker")
        print("  worker's busiest: " + ", ".join(f"{sym} {n}" for sym, n in funcs.most_common(6)))
    print(f"\nevery {STEP_MS} ms (worker / mock server / idle, % of the cores):")
    for begin in range(0, int(run["wall_ms"]), STEP_MS):
        inside = collections.Counter(role(c, p) for c, p, t, _ in samples
                                     if begin <= (t - origin) * 1000 < begin + STEP_MS)
        span = STEP_MS / 1000 * 999 * cores
        mark = " <- last start" if begin <= last_start < begin + STEP_MS else ""
        mark += " <- first headers" if begin <= first_headers < begin + STEP_MS else ""
        print(f"  {begin:5d} ms  " + " / ".join(
            f"{100 * inside[who] / span:3.0f}" for who in ("worker", "mock server", "idle")) + mark)
    delay = 1000
    print(f"\nThe server holds each request {delay} ms (c10k's delay) from when it has read it, so "
          f"the request whose answer was read first, at {first_headers:.0f} ms, had reached the "
          f"server by {first_headers - delay:.0f} ms.")


if __name__ == "__main__":
    main()
