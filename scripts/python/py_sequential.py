"""py-sequential: one requests.Session, one request at a time (seed 000's blocking version).

    session = requests.Session()
    for url in urls:
        page = session.get(url).content
"""

import time

import requests

import fanout_job
from fanout_errors import classify_requests


def fetch(session, target, job, clock, marks):
    """requests' read timeout applies to each socket read; the body also gets a total
    deadline here, so a trickling body times out as it does for every other model. Stamps
    `headers_ms` and `body_ms` in `marks` as it gets there."""
    timeout = (job["connect_timeout_ms"] / 1000.0, job["timeout_ms"] / 1000.0)
    try:
        with session.get(target["url"], timeout=timeout, stream=True) as response:
            marks["headers_ms"] = clock.now_ms()
            deadline = time.monotonic() + timeout[1]
            chunks = []
            for chunk in response.iter_content(chunk_size=65536):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    return fanout_job.failed("timeout", "no complete body within the timeout")
            body = b"".join(chunks)
        marks["body_ms"] = clock.now_ms()
        return (fanout_job.short(body, response.headers.get("Content-Length"))
                or fanout_job.judge(target, response.status_code, body, job["cpu_work"]))
    except requests.RequestException as error:
        return classify_requests(error)


def run(job, clock):
    session = requests.Session()
    session.trust_env = False  # no proxies from the environment
    records = []
    for target in job["targets"]:
        start_ms, marks = clock.now_ms(), {}
        records.append(clock.record(target, start_ms, fetch(session, target, job, clock, marks), marks))
    return records, {"fetching": 1}


if __name__ == "__main__":
    fanout_job.main(run)
