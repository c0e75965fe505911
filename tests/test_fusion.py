"""Fusing rankings: min-max normalised scores (the default) and reciprocal rank."""

from __future__ import annotations

import pytest

from govqa.retrieve import fuse, fuse_scores, fuse_with
from govqa.types import Chunk, Hit


def _ranking(scored: list[tuple[str, float]]) -> list[Hit]:
    return [
        Hit(
            chunk=Chunk(id=cid, doc_id="d", text=cid, start=0, end=1),
            score=score,
            rank=rank,
            retriever="x",
        )
        for rank, (cid, score) in enumerate(scored, 1)
    ]


# "answer" leads the dense and sentence rankings by far and is missing from BM25 (a
# paraphrase); "generic" is a close second everywhere.
DENSE = _ranking([("answer", 0.95), ("generic", 0.80), ("other", 0.79), ("last", 0.78)])
SENTENCES = _ranking([("answer", 0.90), ("generic", 0.70), ("other", 0.69), ("last", 0.60)])
BM25 = _ranking([("other", 12.0), ("generic", 11.5), ("last", 2.0)])


def ids(hits: list[Hit]) -> list[str]:
    return [h.chunk.id for h in hits]


def test_score_fusion_keeps_a_clear_lead_that_rank_fusion_averages_away() -> None:
    assert ids(fuse_scores([DENSE, SENTENCES, BM25]))[0] == "answer"
    assert ids(fuse([DENSE, SENTENCES, BM25], k=20))[0] == "generic"


def test_score_fusion_ignores_each_rankings_scale() -> None:
    scaled = _ranking([(h.chunk.id, h.score * 100 - 7) for h in BM25])
    assert ids(fuse_scores([DENSE, scaled])) == ids(fuse_scores([DENSE, BM25]))


def test_score_fusion_values_are_normalised_sums() -> None:
    fused = {h.chunk.id: h.score for h in fuse_scores([DENSE, BM25])}
    assert fused["answer"] == pytest.approx(1.0)
    assert fused["last"] == pytest.approx(0.0)
    assert fused["generic"] == pytest.approx((0.80 - 0.78) / 0.17 + 9.5 / 10)
    assert [h.rank for h in fuse_scores([DENSE, BM25])] == [1, 2, 3, 4]


def test_score_fusion_weights_and_degenerate_rankings() -> None:
    lone = _ranking([("lone", 3.0)])
    assert {h.chunk.id: h.score for h in fuse_scores([lone, []])} == {"lone": 1.0}
    muted = fuse_scores([DENSE, BM25], weights=[0.0, 1.0])
    assert ids(muted)[0] == "other"


def test_fuse_with_follows_the_setting() -> None:
    assert ids(fuse_with("scores", [DENSE, BM25], 20, None)) == ids(fuse_scores([DENSE, BM25]))
    assert ids(fuse_with("rrf", [DENSE, BM25], 20, None)) == ids(fuse([DENSE, BM25], 20))
