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


async def fetch(session, semaphore, target, job, clock):
    timeout = job["timeout_ms"] / 1000.0
    queued_ms = clock.now_ms()
    async with semaphore:
        start_ms, marks = clock.now_ms(), {}
        try:
            response = await asyncio.wait_for(session.get(target["url"]), timeout)
        except Exception as error:  # every failure is recorded, never raised
            return clock.record(target, start_ms, classify_aiohttp(error, False), marks, queued_ms)
        marks["headers_ms"] = clock.now_ms()
        try:
            async with response:
                body = await asyncio.wait_for(response.read(), timeout)
        except Exception as error:
            return clock.record(target, start_ms, classify_aiohttp(error, True), marks, queued_ms)
        marks["body_ms"] = clock.now_ms()
        # The page is processed here, in the coroutine, on the event loop's one thread.
        fetched = fanout_job.judge(target, response.status, body, job["cpu_work"])
        return clock.record(target, start_ms, fetched, marks, queued_ms)


async def main(job, clock):
    connector = aiohttp.TCPConnector(limit=job["concurrency"], force_close=False)
    timeout = aiohttp.ClientTimeout(sock_connect=job["connect_timeout_ms"] / 1000.0)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, trust_env=False) as session:
        semaphore = asyncio.Semaphore(job["concurrency"])
        return await asyncio.gather(*(fetch(session, semaphore, t, job, clock) for t in job["targets"]))


def run(job, clock):
    return list(asyncio.run(main(job, clock))), {"event loop": 1}


if __name__ == "__main__":
    fanout_job.main(run)
