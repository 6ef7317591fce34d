"""A private Virtuoso Open Source 7.2 for the tests, set up the way the README tells a user to.

Debian's package (`virtuoso-opensource`, 7.2.5.1) gives `virtuoso-t` (the server) and
`isql-vt` (its SQL client, `isql` upstream). `start_virtuoso` writes its own `virtuoso.ini`
into a directory of its own (database, transaction log and log there), on two free loopback
ports, runs the server in the foreground (the Popen is the server), and then, as `dba`, runs
`SETUP_SQL`: a write user for the SPARQL 1.1 Graph Store endpoint, graph-level security that
leaves the anonymous endpoint read-only and keeps Virtuoso's own graphs out of its union
default graph, and a new `dba` password. The system service of the package plays no part.
"""

from __future__ import annotations

import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import requests
from requests.auth import HTTPDigestAuth

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"  # Debian's name: unixODBC's `isql` takes the plain name
LOADER = "fiscalkg_loader"
# The graphs a new database holds (its quad-map schema, LDP's vocabulary, the service
# description): in everybody's union default graph unless made private, as SETUP_SQL does.
SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0


def install_hint() -> str:
    """The command that installs Virtuoso's server and SQL client (Debian bookworm), with no
    system service, non-interactively (as `make test` does)."""
    return ("sudo apt-get update && sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "
            "--no-install-recommends virtuoso-opensource-7-bin")


def virtuoso_binary() -> str | None:
    """The path of `virtuoso-t`, None if Virtuoso is not installed."""
    return shutil.which(VIRTUOSO)


def isql_binary() -> str | None:
    """The path of Debian's `isql-vt`, None if it is not installed."""
    return shutil.which(ISQL)


def virtuoso_ini(directory: Path, isql_port: int, http_port: int, *,
                 max_query_execution_time: int = 60, result_set_max_rows: int = 100_000,
                 max_sorted_top_rows: int = 100_000) -> str:
    """The `virtuoso.ini` of a private server in `directory`, on 127.0.0.1 only.

    Everything not set here keeps Virtuoso's built-in default (no [Plugins], no VAD
    directory, no [URIQA] DefaultHost, no [SPARQL] DefaultGraph: the union of all graphs).
    """
    where = directory.resolve()
    return f"""\
[Database]
DatabaseFile       = {where}/virtuoso.db
ErrorLogFile       = {where}/virtuoso.log
LockFile           = {where}/virtuoso.lck
TransactionFile    = {where}/virtuoso.trx
xa_persistent_file = {where}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {where}/virtuoso-temp.db
TransactionFile    = {where}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{isql_port}
DisableUnixSocket    = 1
DisableTcpSocket     = 0
MaxClientConnections = 10
CheckpointInterval   = 60
O_DIRECT             = 0
CaseMode             = 2
MaxStaticCursorRows  = 5000
AllowOSCalls         = 0
DirsAllowed          = ., {where}
; 8 KiB pages: about 160 MB of cache, for tests on a small machine (2 cores)
NumberOfBuffers      = 20000
MaxDirtyBuffers      = 15000
MaxQueryMem          = 1G
ThreadsPerQuery      = 2
AsyncQueueMaxThreads = 4
; ORDER BY ... OFFSET o LIMIT n fails (SR353) when o + n exceeds this (default 10000)
MaxSortedTopRows     = {max_sorted_top_rows}

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = {where}/vsp
MaxClientConnections = 10
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
EnabledDavVSP        = 0
Charset              = UTF-8

[SPARQL]
; rows of one answer; more are cut off silently (200, header X-SPARQL-MaxRows)
ResultSetMaxRows           = {result_set_max_rows}
; seconds; 0 turns the optimizer's estimate check off
MaxQueryCostEstimationTime = 0
; seconds of work for one query of the anonymous endpoint
MaxQueryExecutionTime      = {max_query_execution_time}
"""


SETUP_SQL = """\
-- The write user: the Graph Store endpoint /sparql-graph-crud-auth (HTTP Digest, realm
-- SPARQL) and SPARQL Update on /sparql-auth.
DB.DBA.USER_CREATE ('{user}', '{password}');
GRANT SPARQL_UPDATE TO "{user}";
-- Graph-level security. Virtuoso's own graphs become private: out of the union default
-- graph and out of GRAPH ?g of the anonymous endpoint (their names still show in
-- SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }, answered from a list of all graphs).
DB.DBA.RDF_GRAPH_GROUP_CREATE ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs', 1);
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs',
  'http://www.openlinksw.com/schemas/virtrdf#');
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs',
  'http://www.w3.org/ns/ldp#');
DB.DBA.RDF_GRAPH_GROUP_INS ('http://www.openlinksw.com/schemas/virtrdf#PrivateGraphs',
  'http://localuriqaserver/sparql');
-- Nobody may read private graphs; everybody may read the others, and no more (permission
-- bits: 1 read, 2 write). The anonymous endpoint runs as SPARQL, which has the role
-- SPARQL_SELECT only. The write user may also write with SPARQL Update; the Graph Store
-- endpoint does not look at these bits (it can replace or delete any graph, the private
-- ones too: delete only graphs you put).
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 0, 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 1);
DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('{user}', 3);
-- No default password left (dav: WebDAV's administrator, dav/dav on /DAV otherwise).
USER_CHANGE_PASSWORD ('dav', 'dav', '{dba_password}');
USER_CHANGE_PASSWORD ('dba', 'dba', '{dba_password}');
checkpoint;
"""


def setup_sql(user: str, password: str, dba_password: str) -> str:
    """SETUP_SQL with these in place of {user}, {password} and {dba_password} (plain words:
    they are not escaped)."""
    for value in (user, password, dba_password):
        if any(c in value for c in "'\"{};\\"):
            raise ValueError(f"not a plain name or password: {value!r}")
    return (SETUP_SQL.replace("{user}", user).replace("{password}", password)
            .replace("{dba_password}", dba_password))


@dataclass(frozen=True)
class VirtuosoStore:
    url: str
    process: subprocess.Popen[bytes]
    handle: IO[bytes]
    user: str
    password: str
    isql_port: int
    dba_password: str

    @property
    def query(self) -> str:
        """The anonymous, read-only SPARQL endpoint."""
        return self.url + "/sparql"

    @property
    def graph_store(self) -> str:
        """The SPARQL 1.1 Graph Store endpoint of the write user (HTTP Digest)."""
        return self.url + "/sparql-graph-crud-auth"

    @property
    def auth(self) -> HTTPDigestAuth:
        """The write user's credentials, for requests."""
        return HTTPDigestAuth(self.user, self.password)

    def log_text(self) -> str:
        return Path(self.handle.name).read_text(encoding="utf-8", errors="replace")


def free_ports(count: int) -> list[int]:
    """`count` different free ports on 127.0.0.1 (all bound at once, then let go)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [int(sock.getsockname()[1]) for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def run_isql(port: int, password: str, sql: str, user: str = "dba", timeout: float = 120) -> str:
    """Run SQL statements with isql-vt; its output, or RuntimeError on any error (isql-vt
    itself exits 0 after a failed statement, so its output is read for `*** Error`)."""
    binary = isql_binary()
    if binary is None:
        raise RuntimeError(f"{ISQL} is not installed: {install_hint()}")
    done = subprocess.run(
        [binary, f"127.0.0.1:{port}", user, password,
         "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT"],
        input=sql.encode(), capture_output=True, timeout=timeout, check=False)
    output = (done.stdout + done.stderr).decode("utf-8", errors="replace")
    if done.returncode != 0 or "*** Error" in output:
        raise RuntimeError(f"{ISQL} failed (exit {done.returncode}): {output.strip()}")
    return output


def _tail(log: Path, size: int = 4000) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")[-size:]
    except OSError as exc:
        return f"(no log: {exc})"


def _answers(url: str) -> bool:
    try:
        response = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=2)
    except requests.RequestException:
        return False
    return response.status_code == 200


def _listens(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _halt(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait(STOP_TIMEOUT)


def start_virtuoso(directory: Path, log: Path, *, max_query_execution_time: int = 60,
                   result_set_max_rows: int = 100_000,
                   max_sorted_top_rows: int = 100_000) -> VirtuosoStore:
    """A new Virtuoso in `directory` (created if need be) on free loopback ports, its output
    in `log`, once its anonymous endpoint answers and SETUP_SQL has run; RuntimeError (with
    the end of the log) when it does not start within a minute."""
    binary = virtuoso_binary()
    if binary is None:
        raise RuntimeError(f"{VIRTUOSO} is not installed: {install_hint()}")
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "virtuoso.db").exists():
        raise RuntimeError(f"{directory} holds a database already: start_virtuoso makes a new one")
    (directory / "vsp").mkdir(exist_ok=True)
    isql_port, http_port = free_ports(2)
    ini = (directory / "virtuoso.ini").resolve()
    ini.write_text(virtuoso_ini(directory, isql_port, http_port,
                                max_query_execution_time=max_query_execution_time,
                                result_set_max_rows=result_set_max_rows,
                                max_sorted_top_rows=max_sorted_top_rows), encoding="utf-8")
    handle = log.open("wb")
    process = subprocess.Popen([binary, "-f", "-c", str(ini)], cwd=directory,
                               stdin=subprocess.DEVNULL, stdout=handle, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not (_answers(url) and _listens(isql_port)):
            if process.poll() is not None:
                raise RuntimeError(f"{VIRTUOSO} exited ({process.returncode}): {_tail(log)}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{VIRTUOSO} did not answer within {START_TIMEOUT:g} s: "
                                   f"{_tail(log)}")
            time.sleep(0.2)
        password, dba_password = secrets.token_hex(16), secrets.token_hex(16)
        run_isql(isql_port, "dba", setup_sql(LOADER, password, dba_password))
        store = VirtuosoStore(url, process, handle, LOADER, password, isql_port, dba_password)
        empty = requests.get(store.query, params={"query": "ASK { ?s ?p ?o }"},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30)
        if empty.status_code != 200 or empty.json().get("boolean") is not False:
            raise RuntimeError(f"the union default graph of a new store is not empty: "
                               f"{empty.status_code} {empty.text[:500]}")
        return store
    except BaseException:
        _halt(process)
        handle.close()
        raise


def stop_virtuoso(store: VirtuosoStore) -> None:
    """SIGTERM (Virtuoso shuts down at once, the transaction log kept), SIGKILL after 30 s."""
    if store.process.poll() is None:
        store.process.send_signal(signal.SIGTERM)
        try:
            store.process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            store.process.kill()
            store.process.wait(STOP_TIMEOUT)
    store.handle.close()

