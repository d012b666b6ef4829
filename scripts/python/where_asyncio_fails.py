"""Where py-asyncio's requests fail at 10,000 in flight: py-asyncio's own construction (one
event loop, one aiohttp session, a semaphore of `concurrency`, a 2 s connect timeout and a
10 s timeout a request), with aiohttp's trace hooks stamping each request's stages, a ticker
measuring how late the loop runs, and the loop thread's CPU against the wall time.

    fanout serve --port 8000 --instances 2 &
    scripts/python/.venv/bin/python scripts/python/where_asyncio_fails.py 8000 10000 [CONNECT_S]

It prints one JSON object: what failed, in which stage, and how busy the loop was. The hooks
cost the loop some time of their own, so this is a diagnosis, not a model to time.
"""

import asyncio
import collections
import json
import sys
import time
import urllib.request

import aiohttp

STAGES = ("queued", "connecting", "connected", "headers sent", "headers received")


async def main(port, count, connect_s):
    info = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/_fanout/info"))
    ports = [int(a.rsplit(":", 1)[1]) for a in info["items"]]
    urls = [f"http://127.0.0.1:{ports[i % len(ports)]}/item/{i}?delay_ms=1000&size=4096" for i in range(count)]
    stage, started = {}, time.perf_counter()
    now = lambda: (time.perf_counter() - started) * 1000.0

    def hook(name):
        async def on(session, context, params):
            stage[context.trace_request_ctx["id"]] = (name, now())
        return on

    trace = aiohttp.TraceConfig()
    trace.on_connection_create_start.append(hook("connecting"))
    trace.on_connection_create_end.append(hook("connected"))
    trace.on_request_headers_sent.append(hook("headers sent"))
    trace.on_request_end.append(hook("headers received"))
    lags, done = [], False

    async def ticker():
        while not done:
            before = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append((time.perf_counter() - before) * 1000.0 - 10.0)

    failures = collections.Counter()

    async def fetch(session, semaphore, i):
        async with semaphore:
            stage[i] = ("queued", now())
            try:
                response = await asyncio.wait_for(session.get(urls[i], trace_request_ctx={"id": i}), 10)
                async with response:
                    await asyncio.wait_for(response.read(), 10)
                return None
            except Exception as error:
                failures[(type(error).__name__, stage[i][0])] += 1
                return stage[i]

    connector = aiohttp.TCPConnector(limit=count)
    timeout = aiohttp.ClientTimeout(sock_connect=connect_s)
    cpu_before = time.thread_time()
    tick = asyncio.ensure_future(ticker())
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, trace_configs=[trace]) as session:
        semaphore = asyncio.Semaphore(count)
        results = await asyncio.gather(*(fetch(session, semaphore, i) for i in range(count)))
    done = True
    await tick
    wall_ms, cpu_ms = now(), (time.thread_time() - cpu_before) * 1000.0
    failed_at = [r[1] for r in results if r is not None]
    lags.sort()
    print(json.dumps({
        "requests": count, "failed": sum(r is not None for r in results),
        "failures_by_error_and_stage": {f"{e} in {s}": n for (e, s), n in failures.most_common()},
        "failed_stage_entered_ms": [round(min(failed_at)), round(max(failed_at))] if failed_at else None,
        "wall_ms": round(wall_ms), "loop_thread_cpu_ms": round(cpu_ms),
        "loop_lag_ms": {"p50": round(lags[len(lags) // 2]), "max": round(lags[-1])} if lags else None,
        "connector_limit": connector.limit, "connect_timeout_s": connect_s,
    }, indent=1))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) if len(sys.argv) > 3 else 2.0))
