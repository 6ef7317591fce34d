"""Benchmark: our SPARQL endpoint and Oxigraph's own server, side by side, on the same store.

    .venv/bin/python bench/bench_sparql.py [--store DIR] [--requests 300] [--seconds 5]

Starts `fiscal-kg serve` (gunicorn, 2 workers) and `oxigraph serve-read-only
--union-default-graph` on the same on-disk database, then for each query prints the median and
p95 latency of sequential requests and the requests/s of 2 concurrent clients. Every request
opens a new connection (and closes it after the response), for both servers.
Prints a table; it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PREFIXES = """PREFIX fk: <https://w3id.org/fiscal-kg/def/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""
QUERIES = {
    "lookup": PREFIXES + """SELECT ?p ?o WHERE {
        <https://w3id.org/fiscal-kg/id/agency/鄂州市人民政府办公室> ?p ?o }""",
    "aggregate": PREFIXES + """SELECT ?section (COUNT(*) AS ?figures) (SUM(?v) AS ?total)
        WHERE { ?f a fk:Figure ; fk:section/skos:notation ?section ; fk:value ?v ;
                   sdmx-attribute:unitMeasure <https://w3id.org/fiscal-kg/def/unit/CNY> }
        GROUP BY ?section ORDER BY ?section""",
    "stored: figures": (ROOT / "queries" / "figures.rq").read_text(encoding="utf-8"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait(port: int, path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


@contextmanager
def side_by_side(store: Path, oxigraph_args: tuple[str, ...] = (),
                 **settings: str) -> Iterator[tuple[int, int]]:
    """`fiscal-kg serve` (gunicorn, 2 workers) and `oxigraph serve-read-only
    --union-default-graph` on the same built store, ready: yields their ports. Extra
    FISCAL_KG_* settings go to ours, `oxigraph_args` to Oxigraph's."""
    bin_dir = Path(sys.executable).parent
    database = (store / "current").resolve() / "oxigraph"
    ours, theirs = free_port(), free_port()
    env = {**os.environ, "FISCAL_KG_LOG_LEVEL": "warning", **settings}
    servers = [
        subprocess.Popen([bin_dir / "fiscal-kg", "serve", "--store", str(store), "--port",
                          str(ours), "--workers", "2"], env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL),
        subprocess.Popen([bin_dir / "oxigraph", "serve-read-only", "--location", str(database),
                          "--bind", f"127.0.0.1:{theirs}", "--union-default-graph",
                          *oxigraph_args],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        wait(ours, "/-/health")
        wait(theirs, "/")
        yield ours, theirs
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(15)


def sequential(port: int, path: str, query: str, count: int) -> list[float]:
    for _ in range(10):  # warm up
        timed(port, path, query)
    return [timed(port, path, query) for _ in range(count)]


def timed(port: int, path: str, query: str) -> float:
    body = urlencode({"query": query}).encode()
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                            "Accept": "application/sparql-results+json"})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{response.status}: {data[:300]!r}")
    return time.perf_counter() - started


def throughput(port: int, path: str, query: str, seconds: float, clients: int = 2) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        while time.monotonic() < stop:
            timed(port, path, query)
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a built store (default: build the seed)")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    work = Path(tempfile.mkdtemp(prefix="fiscal-kg-bench-"))
    store = args.store
    if store is None:
        store = work / "store"
        subprocess.run([bin_dir / "fiscal-kg", "build", "--quiet", "--store", str(store)],
                       check=True, stdout=subprocess.DEVNULL)
    try:
        with side_by_side(store) as (ours, theirs):
            run(store, ours, theirs, args.requests, args.seconds)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def run(store: Path, ours: int, theirs: int, requests: int, seconds: float) -> None:
    print(f"store {store}; {requests} sequential requests, "
          f"2 clients for {seconds:g} s; a new connection per request\n")
    header = (f"{'query':16} {'server':18} {'median ms':>10} {'p95 ms':>8} {'req/s':>8}"
              f" {'ratio':>6}")
    print(header)
    print("-" * len(header))
    for name, query in QUERIES.items():
        medians = {}
        for label, port, path in (("fiscal-kg", ours, "/sparql"),
                                  ("oxigraph serve", theirs, "/query")):
            times = sorted(sequential(port, path, query, requests))
            median = statistics.median(times) * 1000
            p95 = times[int(len(times) * 0.95) - 1] * 1000
            rate = throughput(port, path, query, seconds)
            medians[label] = median
            shown = medians["fiscal-kg"] / median if label != "fiscal-kg" else None
            print(f"{name:16} {label:18} {median:10.2f} {p95:8.2f} {rate:8.0f}"
                  f" {'' if shown is None else f'{shown:5.2f}x':>6}")
    print("\nratio: our median latency / Oxigraph's (target: at most 1.5x)")


if __name__ == "__main__":
    sys.exit(main())
