"""Verification of a generated answer, sentence by sentence, against the passages it cites.

The answer is split into sentences (:func:`govqa.sentences.spans`); each sentence's ``[n]``
markers are parsed (:func:`govqa.grounding.markers`); a marker is valid when it numbers one of
the passages the model was shown. A sentence is checked with a
:class:`~govqa.grounding.SupportChecker` against the passages its valid markers cite; one that
cites none is unsupported. Markers that point at no passage are kept on the sentence and listed
in ``invalid_citations``, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from govqa.frontmatter import DocumentMeta
from govqa.generate import terms
from govqa.grounding import MARKER, SupportChecker, Verdict, markers, strip_markers
from govqa.sentences import spans
from govqa.types import AnswerSentence, Citation, Hit

_LEADING_MARKERS = re.compile(r"^\s*(?:\[\d+(?:\s*,\s*\d+)*\]\s*)+")


class Verification(BaseModel):
    """The verified sentences of a generated answer and what the mode kept."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    sentences: tuple[AnswerSentence, ...] = Field(description="Every sentence, with its verdict.")
    kept: tuple[AnswerSentence, ...] = Field(description="The sentences the mode shows.")
    invalid_citations: tuple[int, ...] = Field(
        description="Markers that point at no passage, each once, in order."
    )

    @property
    def dropped(self) -> int:
        """Sentences the mode left out."""
        return len(self.sentences) - len(self.kept)


def split_claims(text: str) -> list[str]:
    """Sentences of a generated answer, each with the markers that follow it.

    A marker written after the full stop ("... in 2024. [1]") belongs to the sentence before it;
    headings are not claims and are skipped.
    """
    pieces: list[str] = []
    for span in spans(text):
        if span.kind != "sentence":
            continue
        piece = text[span.start : span.end].strip()
        lead = _LEADING_MARKERS.match(piece)
        if pieces and lead and not MARKER.search(pieces[-1]):
            pieces[-1] += " " + lead.group(0).strip()
            piece = piece[lead.end() :].strip()
        if piece and not strip_markers(piece) and pieces:
            pieces[-1] += " " + piece
        elif piece:
            pieces.append(piece)
    return [p for p in pieces if strip_markers(p)]


def check_sentence(
    sentence: str, passages: Sequence[Hit], checker: SupportChecker
) -> AnswerSentence:
    """The verdict on one sentence against the passages (numbered from 1) that it cites."""
    cited = tuple(dict.fromkeys(markers(sentence)))
    valid = [m for m in cited if 1 <= m <= len(passages)]
    invalid = tuple(m for m in cited if m not in valid)
    claim = strip_markers(sentence)
    if not valid:
        reason = "cites no passage" if not cited else "cites only markers that point at nothing"
        verdict = Verdict(supported=False, score=0.0, reason=reason)
    else:
        verdict = checker.supports(claim, [passages[m - 1].chunk.text for m in valid])
    return AnswerSentence(
        text=claim,
        citations=cited,
        supported=verdict.supported,
        score=round(verdict.score, 4),
        invalid_citations=invalid,
        reason=verdict.reason,
    )


def verify(
    text: str,
    passages: Sequence[Hit],
    checker: SupportChecker,
    mode: Literal["annotate", "strict"],
) -> Verification:
    """Check every sentence of a generated answer; strict mode keeps only clean, supported ones.

    Args:
        text: The generated answer with its [n] markers.
        passages: The passages the model was shown, in prompt order ([1] is passages[0]).
        checker: Decides support, e.g. ``OverlapSupportChecker(embedder)``.
        mode: ``annotate`` keeps every sentence; ``strict`` drops a sentence that is unsupported
            or carries a marker that points at no passage.
    """
    sentences = tuple(check_sentence(s, passages, checker) for s in split_claims(text))
    kept = sentences
    if mode == "strict":
        kept = tuple(s for s in sentences if s.supported and not s.invalid_citations)
    invalid = tuple(dict.fromkeys(m for s in sentences for m in s.invalid_citations))
    return Verification(sentences=sentences, kept=kept, invalid_citations=invalid)


def answer_text(sentences: Sequence[AnswerSentence]) -> str:
    """Sentences joined, each followed by its markers: ``text [1][2]``."""
    return " ".join(
        s.text + (" " + "".join(f"[{m}]" for m in s.citations) if s.citations else "")
        for s in sentences
    )


def citations(
    sentences: Sequence[AnswerSentence],
    passages: Sequence[Hit],
    catalog: Mapping[str, DocumentMeta],
) -> tuple[Citation, ...]:
    """One citation per valid marker used, quoting the passage sentence closest to its claims."""
    claims: dict[int, list[str]] = {}
    for s in sentences:
        for m in s.citations:
            if m not in s.invalid_citations:
                claims.setdefault(m, []).append(s.text)
    return tuple(_citation(m, passages[m - 1], claims[m], catalog) for m in sorted(claims))


def _citation(
    marker: int, hit: Hit, claims: list[str], catalog: Mapping[str, DocumentMeta]
) -> Citation:
    chunk = hit.chunk
    wanted = terms(" ".join(claims))
    found = [s for s in spans(chunk.text) if s.kind == "sentence"]
    best = max(found, key=lambda s: len(wanted & terms(chunk.text[s.start : s.end])), default=None)
    lo, hi = (best.start, best.end) if best else (0, len(chunk.text))
    meta = catalog.get(chunk.doc_id)
    return Citation(
        marker=marker,
        chunk_id=chunk.id,
        doc_id=chunk.doc_id,
        title=meta.title if meta else chunk.doc_id,
        section=chunk.section,
        quote=chunk.text[lo:hi],
        start=chunk.start + lo,
        end=chunk.start + hi,
        source=meta.official_url if meta else None,
    )
