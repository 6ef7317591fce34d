"""Canonical IRIs and the addresses that serve them; languages; numbers for people.

The data's canonical base (FISCAL_KG_BASE_IRI) and the vocabulary's (https://w3id.org/fiscal-kg/)
are separate from the address the service is reached at (FISCAL_KG_PUBLIC_URL, which may
carry a path prefix behind a reverse proxy). RDF always keeps canonical IRIs; pages link to
the local address of every IRI the service can answer for.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from fiscal_kg.config import Settings
from fiscal_kg.namespaces import VOCAB_BASE
from fiscal_kg.web import formats

# The first segment of a local path says which base its IRI is under.
DATA_ROOTS = ("id", "graph")
VOCAB_ROOTS = ("def", "shapes")
SUFFIXES = {
    ".ttl": formats.TURTLE, ".nt": formats.NTRIPLES, ".jsonld": formats.JSONLD,
    ".rdf": formats.RDFXML, ".html": formats.HTML,
}
LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Linker:
    base_iri: str
    public_url: str
    vocab_base: str = VOCAB_BASE

    @classmethod
    def of(cls, settings: Settings) -> Linker:
        return cls(settings.base_iri, settings.public_url)

    def iri_of(self, path: str) -> str | None:
        """The canonical IRI a local path stands for ('/id/agency/x' -> base + 'id/agency/x')."""
        path = path.lstrip("/")
        root = path.split("/", 1)[0]
        if root in DATA_ROOTS:
            return self.base_iri + path
        if root in VOCAB_ROOTS:
            return self.vocab_base + path
        return None

    def path_of(self, iri: str) -> str | None:
        """The local path of an IRI the service answers for, or None."""
        for base, roots in ((self.base_iri, DATA_ROOTS), (self.vocab_base, VOCAB_ROOTS)):
            if iri.startswith(base):
                rest = iri[len(base):]
                if rest.split("/", 1)[0] in roots:
                    return "/" + rest.split("#", 1)[0] + ("#" + iri.split("#", 1)[1]
                                                          if "#" in iri else "")
        return None

    def local(self, path: str) -> str:
        """The service's address of a local path."""
        return self.public_url + path

    def href(self, iri: str) -> str | None:
        """Where a link to this IRI goes: its local page, the IRI itself if it is an http(s)
        IRI elsewhere, or nowhere (javascript:, urn:, mailto: ... never become links)."""
        path = self.path_of(iri)
        if path is not None:
            return self.local(path)
        if iri.startswith(("http://", "https://")):
            return iri
        return None


def split_suffix(path: str) -> tuple[str, formats.Format | None]:
    """('/id/x.ttl') -> ('/id/x', TURTLE); a path without a known suffix is returned whole."""
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix):
            return path[: -len(suffix)], fmt
    return path, None


TEXT = "x-text"
"""The language a resource's own text (fk:text) is given as a label: the last choice."""


def pick_label(labels: list[tuple[str, str]], language: str) -> str | None:
    """The label in the reader's language, else Chinese, else English, else one without a
    language, else the resource's text (TEXT); of several in one language the shortest (then
    the first in code-point order), so that the choice does not depend on the order a store
    gives them in. A romanisation (zh-Latn-pinyin) is no Chinese label.

    >>> pick_label([("承办上级交办的其他事项。", TEXT), ("某局职能14", "")], "en")
    '某局职能14'
    >>> pick_label([("Ezhou Shi", "zh-Latn-pinyin"), ("鄂州市", "zh"), ("Ezhou", "en")], "zh")
    '鄂州市'
    """
    by_language: dict[str, str] = {}
    for text, lang in labels:
        tag = lang.lower()
        key = tag if "-latn" in tag or tag == TEXT else tag.split("-")[0]
        known = by_language.get(key)
        if known is None or (len(text), text) < (len(known), known):
            by_language[key] = text
    for choice in (language, "zh", "en", "", TEXT):
        if choice in by_language:
            return by_language[choice]
    return min(by_language.values(), key=lambda t: (len(t), t)) if by_language else None


def format_amount(value: Decimal, unit: str, resolution: Decimal | None = None) -> list[str]:
    """A value as people read it: money in 元 and 万元, counts, percentages, areas, scores;
    with the figure's resolution (fk:resolution, the step of its last printed digit, in the
    value's unit), as many decimals as the report printed.

    >>> format_amount(Decimal("841800"), "CNY")
    ['841,800 元', '84.18 万元']
    >>> format_amount(Decimal("-87600"), "CNY"), format_amount(Decimal("89.2"), "percent")
    (['-87,600 元', '-8.76 万元'], ['89.2%'])
    >>> format_amount(Decimal("10000"), "CNY", Decimal("100"))
    ['10,000 元', '1.00 万元']
    >>> format_amount(Decimal("2707000"), "CNY", Decimal("100"))[-1]
    '270.70 万元'
    >>> format_amount(Decimal("89.2"), "percent", Decimal("0.01"))
    ['89.20%']
    """
    if resolution is not None and resolution > 0:
        if unit == "CNY":
            return [f"{_fixed(value, resolution)} 元",
                    f"{_fixed(value / 10000, resolution / 10000)} 万元"]
        if unit in ("percent", "score"):
            return [f"{_fixed(value, resolution, grouped=False)}"
                    + ("%" if unit == "percent" else " 分")]
        if unit == "m2":
            return [f"{_fixed(value, resolution)} 平方米 (m²)"]
        return [_fixed(value, resolution)]
    if unit == "CNY":
        wan = (value / 10000).normalize()
        wan_text = f"{wan:,f}" if wan == wan.to_integral() else f"{wan:,f}".rstrip("0")
        return [f"{_grouped(value)} 元", f"{wan_text} 万元"]
    if unit == "percent":
        return [f"{_plain(value)}%"]
    if unit == "m2":
        return [f"{_grouped(value)} 平方米 (m²)"]
    if unit == "score":
        return [f"{_plain(value)} 分"]
    return [_grouped(value)]


def _fixed(value: Decimal, step: Decimal, grouped: bool = True) -> str:
    """The value with the decimals of a step (0.01: two), thousands grouped."""
    exponent = step.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return format(value, f"{',' if grouped else ''}.{places}f")


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _grouped(value: Decimal) -> str:
    normal = value.normalize()
    if normal == normal.to_integral():
        return f"{int(normal):,}"
    whole, _, fraction = format(normal, "f").partition(".")
    return f"{int(whole):,}.{fraction}" if whole not in ("-0",) else f"-0.{fraction}"
