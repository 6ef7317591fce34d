"""The expected data of a report, in the format of `tests/corpus/*.expected.json` (read by
`fiscal_kg.pipeline.quality.load_expected`): what the extractor is to read, figure by figure."""

from __future__ import annotations

import json
from typing import Any

from fiscal_kg.pipeline.text import normalise_width
from fiscal_kg.synth.draft import Draft


def expected(draft: Draft) -> dict[str, Any]:
    """What the written draft states: the file name (filled in by the corpus), the agency, year
    and region, what the extractor reads besides figures, the discrepancy, the layout drawn and
    the figures."""
    a = draft.agency
    data: dict[str, Any] = {
        "file": "",
        "agency": a.name,
        "year": draft.year,
        "region": a.region.code,
        "budget_level": a.budget_level if draft.layout["budget_level"] == "stated" else None,
        "units": list(a.units),
        "duties": draft.duties,
        "glossary": [normalise_width(term) for term in draft.terms],  # as terms are read
        "consistency": draft.wrong.consistency,
    }
    if draft.wrong.found is not None:
        data["discrepancy"] = draft.wrong.found
    data["synthetic"] = {"layout": draft.layout}
    data["figures"] = draft.doc.figures
    return data


def dump_expected(data: dict[str, Any]) -> str:
    """JSON with one figure a line."""
    head = {k: v for k, v in data.items() if k != "figures"}
    text = json.dumps(head, ensure_ascii=False, indent=1)
    figures = ",\n  ".join(json.dumps(f, ensure_ascii=False) for f in data["figures"])
    return text[:-2] + ',\n "figures": [\n  ' + figures + "\n ]\n}\n"
