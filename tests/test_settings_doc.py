"""The README's settings table is the code's: same variables, defaults and meanings."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from fiscal_kg.config import Settings, documented_settings
from fiscal_kg.errors import FiscalKGError
from fiscal_kg.resources import HOME


def readme_table() -> list[tuple[str, str, str]]:
    text = (HOME / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(FISCAL_KG_[A-Z_]+)` \| `?([^|`]*)`? \| ([^|]+) \|$", text, re.M)
    return [(name, "" if default.strip() == "(empty)" else default.strip(), meaning.strip())
            for name, default, meaning in rows]


def test_readme_documents_every_setting_with_its_default() -> None:
    assert readme_table() == documented_settings()


def test_settings_come_from_the_environment() -> None:
    settings = Settings.from_env({"FISCAL_KG_PORT": "9000", "FISCAL_KG_QUERY_TIMEOUT": "2.5",
                                  "FISCAL_KG_STORE": "/tmp/x"})
    assert (settings.port, settings.query_timeout, settings.store) == (9000, 2.5, Path("/tmp/x"))


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("FISCAL_KG_PORT", "eighty", "is not a int"),
    ("FISCAL_KG_BASE_IRI", "https://example.org/no-slash", "ending with '/'"),
    ("FISCAL_KG_PUBLIC_URL", "http://example.org/", "without a trailing '/'"),
    ("FISCAL_KG_ROW_LIMIT", "0", "at least 1"),
    ("FISCAL_KG_SPARQL_ENDPOINT", "localhost:7878/query", "must be an http(s) URL"),
])
def test_bad_settings_are_refused_with_the_variable_named(name: str, value: str,
                                                          problem: str) -> None:
    with pytest.raises(FiscalKGError) as caught:
        Settings.from_env({name: value})
    assert name in str(caught.value) and problem in str(caught.value)


def test_the_pipeline_never_imports_the_web_layer() -> None:
    for path in (HOME / "server" / "fiscal_kg" / "pipeline").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert not name.startswith(("flask", "werkzeug", "fiscal_kg.web")), (path, name)
