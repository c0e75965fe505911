"""Abstention that reads the question: which candidate sentences may answer it at all.

The extractive generator scores every sentence of the retrieved passages. A similarity
threshold alone cannot tell "Who chaired the roundtable?" (unanswerable, but close to many
sentences) from a paraphrase of an answerable question, so before the threshold two gates
remove sentences that cannot be the answer:

1. **Answer kind** (`govqa.answer_type`): a question asking for a person, organisation,
   place, number or date may only be answered by a sentence holding that kind of thing.
2. **Subject** (factoid questions only): a question that names a document's distinctive
   title word ("roundtable", "Seoul", "NIST", "UNESCO"...) may only be answered by a sentence
   whose document title, section or text names it too. Distinctive words are the title
   words (stemmed, stop words out) found in exactly one document title of the index, so no
   list is kept by hand.

The answer abstains when no sentence passes the gates, or when the best one that does scores
below the threshold (its score divided by 1 - lexical_weight x (1 - reach), where reach is the
share of the question's content words found in any candidate sentence, so that a paraphrase
is not held to a lexical overlap it cannot have). `agreement_margin` raises the threshold
when none of the three best eligible sentences comes from a passage that dense and BM25
retrieval both found; the pipeline does not pass agreement yet (every candidate counts as
agreed), so the margin is inactive by default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from govqa.answer_type import FACTOID_KINDS, AnswerKind, detect, mentions
from govqa.generate import terms


@dataclass(frozen=True)
class Candidate:
    """A scored sentence of a retrieved passage, as the judge sees it."""

    text: str
    score: float
    doc_id: str
    section: str
    agreed: bool
    """Whether the passage was found by both dense and BM25 retrieval."""


@dataclass(frozen=True)
class Judgement:
    """The judge's decision: the sentences that may be quoted, or why none may."""

    abstain: bool
    eligible: tuple[int, ...]
    best: float
    kind: AnswerKind
    reason: str


def distinctive_terms(titles: Mapping[str, str]) -> dict[str, set[str]]:
    """Per document, the stemmed title words that no other title has."""
    per_doc = {doc: terms(title) for doc, title in titles.items()}
    counts = Counter(t for words in per_doc.values() for t in words)
    return {doc: {t for t in words if counts[t] == 1} for doc, words in per_doc.items()}


class EvidenceJudge:
    """Decides which sentences may answer a question and whether to abstain."""

    def __init__(
        self,
        titles: Mapping[str, str],
        threshold: float,
        agreement_margin: float = 0.0,
        lexical_weight: float = 0.35,
    ) -> None:
        self._titles = dict(titles)
        self._lexical_weight = lexical_weight
        self._subjects = set().union(*distinctive_terms(titles).values()) if titles else set()
        self.threshold, self._margin = threshold, agreement_margin

    def judge(self, question: str, candidates: Sequence[Candidate]) -> Judgement:
        """Eligible sentences (best first) and the decision."""
        kind = detect(question)
        factoid = kind in FACTOID_KINDS
        subject = terms(question) & self._subjects if factoid else set()
        eligible = [
            i
            for i, c in enumerate(candidates)
            if (not factoid or mentions(kind, c.text))
            and subject <= terms(f"{self._titles.get(c.doc_id, '')} {c.section} {c.text}")
        ]
        eligible.sort(key=lambda i: -candidates[i].score)
        if not eligible:
            why = f"no sentence holds a {kind}" if kind in FACTOID_KINDS else "no sentence on it"
            return Judgement(True, (), 0.0, kind, why)
        # Normalise by the lexical share the question could reach at all: a paraphrase whose
        # words are in none of the passages cannot earn the lexical part of the score.
        wanted = terms(question)
        seen = set().union(*(terms(c.text) for c in candidates))
        reach = len(wanted & seen) / len(wanted) if wanted else 1.0
        best = candidates[eligible[0]].score / (1 - self._lexical_weight * (1 - reach))
        needed = self.threshold
        if not any(candidates[i].agreed for i in eligible[:3]):
            needed += self._margin
        if best < needed:
            return Judgement(True, tuple(eligible), best, kind, f"best score {best:.3f} < {needed}")
        return Judgement(False, tuple(eligible), best, kind, "answered")
