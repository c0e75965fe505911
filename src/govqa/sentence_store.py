"""Sentence vectors, embedded once at ingest and kept beside the chunk vectors.

Every sentence of every chunk is embedded when the chunk is (the model's passage side, the
vectors the extractive answer compares with the question). Two things read them:

- sentence-level retrieval: the question's nearest sentences over the whole index rank their
  chunks, a ranking fused with the chunk-level ones (a paraphrase often matches one sentence
  better than the chunk's averaged vector);
- the answer: the sentences of the retrieved passages need no embedding at question time.

They live in their own Chroma collection, `sentences-<index hash>`, one record per sentence
with id `<chunk id>#<n>` and the chunk and document in its metadata. A chunk's sentences are
written before the chunk itself, so a stored chunk always has its sentences, even after an
interrupted ingest; sentences of chunks the manifest does not name are ignored and deleted
at the next commit, like the chunks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from govqa.sentences import sentences_in_context
from govqa.store import chroma_client
from govqa.types import Chunk

_PAGE = 1000  # ids per Chroma call


def chunk_sentences(chunk: Chunk) -> list[str]:
    """The sentences of a chunk as they are embedded and stored (headings left out): each as
    the answer quotes it, with the one before when it leans on it (sentences_in_context)."""
    return [s.in_context for s in sentences_in_context(chunk.text)]


def sentence_collection(chunk_collection: str) -> str:
    """The sentence collection that goes with a chunk collection."""
    return f"sentences-{chunk_collection.removeprefix('chunks-')}"


def _chunk_of(sentence_id: str) -> str:
    return sentence_id.rsplit("#", 1)[0]


class SentenceStore:
    """The sentence collection of one index (cosine space); vectors are always passed in."""

    def __init__(self, path: Path, collection: str, url: str | None = None) -> None:
        self.client = chroma_client(path, url)
        self.name = collection
        self._collection = self.client.get_or_create_collection(
            collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self._orphans = 0

    def add(self, chunks: Sequence[Chunk], vectors: Sequence[Sequence[list[float]]]) -> None:
        """Store each chunk's sentences (chunk_sentences order) with their vectors."""
        ids: list[str] = []
        texts: list[str] = []
        metas: list[dict[str, str | int]] = []
        flat: list[list[float]] = []
        for chunk, chunk_vectors in zip(chunks, vectors, strict=True):
            sentences = chunk_sentences(chunk)
            if len(sentences) != len(chunk_vectors):
                raise ValueError(f"chunk {chunk.id}: {len(sentences)} sentences, vectors differ")
            for n, (text, vector) in enumerate(zip(sentences, chunk_vectors, strict=True)):
                ids.append(f"{chunk.id}#{n}")
                texts.append(text)
                metas.append({"chunk": chunk.id, "govqa_doc": chunk.doc_id})
                flat.append(list(vector))
        for i in range(0, len(ids), _PAGE):
            part = slice(i, i + _PAGE)
            self._collection.upsert(
                ids=ids[part], documents=texts[part], metadatas=metas[part], embeddings=flat[part]
            )

    def keep_only(self, live_chunks: set[str]) -> None:
        """Delete the sentences of chunks that are not live (after a commit)."""
        ids = self._collection.get(include=[])["ids"]
        stale = [i for i in ids if _chunk_of(i) not in live_chunks]
        for i in range(0, len(stale), _PAGE):
            self._collection.delete(ids=stale[i : i + _PAGE])

    def count_orphans(self, live_chunks: set[str]) -> int:
        """How many stored sentences belong to no live chunk; remembered, as a query skips
        them."""
        ids = self._collection.get(include=[])["ids"]
        self._orphans = sum(1 for i in ids if _chunk_of(i) not in live_chunks)
        return self._orphans

    def vectors(self, chunk_ids: Iterable[str]) -> dict[str, list[float]]:
        """Sentence text → vector for the sentences of these chunks."""
        wanted = list(dict.fromkeys(chunk_ids))
        out: dict[str, list[float]] = {}
        for i in range(0, len(wanted), _PAGE):
            got = self._collection.get(
                where={"chunk": {"$in": wanted[i : i + _PAGE]}},
                include=["documents", "embeddings"],
            )
            for text, vector in zip(got["documents"] or [], _rows(got["embeddings"]), strict=True):
                out[text] = vector
        return out

    def query(
        self, vector: Sequence[float], n: int, live_chunks: set[str], doc_ids: set[str] | None
    ) -> list[tuple[str, str, float]]:
        """The n nearest live sentences as (chunk id, text, cosine), optionally of some docs."""
        if doc_ids is not None and not doc_ids:
            return []
        k = min(n + self._orphans, self._collection.count())
        if k <= 0:
            return []
        where: Any = {"govqa_doc": {"$in": sorted(doc_ids)}} if doc_ids is not None else None
        got = self._collection.query(
            query_embeddings=[list(vector)],
            n_results=k,
            where=where,
            include=["documents", "distances"],
        )
        ids, texts = got["ids"][0], (got["documents"] or [[]])[0]
        distances = (got["distances"] or [[]])[0]
        out = [
            (_chunk_of(sid), text, 1.0 - float(distance))
            for sid, text, distance in zip(ids, texts, distances, strict=True)
            if _chunk_of(sid) in live_chunks
        ]
        return out[:n]


def _rows(embeddings: Any) -> list[list[float]]:
    if embeddings is None:
        return []
    return [[float(x) for x in row] for row in embeddings]
