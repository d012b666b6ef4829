"""py-threads: a ThreadPoolExecutor of `concurrency` threads, one requests.Session per thread.

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        pages = list(pool.map(fetch, urls))

Under CPython's GIL only one of these threads runs Python at a time; they overlap only while
they wait for the network, which is why they help I/O-bound work and not CPU-bound work.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import requests

import fanout_job
from py_sequential import fetch

local = threading.local()


def session(pool_size):
    if not hasattr(local, "session"):
        local.session = requests.Session()
        local.session.trust_env = False
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=pool_size)
        local.session.mount("http://", adapter)
    return local.session


def run(job, clock):
    concurrency = max(1, min(job["concurrency"], len(job["targets"])))

    def one(target):
        start_ms, marks = clock.now_ms(), {}
        return clock.record(target, start_ms, fetch(session(1), target, job, clock, marks), marks)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        records = list(pool.map(one, job["targets"]))
    return records, {"fetching": concurrency}


if __name__ == "__main__":
    fanout_job.main(run)
