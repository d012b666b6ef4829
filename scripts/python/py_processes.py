"""py-processes: a ProcessPoolExecutor of one process per core, each fetching and processing pages.

    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        pages = list(pool.map(fetch_and_parse, urls))

Each process is an interpreter of its own, with its own GIL (or none) and its own memory: the
CPU work of one page runs beside another's on the other core, at the cost of one interpreter
each. Each process fetches one page at a time, so at most one request per core is in flight.
"""

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

import requests

import fanout_job
from py_sequential import fetch

session = None


def start_process(started, job):
    """Runs once in each process: its clock shares the parent's start (perf_counter is the
    system's monotonic clock), and it keeps one session for the pages it fetches."""
    global session, clock, shared_job
    clock = fanout_job.Clock()
    clock.started = started
    shared_job = job
    session = requests.Session()
    session.trust_env = False


def fetch_and_parse(target):
    start_ms, marks = clock.now_ms(), {}
    record = clock.record(target, start_ms, fetch(session, target, shared_job, clock, marks), marks)
    record["pid"] = os.getpid()
    return record


def run(job, clock):
    cores = job["cores"]
    # Each process is told the job once, not with every page.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=cores, mp_context=context,
                             initializer=start_process, initargs=(clock.started, job)) as pool:
        records = list(pool.map(fetch_and_parse, job["targets"]))
    # Each process is one lane: its records name it by the order processes first answered.
    lanes = {}
    for record in records:
        record["thread"] = lanes.setdefault(record.pop("pid"), len(lanes))
    return records, {"processes": cores}


if __name__ == "__main__":
    fanout_job.main(run)
