"""Source text: decoding, normalisation that keeps offsets, lines and sentences.

Every offset the pipeline records is a code-point offset into the *decoded source text*
(W3C Web Annotation counts code points, start inclusive, end exclusive). Normalisation is
therefore strictly one character for one character, so a normalised offset is a source offset:
full-width digits and punctuation become ASCII, and a report written in traditional characters
is read in simplified ones (OpenCC), while quotes keep the characters as printed.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fiscal_kg.errors import ReportError

# Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic and no-break spaces to a space.
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0x00A0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0xFE6A: ord("%")})


def normalise_width(text: str) -> str:
    """Map full-width digits, letters and punctuation to ASCII, one character for one.

    >>> normalise_width("１２．５％（一）")
    '12.5%(一)'
    """
    return text.translate(_WIDTH)


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def is_traditional(text: str) -> bool:
    """Whether a text is written in traditional characters: many of its Chinese characters
    change when converted to simplified ones (a simplified text has at most a stray few)."""
    chinese = [char for char in text if "\u4e00" <= char <= "\u9fff"]
    if not chinese:
        return False
    sample = "".join(chinese[:4000])
    changed = sum(1 for a, b in zip(sample, to_simplified(sample), strict=True) if a != b)
    return changed >= max(5, len(sample) // 50)


def to_simplified(text: str) -> str:
    """Traditional characters as simplified ones, one character for one (OpenCC's t2s; where
    its phrase conversion would change a text's length, character by character).

    >>> to_simplified("部門決算：萬元")
    '部门决算：万元'
    """
    converted = _t2s().convert(text)
    if len(converted) == len(text):
        return str(converted)
    return "".join(char if len(done := _t2s().convert(char)) != 1 else done for char in text)


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range of code points in the source text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}..{self.end}")


@dataclass(frozen=True)
class SourceText:
    """A decoded report: the original text, its normalised twin and a line index."""

    path: str
    raw: str
    norm: str
    sha256: str
    encoding: str
    _line_starts: tuple[int, ...]
    media_type: str = "text/plain"  # of the file; an HTML page's text is what it shows
    traditional: bool = False  # written in traditional characters: `norm` has simplified ones

    @classmethod
    def from_string(cls, text: str, path: str = "<string>", *, sha256: str | None = None,
                    encoding: str = "utf-8", media_type: str = "text/plain") -> SourceText:
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
        norm = normalise_width(text)
        traditional = is_traditional(norm)
        if traditional:
            norm = to_simplified(norm)
        wraps = soft_wraps(norm)
        if wraps:  # a paragraph wrapped over lines is one line: the breaks read as spaces
            chars = list(norm)
            for position in wraps:
                chars[position] = " "
            norm = "".join(chars)
        return cls(path, text, norm, digest, encoding, tuple(starts), media_type, traditional)

    def line_of(self, offset: int) -> int:
        """1-based line number of a source offset."""
        return bisect.bisect_right(self._line_starts, offset)

    def lines(self) -> Iterator[tuple[int, Span]]:
        """(1-based line number, span without the newline) for every line; a paragraph wrapped
        over several lines (`soft_wraps`) is one line, numbered by its first."""
        for number, start in enumerate(self._line_starts, start=1):
            if start and self.norm[start - 1] != "\n":
                continue  # the rest of a wrapped paragraph
            end = self.norm.find("\n", start)
            if end == -1:
                end = len(self.norm)
            if end > start and self.norm[end - 1] == "\r":
                end -= 1
            yield number, Span(start, end)

    def text(self, span: Span) -> str:
        """The original (not width-normalised) text of a span."""
        return self.raw[span.start:span.end]


# Text converted from a PDF breaks every paragraph at the page's width: lines that end in the
# middle of a sentence, one after another. A line is wrapped when it is about as wide as the
# widest lines and does not end a sentence, it is no heading (a numbered title with no sentence
# in it) and no table row, and the next line goes on with no marker of its own; and only in a
# text where many long lines end so (a report of one paragraph a line has next to none).
_FINAL = "。;:!?…)”\""
_MARKED = re.compile(r"\s*(?:第[一二三四五六七八九十]+[部章]|[一二三四五六七八九十]+\s*[、.]|"
                     r"[(][一二三四五六七八九十\d]+[)]|\d{1,2}\s*(?:、|[.](?!\d))|[①-⑳]|目\s*录)")
_SENTENCE_MARK = re.compile(r"[。,;]")
_WRAPPED_LINES = 10  # long lines not ending a sentence, at least, for a text to be wrapped


def soft_wraps(text: str) -> list[int]:
    r"""The offsets of the line breaks inside wrapped paragraphs (see above).

    >>> body = "财政拨款收入支出决算总体情况说明如下所述的内容和金额合计共计\n"
    >>> soft_wraps(body * 12 + "一、部门概况\n")[:2]
    [30, 61]
    >>> soft_wraps("一、部门概况\n本部门内设办公室。\n")
    []
    """
    lines: list[tuple[int, str]] = []  # (offset of the line break after it, the line)
    start = 0
    for match in re.finditer("\n", text):
        lines.append((match.start(), text[start:match.start()]))
        start = match.end()
    widths = [display_width(line.strip()) for _end, line in lines]
    long = sorted(w for w in widths if w >= 30)
    open_ended = [line for (_end, line), w in zip(lines, widths, strict=True)
                  if w >= 30 and not line.rstrip().endswith(tuple(_FINAL))]
    if len(open_ended) < _WRAPPED_LINES or len(open_ended) < 0.4 * len(long):
        return []
    wide = long[int(0.9 * (len(long) - 1))] * 0.7  # about as wide as the widest lines
    wraps = []
    for (end, line), width, (_next_end, after) in zip(lines, widths, lines[1:], strict=False):
        stripped = line.strip()
        if width < wide or stripped.endswith(tuple(_FINAL)) or not after.strip() \
                or _MARKED.match(after) or "|" in line or "|" in after or "   " in stripped:
            continue
        if _MARKED.match(line) and not _SENTENCE_MARK.search(stripped):
            continue  # a heading: its title ends there
        wraps.append(end)
    return wraps


def decode_report(data: bytes, path: str) -> tuple[str, str]:
    """Decode report bytes: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    Returns (text, encoding). Raises ReportError for empty or binary input.
    """
    if not data.strip():
        raise ReportError(path, "the file is empty")
    utf16 = _utf16(data)
    if utf16 is not None:
        return utf16
    if b"\x00" in data[:4096]:
        raise ReportError(path, "the file is binary (it contains NUL bytes), not a report text")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            raise ReportError(
                path,
                f"the file is neither UTF-8 nor GB18030/GBK text "
                f"(undecodable byte at offset {utf8_error.start})",
            ) from None


def _utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text: with a byte-order mark, or without one when one byte order decodes the
    whole file to lines of text with Chinese in it (its NUL bytes are the high bytes of ASCII
    digits, punctuation and line breaks) and the other does not. None for anything else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None
    if len(data) % 2 or b"\x00" not in data[:4096]:
        return None
    readings = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(1 for char in text if char.isprintable() or char in "\n\r\t")
        chinese = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
        if printable >= 0.99 * len(text) and chinese >= 0.05 * len(text) and "\n" in text:
            readings.append((text, encoding))
    return readings[0] if len(readings) == 1 else None


def read_source(path: Path, max_bytes: int | None = None) -> SourceText:
    """Read and decode a report file; one of more than `max_bytes` is refused unread."""
    try:
        with path.open("rb") as handle:
            data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    except OSError as exc:
        raise ReportError(path, f"cannot read the file: {exc.strerror}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise ReportError(
            path, f"the file{_size(path)} is larger than FISCAL_KG_MAX_REPORT_BYTES "
                  f"({max_bytes:,} bytes; reports are 10-200 KB of text): not read")
    text, encoding = decode_report(data, str(path))
    return source_from_text(text, str(path), hashlib.sha256(data).hexdigest(), encoding)


def _size(path: Path) -> str:
    try:
        return f" ({path.stat().st_size:,} bytes)"
    except OSError:
        return ""


def source_from_text(text: str, path: str, sha256: str, encoding: str) -> SourceText:
    """A decoded report: line endings made LF, an HTML page turned into its text."""
    from fiscal_kg.pipeline.html import html_to_text, looks_like_html

    text = text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text
    media_type = "text/plain"
    if looks_like_html(text):
        text, media_type = html_to_text(text), "text/html"
    return SourceText.from_string(text, path, sha256=sha256, encoding=encoding,
                                  media_type=media_type)


_SENTENCE_END = re.compile(r"[。!?！？]+[”’\"']?|\n")


def split_sentences(source: SourceText, span: Span) -> list[Span]:
    """Sentences inside a span: ended by 。!? (with a closing quote) or a line break.

    Leading and trailing whitespace is excluded from each sentence span.
    """
    sentences: list[Span] = []
    start = span.start
    for match in _SENTENCE_END.finditer(source.norm, span.start, span.end):
        end = match.end() if match.group() != "\n" else match.start()
        _append_trimmed(source.norm, start, end, sentences)
        start = match.end()
    _append_trimmed(source.norm, start, span.end, sentences)
    return sentences


def _append_trimmed(text: str, start: int, end: int, into: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        into.append(Span(start, end))


def display_width(text: str) -> int:
    """The columns `text` takes in a fixed-width font: two for each wide or full-width (CJK)
    character, one for the others (to align the columns of text tables)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_CJK_SPACE = re.compile(r"(?<=[\u4e00-\u9fff()])\s+(?=[\u4e00-\u9fff()])")


def unspaced(text: str) -> str:
    """Text without the spaces between Chinese characters that a conversion or a wrapped line
    left in a name ('公交和地方 铁路管理科', '2021 年度' keeps its digits apart).

    >>> unspaced("财政拨 款收入"), unspaced("2021 年度")
    ('财政拨款收入', '2021 年度')
    """
    return _CJK_SPACE.sub("", text)
