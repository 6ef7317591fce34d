"""Licences a build manifest may name, in one place: the build reads them, the catalogue, VoID
and the Fiscal Data Package describe them.

A report's licence is what its source states, given in the build manifest as a URL or as the
SPDX short name of a well-known licence (`CC-BY-4.0`), which stands for its URL. A report
whose source states none has none: nothing here supplies a default.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"


@dataclass(frozen=True)
class Licence:
    url: str  # the licence's own address
    name: str | None = None  # its SPDX identifier, for a well-known licence
    title: str | None = None
    types: tuple[str, ...] = ()  # ADMS licence types (Attribution, PublicDomain ...)


_CC = "https://creativecommons.org/licenses/"
_ODC = "https://opendatacommons.org/licenses/"
KNOWN: tuple[Licence, ...] = (
    Licence(_CC + "by/4.0/", "CC-BY-4.0", "Creative Commons Attribution 4.0",
            ("Attribution",)),
    Licence(_CC + "by-sa/4.0/", "CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0",
            ("Attribution", "ViralEffect-ShareAlike")),
    Licence(_CC + "by-nc/4.0/", "CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0",
            ("Attribution", "NonCommercialUseOnly")),
    Licence(_CC + "by-nd/4.0/", "CC-BY-ND-4.0", "Creative Commons Attribution-NoDerivatives 4.0",
            ("Attribution", "NoDerivativeWork")),
    Licence(_CC + "by-nc-sa/4.0/", "CC-BY-NC-SA-4.0",
            "Creative Commons Attribution-NonCommercial-ShareAlike 4.0",
            ("Attribution", "NonCommercialUseOnly", "ViralEffect-ShareAlike")),
    Licence(_CC + "by-nc-nd/4.0/", "CC-BY-NC-ND-4.0",
            "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0",
            ("Attribution", "NonCommercialUseOnly", "NoDerivativeWork")),
    Licence("https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0",
            "Creative Commons Zero 1.0 (public domain dedication)", ("PublicDomain",)),
    Licence(_ODC + "by/1-0/", "ODC-By-1.0", "Open Data Commons Attribution License 1.0",
            ("Attribution",)),
    Licence(_ODC + "odbl/1-0/", "ODbL-1.0", "Open Data Commons Open Database License 1.0",
            ("Attribution", "ViralEffect-ShareAlike")),
    Licence(_ODC + "pddl/1-0/", "PDDL-1.0", "Open Data Commons Public Domain Dedication and "
            "License 1.0", ("PublicDomain",)),
)
CC_BY_4_0 = KNOWN[0]
_BY_NAME = {licence.name.lower(): licence for licence in KNOWN if licence.name}


def _key(url: str) -> str:
    """A licence URL as compared: no scheme, no 'legalcode' or 'deed', a trailing '/'."""
    parts = urlsplit(url.strip())
    path = parts.path
    for tail in ("legalcode", "deed.en", "deed.zh", "deed.zh-hans"):
        path = path.removesuffix(tail)
    return parts.netloc.lower().removeprefix("www.") + path.rstrip("/") + "/"


_BY_URL = {_key(licence.url): licence for licence in KNOWN}


def known_licence(name: str) -> Licence | None:
    """A well-known licence by its SPDX short name, in any case ('cc-by-4.0')."""
    return _BY_NAME.get(name.strip().lower())


def describe_licence(url: str) -> Licence:
    """What is known of the licence at a URL: a well-known licence at any of its addresses
    (http or https, its legal code), else just the URL.

    >>> describe_licence("http://creativecommons.org/licenses/by/4.0/legalcode").name
    'CC-BY-4.0'
    """
    return _BY_URL.get(_key(url), Licence(url))


def licence_names() -> list[str]:
    """The short names a manifest may give."""
    return [licence.name for licence in KNOWN if licence.name]


def common_licence(urls: Iterable[str | None]) -> str | None:
    """The licence every one of these reports states, if they all state the same one; None
    when any states none or two differ (then no licence can be claimed for them together)."""
    found = set(urls)
    if len(found) != 1:
        return None
    return found.pop()
