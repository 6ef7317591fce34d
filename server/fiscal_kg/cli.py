"""The command line: `fiscal-kg build | validate | query | queries | serve | load | synth`."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox

from fiscal_kg import __version__
from fiscal_kg.build import build
from fiscal_kg.config import Settings
from fiscal_kg.errors import FiscalKGError, display
from fiscal_kg.pipeline.iris import Minter
from fiscal_kg.pipeline.manifest import COLUMNS as MANIFEST_COLUMNS
from fiscal_kg.pipeline.manifest import Manifest, read_manifest
from fiscal_kg.pipeline.text import display_width
from fiscal_kg.queries import resolve_query, stored_queries
from fiscal_kg.reading import FileResult, find_reports, read_report
from fiscal_kg.resources import REPORTS_DIR
from fiscal_kg.sparql_text import inspect_query
from fiscal_kg.store import open_store
from fiscal_kg.store.layout import current_build

FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        return int(args.run(args, settings))
    except FiscalKGError as exc:
        print(f"fiscal-kg: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `fiscal-kg query figures | head`
        sys.stderr.close()
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fiscal-kg",
        description="Chinese government final-accounts reports as a knowledge graph.",
    )
    parser.add_argument("--version", action="version", version=f"fiscal-kg {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = commands.add_parser("build", help="read reports and write the store")
    b.add_argument("reports", nargs="*", type=Path,
                   help=f"report files or folders (default: the files of --manifest, else "
                        f"{REPORTS_DIR})")
    b.add_argument("--manifest", type=Path, metavar="FILE.csv",
                   help="a CSV file of what each report's text may not say, one row per report "
                        f"file (columns {','.join(MANIFEST_COLUMNS)}; only file is required): "
                        "its identity wins over the text's")
    b.add_argument("--store", type=Path, help="store directory (default: FISCAL_KG_STORE)")
    b.add_argument("--base", help="canonical base IRI of the data (default: FISCAL_KG_BASE_IRI)")
    b.add_argument("--strict", action="store_true",
                   help="keep the previous store if any file fails (by default the reports "
                        "that could be read are stored and the exit status is 1)")
    b.add_argument("--partial", action="store_true",
                   help="store the reports that could be read (the default; kept for scripts)")
    b.add_argument("--workers", type=int, help="processes reading reports (default: 2)")
    b.add_argument("--quiet", action="store_true", help="print only errors and the summary")
    b.set_defaults(run=_build)

    v = commands.add_parser("validate", help="read and validate reports without storing them")
    v.add_argument("reports", nargs="*", type=Path)
    v.add_argument("--base", help="canonical base IRI of the data")
    v.add_argument("--manifest", type=Path, metavar="FILE.csv",
                   help="a build manifest, as for build")
    v.set_defaults(run=_validate)

    q = commands.add_parser("query", help="run a stored query or a query file on the store")
    q.add_argument("query", help="a stored query name (see `fiscal-kg queries`) or a .rq file")
    q.add_argument("--store", type=Path, help="store directory (default: FISCAL_KG_STORE)")
    q.add_argument("--format", choices=[*FORMATS, "table"], default="table")
    q.add_argument("--sparql-endpoint", metavar="URL",
                   help="ask this SPARQL endpoint instead of the store "
                        "(default: FISCAL_KG_SPARQL_ENDPOINT, if set)")
    q.set_defaults(run=_query)

    s = commands.add_parser("queries", help="list the stored queries")
    s.set_defaults(run=_queries)

    w = commands.add_parser("serve", help="serve the store over HTTP (builds it first if needed)")
    w.add_argument("--store", type=Path, help="store directory (default: FISCAL_KG_STORE)")
    w.add_argument("--host", help="interface to listen on (default: FISCAL_KG_HOST)")
    w.add_argument("--port", type=int, help="port (default: FISCAL_KG_PORT)")
    w.add_argument("--workers", type=int, help="gunicorn workers (default: FISCAL_KG_WORKERS)")
    w.add_argument("--public-url", help="address the service is reached at "
                                        "(default: FISCAL_KG_PUBLIC_URL, else http://HOST:PORT)")
    w.add_argument("--sparql-endpoint", metavar="URL",
                   help="serve from this SPARQL endpoint instead of the store, e.g. one filled by "
                        "`fiscal-kg load` (default: FISCAL_KG_SPARQL_ENDPOINT)")
    w.set_defaults(run=_serve)

    ld = commands.add_parser("load", help="push the store's build into a SPARQL store "
                                          "(Graph Store Protocol), one named graph per report")
    ld.add_argument("--store", type=Path, help="store directory (default: FISCAL_KG_STORE)")
    ld.add_argument("--graph-store", metavar="URL",
                    help="Graph Store Protocol endpoint (default: FISCAL_KG_GRAPH_STORE), "
                         "e.g. http://127.0.0.1:7878/store")
    ld.add_argument("--sparql-endpoint", metavar="URL",
                    help="its SPARQL query endpoint, to verify the load "
                         "(default: FISCAL_KG_SPARQL_ENDPOINT), e.g. http://127.0.0.1:7878/query")
    ld.set_defaults(run=_load)

    from fiscal_kg import synth

    sy = commands.add_parser("synth", help="write N synthetic reports in the template "
                                           "(for benchmarks), deterministic from a seed")
    synth.add_arguments(sy)
    sy.set_defaults(run=lambda args, _settings: synth.run(args))
    return parser


def _minter(args: argparse.Namespace, settings: Settings) -> Minter:
    base = args.base or settings.base_iri
    if not base.endswith("/") or "://" not in base:
        raise FiscalKGError(f"--base must be an absolute IRI ending with '/': {base!r}")
    return Minter(base)


def _describe(result: FileResult) -> str:
    if not result.ok:
        return f"FAILED {result.error}"
    counts = result.counts
    warnings = sum(1 for f in result.findings if f.severity != "Violation")
    extra = "" if result.encoding == "utf-8" else f", decoded as {result.encoding}"
    extra += ", an HTML page" if result.media_type == "text/html" else ""
    extra += f", manifest line {result.manifest_line}" if result.manifest_line else ""
    return (f"ok     {display(result.path)}: {result.agency} {result.fiscal_year}: "
            f"{counts['figures']} figures, {counts['duties']} duties, {counts['units']} units, "
            f"{counts['glossary']} glossary terms, {result.triples:,} triples, "
            f"{warnings} warning(s), {len(result.unread)} unread line(s){extra}")


def _print_details(result: FileResult) -> None:
    for finding in result.findings:
        print(f"         {finding.severity.lower()}: {finding.message}")
    for line in result.unread:
        print(f"         unread {display(result.path)}:{line.line}: {line.reason}: "
              f"{line.text[:60]}")


def _build(args: argparse.Namespace, settings: Settings) -> int:
    store = args.store or settings.store
    minter = _minter(args, settings)
    bar = sys.stderr.isatty() and not args.quiet

    def progress(result: FileResult, index: int, total: int) -> None:
        if bar:
            done = int(30 * index / total)
            print(f"\r[{'#' * done}{'.' * (30 - done)}] {index}/{total}", end="",
                  file=sys.stderr, flush=True)
            if index == total:
                print(file=sys.stderr)
        if args.quiet and result.ok:
            return
        if bar:
            print("\r" + " " * 50 + "\r", end="", file=sys.stderr)
        print(_describe(result), flush=True)
        if not args.quiet:
            _print_details(result)

    def notify(message: str) -> None:
        print(f"fiscal-kg: {message}", file=sys.stderr, flush=True)

    manifest = _manifest(args.manifest, files_given=bool(args.reports))
    reports = args.reports or ([] if manifest is not None else [REPORTS_DIR])
    # SIGTERM ends the build like Ctrl-C: its workers stopped, its staging directory removed
    previous = signal.signal(signal.SIGTERM, _terminated)
    try:
        outcome = build(reports, store, minter, strict=args.strict,
                        workers=args.workers, progress=progress, notify=notify,
                        max_report_bytes=settings.max_report_bytes, stages=not args.quiet,
                        manifest=manifest)
    finally:
        signal.signal(signal.SIGTERM, previous)
    failed, total = len(outcome.failed), len(outcome.files)
    if outcome.published:
        print(f"store  {store} (build {outcome.build_id}): {total - failed} report(s), "
              f"{outcome.triples:,} triples in {outcome.seconds:.1f} s")
        if failed:
            print(f"fiscal-kg: {failed} of {total} report(s) failed and are not in the store",
                  file=sys.stderr)
    else:
        print(f"fiscal-kg: {failed} of {total} report(s) failed; the store at {store} was "
              f"left as it was", file=sys.stderr)
    return 1 if failed else 0


def _terminated(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


def _manifest(path: Path | None, *, files_given: bool) -> Manifest | None:
    """The build manifest, checked before anything is built (a bad one stops the command).
    Its files must exist when they are the ones to build (no files named)."""
    if path is None:
        return None
    return read_manifest(path, files_must_exist=not files_given)


def _validate(args: argparse.Namespace, settings: Settings) -> int:
    minter = _minter(args, settings)
    manifest = _manifest(args.manifest, files_given=bool(args.reports))
    failed = 0
    if args.reports or manifest is None:
        paths = find_reports(args.reports or [REPORTS_DIR])
    else:
        paths = [entry.file for entry in manifest.entries]
    for path in paths:
        entry = manifest.entry_for(path) if manifest is not None else None
        result = read_report(path, minter, max_bytes=settings.max_report_bytes, stages=True,
                             entry=entry)
        print(_describe(result))
        _print_details(result)
        failed += not result.ok
    return 1 if failed else 0


def _query(args: argparse.Namespace, settings: Settings) -> int:
    query = resolve_query(args.query)
    endpoint = args.sparql_endpoint or (settings.sparql_endpoint if args.store is None else "")
    results: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]
    if endpoint:
        results = _ask_remote(endpoint, query.text, str(query.path), settings)
    else:
        store = open_store(args.store or settings.store)
        try:
            results = store.query(query.text)
        except SyntaxError as exc:
            raise FiscalKGError(f"{query.path}: the query is not valid SPARQL: {exc}") from None
    out = sys.stdout.buffer
    if isinstance(results, ox.QuerySolutions):
        if args.format == "table":
            out.write(render_table(results).encode("utf-8"))
        else:
            results.serialize(out, FORMATS[args.format])
    elif isinstance(results, ox.QueryBoolean):
        if args.format == "table":
            out.write(f"{bool(results)}\n".encode())
        else:
            results.serialize(out, FORMATS[args.format])
    else:
        ox.serialize(results, out, ox.RdfFormat.TURTLE)
    out.flush()
    return 0


def _ask_remote(endpoint: str, text: str, where: str,
                settings: Settings) -> ox.QuerySolutions | ox.QueryBoolean | list[ox.Triple]:
    """A query's results from a SPARQL endpoint, read back by Oxigraph."""
    from fiscal_kg.store.endpoint import EndpointStore
    from fiscal_kg.store.interface import N_TRIPLES, SPARQL_JSON, Job

    remote = EndpointStore(replace(settings, sparql_endpoint=endpoint))
    form = inspect_query(text).form
    graph = form in ("CONSTRUCT", "DESCRIBE")
    outcome = remote.run(Job(query=text, rdf_format=N_TRIPLES if graph else None,
                             results_format=None if graph else SPARQL_JSON,
                             limit=10**9, count=False))
    remote.close()
    if not outcome.ok:
        raise FiscalKGError(f"{where}: {endpoint} answered: {outcome.error}")
    if graph:
        return [ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(outcome.body, format=ox.RdfFormat.N_TRIPLES)]
    return ox.parse_query_results(outcome.body, format=ox.QueryResultsFormat.JSON)


def _load(args: argparse.Namespace, settings: Settings) -> int:
    from fiscal_kg.store.endpoint import load

    store = args.store or settings.store
    graph_store = args.graph_store or settings.graph_store
    endpoint = args.sparql_endpoint or settings.sparql_endpoint
    result = load(store, graph_store, endpoint, settings.base_iri,
                  progress=lambda text: print(f"  {text}", flush=True))
    removed = f"; removed {len(result.removed)} graph(s) of earlier builds" if result.removed else ""
    print(f"loaded build {result.build_id}: {result.graphs} graphs, {result.triples:,} triples "
          f"({result.bytes / 1e6:.1f} MB) into {graph_store} in {result.seconds:.1f} s "
          f"({result.triples / max(result.seconds, 1e-9):,.0f} triples/s){removed}; "
          f"counts verified through {endpoint}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from fiscal_kg.serve import serve

    store = args.store or settings.store
    overrides = {"store": store, "host": args.host, "port": args.port, "workers": args.workers,
                 "public_url": args.public_url, "sparql_endpoint": args.sparql_endpoint}
    chosen = Settings.from_env(**overrides)
    if args.public_url is None and "FISCAL_KG_PUBLIC_URL" not in os.environ:
        chosen = replace(chosen, public_url=f"http://{chosen.host}:{chosen.port}")
    if chosen.sparql_endpoint:
        return serve(chosen)  # the store is remote: nothing to build here
    # gunicorn's master forks the workers: it must not open the database itself (the
    # engine's background threads do not survive a fork and crash the workers' exit), so the
    # store is looked at on disk, and built, if it must be, by a process of its own
    try:
        current_build(store)
    except FiscalKGError:
        print(f"no store at {store} yet: building it from {REPORTS_DIR}", flush=True)
        built = subprocess.run([sys.executable, "-m", "fiscal_kg.cli", "build", "--store",
                                str(store), "--base", chosen.base_iri, str(REPORTS_DIR)],
                               check=False)
        try:
            current_build(store)  # some reports may have failed: serve the others
        except FiscalKGError:
            return built.returncode or 1
    return serve(chosen)


def _queries(_args: argparse.Namespace, _settings: Settings) -> int:
    queries = stored_queries()
    width = max(map(len, queries), default=0) + 2
    for query in queries.values():
        print(f"{query.name:{width}}{query.description}")
    return 0


# --- a text table for people (the machine formats are the engine's own) ---------------------

def _cell(term: object, limit: int = 48) -> str:
    if term is None:
        return ""
    text = term.value if isinstance(term, ox.NamedNode | ox.Literal | ox.BlankNode) else str(term)
    text = text.replace("\n", " ")
    if display_width(text) > limit:
        while display_width(text) > limit - 1:
            text = text[:-1]
        text += "…"
    return text


def render_table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_cell(row[name]) for name in names] for row in solutions]
    widths = [max([display_width(n)] + [display_width(r[i]) for r in rows]) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True))

    body = [line(names), line(["-" * w for w in widths])] + [line(r) for r in rows]
    body.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(body) + "\n"


if __name__ == "__main__":
    sys.exit(main())
