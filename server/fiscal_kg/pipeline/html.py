"""Saved government web pages: detected by their content, turned into the report's text.

Block elements end lines, table rows become pipe-separated lines (the table reader in
extract/tables.py reads them like any flattened table), scripts, styles and the page's
navigation chrome are dropped, entities such as &nbsp; are decoded. Offsets of figures read
from an HTML report refer to this text, which is what the reader sees.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "table",
                     "title", "section", "article", "blockquote", "pre", "ul", "ol", "dd", "dt"})
_SKIPPED = frozenset({"script", "style", "head", "noscript", "nav", "header", "footer"})
_CHROME = re.compile(r"\b(header|footer|nav|breadcrumb|menu|sidebar|copyright)\b")
_LOOKS_HTML = re.compile(r"<\s*(html|body|p|div|table|br|span|h[1-6])\b[^>]*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True when the text is markup rather than a plain report."""
    head = text[:4096]
    return bool(re.search(r"<!doctype html|<html\b", head, re.IGNORECASE)) or \
        len(_LOOKS_HTML.findall(head)) >= 3


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.skip = 0
        self.title: str | None = None
        self.in_title = False
        self.stack: list[bool] = []  # for each open element: is it skipped chrome?

    def _flush(self) -> None:
        line = re.sub(r"[ \t\u00a0\u3000]+", " ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = " ".join(v or "" for k, v in attrs if k in ("class", "id"))
        chrome = tag in _SKIPPED or bool(_CHROME.search(classes))
        if tag == "title":
            self.in_title = True
        if tag not in ("br", "meta", "link", "img", "input", "hr"):
            self.stack.append(chrome)
            self.skip += chrome
        if self.skip:
            return
        if tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
        elif tag in _BLOCKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in ("br", "meta", "link", "img", "input", "hr"):
            return
        if self.stack:
            self.skip -= self.stack.pop()
        if self.skip:
            return
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if any(self.row):
                self.lines.append("| " + " | ".join(self.row) + " |")
            self.row = None
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)


def html_to_text(markup: str) -> str:
    """The readable text of a saved web page, one block per line; the page title first when the
    body does not start with it."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    parser._flush()
    lines = parser.lines
    if parser.title and (not lines or parser.title not in lines[0]):
        lines.insert(0, parser.title)
    return "\n".join(lines) + "\n"
