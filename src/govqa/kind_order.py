"""Answer-kind ordering: within the passages retrieved, those holding the kind of thing asked
come first.

"When does the treaty enter into force?" is answered by a passage with a date in it; a
passage on the same treaty without one, however close its words, answers nothing. Among the
top_k fused passages, each one that holds an instance of every factoid kind the question asks
for (govqa.answer_type: a date, a number, a country, a person…, other than the question's own)
gains a share of the best fused score. Only the order changes: the passages handed to the
generator, and so its decision to answer or abstain, stay the same (measured on every eval
question in session 14: abstention unchanged; README, "Query expansion, answer-kind ordering,
and blind checks unseen30 to unseen37").
"""

from __future__ import annotations

from collections.abc import Sequence

from govqa.answer_type import FACTOID_KINDS, detect_parts, mentions
from govqa.retrieve import hits_by_score
from govqa.types import Hit


def order_by_kind(question: str, hits: Sequence[Hit], bonus: float) -> list[Hit]:
    """The hits re-ranked: bonus times the best score added to each hit holding every factoid
    kind the question asks for; unchanged when it asks none, or bonus is 0."""
    kinds = [kind for kind in detect_parts(question) if kind in FACTOID_KINDS]
    if not kinds or not hits or bonus <= 0:
        return list(hits)
    lift = bonus * max(hit.score for hit in hits)
    scores = {
        hit.chunk.id: hit.score
        + (lift if all(mentions(kind, hit.chunk.text, question) for kind in kinds) else 0.0)
        for hit in hits
    }
    return hits_by_score(scores, {hit.chunk.id: hit.chunk for hit in hits}, hits[0].retriever)
