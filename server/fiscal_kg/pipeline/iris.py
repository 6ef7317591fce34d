"""IRIs of the data, minted in one place from stable keys: names, codes, years.

Never from row order. Chinese names are kept in IRIs (they are IRIs, not URIs): they are the
official keys of agencies and units, and readable. Long keys are shortened with a hash.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

from fiscal_kg.namespaces import CODE, DEFAULT_DATA_BASE

_UNSAFE = re.compile(r"[^\w()\-.]+")
_MAX = 40


def slug(text: str) -> str:
    """A path segment from a name: width-normalised, no spaces or quotes, at most 40 characters.

    >>> slug("应急办(总值班室)"), slug("“三公”经费"), slug("1,234.5万元")
    ('应急办(总值班室)', '三公经费', '1-234.5万元')
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[“”\"'‘’《》〈〉「」\s]", "", text)
    value = _UNSAFE.sub("-", text).strip("-.")
    if not value:
        value = "x"
    if len(value) > _MAX:
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]
        value = f"{value[:_MAX - 9]}-{digest}"
    return value


class Minter:
    """Mints the IRIs of one data base."""

    def __init__(self, base: str = DEFAULT_DATA_BASE) -> None:
        if not base.endswith("/"):
            raise ValueError(f"the data base IRI must end with '/': {base!r}")
        self.base = base

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    def agency(self, name: str) -> URIRef:
        return self._iri(f"id/agency/{slug(name)}")

    def identifier(self, agency: str, scheme: str) -> URIRef:
        """The agency's identifier in a national scheme ('uscc': its unified social credit
        code), a resource of the agency's own (a '#' part of its IRI)."""
        return self._iri(f"id/agency/{slug(agency)}#{scheme}")

    def unit(self, agency: str, name: str) -> URIRef:
        return self._iri(f"id/agency/{slug(agency)}/unit/{slug(name)}")

    def place(self, code: str | None, name: str) -> URIRef:
        return self._iri(f"id/place/{code}" if code else f"id/place/name/{slug(name)}")

    def report(self, agency: str, year: int) -> URIRef:
        return self._iri(f"id/report/{slug(agency)}/{year}")

    def dataset(self, agency: str, year: int) -> URIRef:
        """The report's figures as a qb:DataSet; also the name of the report's graph."""
        return self._iri(f"id/dataset/{slug(agency)}/{year}")

    def figure(self, agency: str, year: int, key: str) -> URIRef:
        return self._iri(f"id/report/{slug(agency)}/{year}/figure/{key}")

    def series(self, agency: str, key: tuple[str, ...]) -> URIRef:
        """One quantity of an agency across years: the key's parts (concept, phase, unit, and
        any classification code and fund) as path segments."""
        return self._iri(f"id/agency/{slug(agency)}/series/" + "/".join(slug(k) for k in key))

    def duty(self, agency: str, year: int, number: int) -> URIRef:
        return self._iri(f"id/report/{slug(agency)}/{year}/duty/{number}")

    def listing(self, agency: str, year: int, position: int) -> URIRef:
        return self._iri(f"id/report/{slug(agency)}/{year}/unit-listing/{position}")

    def text(self, agency: str, year: int, start: int, end: int) -> URIRef:
        """A span of the report's text (a sentence or a printed figure)."""
        return self._iri(f"id/report/{slug(agency)}/{year}/text/{start}-{end}")

    def term(self, term: str) -> URIRef:
        return self._iri(f"id/glossary/{slug(term)}")

    def graph(self, name: str) -> URIRef:
        return self._iri(f"graph/{name}")

    def validation_graph(self, agency: str, year: int) -> URIRef:
        return self._iri(f"graph/validation/{slug(agency)}/{year}")


def code(scheme: str, notation: str) -> URIRef:
    """A concept of one of the vocabulary's code lists: code('functional', '201')."""
    return URIRef(CODE[f"{scheme}/{notation}"])


def scheme(name: str) -> URIRef:
    return URIRef(CODE[name])
