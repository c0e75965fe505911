"""Sentence and block spans of document text, with offsets: shared by chunking and answers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from govqa.offline import static_dir

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_LIST_MARK = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
_ABBREVIATIONS = (
    "art",
    "arts",
    "para",
    "paras",
    "no",
    "nos",
    "e.g",
    "i.e",
    "cf",
    "vs",
    "etc",
    "p",
    "pp",
    "ch",
    "sec",
    "fig",
    "approx",
    "dr",
    "mr",
    "ms",
    "st",
    "vol",
    "op",
)


# A sentence that opens like this leans on the one before it.
_LEANS_BACK = re.compile(
    r"^(these|this|they|those|such|it|its|their|he|she|both|in this|in that|in addition|"
    r"also|however|moreover|furthermore|likewise|similarly|as a result|therefore|thus)\b",
    re.IGNORECASE,
)


def leans_back(sentence: str) -> bool:
    """Whether a sentence leans on the one before it ("It was issued by…", "They…")."""
    return bool(_LEANS_BACK.match(sentence))


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a passage: its span, its text as quoted, and the text embedded and scored
    for it (the sentence before it too, when it leans on that one)."""

    span: Span
    text: str
    in_context: str
    previous: Span | None
    """The sentence it leans on, when it leans on one (quoted before it)."""


def sentences_in_context(text: str) -> list[Sentence]:
    """The sentences of a passage, in order. A sentence that leans on the one before it, with no
    heading between them, is embedded with that one ("The Nebula Rule is a code. It was issued
    by…"), so that its vector knows what "it" is; the others alone."""
    out: list[Sentence] = []
    before: Span | None = None
    for span in spans(text):
        if span.kind == "sentence":
            quoted = text[span.start : span.end]
            previous = before if before is not None and leans_back(quoted) else None
            joined = f"{text[previous.start : previous.end]} {quoted}" if previous else quoted
            out.append(Sentence(span, quoted, joined, previous))
        before = span if span.kind == "sentence" else None  # a heading breaks the thread
    return out


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of text: a heading line or a sentence, with its paragraph number."""

    start: int
    end: int
    kind: Literal["heading", "sentence"]
    paragraph: int


@cache
def _punkt() -> object:
    import nltk
    from nltk.tokenize import PunktTokenizer

    bundled = str(static_dir() / "nltk_cache")
    if bundled not in nltk.data.path:
        nltk.data.path.append(bundled)
    tokenizer = PunktTokenizer("english")
    tokenizer._params.abbrev_types.update(_ABBREVIATIONS)  # legal citations: "Art. 5", "para. 3"
    return tokenizer


def _sentence_offsets(text: str) -> list[tuple[int, int]]:
    tokenizer = _punkt()
    return list(tokenizer.span_tokenize(text))  # type: ignore[attr-defined]


def spans(text: str) -> list[Span]:
    """Split text into heading lines and sentences; list items and lines of a paragraph stay apart.

    Blank lines separate paragraphs. A list item is its own paragraph. Offsets index ``text``.
    """
    out: list[Span] = []
    paragraph = -1
    pos = 0
    for block in re.split(r"(\n[ \t]*\n)", text):
        if block.strip() and not re.fullmatch(r"\n[ \t]*\n", block):
            paragraph = _block_spans(text, pos, block, paragraph, out)
        pos += len(block)
    return out


def _block_spans(text: str, pos: int, block: str, paragraph: int, out: list[Span]) -> int:
    items = _split_lines(block)
    in_prose = False
    for offset, line in items:
        start = pos + offset
        if HEADING.fullmatch(line.strip()):
            paragraph += 1
            lead = len(line) - len(line.lstrip())
            out.append(Span(start + lead, start + len(line.rstrip()), "heading", paragraph))
            in_prose = False
            continue
        mark = _LIST_MARK.match(line)
        if mark or not in_prose:
            paragraph += 1
        in_prose = not mark
        skip = mark.end() if mark else 0
        for a, b in _sentence_offsets(line[skip:]):
            piece = line[skip + a : skip + b]
            a += len(piece) - len(piece.lstrip())
            b -= len(piece) - len(piece.rstrip())
            out.append(Span(start + skip + a, start + skip + b, "sentence", paragraph))
    return paragraph


def _split_lines(block: str) -> list[tuple[int, str]]:
    """Lines of a block, joining soft-wrapped prose lines so sentences can span them."""
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in block.split("\n"):
        if not raw.strip():
            pos += len(raw) + 1
            continue
        starts_new = (
            not lines
            or HEADING.fullmatch(raw.strip())
            or _LIST_MARK.match(raw)
            or HEADING.fullmatch(lines[-1][1].strip())
        )
        if starts_new:
            lines.append((pos, raw))
        else:
            first, prev = lines[-1]
            lines[-1] = (first, prev + "\n" + raw)
        pos += len(raw) + 1
    return [(o, line) for o, line in lines if line.strip()]
