"""Eval metrics of one question: retrieval ranks, key facts, ALCE citations; percentiles."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from govqa.grounding import GroundingReport, SupportChecker, cited_passages, strip_markers
from govqa.types import Answer, Hit


def normalise(text: str) -> str:
    """Case- and whitespace-insensitive form used by every containment test."""
    return " ".join(text.split()).casefold()


def contains_any(text: str, needles: Iterable[str]) -> bool:
    """Whether text contains one of the needles, case- and whitespace-insensitively."""
    haystack = normalise(text)
    return any(normalise(n) in haystack for n in needles)


def relevance(hits: Sequence[Hit], evidence: Sequence[str]) -> list[bool]:
    """Per hit, best first: whether its passage contains an evidence string."""
    return [contains_any(h.chunk.text, evidence) for h in hits]


def first_rank(relevant: Sequence[bool]) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    return next((i for i, r in enumerate(relevant, 1) if r), None)


def hit_at(relevant: Sequence[bool], k: int) -> float:
    """1 when a relevant passage is in the top k, else 0."""
    return 1.0 if any(relevant[:k]) else 0.0


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    """1 / rank of the first relevant passage; 0 when none is retrieved."""
    rank = first_rank(relevant)
    return 1.0 / rank if rank else 0.0


def evidence_recall(hits: Sequence[Hit], evidence: Sequence[str], k: int) -> float:
    """Share of evidence strings found in the top k passages."""
    if not evidence:
        return 0.0
    top = [normalise(h.chunk.text) for h in hits[:k]]
    return sum(any(normalise(e) in t for t in top) for e in evidence) / len(evidence)


def ndcg_at(relevant: Sequence[bool], k: int) -> float:
    """nDCG@k with binary gains; the ideal ranking puts every relevant passage retrieved first.

    Relevance is only known for retrieved passages, so the ideal is built from them (with at
    least one relevant passage, since an answerable question has one).
    """
    gains = [1.0 if r else 0.0 for r in relevant[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    n_ideal = min(k, max(1, sum(1 for r in relevant if r)))
    idcg = sum(1 / math.log2(i + 2) for i in range(n_ideal))
    return dcg / idcg


def key_fact_recall(answer_text: str, key_facts: Sequence[str]) -> float | None:
    """Share of key facts present in the answer (markers removed); None without key facts."""
    if not key_facts:
        return None
    text = normalise(strip_markers(answer_text))
    return sum(normalise(f) in text for f in key_facts) / len(key_facts)


def citation_scores(
    answer: Answer, grounding: GroundingReport, checker: SupportChecker
) -> tuple[float | None, float | None]:
    """ALCE citation recall and precision of one answer; None when it makes no claim.

    Recall: share of sentences whose cited passages together support them (no citation: 0).
    Precision: share of citations that are relevant; in a supported sentence with several
    citations, one is irrelevant when it alone does not support the sentence and the others
    still do; every citation of an unsupported sentence is irrelevant.
    """
    if not grounding.claims:
        return None, None
    passages = cited_passages(answer)
    recall = sum(c.supported for c in grounding.claims) / len(grounding.claims)
    relevant = total = 0
    for claim in grounding.claims:
        cited = [m for m in dict.fromkeys(claim.markers) if m in passages]
        total += len(claim.markers)
        if claim.supported and len(cited) > 1:
            relevant += sum(_necessary(claim.claim, m, cited, passages, checker) for m in cited)
        elif claim.supported:
            relevant += len(cited)
    return recall, (relevant / total if total else 0.0)


def _necessary(
    claim: str,
    marker: int,
    cited: list[int],
    passages: Mapping[int, tuple[str, str]],
    checker: SupportChecker,
) -> bool:
    if checker.supports(claim, [passages[marker][1]]).supported:
        return True
    rest = [passages[m][1] for m in cited if m != marker]
    return not checker.supports(claim, rest).supported


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    value = ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
    return round(value, 1)
