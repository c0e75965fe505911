"""Answer generation. The offline default is extractive: it quotes the sentences that answer."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

from govqa.embed import Embedder
from govqa.sentences import sentences_in_context
from govqa.types import Hit

if TYPE_CHECKING:
    from govqa.abstention import EvidenceJudge, Judgement


@dataclass(frozen=True)
class Quote:
    """A sentence chosen for the answer: a span of a retrieved chunk."""

    hit: Hit
    start: int
    end: int
    text: str
    score: float


NO_ANSWER_FROM_MODEL = "the language model found no answer in the passages"
"""Why an answer abstained when an LLM backend wrote it and declined."""


@dataclass(frozen=True)
class Draft:
    """What a generator proposes; the pipeline turns it into an Answer with citations."""

    quotes: tuple[Quote, ...]
    abstained: bool
    best_score: float
    text: str = ""  # an LLM's answer with its [n] markers; extractive drafts leave it empty
    why_abstained: str = ""  # the reason, when abstained ("no sentence holds a date", ...)
    overlap: float | None = None  # share of the question's words in the passages (the judge's)
    concepts: float | None = None  # share of its latent concepts the best passage holds


class Generator(Protocol):
    """Turns a question and retrieved passages into a draft answer."""

    def generate(self, question: str, vector: list[float], hits: Sequence[Hit]) -> Draft:
        """Draft an answer from the hits."""
        ...


@cache
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


@cache
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN) | {"say", "said", "says", "tell", "does", "what", "which"}


def is_stop_word(word: str) -> bool:
    """Whether a word carries no content (English stop words, "say", "which"...)."""
    return word.lower() in _stopwords()


WORD = re.compile(r"\w+(?:-\w+)*")
"""A word as terms reads it: hyphenated words are one ("Convention-cadre", "high-risk")."""


def terms(text: str) -> set[str]:
    """Stemmed content words of a text."""
    words = [w for w in WORD.findall(text.lower()) if w not in _stopwords()]
    return set(_stemmer().stemWords(words))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _Candidate:
    """A sentence of a retrieved chunk, by its document offsets, each document span once."""

    hit: Hit
    start: int
    end: int
    text: str
    """The sentence as quoted."""
    scored: str
    """What is embedded and scored for it: with the sentence it leans on (sentences_in_context),
    as ingest stored it."""
    leans_on: int | None
    """Document offset of the sentence it leans on, quoted before it; None when it leans on none."""

    @property
    def doc_id(self) -> str:
        return self.hit.chunk.doc_id


def _candidates(hits: Sequence[Hit]) -> list[_Candidate]:
    """The sentences of the hits, in order, each document span once (overlapping chunks repeat
    sentences; the first hit holding one keeps it)."""
    seen: set[tuple[str, int]] = set()
    out: list[_Candidate] = []
    for hit in hits:
        offset = hit.chunk.start
        for sentence in sentences_in_context(hit.chunk.text):
            start = offset + sentence.span.start
            key = (hit.chunk.doc_id, start)
            if key not in seen:
                seen.add(key)
                before = sentence.previous
                out.append(
                    _Candidate(
                        hit,
                        start,
                        offset + sentence.span.end,
                        sentence.text,
                        sentence.in_context,
                        offset + before.start if before is not None else None,
                    )
                )
    return out


class ExtractiveGenerator:
    """Selects the best-supported sentences from the passages and quotes them.

    Each sentence is scored by semantic similarity to the question (weight 1 - lexical_weight)
    and by the share of the question's content words it contains (lexical_weight), plus a
    per-document bonus (primary texts are quoted before our notes that restate them). The answer
    abstains when the best score is below the threshold.
    """

    def __init__(
        self,
        embedder: Embedder,
        threshold: float,
        max_sentences: int,
        lexical_weight: float = 0.35,
        redundancy: float = 0.85,
        doc_bonus: Mapping[str, float] | None = None,
        judge: EvidenceJudge | None = None,
    ) -> None:
        self._embedder = embedder
        self._judge = judge
        self._doc_bonus = doc_bonus or {}
        self.threshold, self.max_sentences = threshold, max_sentences
        self._lexical_weight, self._redundancy = lexical_weight, redundancy

    def generate(self, question: str, vector: list[float], hits: Sequence[Hit]) -> Draft:
        """Quote 1 to max_sentences sentences, in document order, or abstain."""
        found = _candidates(hits)
        if not found:
            return Draft((), True, 0.0, why_abstained="no passage was retrieved")
        vectors = self._embedder.embed_documents([c.scored for c in found])
        wanted = terms(question)
        scores = [
            self._score(vector, v, wanted, c.scored) + self._doc_bonus.get(c.doc_id, 0.0)
            for v, c in zip(vectors, found, strict=True)
        ]
        best = max(scores)
        if self._judge is not None:  # the question's kind and subject decide (abstention.py)
            verdict = self._judged(question, found, scores)
            overlap, concepts = verdict.overlap, verdict.concepts
            best = verdict.best
            if verdict.abstain:
                return Draft(
                    (), True, best, why_abstained=verdict.reason, overlap=overlap, concepts=concepts
                )
            allowed = set(verdict.eligible)
            scores = [s if i in allowed else -1.0 for i, s in enumerate(scores)]
            # The judge decided; quote the best eligible sentences by their raw scores.
            chosen = self._select(scores, vectors, max(scores), floor=0.0)
        elif best < self.threshold:
            return Draft((), True, best, why_abstained=f"best score {best:.3f} < {self.threshold}")
        else:
            chosen = self._select(scores, vectors, best)
            overlap = concepts = None
        where = {(c.doc_id, c.start): i for i, c in enumerate(found)}
        quotes: dict[tuple[str, int], Quote] = {}
        for i in chosen:
            before = found[i].leans_on  # 0 is an offset like any other
            leant_on = None if before is None else where.get((found[i].doc_id, before))
            for j in (i,) if leant_on is None else (leant_on, i):
                c = found[j]
                quotes[(c.doc_id, c.start)] = Quote(c.hit, c.start, c.end, c.text, scores[j])
        ordered = sorted(quotes.values(), key=lambda q: (_doc_rank(q, hits), q.start))
        return Draft(tuple(ordered), False, best, overlap=overlap, concepts=concepts)

    def _judged(
        self,
        question: str,
        found: list[_Candidate],
        scores: list[float],
    ) -> Judgement:
        """The judge's verdict on the candidate sentences."""
        from govqa.abstention import Candidate

        assert self._judge is not None
        return self._judge.judge(
            question,
            [
                Candidate(c.text, s, c.doc_id, c.hit.chunk.section or "", True, c.hit.chunk.id)
                for c, s in zip(found, scores, strict=True)
            ],
        )

    def _score(self, q: list[float], v: list[float], wanted: set[str], text: str) -> float:
        semantic = sum(a * b for a, b in zip(q, v, strict=True))
        lexical = len(wanted & terms(text)) / len(wanted) if wanted else 0.0
        return (1 - self._lexical_weight) * semantic + self._lexical_weight * lexical

    def _select(
        self,
        scores: list[float],
        vectors: list[list[float]],
        best: float,
        floor: float | None = None,
    ) -> list[int]:
        """Greedy: best first, then close runners-up that say something new."""
        chosen: list[int] = []
        least = self.threshold if floor is None else floor
        for i in sorted(range(len(scores)), key=lambda j: -scores[j]):
            if len(chosen) == self.max_sentences or scores[i] < max(least, 0.8 * best):
                break
            similar = any(
                sum(a * b for a, b in zip(vectors[i], vectors[j], strict=True)) > self._redundancy
                for j in chosen
            )
            if not similar:
                chosen.append(i)
        return chosen


def _doc_rank(quote: Quote, hits: Sequence[Hit]) -> int:
    """Documents appear in the order of their best hit."""
    return next(i for i, h in enumerate(hits) if h.chunk.doc_id == quote.hit.chunk.doc_id)
