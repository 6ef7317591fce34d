"""The curated link sets (data/links): every file valid, every link sourced and dated, every
link's subject in the store, and the places' links only the verified ones."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from fiscal_kg.errors import FiscalKGError
from fiscal_kg.pipeline.gazetteer import load_gazetteer
from fiscal_kg.pipeline.iris import Minter, code
from fiscal_kg.pipeline.linksets import RELATIONS, load_linksets, map_links
from fiscal_kg.resources import LINKS_DIR
from fiscal_kg.store import open_store

BASE = "https://w3id.org/fiscal-kg/"
MAPPINGS = set(RELATIONS.values())


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_link_set_file_is_valid_and_every_link_sourced_and_dated() -> None:
    sets = load_linksets(load_gazetteer(), Minter())
    files = {s.file for s in sets}
    assert files == {p.name for p in LINKS_DIR.glob("*.csv")}  # no file left unread
    assert len({s.name for s in sets}) == len(sets)
    for linkset in sets:
        assert linkset.links, linkset.name
        assert linkset.target.startswith(("http://", "https://"))
        seen = set()
        for link in linkset.links:
            assert link.relation in MAPPINGS
            assert str(link.subject).startswith(BASE), link  # our entity, linked outward
            assert str(link.object).startswith(("http://", "https://"))
            assert link.source.strip() and date.fromisoformat(link.checked) <= date.today()
            key = (link.subject, link.relation, link.object)
            assert key not in seen, key
            seen.add(key)
    # every row of every CSV file is one link (places: one per identifier given)
    rows = sum(len(read_rows(p)) for p in LINKS_DIR.glob("*.csv") if p.name != "places.csv")
    places = read_rows(LINKS_DIR / "places.csv")
    rows += sum(bool(r["wikidata"]) + bool(r["geonames"]) for r in places)
    assert sum(len(s.links) for s in sets) == rows == len(map_links(sets))


def test_every_link_subject_exists_in_the_store(seed_store: Path) -> None:
    store = open_store(seed_store)
    links_graph = ox.NamedNode(Minter().graph("links"))
    sets = load_linksets(load_gazetteer(), Minter())
    for linkset in sets:
        for link in linkset.links:
            found = store.query(
                f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g != <{links_graph.value}>) }}",
                substitutions={"s": ox.NamedNode(str(link.subject))})
            assert isinstance(found, ox.QueryBoolean)
            assert bool(found), f"{linkset.file}: {link.subject} is not in the store"
            # and the link itself was loaded, in the links graph
            assert list(store.oxigraph.quads_for_pattern(
                ox.NamedNode(str(link.subject)), ox.NamedNode(str(link.relation)),
                ox.NamedNode(str(link.object)), links_graph))


def test_places_links_are_only_the_verified_ones() -> None:
    gazetteer = load_gazetteer()
    ezhou, hubei = gazetteer.by_code("420700"), gazetteer.by_code("420000")
    assert ezhou is not None and hubei is not None
    assert (ezhou.wikidata, ezhou.geonames, ezhou.geonames_relation) == (None, "6642286", "close")
    assert (hubei.wikidata, hubei.geonames) == ("Q46862", "1806949")
    assert [p.name for p in gazetteer.ancestors(ezhou)] == ["湖北省", "中华人民共和国"]
    graph = map_links(load_linksets(gazetteer, Minter()))
    place = BASE + "id/place/"
    assert set(graph.objects(URIRef(place + "420000"), SKOS.exactMatch)) == {
        URIRef("http://www.wikidata.org/entity/Q46862"), URIRef("https://sws.geonames.org/1806949/")}
    # the city's populated place is near the prefecture, not the same thing
    assert set(graph.objects(URIRef(place + "420700"), SKOS.closeMatch)) == {
        URIRef("https://sws.geonames.org/6642286/")}
    assert list(graph.objects(URIRef(place + "420700"), SKOS.exactMatch)) == []


def test_functional_codes_map_to_cofog_as_close_matches_only() -> None:
    graph = map_links(load_linksets(load_gazetteer(), Minter()))
    for notation in ("201", "204", "208", "210", "221"):
        iri = code("functional", notation)
        matches = list(graph.objects(iri, SKOS.closeMatch))
        assert len(matches) == 1
        assert str(matches[0]).startswith("http://linked.data.gov.au/def/cofog/")
        assert list(graph.objects(iri, SKOS.exactMatch)) == []
    assert (code("unit", "CNY"), SKOS.exactMatch,
            URIRef("http://publications.europa.eu/resource/authority/currency/CNY")) in graph


@pytest.mark.parametrize(("row", "problem"), [
    ("def/unit/CNY,sameAs,http://example.org/x,a source,2026-11-28", "unknown relation 'sameAs'"),
    ("def/unit/CNY,exactMatch,http://example.org/x,,2026-11-28", "its source and the date"),
    ("def/unit/CNY,exactMatch,http://example.org/x,a source,last week", "checked must be a date"),
    ("unit/CNY,exactMatch,http://example.org/x,a source,2026-11-28", "neither 'def/...'"),
])
def test_a_bad_link_says_which_file_and_line(tmp_path: Path, row: str, problem: str) -> None:
    for path in LINKS_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "currency.csv").open("a", encoding="utf-8") as handle:
        handle.write(row + "\n")
    with pytest.raises(FiscalKGError) as raised:
        load_linksets(load_gazetteer(), Minter(), tmp_path)
    assert f"{tmp_path / 'currency.csv'}:3: " in str(raised.value)
    assert problem in str(raised.value)


@pytest.mark.parametrize(("change", "problem"), [
    (("Q46862", "46862"), "is not a QID"),
    (("1806949,exact", "1806949,same"), "geonames_relation must be exact or close"),
    ((",100000,Q46862", ",199999,Q46862"), "the parent 199999 of 420000 is not listed"),
])
def test_a_bad_place_says_where(tmp_path: Path, change: tuple[str, str], problem: str) -> None:
    text = (LINKS_DIR / "places.csv").read_text(encoding="utf-8")
    assert change[0] in text
    path = tmp_path / "places.csv"
    path.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    with pytest.raises(FiscalKGError) as raised:
        load_gazetteer(path)
    assert str(path) in str(raised.value) and problem in str(raised.value)
