"""`fiscal-kg serve`: gunicorn running the app factory, with settings passed to the workers."""

from __future__ import annotations

import os
from typing import Any

from gunicorn.app.base import BaseApplication

from fiscal_kg.config import Settings


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from fiscal_kg.web import create_app

        return create_app()


def gunicorn_options(settings: Settings) -> dict[str, Any]:
    return {
        "bind": f"{settings.host}:{settings.port}",
        "workers": settings.workers,
        "worker_class": "sync",
        # a worker must outlive the longest query it is allowed to wait for
        "timeout": int(settings.query_timeout) + 30,
        "graceful_timeout": 10,
        "accesslog": "-",
        "errorlog": "-",
        "loglevel": settings.log_level,
        "proc_name": "fiscal-kg",
        "preload_app": False,  # each worker opens the store itself, after the fork
    }


def serve(settings: Settings) -> int:
    os.environ.update(settings.environ())  # create_app() in each worker reads these
    print(f"serving {settings.store} at {settings.public_url} "
          f"(SPARQL endpoint {settings.public_url}/sparql)", flush=True)
    _Gunicorn(gunicorn_options(settings)).run()
    return 0
