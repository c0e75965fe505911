"""Answer-kind ordering (govqa.kind_order): passages holding what is asked come first."""

from __future__ import annotations

from govqa.kind_order import order_by_kind
from govqa.types import Chunk, Hit


def _hits(*texts_and_scores: tuple[str, float]) -> list[Hit]:
    return [
        Hit(
            chunk=Chunk(id=f"c{n}", doc_id="d", text=text, start=0, end=len(text)),
            score=score,
            rank=n,
            retriever="hybrid",
        )
        for n, (text, score) in enumerate(texts_and_scores, 1)
    ]


HITS = _hits(
    ("The Convention is open to non-member States of the Council of Europe.", 2.0),
    ("The Convention sets out principles on transparency and oversight.", 1.9),
    ("The Convention entered into force on 1 November 2025.", 1.6),
)


def test_a_passage_holding_the_kind_asked_moves_up_within_the_passages() -> None:
    ordered = order_by_kind("When did the Convention enter into force?", HITS, 0.3)
    assert [h.chunk.id for h in ordered] == ["c3", "c1", "c2"]
    assert [h.rank for h in ordered] == [1, 2, 3]
    assert ordered[0].score == 1.6 + 0.3 * 2.0


def test_the_bonus_is_a_share_of_the_best_score_and_may_fall_short() -> None:
    ordered = order_by_kind("When did the Convention enter into force?", HITS, 0.1)
    assert [h.chunk.id for h in ordered] == ["c1", "c2", "c3"]  # 1.6 + 0.2 < 1.9


def test_no_factoid_kind_or_no_bonus_leaves_the_order() -> None:
    for question, bonus in (
        ("Why does the Convention matter for democracy?", 0.3),
        ("When did the Convention enter into force?", 0.0),
    ):
        assert order_by_kind(question, HITS, bonus) == HITS


def test_a_number_the_question_gives_itself_is_not_what_it_asks() -> None:
    hits = _hits(
        ("Article 16 of the Convention asks each Party to assess moratoria.", 1.0),
        ("The Convention enters into force after five ratifications.", 0.9),
    )
    ordered = order_by_kind("How many ratifications does Article 16 need?", hits, 0.3)
    assert [h.chunk.id for h in ordered] == ["c2", "c1"]
