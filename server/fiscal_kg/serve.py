"""`fiscal-kg serve`: gunicorn running the app factory, with settings passed to the workers.

The workers are gunicorn's gevent workers (`Worker` below adds three things to them), so
that clients that send or read slowly cost a greenlet each, not a worker: gunicorn's own
answer for serving clients directly, without a buffering proxy in front.

- A request's line and headers must arrive within `HEADER_SECONDS` (gunicorn's keep-alive
  time-out, which its gevent worker applies to reading every request), and any read or write
  that makes no progress for `STALL_SECONDS` closes the connection.
- A request line may be long enough for a GET query of `max_query_bytes` percent-encoded
  (gunicorn caps it at 8,190 bytes; the cap is raised to what the setting needs).
- A request line or header block over the limits is answered in the service's error shape
  (JSON, `nosniff`), not with gunicorn's HTML page.
"""

from __future__ import annotations

import json
import os
from http import HTTPStatus
from typing import Any

from gunicorn import util
from gunicorn.app.base import BaseApplication
from gunicorn.http import message
from gunicorn.http.errors import LimitRequestHeaders, LimitRequestLine
from gunicorn.workers.ggevent import GeventWorker

from fiscal_kg.config import Settings

APP = "fiscal_kg.web:create_app()"
HEADER_SECONDS = 5
STALL_SECONDS = 15


def request_line_limit(settings: Settings) -> int:
    """Bytes of request line a GET query of `max_query_bytes` needs: each byte of UTF-8 may
    take three when percent-encoded, plus the path and the other parameters."""
    return 3 * settings.max_query_bytes + 4096


class Worker(GeventWorker):  # type: ignore[misc]
    """gunicorn's gevent worker, with stall time-outs and errors in the service's shape."""

    def init_process(self) -> None:
        message.MAX_REQUEST_LINE = max(message.MAX_REQUEST_LINE, self.cfg.limit_request_line)
        super().init_process()

    def handle(self, listener: Any, client: Any, addr: Any) -> None:
        client.settimeout(STALL_SECONDS)
        super().handle(listener, client, addr)

    def handle_error(self, req: Any, client: Any, addr: Any, exc: BaseException) -> None:
        if isinstance(exc, LimitRequestLine):
            status, detail = 414, ("the request line is longer than "
                                   f"{self.cfg.limit_request_line} bytes: send the query by POST")
        elif isinstance(exc, LimitRequestHeaders):
            status, detail = 431, f"the request's headers are too large ({exc})"
        else:
            super().handle_error(req, client, addr, exc)
            return
        self.log.warning("refused a request from %s: %s", (addr or ("",))[0], detail)
        title = HTTPStatus(status).phrase
        body = json.dumps({"error": {"status": status, "title": title, "detail": detail}},
                          ensure_ascii=False).encode("utf-8")
        head = (f"HTTP/1.1 {status} {title}\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\nX-Content-Type-Options: nosniff\r\n"
                "Access-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n")
        try:
            client.sendall(head.encode("ascii") + body)
        except OSError:
            self.log.debug("could not send the error to %s", addr)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # the app by its name, as `gunicorn 'fiscal_kg.web:create_app()'` loads it
        return util.import_app(APP)


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "fiscal_kg.serve.Worker",
        "worker_connections": 1000,
        "keepalive": HEADER_SECONDS,
        "limit_request_line": request_line_limit(settings),
        # the worker's heartbeat; a query's own time limit is enforced by the query processes
        "timeout": 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": settings.log_level,
        "proc_name": "fiscal-kg",
        "preload_app": False,  # each worker opens the store itself, after the fork
        "control_socket_disable": True,  # no local control socket: nothing to manage here
    }


def serve(settings: Settings) -> int:
    os.environ.update(settings.environ())  # create_app() in each worker reads these
    print(f"serving {settings.store} at {settings.public_url} "
          f"(SPARQL endpoint {settings.public_url}/sparql)", flush=True)
    _Gunicorn(gunicorn_options(settings)).run()
    return 0
