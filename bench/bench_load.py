"""Benchmark: many clients at once, some of them hostile, beside Oxigraph's own server.

    .venv/bin/python bench/bench_load.py [--reports 100] [--clients 50] [--seconds 30]
                                         [--workdir DIR] [--reuse]

Writes N synthetic reports (`fiscal-kg synth`, seed 1), builds them, and serves the store with
`fiscal-kg serve` (2 workers) and `oxigraph serve-read-only --union-default-graph --timeout-s`
(the same time limit) on the same database. Then, for each server, three rounds of
--clients clients for --seconds each, every request on a new connection:

- mixed: lookups of an entity's triples, aggregates across all reports (三公 by province and
  year, figures by section) and entity pages (ours; Oxigraph answers the CONSTRUCT of the
  entity's triples in their place, the store work a page starts from);
- + slow clients: the same, while 20 more clients send their request headers a byte every
  half second;
- + over the time limit: the same, while 4 more clients send, one after the other, queries
  that would run far past the time limit.

Prints requests, error rate (anything but 200, or no answer within 30 s), p50 and p99 latency
and requests/s of the mixed clients. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_sparql import side_by_side

from fiscal_kg.synth import write_corpus

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
TIME_LIMIT = 10
BASE = "https://w3id.org/fiscal-kg/"  # the data's IRIs; the service answers them at /...
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
PREFIXES = "PREFIX fk: <https://w3id.org/fiscal-kg/def/>\n" \
           "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n" \
           "PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>\n"
AGGREGATE = PREFIXES + """SELECT ?section (COUNT(*) AS ?figures) (SUM(?v) AS ?total)
    WHERE { ?f a fk:Figure ; fk:section/skos:notation ?section ; fk:value ?v ;
               sdmx-attribute:unitMeasure <https://w3id.org/fiscal-kg/def/unit/CNY> }
    GROUP BY ?section ORDER BY ?section"""


@dataclass
class Round:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, seconds: float | None) -> None:
        with self.lock:
            if seconds is None:
                self.errors += 1
            else:
                self.latencies.append(seconds)


def call(port: int, method: str, path: str, body: bytes | None = None,
         headers: dict[str, str] | None = None) -> float | None:
    """Seconds to a 200 answer read whole, or None."""
    started = time.perf_counter()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(method, path, body, headers or {})
        response = connection.getresponse()
        response.read()
        connection.close()
    except OSError:
        return None
    return time.perf_counter() - started if response.status == 200 else None


def sparql(port: int, path: str, query: str, accept: str) -> float | None:
    return call(port, "POST", path, urlencode({"query": query}).encode(), {
        "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})


def workload(store: Path) -> tuple[list[str], list[str]]:
    manifest = json.loads(((store / "current").resolve() / "manifest.json").read_text("utf-8"))
    agencies = sorted({str(r["agency_iri"]) for r in manifest["reports"]})
    reports = sorted({str(r["report"]) for r in manifest["reports"]})
    return agencies, reports


def mixed_request(port: int, ours: bool, rng: random.Random, agencies: list[str],
                  reports: list[str]) -> float | None:
    path = "/sparql" if ours else "/query"
    kind = rng.random()
    entity = rng.choice(agencies if rng.random() < 0.5 else reports)
    if kind < 0.5:  # a lookup
        return sparql(port, path, f"SELECT ?p ?o WHERE {{ <{entity}> ?p ?o }}",
                      "application/sparql-results+json")
    if kind < 0.7:  # an aggregate across all reports
        query = AGGREGATE if rng.random() < 0.5 else \
            (ROOT / "queries" / "three-public-by-region.rq").read_text(encoding="utf-8")
        return sparql(port, path, query, "application/sparql-results+json")
    if ours:  # a page
        local = "/" + entity.removeprefix(BASE)
        return call(port, "GET", quote(local), headers={"Accept": "text/html"})
    return sparql(port, path, f"CONSTRUCT {{ <{entity}> ?p ?o }} WHERE {{ <{entity}> ?p ?o }}",
                  "application/n-triples")


def slow_client(port: int, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
                for byte in b"GET / HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 100 + b"\r\n\r\n":
                    if stop.is_set():
                        return
                    sock.sendall(bytes([byte]))
                    time.sleep(0.5)
        except OSError:
            time.sleep(0.5)


def over_the_limit_client(port: int, ours: bool, stop: threading.Event) -> None:
    while not stop.is_set():
        sparql(port, "/sparql" if ours else "/query", SLOW, "application/sparql-results+json")


def run_round(port: int, ours: bool, extra: str, clients: int, seconds: float,
              agencies: list[str], reports: list[str]) -> Round:
    result = Round()
    stop = threading.Event()
    deadline = time.monotonic() + seconds
    hostile: list[threading.Thread] = []
    if extra == "slow":
        hostile = [threading.Thread(target=slow_client, args=(port, stop), daemon=True)
                   for _ in range(20)]
    elif extra == "over":
        hostile = [threading.Thread(target=over_the_limit_client, args=(port, ours, stop),
                                    daemon=True) for _ in range(4)]
    for thread in hostile:
        thread.start()
    if hostile:
        time.sleep(2)

    def client(index: int) -> None:
        rng = random.Random(index)
        while time.monotonic() < deadline:
            result.note(mixed_request(port, ours, rng, agencies, reports))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    return result


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] * 1000 if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--reuse", action="store_true", help="use the corpus and store of a "
                                                             "kept --workdir")
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="fiscal-kg-load-"))
    corpus, store = work / "corpus", work / "store"
    try:
        if not (args.reuse and (store / "current").exists()):
            write_corpus(corpus, args.reports, 1, expected=False)
            subprocess.run([BIN / "fiscal-kg", "build", "--quiet", "--store", str(store),
                            str(corpus)], check=False, stdout=subprocess.DEVNULL)
        agencies, reports = workload(store)
        print(f"{len(reports)} reports; {args.clients} clients for {args.seconds:g} s a round; "
              f"time limit {TIME_LIMIT} s on both; a new connection per request\n")
        header = f"{'round':24} {'server':15} {'requests':>9} {'errors':>8} {'p50 ms':>8} " \
                 f"{'p99 ms':>9} {'req/s':>7}"
        print(header)
        print("-" * len(header))
        with side_by_side(store, ("--timeout-s", str(TIME_LIMIT)),
                          FISCAL_KG_QUERY_TIMEOUT=str(TIME_LIMIT)) as (ours, theirs):
            for extra, label in (("", "mixed"), ("slow", "+ 20 slow clients"),
                                 ("over", "+ 4 over the time limit")):
                for server, port, is_ours in (("fiscal-kg", ours, True),
                                              ("oxigraph serve", theirs, False)):
                    result = run_round(port, is_ours, extra, args.clients, args.seconds,
                                       agencies, reports)
                    total = len(result.latencies) + result.errors
                    print(f"{label:24} {server:15} {total:9} "
                          f"{100 * result.errors / max(total, 1):7.2f}% "
                          f"{percentile(result.latencies, 0.5):8.1f} "
                          f"{percentile(result.latencies, 0.99):9.1f} "
                          f"{len(result.latencies) / args.seconds:7.1f}", flush=True)
                    time.sleep(TIME_LIMIT + 1)  # let the last slow queries end
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
