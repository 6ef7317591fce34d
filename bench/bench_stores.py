"""Benchmark: the service on every store it supports, side by side.

    .venv/bin/python bench/bench_stores.py [--reports 100] [--requests 15] [--stores ...]

Writes N synthetic reports (`fiscal-kg synth`, seed 1) and builds them, then serves the build
with `fiscal-kg serve` (2 workers) on each store:

- embedded: the build's own Oxigraph database;
- oxigraph: `oxigraph serve --union-default-graph` (the PyPI package), filled by `fiscal-kg load`;
- virtuoso: Virtuoso Open Source 7.2 (Debian's `virtuoso-opensource`), set up as the README says
  (`tests/web/virtuoso.py`), filled by `fiscal-kg load` with the write user's credentials;
- fiscal-kg: another `fiscal-kg serve` on the embedded store, as the store.

For each store it prints the load time, whether every page, stored query and format answers
200 (and which do not), and the median time of each stored query (`/queries/NAME.json`) and of
the pages researchers open (agency, report, figure, concept, the vocabulary, search, the
catalogue), one request at a time after two warm-up requests. A benchmark, not a test.
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
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from bench_sparql import free_port  # noqa: E402

from fiscal_kg.synth import write_corpus  # noqa: E402
from tests.web.virtuoso import start_virtuoso, stop_virtuoso, virtuoso_binary  # noqa: E402

BIN = Path(sys.executable).parent
BASE = "https://w3id.org/fiscal-kg/"
STORES = ("embedded", "oxigraph", "virtuoso", "fiscal-kg")
QUERIES = tuple(sorted(p.stem for p in (ROOT / "queries").glob("*.rq")))
SELECT = ("SELECT ?s ?label WHERE { ?s a <https://w3id.org/fiscal-kg/def/Agency> ; "
          "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?s ?label LIMIT 50")
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <https://w3id.org/fiscal-kg/def/Agency> ; ?p ?o }"
SELECT_FORMATS = ("application/sparql-results+json", "application/sparql-results+xml",
                  "text/csv", "text/tab-separated-values")
GRAPH_FORMATS = ("text/turtle", "application/n-triples", "application/ld+json",
                 "application/rdf+xml")


def get(url: str, accept: str = "text/html") -> tuple[int, bytes]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    connection.request("GET", target, headers={"Accept": accept})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def wait_for(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if get(url, "application/json")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer 200 within {seconds:g} s")


@contextmanager
def serve(store: Path, log: Path, **settings: str) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "FISCAL_KG_LOG_LEVEL": "warning",
           **{f"FISCAL_KG_{k.upper()}": v for k, v in settings.items()}}
    with log.open("wb") as handle:
        process = subprocess.Popen([BIN / "fiscal-kg", "serve", "--store", str(store),
                                    "--port", str(port), "--workers", "2"],
                                   stdout=handle, stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url + "/-/health")
            yield url
        finally:
            process.terminate()
            process.wait(30)


def load(store: Path, graph_store: str, query: str, **env: str) -> float:
    started = time.perf_counter()
    subprocess.run([BIN / "fiscal-kg", "load", "--store", str(store), "--graph-store",
                    graph_store, "--sparql-endpoint", query], check=True,
                   stdout=subprocess.DEVNULL, env={**os.environ, **env})
    return time.perf_counter() - started


@contextmanager
def oxigraph_store(work: Path, build: Path) -> Iterator[tuple[str, float]]:
    port = free_port()
    with (work / "oxigraph.log").open("wb") as handle:
        process = subprocess.Popen([BIN / "oxigraph", "serve", "--location", str(work / "ox"),
                                    "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                                   stdout=handle, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_for(url + "/query?" + urlencode({"query": "ASK {}"}))
            yield url + "/query", load(build, url + "/store", url + "/query")
        finally:
            process.terminate()
            process.wait(30)


@contextmanager
def virtuoso_store(work: Path, build: Path) -> Iterator[tuple[str, float]]:
    store = start_virtuoso(work / "virtuoso", work / "virtuoso.log")
    try:
        yield store.query, load(build, store.graph_store, store.query,
                                FISCAL_KG_STORE_USER=store.user,
                                FISCAL_KG_STORE_PASSWORD=store.password)
    finally:
        stop_virtuoso(store)


def pages(build: Path) -> dict[str, str]:
    """The pages timed: paths on the service, from the build's manifest."""
    manifest = json.loads((build / "current" / "manifest.json").read_text("utf-8"))
    report = manifest["reports"][0]
    database = ox.Store.read_only(str((build / "current" / "oxigraph").resolve()))
    [figure] = [row["f"].value for row in database.query(  # type: ignore[union-attr]
        "SELECT ?f WHERE { GRAPH ?g { ?f a <https://w3id.org/fiscal-kg/def/Figure> ; "
        "<https://w3id.org/fiscal-kg/def/concept> "
        "<https://w3id.org/fiscal-kg/def/concept/three-public-total> } } ORDER BY ?f LIMIT 1",
        default_graph=None, named_graphs=[ox.NamedNode(report["graph"])])]
    del database

    def path(iri: str) -> str:
        return "/" + quote(iri[len(BASE):])

    return {
        "agency page": path(report["agency_iri"]),
        "report page": path(report["report"]),
        "figure page": path(figure),
        "concept page": "/def/concept/three-public-total",
        "vocabulary page": "/def/",
        "search 财政": "/search?" + urlencode({"q": "财政"}),
        "catalogue": "/catalog",
    }


def checks(url: str, build: Path) -> list[str]:
    """What does not answer 200: every page, every stored query in every form, the endpoint
    in every format."""
    failing = []
    targets: list[tuple[str, str]] = [(p, "text/html") for p in pages(build).values()]
    for name in QUERIES:
        targets += [(f"/queries/{name}", "text/html")]
        targets += [(f"/queries/{name}.{ext}", "*/*") for ext in ("json", "csv", "tsv", "xml")]
    targets += [("/sparql?" + urlencode({"query": SELECT}), fmt) for fmt in SELECT_FORMATS]
    targets += [("/sparql?" + urlencode({"query": CONSTRUCT}), fmt) for fmt in GRAPH_FORMATS]
    for target, accept in targets:
        status, _ = get(url + target, accept)
        if status != 200:
            failing.append(f"{target[:60]} ({accept}): {status}")
    return failing


def median_ms(url: str, target: str, accept: str, requests: int) -> float:
    for _ in range(2):
        get(url + target, accept)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        status, _ = get(url + target, accept)
        times.append(time.perf_counter() - started)
        if status != 200:
            return float("nan")
    return statistics.median(times) * 1000


def measure(name: str, url: str, build: Path, requests: int) -> dict[str, object]:
    print(f"  {name}: timing", file=sys.stderr)
    timings: dict[str, float] = {}
    for query in QUERIES:
        timings[f"query {query}"] = median_ms(url, f"/queries/{query}.json", "*/*", requests)
    for page, target in pages(build).items():
        timings[page] = median_ms(url, target, "text/html", requests)
    return {"failing": checks(url, build), "timings": timings}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES))
    args = parser.parse_args()
    if "virtuoso" in args.stores and virtuoso_binary() is None:
        print("virtuoso-t is not installed: `make test` installs it; skipping Virtuoso",
              file=sys.stderr)
        args.stores.remove("virtuoso")
    work = Path(tempfile.mkdtemp(prefix="fiscal-kg-stores-"))
    results: dict[str, dict[str, object]] = {}
    try:
        corpus, build = work / "corpus", work / "build"
        write_corpus(corpus, args.reports, 1, expected=False)
        started = time.perf_counter()
        subprocess.run([BIN / "fiscal-kg", "build", "--quiet", "--store", str(build),
                        str(corpus)], check=True, stdout=subprocess.DEVNULL)
        print(f"{args.reports} synthetic reports built in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        remote: dict[str, Callable[[Path, Path], object]] = {
            "oxigraph": oxigraph_store, "virtuoso": virtuoso_store}
        for name in args.stores:
            with ExitStack() as stack:
                print(f"{name}: starting", file=sys.stderr)
                loaded: float | None = None
                if name == "embedded":
                    url = stack.enter_context(serve(build, work / f"{name}.log"))
                elif name == "fiscal-kg":
                    back = stack.enter_context(serve(build, work / "back.log"))
                    url = stack.enter_context(serve(work / "none", work / f"{name}.log",
                                                    sparql_endpoint=back + "/sparql"))
                else:
                    query, loaded = stack.enter_context(remote[name](work, build))  # type: ignore[call-overload]
                    url = stack.enter_context(serve(work / "none", work / f"{name}.log",
                                                    sparql_endpoint=query))
                results[name] = {"load": loaded, **measure(name, url, build, args.requests)}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report(results, args.reports, args.requests)
    return 0


def report(results: dict[str, dict[str, object]], reports: int, requests: int) -> None:
    names = list(results)
    print(f"{reports} synthetic reports; median of {requests} requests, one at a time, "
          "through `fiscal-kg serve` (2 workers) on each store\n")
    print(f"| | {' | '.join(names)} |")
    print(f"| --- | {' | '.join('---:' for _ in names)} |")
    loads = [f"{r['load']:.1f} s" if r["load"] is not None else "(built in place)"
             for r in results.values()]
    print(f"| `fiscal-kg load` | {' | '.join(loads)} |")
    works = ["all 200" if not r["failing"] else f"{len(r['failing'])} fail"  # type: ignore[arg-type]
             for r in results.values()]
    print(f"| every page, stored query and format | {' | '.join(works)} |")
    rows = list(next(iter(results.values()))["timings"])  # type: ignore[call-overload]
    for row in rows:
        cells = [f"{r['timings'][row]:.0f} ms" for r in results.values()]  # type: ignore[index]
        print(f"| {row} | {' | '.join(cells)} |")
    for name, result in results.items():
        for failing in result["failing"]:  # type: ignore[attr-defined]
            print(f"{name}: {failing}")


if __name__ == "__main__":
    sys.exit(main())
