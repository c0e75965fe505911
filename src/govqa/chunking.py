"""Document → chunks: heading-aware, paragraphs and sentences whole, sizes in tiktoken tokens."""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache
from typing import Protocol

from govqa.offline import use_offline_caches
from govqa.sentences import HEADING, Span, spans
from govqa.types import Chunk, Document


class _Encoding(Protocol):
    def encode(self, text: str, *, disallowed_special: Collection[str] = ...) -> list[int]: ...


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
    """Accumulates sentence spans of one section into chunks, measuring the text they will span."""

    doc: Document
    max_tokens: int
    overlap_tokens: int
    section: str = ""
    heading_start: int | None = None
    units: list[Span] = field(default_factory=list)
    carried: int = 0  # leading units repeated from the previous chunk
    chunks: list[Chunk] = field(default_factory=list)

    def _fits(self, start: int, end: int) -> bool:
        """Whether the chunk stays within max_tokens if it grows to end (heading, gaps included)."""
        if self.heading_start is not None:
            start = self.heading_start
        elif self.units:
            start = self.units[0].start
        return count_tokens(self.doc.text[start:end]) <= self.max_tokens

    def start_section(self, heading: Span, path: str) -> None:
        self.flush(carry=False)
        self.section, self.heading_start = path, heading.start

    def add_paragraph(self, paragraph: list[Span]) -> None:
        first, last = paragraph[0].start, paragraph[-1].end
        if len(self.units) > self.carried and not self._fits(first, last):
            self.flush(carry=True)
        if self._fits(first, last):
            self.units.extend(paragraph)
            return
        for span in paragraph:
            for piece in self._fit(span):
                self._make_room(piece)
                self.units.append(piece)

    def _make_room(self, piece: Span) -> None:
        """Close the chunk if piece does not fit; then drop overlap, then heading, if need be."""
        if len(self.units) > self.carried and not self._fits(piece.start, piece.end):
            self.flush(carry=True)
        if not self._fits(piece.start, piece.end):
            self.units, self.carried = [], 0
        if not self._fits(piece.start, piece.end):
            self.heading_start = None  # the section path still names it

    def _fit(self, span: Span) -> list[Span]:
        """A sentence longer than a chunk is cut at word boundaries."""
        if count_tokens(self.doc.text[span.start : span.end]) <= self.max_tokens:
            return [span]
        pieces: list[Span] = []
        start = end = span.start
        for word in re.finditer(r"\S+", self.doc.text[span.start : span.end]):
            word_end = span.start + word.end()
            if count_tokens(self.doc.text[start:word_end]) > self.max_tokens and end > start:
                pieces.append(Span(start, end, "sentence", span.paragraph))
                start = span.start + word.start()
            end = word_end
        pieces.append(Span(start, end, "sentence", span.paragraph))
        return pieces

    def flush(self, *, carry: bool) -> None:
        if not self.units:
            return
        start = self.heading_start if self.heading_start is not None else self.units[0].start
        end = self.units[-1].end
        self.chunks.append(make_chunk(self.doc, start, end, self.section))
        self.heading_start = None
        kept: list[Span] = []
        while (
            carry
            and self.units
            and count_tokens(self.doc.text[self.units[-1].start : end]) <= self.overlap_tokens
        ):
            kept.insert(0, self.units.pop())
        self.units, self.carried = kept, len(kept)


def make_chunk(doc: Document, start: int, end: int, section: str) -> Chunk:
    """A chunk of doc.text[start:end] with a content-derived id."""
    text = doc.text[start:end]
    about = f"\0{doc.meta.about}" if doc.meta.about else ""  # re-embedded when it changes
    key = f"{doc.id}\0{doc.meta.title}{about}\0{start}\0{end}\0{text}".encode()
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
