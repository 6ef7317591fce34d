"""Benchmark: entity pages stay fast when a concept is used ten thousand times.

    .venv/bin/python bench/bench_pages.py [--figures 10000] [--requests 50]

Builds the seed store, adds a graph in which one concept (the operating-cost item concept) is
the object of N more figures, serves it with `fiscal-kg serve`, and prints the median and p95
time of that concept's page and of the agency's page (HTML, one request at a time). Target:
under 50 ms each. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).parent))
from bench_sparql import free_port, wait

FK = "https://w3id.org/fiscal-kg/def/"
CONCEPT = FK + "concept/operating-cost-item"
PAGES = {
    "concept used by all": "/def/concept/operating-cost-item",
    "agency": "/id/agency/鄂州市人民政府办公室",
    "figure": "/id/report/鄂州市人民政府办公室/2018/figure/operating-costs/机关运行经费",
}


def add_figures(database: Path, count: int) -> None:
    store = ox.Store(str(database))
    graph = ox.NamedNode("https://w3id.org/fiscal-kg/graph/bench")
    lines = []
    for index in range(count):
        figure = f"<https://w3id.org/fiscal-kg/id/report/bench/2000/figure/{index:05d}>"
        lines.append(f"{figure} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{FK}Figure> .")
        lines.append(f"{figure} <{FK}concept> <{CONCEPT}> .")
        lines.append(f'{figure} <http://www.w3.org/2000/01/rdf-schema#label> "项目{index}"@zh .')
        lines.append(f'{figure} <{FK}value> "{index}"^^<http://www.w3.org/2001/XMLSchema#decimal> .')
    store.bulk_load("\n".join(lines).encode(), format=ox.RdfFormat.N_TRIPLES, to_graph=graph)
    store.flush()
    del store


def timed(port: int, path: str) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", quote(path), headers={"Accept": "text/html"})
    response = connection.getresponse()
    response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: {response.status}")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    work = Path(tempfile.mkdtemp(prefix="fiscal-kg-pages-"))
    store = work / "store"
    subprocess.run([bin_dir / "fiscal-kg", "build", "--quiet", "--store", str(store)],
                   check=True, stdout=subprocess.DEVNULL)
    add_figures((store / "current").resolve() / "oxigraph", args.figures)
    port = free_port()
    server = subprocess.Popen(
        [bin_dir / "fiscal-kg", "serve", "--store", str(store), "--port", str(port)],
        env={**os.environ, "FISCAL_KG_LOG_LEVEL": "warning"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        wait(port, "/-/health")
        print(f"{args.figures} extra figures point at <{CONCEPT}>; "
              f"{args.requests} requests per page, one at a time\n")
        print(f"{'page':22} {'median ms':>10} {'p95 ms':>8}")
        for name, path in PAGES.items():
            for _ in range(3):
                timed(port, path)
            times = sorted(timed(port, path) for _ in range(args.requests))
            p95 = times[max(0, int(len(times) * 0.95) - 1)] * 1000
            print(f"{name:22} {statistics.median(times) * 1000:10.1f} {p95:8.1f}")
        print("\ntarget: under 50 ms each")
    finally:
        server.terminate()
        server.wait(15)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
