"""External retrieval benchmark: dense, BM25, latent-term and hybrid retrieval on a BEIR folder.

A BEIR folder holds ``corpus.jsonl`` (``_id``, ``title``, ``text``), ``queries.jsonl`` (``_id``,
``text``) and the test judgements as ``qrels_test.tsv`` or ``qrels/test.tsv`` (``query-id``,
``corpus-id``, ``score``). Every document becomes one passage; it is embedded with GovQA's
:class:`~govqa.embed.Embedder`, ranked lexically with GovQA's
:class:`~govqa.retrieve.BM25Retriever`, ranked by latent terms with GovQA's
:class:`~govqa.latent_terms.LatentTermRetriever` when the ``latent_terms`` setting is on, and the
rankings are fused with GovQA's :func:`~govqa.retrieve.fuse_with` (the ``fusion`` setting), each
at its weight (``dense_weight``, ``bm25_weight``, ``latent_weight``), so the figures measure the
retrieval code the assistant runs. Each ranking is 100 deep here (the
assistant fuses ``candidates``, 40), since recall@100 needs a hundred. The assistant's fourth
ranking, by nearest sentence, is left out: it would embed every sentence of the corpus.
"dense+bm25" is also reported, the hybrid that published anchors measure.
nDCG@10 and recall@100 come from ``ir-measures``.
"""

from __future__ import annotations

import csv
import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from govqa.embed import Embedder
from govqa.errors import InputError
from govqa.retrieve import BM25Retriever, Fusion, RankingWeights, fuse_with, passage_text
from govqa.types import Chunk, Hit

_FROZEN = ConfigDict(frozen=True, extra="forbid")
DEPTH = 100
"""Passages ranked per query and retriever (recall@100 needs a hundred)."""
Progress = Callable[[str], None]


class BeirData(BaseModel):
    """A BEIR folder read into memory: documents, test queries and their judgements."""

    model_config = _FROZEN

    documents: dict[str, str] = Field(description="Document id -> title and text.")
    queries: dict[str, str] = Field(description="Query id -> text, only queries with judgements.")
    qrels: dict[str, dict[str, int]] = Field(description="Query id -> document id -> relevance.")


class RetrieverScores(BaseModel):
    """One retriever's figures on the benchmark."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    retriever: str = Field(description="'dense', 'bm25', 'latent', 'dense+bm25' or 'hybrid'.")
    ndcg_at_10: float = Field(alias="ndcg@10", description="Mean nDCG@10 over the queries.")
    recall_at_100: float = Field(alias="recall@100", description="Mean recall@100.")


class BeirReport(BaseModel):
    """The benchmark run: what was measured, with what, and how long it took."""

    model_config = _FROZEN

    folder: str = Field(description="The BEIR folder.")
    embed_model: str = Field(description="Name of the embedding model.")
    rrf_k: int = Field(description="Reciprocal rank fusion constant of the hybrid ranking.")
    fusion: str = Field(description="How the hybrid fuses the rankings: 'scores' or 'rrf'.")
    n_documents: int
    n_queries: int
    scores: tuple[RetrieverScores, ...] = Field(description="Figures per retriever.")
    seconds: dict[str, float] = Field(description="Wall time per stage (embed, bm25, ...).")

    def table(self) -> str:
        """The figures as a Markdown table."""
        lines = ["| retriever | nDCG@10 | recall@100 |", "|---|---|---|"]
        lines += [
            f"| {s.retriever} | {s.ndcg_at_10:.4f} | {s.recall_at_100:.4f} |" for s in self.scores
        ]
        return "\n".join(lines)


def _jsonl(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                yield {"_id": str(record["_id"]), **record}
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"{path}: line {number} is not a JSON object with an _id ({exc})"
                ) from None


def _qrels_path(folder: Path) -> Path:
    for candidate in (folder / "qrels_test.tsv", folder / "qrels" / "test.tsv"):
        if candidate.is_file():
            return candidate
    raise InputError(f"{folder}: no qrels_test.tsv or qrels/test.tsv; is it a BEIR folder?")


def _read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as rows:
        for number, row in enumerate(csv.reader(rows, delimiter="\t"), 1):
            if not row or (number == 1 and row[0] == "query-id"):
                continue
            try:
                query, doc, score = row[0], row[1], int(row[2])
            except (IndexError, ValueError):
                raise InputError(
                    f"{path}: line {number} must be query-id, corpus-id and an integer score"
                ) from None
            if score > 0:
                qrels.setdefault(query, {})[doc] = score
    return qrels


def load_beir(folder: Path) -> BeirData:
    """Read a BEIR folder; only queries with a positive judgement are kept.

    Raises:
        InputError: a file is missing or malformed; the message names it and the line.
    """
    for name in ("corpus.jsonl", "queries.jsonl"):
        if not (folder / name).is_file():
            raise InputError(f"{folder}: no {name}; is it a BEIR folder?")
    qrels = _read_qrels(_qrels_path(folder))
    documents = {
        r["_id"]: passage_text(_chunk(r["_id"], r.get("text", "")), r.get("title", ""))
        for r in _jsonl(folder / "corpus.jsonl")
    }
    queries = {r["_id"]: r["text"] for r in _jsonl(folder / "queries.jsonl") if r["_id"] in qrels}
    if not queries:
        raise InputError(f"{folder}: no query of queries.jsonl has a judgement in the qrels")
    return BeirData(documents=documents, queries=queries, qrels=qrels)


def _chunk(doc_id: str, text: str) -> Chunk:
    return Chunk(id=doc_id, doc_id=doc_id, text=text, start=0, end=max(1, len(text)))


def dense_rankings(
    data: BeirData, embedder: Embedder, depth: int, progress: Progress
) -> dict[str, list[Hit]]:
    """Per query, the ``depth`` documents closest to it by cosine (exact search)."""
    import numpy as np

    ids = list(data.documents)
    progress(f"embedding {len(ids)} documents with {embedder.name}")
    matrix = np.asarray(embedder.embed_documents([data.documents[i] for i in ids]))
    rankings = {}
    for qid, text in data.queries.items():
        scores = matrix @ np.asarray(embedder.embed_query(text))
        order = np.argsort(-scores, kind="stable")[:depth]
        rankings[qid] = [
            Hit(chunk=_chunk(ids[j], ""), score=float(scores[j]), rank=r, retriever="dense")
            for r, j in enumerate(order, 1)
        ]
    return rankings


def bm25_rankings(data: BeirData, depth: int) -> dict[str, list[Hit]]:
    """Per query, the best ``depth`` documents by BM25 (GovQA's tokenisation and stemming)."""
    ids = list(data.documents)
    retriever = BM25Retriever([_chunk(i, "") for i in ids], [data.documents[i] for i in ids])
    return {qid: retriever.retrieve(text, depth, None) for qid, text in data.queries.items()}


def latent_rankings(data: BeirData, depth: int, progress: Progress) -> dict[str, list[Hit]]:
    """Per query, the best ``depth`` documents by latent terms (see govqa.latent_terms)."""
    from govqa.latent_terms import LatentTermRetriever, encode

    ids = list(data.documents)
    progress(f"encoding the latent terms of {len(ids)} documents")
    retriever = LatentTermRetriever(
        [_chunk(i, "") for i in ids], [encode(data.documents[i]) for i in ids]
    )
    return {qid: retriever.retrieve(text, depth, None) for qid, text in data.queries.items()}


def hybrid_rankings(
    rankings: Sequence[dict[str, list[Hit]]],
    rrf_k: int,
    depth: int,
    fusion: Fusion = "rrf",
    weights: Sequence[float] | None = None,
) -> dict[str, list[Hit]]:
    """Per query, the rankings fused at their weights (see govqa.retrieve.fuse_with), cut to
    ``depth``."""
    return {
        qid: fuse_with(fusion, [r.get(qid, []) for r in rankings], rrf_k, weights)[:depth]
        for qid in rankings[0]
    }


def score(
    name: str, rankings: dict[str, list[Hit]], qrels: dict[str, dict[str, int]]
) -> RetrieverScores:
    """nDCG@10 and recall@100 of the rankings (ir-measures, i.e. trec_eval's definitions)."""
    import ir_measures
    from ir_measures import R, nDCG

    run = {
        qid: {h.chunk.id: float(len(hits) - h.rank + 1) for h in hits}
        for qid, hits in rankings.items()
    }
    measures = {"ndcg": nDCG @ 10, "recall": R @ 100}
    judged = {qid: qrels[qid] for qid in rankings if qid in qrels}
    per_query = {
        (m.query_id, m.measure): m.value
        for m in ir_measures.iter_calc(list(measures.values()), judged, run)
    }
    # trec_eval skips queries with an empty ranking; here they count as 0
    mean = {
        key: sum(float(per_query.get((qid, measure), 0.0)) for qid in judged) / max(1, len(judged))
        for key, measure in measures.items()
    }
    return RetrieverScores(
        retriever=name, ndcg_at_10=round(mean["ndcg"], 4), recall_at_100=round(mean["recall"], 4)
    )


def run_beir(
    folder: Path,
    embedder: Embedder,
    rrf_k: int = 60,
    depth: int = DEPTH,
    progress: Progress | None = None,
    latent: bool = False,
    fusion: Fusion = "rrf",
    weights: RankingWeights | None = None,
) -> BeirReport:
    """Rank every test query of a BEIR folder each way and score the rankings.

    Args:
        folder: BEIR folder (corpus.jsonl, queries.jsonl, qrels_test.tsv or qrels/test.tsv).
        embedder: The embedding model, e.g. ``Assistant.from_settings().embedder``.
        rrf_k: Reciprocal rank fusion constant for the hybrid ranking.
        depth: Documents ranked per query and retriever.
        progress: Called with a line at the start of each stage.
        latent: Also rank by latent terms, and fuse them into the hybrid.
        fusion: 'scores' (min-max normalised scores added) or 'rrf' (reciprocal rank).
        weights: The weight of the dense, BM25 and latent-term rankings in both hybrids
            (the assistant's settings); None: equal weights.

    Example:
        >>> report = run_beir(Path("scifact"), SentenceTransformerEmbedder("all-MiniLM-L6-v2"))
        >>> print(report.table())
    """
    say = progress or (lambda _line: None)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    data = load_beir(folder)
    seconds["load"] = time.perf_counter() - clock
    clock = time.perf_counter()
    dense = dense_rankings(data, embedder, depth, say)
    seconds["dense"] = time.perf_counter() - clock
    say("ranking with BM25")
    clock = time.perf_counter()
    lexical = bm25_rankings(data, depth)
    seconds["bm25"] = time.perf_counter() - clock
    runs = {"dense": dense, "bm25": lexical}
    w = weights or RankingWeights()
    fused, fused_weights = [dense, lexical], [w.dense, w.bm25]
    if latent:
        clock = time.perf_counter()
        runs["latent"] = latent_rankings(data, depth, say)
        seconds["latent"] = time.perf_counter() - clock
        runs["dense+bm25"] = hybrid_rankings(fused, rrf_k, depth, fusion, fused_weights)
        fused.append(runs["latent"])
        fused_weights.append(w.latent)
    runs["hybrid"] = hybrid_rankings(fused, rrf_k, depth, fusion, fused_weights)
    return BeirReport(
        folder=str(folder),
        embed_model=embedder.name,
        rrf_k=rrf_k,
        fusion=fusion,
        n_documents=len(data.documents),
        n_queries=len(data.queries),
        scores=tuple(score(name, ranking, data.qrels) for name, ranking in runs.items()),
        seconds={k: round(v, 1) for k, v in seconds.items()},
    )
