"""Document prior: how near the question is to each candidate's whole document.

Officials name a document by description ("the Korean summit", "the term list") rather than by
its words, and a paraphrase may match a passage of another note better than the one that
answers it. Each document is represented by the centroid of its chunks' stored vectors
(nothing is embedded: the vectors are read when the index is loaded), and `rank` scores the
fused candidates by their document's cosine to the question, a ranking that
`govqa.retrieve.HybridRetriever` fuses with the others at ``doc_prior_weight``.

Measured on the eval sets (multilingual-e5-small, score fusion; README "Paraphrases,
French/Spanish and abstention"): weight 0.75 raised dev paraphrase hit@5 0.86 → 0.91 and the
shipped MRR 0.895 → 0.905. Since session 8 it is 1.5, chosen with the other rankings' weights
by bench/fit_fusion_weights.py (README, "Fusion weights (session 8)").
Where every document is one chunk (SciFact's abstracts) the prior repeats the dense ranking:
nDCG@10 0.696 without and with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from govqa.retrieve import hits_by_score
from govqa.types import Chunk, Hit


class DocumentPrior:
    """Unit centroids of each document's chunk vectors, scored against question vectors."""

    def __init__(self, docs: Sequence[str], centroids: NDArray[np.floating[Any]]) -> None:
        self._docs = list(docs)
        self._row = {doc: n for n, doc in enumerate(self._docs)}
        matrix = np.asarray(centroids, dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self._matrix = matrix / np.where(norms > 0, norms, 1.0)

    @classmethod
    def from_vectors(
        cls, chunks: Sequence[Chunk], vectors: NDArray[np.floating[Any]]
    ) -> DocumentPrior:
        """Centroids of the chunks' unit vectors (row i is the vector of chunks[i]), one per
        document."""
        if not chunks:
            return cls([], np.zeros((0, 0), np.float32))
        docs = sorted({chunk.doc_id for chunk in chunks})
        position = {doc: n for n, doc in enumerate(docs)}
        rows = np.array(vectors, dtype=np.float32)
        rows /= np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)
        sums = np.zeros((len(docs), rows.shape[1]), np.float32)
        np.add.at(sums, [position[chunk.doc_id] for chunk in chunks], rows)
        return cls(docs, sums)

    def similarities(
        self, vector: Sequence[float], docs: Iterable[str] | None = None
    ) -> dict[str, float]:
        """Cosine of the question vector to the centroid of each document (or of each given
        one that the prior knows)."""
        wanted = self._docs if docs is None else sorted({d for d in docs if d in self._row})
        if not wanted:
            return {}
        query = np.asarray(vector, dtype=np.float32)
        rows = self._matrix[[self._row[d] for d in wanted]]
        values = rows @ (query / (np.linalg.norm(query) or 1.0))
        return dict(zip(wanted, (float(v) for v in values), strict=True))

    def rank(self, vector: Sequence[float], pool: Sequence[Sequence[Hit]]) -> list[Hit]:
        """Every chunk of the pool's rankings, scored by its document's similarity (only the
        pool's documents are scored: an index may hold thousands)."""
        chunks = {hit.chunk.id: hit.chunk for ranking in pool for hit in ranking}
        sims = self.similarities(vector, (chunk.doc_id for chunk in chunks.values()))
        scores = {cid: sims.get(chunk.doc_id, 0.0) for cid, chunk in chunks.items()}
        return hits_by_score(scores, chunks, "document")
