"""py-asyncio-to-thread: py-asyncio, with each page's CPU work handed to a thread.

    async def fetch(session, sem, url):
        async with sem:
            page = await (await session.get(url)).read()
        return await asyncio.to_thread(parse, page)   # the event loop goes on meanwhile

The event loop stays free to start and finish requests while pages are processed on
`asyncio.to_thread`'s pool (pinned here to one thread per core). Under the GIL those threads
take turns with the loop and with each other; without it they run side by side.
"""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import fanout_job
import py_asyncio


async def fetch(session, semaphore, target, job, clock):
    queued_ms = clock.now_ms()
    async with semaphore:
        start_ms, marks = clock.now_ms(), {}
        failure, status, body = await py_asyncio.download(session, target, job, clock, marks)
        if failure:
            return clock.record(target, start_ms, failure, marks, queued_ms)
    # Outside the semaphore: the connection is free for the next request while this page is
    # processed on a thread, and the record is made there, on the thread that did the work.
    return await asyncio.to_thread(process, target, status, body, job, clock, start_ms, marks, queued_ms)


def process(target, status, body, job, clock, start_ms, marks, queued_ms):
    fetched = fanout_job.judge(target, status, body, job["cpu_work"])
    return clock.record(target, start_ms, fetched, marks, queued_ms)


async def main(job, clock):
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=job["cores"]))
    return await py_asyncio.main(job, clock, fetch)


def run(job, clock):
    return list(asyncio.run(main(job, clock))), {"event loop": 1, "to_thread": job["cores"]}


if __name__ == "__main__":
    fanout_job.main(run)
