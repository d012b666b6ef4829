"""py-executor: asyncio + run_in_executor with blocking urllib, as in seed 004.

    async def fetch(url):
        response = await loop.run_in_executor(None, urlopen, request)
        page = await loop.run_in_executor(None, response.read)
        return len(page)

    await asyncio.gather(*(fetch(url) for url in urls))

run_in_executor is threads under the hood: the executor here has `concurrency` of them.
"""

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.request import Request, urlopen

import fanout_job
from fanout_errors import classify_urllib


async def fetch(loop, executor, target, job, clock):
    request = Request(target["url"], headers={"User-Agent": "fanout"})
    timeout = job["timeout_ms"] / 1000.0
    started = []
    queued_ms, marks = clock.now_ms(), {}

    def open_url():
        # The request starts when an executor thread takes it, not when the coroutine queues it,
        # and is answered when urlopen returns on that thread, not when the busy event loop
        # next gets round to this coroutine.
        started.append(clock.now_ms())
        response = urlopen(request, timeout=timeout)
        marks["headers_ms"] = clock.now_ms()
        return response

    try:
        response = await loop.run_in_executor(executor, open_url)
    except Exception as error:  # every failure is recorded, never raised
        start_ms = started[0] if started else clock.now_ms()
        return clock.record(target, start_ms, classify_urllib(error, False), marks, queued_ms)
    start_ms = started[0]
    def read_all():
        # urllib's timeout applies to each read; the body also gets a total deadline.
        deadline = time.monotonic() + timeout
        chunks = []
        while chunk := response.read(65536):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                raise TimeoutError("no complete body within the timeout")
        marks["body_ms"] = clock.now_ms()
        return b"".join(chunks)

    try:
        page = await loop.run_in_executor(executor, read_all)
    except Exception as error:
        return clock.record(target, start_ms, classify_urllib(error, True), marks, queued_ms)
    finally:
        response.close()
    # Back in the coroutine: the page is processed on the event loop, as in the seed.
    fetched = (fanout_job.short(page, response.headers.get("Content-Length"))
               or fanout_job.judge(target, response.status, page, job["cpu_work"]))
    return clock.record(target, start_ms, fetched, marks, queued_ms)


async def main(job, clock, executor):
    loop = asyncio.get_running_loop()
    return await asyncio.gather(*(fetch(loop, executor, t, job, clock) for t in job["targets"]))


def run(job, clock):
    workers = max(1, min(job["concurrency"], len(job["targets"])))
    with ThreadPoolExecutor(max_workers=workers) as executor:
        records = asyncio.run(main(job, clock, executor))
    return list(records), {"event loop": 1, "executor": workers}


if __name__ == "__main__":
    fanout_job.main(run)
