"""The rendering of a written document in one of the layouts: plain text with pipe or
whitespace-aligned tables, full-width digits, indentation and blank lines, or a saved web page."""

from __future__ import annotations

import html
import random
from typing import Any

from fiscal_kg.pipeline.text import display_width
from fiscal_kg.synth.document import FULL_WIDTH, Doc, Table


def render(doc: Doc, rng: random.Random, layout: dict[str, Any]) -> str:
    """The report's text; the layout drawn for it (full-width digits, pipe or aligned tables,
    a web page) is recorded in `layout`."""
    full_width = rng.random() < 0.2
    indent = rng.random() < 0.25
    blanks = rng.random() < 0.3
    layout["full_width"] = full_width
    layout["tables"] = rng.choice(("pipe", "columns"))
    layout["html"] = rng.random() < 0.06
    lines: list[str] = []
    for block, kind in zip(doc.blocks, doc.kinds, strict=True):
        if isinstance(block, Table):
            lines.extend(_render_table(block, full_width, layout, rng))
            continue
        text = block
        if full_width and kind in ("body", "heading") and rng.random() < 0.7:
            text = text.translate(FULL_WIDTH)
        if indent and kind != "title" and rng.random() < 0.3:
            text = rng.choice(("  ", "　　", " ")) + text
        lines.append(text)
        if blanks and kind in ("body", "heading") and rng.random() < 0.3:
            lines.append("")
    if layout["html"]:
        return _render_html(lines, rng)
    return "\n".join(lines) + "\n"


def _render_table(table: Table, full_width: bool, layout: dict[str, Any],
                  rng: random.Random) -> list[str]:
    """A table as pipe rows (always in a web page) or as whitespace-aligned columns."""
    rows = [table.header, *table.rows]
    if full_width:
        rows = [[c.translate(FULL_WIDTH) for c in r] for r in rows]
    if layout["tables"] == "pipe" or layout["html"]:
        out = ["| " + " | ".join(table.header) + " |"]
        if rng.random() < 0.6:
            out.append("| " + " | ".join("---" for _ in table.header) + " |")
        out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
        return out
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(table.header))]
    out = []
    for r in rows:
        cells = [c + " " * (widths[i] - display_width(c) + 4) for i, c in enumerate(r)]
        out.append("".join(cells).rstrip())
    return out


def _render_html(lines: list[str], rng: random.Random) -> str:
    """The lines as a saved web page: paragraphs, and the pipe rows as HTML tables."""
    title = html.escape(lines[0])
    body: list[str] = []
    table: list[str] = []

    def flush() -> None:
        if table:
            body.append('<table border="1">')
            body.extend(table)
            body.append("</table>")
            table.clear()

    for line in lines[1:]:
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|"):
            cells = [c.strip() for c in stripped.strip("|").split("|")]
            if all(set(c) <= set("-") for c in cells):
                continue
            table.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells)
                         + "</tr>")
            continue
        flush()
        if stripped:
            indent = "&nbsp;" * 4 if rng.random() < 0.3 else ""
            body.append(f"<p>{indent}{html.escape(stripped)}</p>")
    flush()
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{title}</title>\n<script>var _hmt = _hmt || [];</script>\n</head>\n<body>\n"
            "<div class=\"header\"><a href=\"/\">首页</a> &gt; 信息公开 &gt; 部门决算</div>\n"
            f"<div class=\"article\">\n<h2>{title}</h2>\n" + "\n".join(body)
            + "\n</div>\n<div class=\"footer\">版权所有&nbsp;&nbsp;政府信息公开</div>\n"
            "</body>\n</html>\n")
