"""All settings in one typed object, read from environment variables prefixed FISCAL_KG_.

The README's settings table is checked against SETTINGS by a test, so the two cannot drift.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.namespaces import DEFAULT_DATA_BASE
from fiscal_kg.resources import DEFAULT_STORE

PREFIX = "FISCAL_KG_"


@dataclass(frozen=True)
class Settings:
    """Settings, each overridable by FISCAL_KG_<NAME in upper case>."""

    base_iri: str = DEFAULT_DATA_BASE
    """Canonical base of the data's IRIs (agencies, reports, figures). Must end with '/'."""
    store: Path = DEFAULT_STORE
    """The store directory that `build` writes and `query` reads."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            raw = env.get(PREFIX + spec.name.upper())
            if raw is None or raw == "":
                continue
            values[spec.name] = Path(raw) if spec.type in ("Path", Path) else raw
        settings = cls(**values)  # type: ignore[arg-type]
        if not settings.base_iri.endswith("/") or "://" not in settings.base_iri:
            raise FiscalKGError(
                f"{PREFIX}BASE_IRI must be an absolute IRI ending with '/': {settings.base_iri!r}"
            )
        return settings
