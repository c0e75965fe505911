"""Document → chunks: heading-aware, paragraphs and sentences whole, sizes in tiktoken tokens."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from govqa.offline import use_offline_caches
from govqa.sentences import HEADING, Span, spans
from govqa.types import Chunk, Document


class _Encoding(Protocol):
    def encode(self, text: str, disallowed_special: Sequence[str] = ...) -> list[int]: ...


@cache
def _encoding() -> _Encoding:
    use_offline_caches()
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """Tokens of text in cl100k_base, the count chunk sizes are measured in."""
    return len(_encoding().encode(text, disallowed_special=()))


@dataclass
class _Packer:
    """Accumulates sentence spans of one section into chunks."""

    doc: Document
    max_tokens: int
    overlap_tokens: int
    section: str = ""
    heading_start: int | None = None
    units: list[tuple[Span, int]] = field(default_factory=list)
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(n for _, n in self.units)

    def start_section(self, heading: Span, path: str) -> None:
        self.flush(carry=False)
        self.section, self.heading_start = path, heading.start

    def add_paragraph(self, paragraph: list[Span]) -> None:
        sized = [(s, count_tokens(self.doc.text[s.start : s.end])) for s in paragraph]
        total = sum(n for _, n in sized)
        if self.units and self.size + total > self.max_tokens:
            self.flush(carry=True)
        if total <= self.max_tokens - self.size:
            self.units.extend(sized)
            return
        for span, n in sized:
            for piece, m in self._fit(span, n):
                if self.units and self.size + m > self.max_tokens:
                    self.flush(carry=True)
                self.units.append((piece, m))

    def _fit(self, span: Span, n: int) -> list[tuple[Span, int]]:
        """A sentence longer than a chunk is cut at word boundaries."""
        if n <= self.max_tokens:
            return [(span, n)]
        pieces: list[tuple[Span, int]] = []
        start = end = span.start
        for word in re.finditer(r"\S+", self.doc.text[span.start : span.end]):
            word_end = span.start + word.end()
            if count_tokens(self.doc.text[start:word_end]) > self.max_tokens and end > start:
                pieces.append((Span(start, end, "sentence", span.paragraph), 0))
                start = span.start + word.start()
            end = word_end
        pieces.append((Span(start, end, "sentence", span.paragraph), 0))
        return [(p, count_tokens(self.doc.text[p.start : p.end])) for p in pieces]

    def flush(self, *, carry: bool) -> None:
        if not self.units:
            return
        start = self.heading_start if self.heading_start is not None else self.units[0][0].start
        self.chunks.append(make_chunk(self.doc, start, self.units[-1][0].end, self.section))
        self.heading_start = None
        kept: list[tuple[Span, int]] = []
        while (
            carry
            and self.units
            and sum(n for _, n in kept) + self.units[-1][1] <= (self.overlap_tokens)
        ):
            kept.insert(0, self.units.pop())
        self.units = kept


def make_chunk(doc: Document, start: int, end: int, section: str) -> Chunk:
    """A chunk of doc.text[start:end] with a content-derived id."""
    text = doc.text[start:end]
    key = f"{doc.id}\0{doc.meta.title}\0{start}\0{end}\0{text}".encode()
    page = bisect.bisect_right(doc.page_starts, start) if doc.page_starts else None
    return Chunk(
        id=hashlib.sha256(key).hexdigest()[:20],
        doc_id=doc.id,
        text=text,
        start=start,
        end=end,
        section=section,
        page=page,
    )


def chunk(doc: Document, max_tokens: int = 200, overlap_tokens: int = 30) -> list[Chunk]:
    """Split a document into chunks of at most max_tokens tokens.

    A heading starts a new chunk and sets the section path of the chunks under it; paragraphs
    are kept whole where they fit, else split between sentences; the trailing sentences of a
    chunk (up to overlap_tokens) open the next one in the same section.

    Example:
        >>> [c.section for c in chunk(doc)][:2]
        ['Overview', 'Key provisions > Article 5']
    """
    packer = _Packer(doc, max_tokens, overlap_tokens)
    path: list[tuple[int, str]] = []
    paragraph: list[Span] = []
    for span in [*spans(doc.text), None]:
        if paragraph and (span is None or span.paragraph != paragraph[0].paragraph):
            packer.add_paragraph(paragraph)
            paragraph = []
        if span is None:
            break
        if span.kind == "heading":
            match = HEADING.fullmatch(doc.text[span.start : span.end])
            assert match is not None  # spans() only marks lines HEADING matches
            level = len(match.group(1))
            path = [*(p for p in path if p[0] < level), (level, match.group(2).strip())]
            packer.start_section(span, " > ".join(title for _, title in path))
        else:
            paragraph.append(span)
    packer.flush(carry=False)
    return packer.chunks
