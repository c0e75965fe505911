"""Sentence-level ranking of passages, fused with the chunk-level ones (govqa.retrieve).

A chunk's embedding averages all its sentences, so a passage whose one sentence answers a
paraphrased question can rank below passages that share its general topic. `search` ranks
chunks by the question's nearest sentences over the whole index (the vectors stored at ingest,
`govqa.sentence_store`): nothing is embedded at question time. `prime` hands the retrieved
passages' sentence vectors to the answer's embedder cache, so the extractive answer embeds
nothing either.

Measured on the eval sets (multilingual-e5-small, reciprocal rank fusion k 20; README
"Paraphrases, French/Spanish and abstention"): fusing this ranking beat re-ranking the fused
pool by best sentence (an earlier design, which also embedded the pool's sentences per
question) on every retrieval figure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from govqa.embed import CachedEmbedder
from govqa.retrieve import hits_by_score
from govqa.sentence_store import SentenceStore
from govqa.types import Chunk, Hit


class SentenceRanker:
    """Ranks passages by the similarity of their best sentence to the question vector."""

    def __init__(
        self,
        store: SentenceStore,
        chunks: Mapping[str, Chunk],
        cache: CachedEmbedder | None = None,
        per_chunk: int = 4,
    ) -> None:
        self._store, self._chunks, self._cache = store, chunks, cache
        self._live = set(chunks)
        self._per_chunk = per_chunk
        store.count_orphans(self._live)

    def search(self, vector: Sequence[float], n: int, allowed: set[str] | None) -> list[Hit]:
        """Up to n chunks holding the question's nearest sentences in the index, best first."""
        best: dict[str, float] = {}
        for chunk_id, _, score in self._store.query(
            vector, n * self._per_chunk, self._live, allowed
        ):
            best[chunk_id] = max(score, best.get(chunk_id, -1.0))
        return hits_by_score(best, self._chunks, "sentence")[:n]

    def prime(self, hits: Sequence[Hit]) -> None:
        """Hand the stored vectors of the hits' sentences to the answer's embedder cache."""
        if self._cache is not None:
            self._cache.remember(self._store.vectors(h.chunk.id for h in hits))
