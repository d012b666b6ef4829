"""py-asyncio: asyncio + aiohttp, one session, a semaphore of `concurrency`, gather (seed 000).

    async with aiohttp.ClientSession() as session:
        sem = asyncio.Semaphore(concurrency)
        pages = await asyncio.gather(*(fetch(session, sem, url) for url in urls))

One thread, one event loop: coroutines take turns at every `await`.
"""

import asyncio

import aiohttp

import fanout_job
from fanout_errors import classify_aiohttp


async def download(session, target, job, clock, marks):
    """The target's status and body, stamping `headers_ms` and `body_ms` in `marks`; or, when
    it fails, what failed (every failure is recorded, never raised)."""
    timeout = job["timeout_ms"] / 1000.0
    try:
        response = await asyncio.wait_for(session.get(target["url"]), timeout)
    except Exception as error:
        return classify_aiohttp(error, False), None, None
    marks["headers_ms"] = clock.now_ms()
    try:
        async with response:
            body = await asyncio.wait_for(response.read(), timeout)
    except Exception as error:
        return classify_aiohttp(error, True), None, None
    marks["body_ms"] = clock.now_ms()
    return fanout_job.short(body, response.content_length), response.status, body


async def fetch(session, semaphore, target, job, clock):
    queued_ms = clock.now_ms()
    async with semaphore:
        start_ms, marks = clock.now_ms(), {}
        failure, status, body = await download(session, target, job, clock, marks)
        if failure:
            return clock.record(target, start_ms, failure, marks, queued_ms)
        # The page is processed here, in the coroutine, on the event loop's one thread.
        fetched = fanout_job.judge(target, status, body, job["cpu_work"])
        return clock.record(target, start_ms, fetched, marks, queued_ms)


async def main(job, clock, fetch=fetch):
    connector = aiohttp.TCPConnector(limit=job["concurrency"], force_close=False)
    timeout = aiohttp.ClientTimeout(sock_connect=job["connect_timeout_ms"] / 1000.0)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False) as session:
        semaphore = asyncio.Semaphore(job["concurrency"])
        return await asyncio.gather(*(fetch(session, semaphore, t, job, clock) for t in job["targets"]))


def run(job, clock):
    return list(asyncio.run(main(job, clock))), {"event loop": 1}


if __name__ == "__main__":
    fanout_job.main(run)
