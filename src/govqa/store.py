"""Vector store: Chroma through llama-index's ChromaVectorStore, on disk or in a Chroma server."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from numpy.typing import NDArray

from govqa.errors import StoreError
from govqa.types import Chunk


def chunk_metadata(chunk: Chunk, doc_type: str) -> dict[str, str | int]:
    """Flat metadata Chroma stores beside each vector (filters use govqa_doc)."""
    return {
        "govqa_doc": chunk.doc_id,  # "doc_id" is llama-index's own key
        "doc_type": doc_type,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "page": chunk.page or 0,
    }


def chunk_from_node(node_id: str, text: str, meta: Mapping[str, Any]) -> Chunk:
    """Rebuild a Chunk from what the store returns."""
    return Chunk(
        id=node_id,
        doc_id=str(meta["govqa_doc"]),
        text=text,
        start=int(meta["start"]),
        end=int(meta["end"]),
        section=str(meta.get("section", "")),
        page=int(meta["page"]) or None,
    )


def chroma_client(path: Path, url: str | None = None) -> Any:
    """A Chroma client: the server at url when given, else the embedded store at path.

    Raises:
        StoreError: the server does not answer, or the path cannot be opened.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False)
    if url is None:
        try:
            path.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(path), settings=settings)
        except Exception as exc:  # chromadb raises many unrelated types
            raise StoreError(f"cannot open the index at {path} ({exc}); run govqa ingest") from exc
    parts = urlsplit(url)
    https = parts.scheme == "https"
    try:
        return chromadb.HttpClient(
            host=parts.hostname or "",
            port=parts.port or (443 if https else 80),
            ssl=https,
            settings=settings,
        )
    except Exception as exc:  # connection refused, DNS failure, not a Chroma server…
        raise StoreError(
            f"cannot reach the Chroma server at {url} ({exc.__class__.__name__}); start it "
            "(chroma run --host HOST --port PORT --path DIR) or fix the chroma_url setting "
            "(GOVQA_CHROMA_URL)"
        ) from exc


class ChromaStore:
    """One Chroma collection (cosine space) of chunk vectors, written and read by id.

    Vectors are always passed in: Chroma never embeds anything itself. With url, the collection
    lives in that Chroma server (shared by every app replica); otherwise on disk at path.
    """

    def __init__(self, path: Path, collection: str, url: str | None = None) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self.client = chroma_client(path, url)
        where = url or str(path)
        try:
            self._collection = self.client.get_or_create_collection(
                collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as exc:  # chromadb raises many unrelated types
            raise StoreError(f"cannot open the index at {where} ({exc}); run govqa ingest") from exc
        self.name = collection
        self._vectors = ChromaVectorStore(chroma_collection=self._collection)

    def count(self) -> int:
        """Number of vectors in the collection, live or not."""
        return int(self._collection.count())

    def ids(self) -> set[str]:
        """Every chunk id in the collection."""
        return set(self._collection.get(include=[])["ids"])

    def existing(self, ids: Sequence[str]) -> set[str]:
        """Which of these ids are already stored."""
        if not ids:
            return set()
        return set(self._collection.get(ids=list(ids), include=[])["ids"])

    def add(
        self,
        chunks: Sequence[Chunk],
        vectors: Sequence[list[float]],
        doc_type: str,
        extra: Sequence[Mapping[str, str]] | None = None,
    ) -> None:
        """Store chunks with their vectors (and extra metadata per chunk, e.g. latent terms)."""
        from llama_index.core.schema import BaseNode, TextNode

        extras = extra if extra is not None else [{} for _ in chunks]
        nodes: list[BaseNode] = [
            TextNode(
                id_=c.id, text=c.text, embedding=v, metadata={**chunk_metadata(c, doc_type), **e}
            )
            for c, v, e in zip(chunks, vectors, extras, strict=True)
        ]
        if nodes:
            self._vectors.add(nodes)

    def delete(self, ids: Iterable[str]) -> None:
        """Remove chunks by id."""
        ids = list(ids)
        for i in range(0, len(ids), 1000):
            self._collection.delete(ids=ids[i : i + 1000])

    def get(self, ids: Sequence[str]) -> list[Chunk]:
        """Chunks by id, in the order given; unknown ids are left out."""
        return self.get_with(ids)[0]

    def get_with(
        self, ids: Sequence[str], key: str | None = None, vectors: bool = False
    ) -> tuple[list[Chunk], dict[str, str], NDArray[np.float32]]:
        """Chunks by id as get() gives them and, in the same read, the metadata field ``key``
        (e.g. the latent terms) of those that have it, by id, and with ``vectors`` their stored
        vectors, one row per returned chunk (else an empty matrix)."""
        found: dict[str, Chunk] = {}
        field: dict[str, str] = {}
        rows: dict[str, NDArray[np.float32]] = {}
        include = ["documents", "metadatas", *(["embeddings"] if vectors else [])]
        for i in range(0, len(ids), 1000):
            got = self._collection.get(ids=list(ids[i : i + 1000]), include=include)
            texts, metas = got["documents"] or [], got["metadatas"] or []
            for cid, text, meta in zip(got["ids"], texts, metas, strict=True):
                found[cid] = chunk_from_node(cid, text, meta)
                if key is not None and key in meta:
                    field[cid] = str(meta[key])
            if vectors and got["ids"]:
                matrix = np.asarray(got["embeddings"], dtype=np.float32)
                rows.update(zip(got["ids"], matrix, strict=True))
        chunks = [found[i] for i in ids if i in found]
        matrix = np.stack([rows[c.id] for c in chunks]) if rows else np.zeros((0, 0), np.float32)
        return chunks, field, matrix

    def query(
        self, vector: list[float], n: int, doc_ids: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """The n nearest chunks (cosine similarity), optionally only from the given documents."""
        from llama_index.core.vector_stores.types import (
            FilterOperator,
            MetadataFilter,
            MetadataFilters,
            VectorStoreQuery,
        )

        filters = None
        if doc_ids is not None:
            if not doc_ids:
                return []
            rule = MetadataFilter(key="govqa_doc", value=list(doc_ids), operator=FilterOperator.IN)
            filters = MetadataFilters(filters=[rule])
        n = min(n, self.count())
        if n <= 0:
            return []
        result = self._vectors.query(
            VectorStoreQuery(query_embedding=vector, similarity_top_k=n, filters=filters)
        )
        nodes, sims = result.nodes or [], result.similarities or []
        # llama-index reports exp(-distance); Chroma's cosine distance is 1 - cos.
        return [
            (chunk_from_node(node.node_id, node.get_content(), node.metadata), 1 + math.log(sim))
            for node, sim in zip(nodes, sims, strict=True)
        ]

    def drop(self) -> None:
        """Delete the whole collection."""
        self.client.delete_collection(self.name)

    @staticmethod
    def drop_collection(path: Path, name: str, url: str | None = None) -> None:
        """Delete a collection left by an earlier index, if it exists."""
        client = chroma_client(path, url)
        if name in {c.name for c in client.list_collections()}:
            client.delete_collection(name)
