"""Maps each Python HTTP library's exceptions to fanout's fixed error kinds."""

import asyncio
import http.client
import socket
import urllib.error

import fanout_job


def _kind_of_os_error(error, body_phase):
    if isinstance(error, ConnectionRefusedError):
        return "connect"
    if isinstance(error, (socket.timeout, TimeoutError)):
        return "timeout"
    if isinstance(error, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        return "truncated" if body_phase else "reset"
    return "other"


def classify_requests(error):
    import requests
    import urllib3

    if isinstance(error, requests.ConnectTimeout):
        return fanout_job.failed("connect", error)
    if isinstance(error, requests.Timeout):
        return fanout_job.failed("timeout", error)
    if isinstance(error, requests.exceptions.ChunkedEncodingError):
        return fanout_job.failed("truncated", error)
    if isinstance(error, requests.ConnectionError):
        cause = error.args[0] if error.args else None
        reason = getattr(cause, "reason", cause)
        if isinstance(reason, urllib3.exceptions.NewConnectionError):
            return fanout_job.failed("connect", error)
        if isinstance(reason, urllib3.exceptions.ProtocolError) or isinstance(cause, urllib3.exceptions.ProtocolError):
            inner = (reason.args[1] if isinstance(reason, urllib3.exceptions.ProtocolError) and len(reason.args) > 1 else None)
            if isinstance(inner, http.client.IncompleteRead):
                return fanout_job.failed("truncated", error)
            return fanout_job.failed("reset", error)
        if isinstance(reason, OSError):
            return fanout_job.failed(_kind_of_os_error(reason, False), error)
        if "Connection refused" in str(error) or "Failed to establish" in str(error):
            return fanout_job.failed("connect", error)
        return fanout_job.failed("reset", error)
    return fanout_job.failed("other", error)


def classify_urllib(error, body_phase):
    if isinstance(error, urllib.error.HTTPError):
        kind = "http_5xx" if error.code >= 500 else "http_4xx"
        return fanout_job.failed(kind, f"status {error.code}")
    if isinstance(error, urllib.error.URLError):
        return fanout_job.failed(_kind_of_os_error(error.reason, body_phase) if isinstance(error.reason, OSError) else "other", error)
    if isinstance(error, http.client.IncompleteRead):
        return fanout_job.failed("truncated", f"{len(error.partial)} bytes")
    if isinstance(error, http.client.RemoteDisconnected):
        return fanout_job.failed("truncated" if body_phase else "reset", error)
    if isinstance(error, OSError):
        return fanout_job.failed(_kind_of_os_error(error, body_phase), error)
    return fanout_job.failed("other", error)


def classify_aiohttp(error, body_phase):
    import aiohttp

    if isinstance(error, asyncio.TimeoutError):
        return fanout_job.failed("timeout", "no response within the timeout")
    if isinstance(error, aiohttp.ClientConnectorError):
        return fanout_job.failed("connect", error)
    if isinstance(error, aiohttp.ClientPayloadError):
        return fanout_job.failed("truncated", error)
    if isinstance(error, (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError)):
        return fanout_job.failed("truncated" if body_phase else "reset", error)
    return fanout_job.failed("other", error)
