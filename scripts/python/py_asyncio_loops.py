"""py-asyncio-loops: one asyncio event loop per core, each on its own thread, with its own
aiohttp session, its share of the URLs and its share of the concurrency.

    def loop_thread(urls, limit):
        asyncio.run(fetch_all(urls, limit))      # py-asyncio's program, on this thread

    threads = [Thread(target=loop_thread, args=(urls[i::cores], limit_i)) for i in range(cores)]

The pattern CPython's free-threading guide gives for asyncio: an event loop is one thread, so
one loop can use one core at most. Under the GIL the loops take turns running Python; without
it they run side by side.
"""

import asyncio
import threading

import fanout_job
import py_asyncio


def run(job, clock):
    targets = job["targets"]
    loops = max(1, min(job["cores"], job["concurrency"], len(targets)))
    records = [None] * loops

    def loop_thread(index):
        # Every `loops`-th URL, and as many of the job's requests in flight as fit evenly.
        share = dict(job, targets=targets[index::loops],
                     concurrency=job["concurrency"] // loops + (index < job["concurrency"] % loops))
        records[index] = asyncio.run(py_asyncio.main(share, clock))

    threads = [threading.Thread(target=loop_thread, args=(index,)) for index in range(loops)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    order = {target["id"]: position for position, target in enumerate(targets)}
    merged = sorted((record for share in records for record in share), key=lambda r: order[r["id"]])
    return merged, {"event loops": loops}


if __name__ == "__main__":
    fanout_job.main(run)
