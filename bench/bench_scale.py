"""Benchmark: the whole service as the corpus grows, side by side with Oxigraph's own server.

    .venv/bin/python bench/bench_scale.py [--sizes 10 100 1000] [--seed 1] [--requests 50]
                                          [--seconds 3] [--workdir DIR] [--keep] [--reuse]

For each size N it writes N synthetic reports (`fiscal_kg.synth`, deterministic from the seed),
builds them with `fiscal-kg build` (extract, map, validate each report with SHACL, load, check
across reports, write dumps) and prints reports/s, triples/s, the peak resident memory of the
build's whole process tree, the store's size, and the time of the checks across reports
alone (run again on the built store). Then it serves the store with `fiscal-kg
serve` (gunicorn, 2 workers) and `oxigraph serve-read-only --union-default-graph` on the same
database, and times the stored queries, an aggregate across all reports (三公 by province and
year) and the pages of an agency, a figure and a concept that every report uses: median and
p95 of sequential requests (at most --requests, or 20 s) and requests/s of 2 clients. Pages are
ours alone; beside them Oxigraph answers the CONSTRUCT of the entity's own triples, the raw
store work a page starts from. Every request opens a new connection, for both servers.
At the end it prints the growth table the README keeps. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pyoxigraph as ox
from bench_sparql import side_by_side

from fiscal_kg.queries import stored_queries
from fiscal_kg.sparql_text import inspect_query, limit_select
from fiscal_kg.store import open_store
from fiscal_kg.store.crosscheck import cross_check
from fiscal_kg.synth import write_corpus

BIN = Path(sys.executable).parent
ROW_LIMIT = 10000  # the service's default; the same LIMIT is sent to Oxigraph
STORED = ("reports", "units", "figures", "glossary", "consistency", "three-public-by-region")
FK = "https://w3id.org/fiscal-kg/"
JSON_RESULTS = "application/sparql-results+json"


@dataclass
class Timing:
    median: float
    p95: float
    rate: float


@dataclass
class Size:
    reports: int
    triples: int = 0
    build_s: float = 0.0
    peak_rss_mb: float = 0.0
    database_mb: float = 0.0
    dumps_mb: float = 0.0
    checks_s: float = 0.0  # the checks across reports alone, run again on the built store
    timings: dict[str, dict[str, Timing]] = field(default_factory=dict)


def request(port: int, method: str, path: str, body: bytes | None = None,
            headers: dict[str, str] | None = None) -> float:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request(method, path, body, headers or {})
    response = connection.getresponse()
    data = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"{method} {path[:80]}: {response.status}: {data[:300]!r}")
    return time.perf_counter() - started


def sparql_call(port: int, path: str, query: str, accept: str) -> float:
    body = urlencode({"query": query}).encode()
    return request(port, "POST", path, body, {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def measure(call: object, requests: int, seconds: float) -> Timing:
    assert callable(call)
    for _ in range(3):
        call()
    times: list[float] = []
    deadline = time.monotonic() + 20
    while len(times) < requests and (len(times) < 5 or time.monotonic() < deadline):
        times.append(call())
    times.sort()
    done = [0, 0]
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        while time.monotonic() < stop:
            call()
            done[index] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    p95 = times[max(0, int(len(times) * 0.95) - 1)]
    return Timing(statistics.median(times) * 1000, p95 * 1000, sum(done) / seconds)


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children", encoding="ascii") as handle:
                    pending.extend(int(child) for child in handle.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def du(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 1e6


def build(corpus: Path, store: Path, size: Size) -> None:
    started = time.perf_counter()
    process = subprocess.Popen([BIN / "fiscal-kg", "build", str(corpus), "--store", str(store),
                                "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.2)
    output = process.stdout.read() if process.stdout else ""
    size.build_s = time.perf_counter() - started
    if process.returncode != 0:
        raise RuntimeError(f"the build failed:\n{output[-3000:]}")
    print("   ", output.strip().splitlines()[-1])
    manifest = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    size.triples = int(manifest["triples"])
    size.peak_rss_mb = peak / 1e6
    build_dir = (store / "current").resolve()
    size.database_mb = du(build_dir / "oxigraph")
    size.dumps_mb = du(build_dir / "dumps")
    database = ox.Store.read_only(str(build_dir / "oxigraph"))
    started = time.perf_counter()
    cross_check(database)
    size.checks_s = time.perf_counter() - started
    del database


def pick_entities(store: Path) -> dict[str, str]:
    """An agency with the most reports, the “三公” total of its latest report, a concept that
    every report uses."""
    manifest = json.loads((store / "current" / "manifest.json").read_text(encoding="utf-8"))
    counts: dict[str, list[dict[str, object]]] = {}
    for report in manifest["reports"]:
        counts.setdefault(str(report["agency_iri"]), []).append(report)
    agency, reports = max(counts.items(), key=lambda item: (len(item[1]), item[0]))
    latest = max(reports, key=lambda r: int(str(r["fiscal_year"])))
    found = open_store(store).query(
        "SELECT ?f ?c ?role ?r WHERE { ?f fk:concept ?c ; fk:role ?role ; fk:report ?r } LIMIT 1",
        substitutions={"c": ox.NamedNode(FK + "def/concept/three-public-total"),
                       "role": ox.NamedNode(FK + "def/role/level"),
                       "r": ox.NamedNode(str(latest["report"]))})
    assert isinstance(found, ox.QuerySolutions)
    [row] = list(found)
    return {"agency": agency, "figure": str(row["f"].value),
            "concept": FK + "def/concept/three-public-total"}


def serve_and_time(store: Path, size: Size, requests: int, seconds: float) -> None:
    # a time limit well above any of these queries, so that latency is measured, not cut off
    with side_by_side(store, FISCAL_KG_QUERY_TIMEOUT="300") as (ours, theirs):
        queries = stored_queries()
        for name in STORED:
            text = queries[name].text
            limited, _ = limit_select(text, inspect_query(text), ROW_LIMIT)
            size.timings[name] = {
                "ours": measure(lambda t=limited: sparql_call(ours, "/sparql", t, JSON_RESULTS),
                                requests, seconds),
                "oxigraph": measure(lambda t=limited: sparql_call(theirs, "/query", t,
                                                                  JSON_RESULTS),
                                    requests, seconds)}
        entities = pick_entities(store)
        for kind, iri in entities.items():
            path = quote(iri[len(FK) - 1:])
            construct = f"CONSTRUCT WHERE {{ <{iri}> ?p ?o }}"
            size.timings[f"{kind} page"] = {
                "ours": measure(lambda p=path: request(ours, "GET", p, None,
                                                       {"Accept": "text/html"}),
                                requests, seconds),
                "ours (Turtle)": measure(lambda p=path: request(ours, "GET", p, None,
                                                                {"Accept": "text/turtle"}),
                                         requests, seconds),
                "oxigraph": measure(lambda q=construct: sparql_call(theirs, "/query", q,
                                                                    "text/turtle"),
                                    requests, seconds)}


def print_timings(size: Size) -> None:
    print(f"\n  {'query / page':24} {'server':14} {'median ms':>10} {'p95 ms':>9} {'req/s':>7}"
          f" {'ours/theirs':>11}")
    for name, by_server in size.timings.items():
        theirs = by_server["oxigraph"].median
        for server, timing in by_server.items():
            ratio = f"{by_server['ours'].median / theirs:.1f}x" if server == "ours" else ""
            print(f"  {name:24} {server:14} {timing.median:10.1f} {timing.p95:9.1f}"
                  f" {timing.rate:7.0f} {ratio:>11}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the corpora and stores")
    parser.add_argument("--reuse", action="store_true",
                        help="time the stores a kept run built in --workdir (its build figures "
                             "are read back) instead of generating and building them again")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fiscal-kg-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    sizes: list[Size] = []
    try:
        for n in args.sizes:
            size = Size(n)
            corpus, store = work / f"corpus-{n}", work / f"store-{n}"
            record = work / f"store-{n}.build.json"
            if args.reuse and record.exists() and (store / "current").exists():
                size = Size(**json.loads(record.read_text(encoding="utf-8")))
                print(f"\n== {n} reports (the store built earlier in {store})")
            else:
                shutil.rmtree(corpus, ignore_errors=True)
                shutil.rmtree(store, ignore_errors=True)
                started = time.perf_counter()
                write_corpus(corpus, n, args.seed, expected=False)
                print(f"\n== {n} reports (generated in {time.perf_counter() - started:.1f} s)")
                build(corpus, store, size)
                record.write_text(json.dumps({k: v for k, v in asdict(size).items()
                                              if k != "timings"}), encoding="utf-8")
            print(f"    build {size.build_s:.1f} s: {n / size.build_s:.2f} reports/s, "
                  f"{size.triples / size.build_s:,.0f} triples/s, {size.triples:,} triples, "
                  f"peak RSS {size.peak_rss_mb:,.0f} MB, database {size.database_mb:,.0f} MB, "
                  f"dumps {size.dumps_mb:,.0f} MB; checks across reports {size.checks_s:.1f} s")
            serve_and_time(store, size, args.requests, args.seconds)
            print_timings(size)
            sizes.append(size)
            print_growth(sizes)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def print_growth(sizes: list[Size]) -> None:
    print("\nGrowth (median ms, ours / oxigraph serve):\n")
    shown = ("reports", "figures", "three-public-by-region", "agency page", "figure page",
             "concept page")
    print("| reports | triples | build s | reports/s | triples/s | checks across reports s | "
          "peak RSS MB | database MB | " + " | ".join(shown) + " |")
    print("| ---: " * (7 + len(shown)) + "| ---: |")
    for s in sizes:
        cells = [f"{s.timings[n]['ours'].median:.1f} / {s.timings[n]['oxigraph'].median:.1f}"
                 for n in shown]
        print(f"| {s.reports:,} | {s.triples:,} | {s.build_s:.0f} | {s.reports / s.build_s:.2f} | "
              f"{s.triples / s.build_s:,.0f} | {s.checks_s:.1f} | {s.peak_rss_mb:,.0f} | "
              f"{s.database_mb:,.0f} | "
              + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
