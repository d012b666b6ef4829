"""py-blocking-in-asyncio: py-asyncio's program with a blocking call inside each coroutine.

    async def fetch(session, sem, url):
        async with sem:
            return requests.get(url).content   # blocks the event loop: nothing else runs

    await asyncio.gather(*(fetch(session, sem, url) for url in urls))

The coroutines are all there, the semaphore lets `concurrency` of them in, and yet one request
is in flight at a time: `requests.get` never yields to the event loop, so no other coroutine
runs until it returns. The mock server's own count of requests in flight shows it.
"""

import asyncio

import requests

import fanout_job
from py_sequential import fetch as blocking_fetch


async def fetch(session, semaphore, target, job, clock):
    queued_ms = clock.now_ms()
    async with semaphore:
        start_ms, marks = clock.now_ms(), {}
        fetched = blocking_fetch(session, target, job, clock, marks)  # no await: the loop stalls
        return clock.record(target, start_ms, fetched, marks, queued_ms)


async def main(job, clock):
    session = requests.Session()
    session.trust_env = False
    semaphore = asyncio.Semaphore(job["concurrency"])
    return await asyncio.gather(*(fetch(session, semaphore, t, job, clock) for t in job["targets"]))


def run(job, clock):
    return list(asyncio.run(main(job, clock))), {"event loop": 1}


if __name__ == "__main__":
    fanout_job.main(run)
