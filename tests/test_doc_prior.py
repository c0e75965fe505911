"""Document prior: candidates ranked by how near the question is to their whole document."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import rank_of

from govqa import Assistant
from govqa.doc_prior import DocumentPrior
from govqa.indexing import open_store
from govqa.retrieve import HybridRetriever, fuse_scores
from govqa.types import Chunk, Hit


def _chunk(cid: str, doc: str) -> Chunk:
    return Chunk(id=cid, doc_id=doc, text=cid, start=0, end=1)


def _ranking(chunks: list[Chunk], scores: list[float]) -> list[Hit]:
    return [
        Hit(chunk=c, score=s, rank=r, retriever="x")
        for r, (c, s) in enumerate(zip(chunks, scores, strict=True), 1)
    ]


SEOUL = [_chunk("seoul-1", "seoul"), _chunk("seoul-2", "seoul")]
PARIS = [_chunk("paris-1", "paris")]
VECTORS = np.array([[1.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 5.0]])


def _prior() -> DocumentPrior:
    return DocumentPrior.from_vectors([*SEOUL, *PARIS], VECTORS)


def test_centroids_average_unit_vectors_per_document() -> None:
    prior = _prior()
    sims = prior.similarities([1.0, 1.0, 0.0])
    assert sims["seoul"] == pytest.approx(1.0)
    assert sims["paris"] == pytest.approx(0.0)
    assert prior.similarities([0.0, 0.0, 3.0])["paris"] == pytest.approx(1.0)


def test_only_the_documents_asked_for_and_known_are_scored() -> None:
    sims = _prior().similarities([1.0, 0.0, 0.0], ["seoul", "gone", "seoul"])
    assert sims == {"seoul": pytest.approx(2**-0.5)}
    empty = DocumentPrior.from_vectors([], np.zeros((0, 3)))
    assert empty.similarities([1.0]) == {}
    assert empty.rank([1.0], [_ranking(PARIS, [1.0])])[0].score == 0.0


def test_rank_scores_every_pooled_chunk_by_its_document() -> None:
    prior = _prior()
    pool = [_ranking([PARIS[0], SEOUL[0]], [0.9, 0.8]), _ranking([SEOUL[1]], [3.0])]
    ranked = prior.rank([1.0, 1.0, 0.0], pool)
    assert [h.chunk.id for h in ranked] == ["seoul-1", "seoul-2", "paris-1"]
    assert {h.retriever for h in ranked} == {"document"}


def test_fused_prior_lifts_the_passage_of_the_document_asked_about() -> None:
    prior = _prior()
    # Dense and BM25 both prefer the Paris passage by a little; the question is about Seoul.
    dense = _ranking([PARIS[0], SEOUL[0]], [0.82, 0.80])
    bm25 = _ranking([PARIS[0], SEOUL[0]], [5.0, 4.0])
    question = [1.0, 0.2, 0.1]
    without = fuse_scores([dense, bm25])
    with_prior = fuse_scores([dense, bm25, prior.rank(question, [dense, bm25])], [1, 1, 0.75])
    assert without[0].chunk.id == "paris-1"
    assert with_prior[0].chunk.id == "paris-1"  # a weaker prior does not overturn both
    assert fuse_scores([dense, bm25, prior.rank(question, [dense])], [1, 1, 2.5])[0].chunk.id == (
        "seoul-1"
    )


def test_real_index_centroids_name_the_document_described(corpus_assistant: Assistant) -> None:
    manifest, hybrid = corpus_assistant._retriever()
    assert hybrid.doc_prior is not None
    store = open_store(corpus_assistant.settings, manifest.collection)
    ids = sorted(manifest.live_ids())
    chunks, _, vectors = store.get_with(ids, vectors=True)
    assert [c.id for c in chunks] == ids and vectors.shape == (len(ids), 384)
    described = {
        "What did the leaders at the Korean summit in May 2024 declare?": "seoul-declaration",
        "What does the American standards agency's risk guide recommend?": "nist-ai-rmf",
        "¿Qué dice la declaración de la cumbre de París?": "paris-ai-action-summit-statement",
        "Que recommande l'agence culturelle de l'ONU sur l'éthique ?": (
            "unesco-ai-ethics-recommendation"
        ),
    }
    for question, doc_id in described.items():
        sims = hybrid.doc_prior.similarities(corpus_assistant.embedder.embed_query(question))
        assert max(sims, key=sims.__getitem__) == doc_id, question


def test_real_index_prior_finds_a_paraphrased_passage(corpus_assistant: Assistant) -> None:
    """A dev-set paraphrase (eval/quality/dev.yaml, para-paris-refusers) whose answer is in
    the Paris note but whose words match the Bletchley and Seoul notes better."""
    question = "Which big allies declined to endorse the French summit's declaration?"
    evidence = "The United States and the United Kingdom did not sign"
    off = Assistant.from_settings(data_dir=corpus_assistant.settings.data_dir, doc_prior_weight=0)
    assert off._retriever()[1].doc_prior is None
    ranked = Assistant.from_settings(data_dir=corpus_assistant.settings.data_dir, fusion="rrf")
    assert ranked._retriever()[1].doc_prior is None  # score fusion only
    hybrid = corpus_assistant._retriever()[1]
    with pytest.raises(ValueError, match="fused by scores only"):
        HybridRetriever(hybrid.dense, hybrid.bm25, 40, 20, fusion="rrf", doc_prior=hybrid.doc_prior)
    without = rank_of(off.retrieve(question, top_k=20), evidence)
    rank = rank_of(corpus_assistant.retrieve(question, top_k=20), evidence)
    assert rank is not None and (without is None or rank < without), (rank, without)
