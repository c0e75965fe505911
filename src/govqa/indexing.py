"""Ingest: files → documents → chunks → vectors in the store, committed by the manifest."""

from __future__ import annotations

import datetime as dt
import fcntl
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from govqa import latent_terms
from govqa.chunking import chunk
from govqa.config import Settings
from govqa.embed import Embedder
from govqa.errors import GovqaError, StoreError
from govqa.ingest import find_files, load
from govqa.manifest import (
    ChromaManifestStore,
    DocumentRecord,
    FileManifestStore,
    Manifest,
    ManifestStore,
)
from govqa.retrieve import passage_text
from govqa.sentence_store import SentenceStore, chunk_sentences, sentence_collection
from govqa.store import ChromaStore, chroma_client
from govqa.types import Document

LATENT_KEY = "latent_terms"
"""Chunk metadata key holding the chunk's latent terms (govqa.latent_terms)."""

Progress = Callable[[str, int, int], None]
"""Called as progress(stage, done, total) while ingesting."""


@dataclass
class IngestReport:
    """What an ingest did."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks_embedded: int = 0
    rebuilt_from: str | None = None

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return not self.failed


def chroma_dir(data_dir: Path) -> Path:
    """Where Chroma keeps its files."""
    return data_dir / "chroma"


def open_store(settings: Settings, collection: str) -> ChromaStore:
    """The chunk collection: in the Chroma server of chroma_url, else under data_dir."""
    return ChromaStore(chroma_dir(settings.data_dir), collection, settings.chroma_url)


def open_sentences(settings: Settings, collection: str) -> SentenceStore:
    """The sentence collection that goes with a chunk collection (sentence_store.py)."""
    return SentenceStore(
        chroma_dir(settings.data_dir), sentence_collection(collection), settings.chroma_url
    )


def open_manifests(settings: Settings) -> ManifestStore:
    """Where the manifest is committed: beside the chunks in the server, else in data_dir."""
    if settings.chroma_url is None:
        return FileManifestStore(settings.data_dir)
    client = chroma_client(chroma_dir(settings.data_dir), settings.chroma_url)
    return ChromaManifestStore(client, settings.chroma_url)


@contextmanager
def _ingest_lock(data_dir: Path) -> Iterator[None]:
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / "ingest.lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another ingest is running on {data_dir}; wait for it") from None
        yield


def _in_scope(source: str, paths: Sequence[Path]) -> bool:
    resolved = Path(source).resolve()
    return any(resolved == p.resolve() or p.resolve() in resolved.parents for p in paths)


def _load_all(
    files: list[Path], report: IngestReport, progress: Progress, max_bytes: int
) -> list[Document]:
    docs: list[Document] = []
    for i, path in enumerate(files, 1):
        try:
            docs.append(load(path, max_bytes))
        except GovqaError as exc:
            report.failed.append((str(path), str(exc)))
        except Exception as exc:  # a reader library's own failure: report it, keep going
            report.failed.append((str(path), f"unreadable ({exc.__class__.__name__}: {exc})"))
        progress("read", i, len(files))
    return docs


def _unique(
    docs: list[Document], keep: dict[str, DocumentRecord], report: IngestReport
) -> list[Document]:
    """Drop documents whose id is taken by another file of this run or of the index."""
    seen: dict[str, str] = {d: r.source for d, r in keep.items()}
    out = []
    for doc in docs:
        other = seen.get(doc.id)
        moved = other is not None and not Path(other).exists()  # its file is gone: free the id
        if other is not None and not moved and Path(other).resolve() != Path(doc.source).resolve():
            report.failed.append(
                (doc.source, f"document id {doc.id!r} is already used by {other}; set another id")
            )
            continue
        seen[doc.id] = doc.source
        out.append(doc)
    return out


def ingest(
    paths: Sequence[Path],
    settings: Settings,
    embedder: Embedder,
    progress: Progress = lambda stage, done, total: None,
) -> IngestReport:
    """Bring the index up to date with the files under paths.

    Unchanged documents are not re-embedded; changed ones get new chunks; documents whose file
    under paths is gone are removed. A different model or chunking rebuilds everything.

    Raises:
        CorpusError: a path does not exist.
        StoreError: the index cannot be written, or another ingest holds it.
    """
    data_dir = settings.data_dir
    files = find_files(paths)
    with _ingest_lock(data_dir):
        report = IngestReport()
        manifests = open_manifests(settings)
        start_revision = manifests.revision()
        old = manifests.read()
        previous = dict(old.documents) if old else {}
        if old and old.index_hash != settings.index_hash():
            report.rebuilt_from = f"{old.embed_model}, index {old.index_hash}"
            extra = [Path(r.source) for d, r in previous.items() if not _in_scope(r.source, paths)]
            files += [f for f in extra if f.exists()]
            previous = {}
        docs = _load_all(files, report, progress, settings.max_file_bytes)
        failed_sources = {Path(s).resolve() for s, _ in report.failed}
        keep = {
            d: r
            for d, r in previous.items()
            if not _in_scope(r.source, paths) or Path(r.source).resolve() in failed_sources
        }
        docs = _unique(docs, keep, report)
        loaded = {doc.id for doc in docs}
        report.removed = sorted(d for d in previous if d not in keep and d not in loaded)
        collection = f"chunks-{settings.index_hash()}"
        store = open_store(settings, collection)
        sentences = open_sentences(settings, collection)
        records = dict(keep)
        for doc in docs:
            records[doc.id] = _index_document(
                doc, previous.get(doc.id), (store, sentences), settings, embedder, report, progress
            )
        manifest = Manifest(
            index_hash=settings.index_hash(),
            embed_model=settings.embed_model,
            collection=collection,
            updated=dt.datetime.now(dt.UTC),
            documents=dict(sorted(records.items())),
        )
        if manifests.revision() != start_revision:  # another host's ingest (server mode)
            raise StoreError(
                f"another ingest committed to {manifests.location} while this one ran; "
                "run govqa ingest again (its stored chunks are reused)"
            )
        manifests.write(manifest)
        live = manifest.live_ids()
        store.delete(store.ids() - live)
        sentences.keep_only(live)
        if old and old.collection != collection:
            for name in (old.collection, sentence_collection(old.collection)):
                ChromaStore.drop_collection(chroma_dir(data_dir), name, settings.chroma_url)
        return report


def _index_document(
    doc: Document,
    before: DocumentRecord | None,
    stores: tuple[ChromaStore, SentenceStore],
    settings: Settings,
    embedder: Embedder,
    report: IngestReport,
    progress: Progress,
) -> DocumentRecord:
    if before and before.content_hash == doc.content_hash and before.meta == doc.meta:
        report.unchanged.append(doc.id)
        return before.model_copy(update={"source": doc.source})  # the file may have moved
    (report.updated if before else report.added).append(doc.id)
    store, sentence_store = stores
    chunks = chunk(doc, settings.chunk_tokens, settings.chunk_overlap_tokens)
    have = store.existing([c.id for c in chunks])
    todo = [c for c in chunks if c.id not in have]
    step = settings.embed_batch_size
    for i in range(0, len(todo), step):
        batch = todo[i : i + step]
        sentences = [chunk_sentences(c) for c in batch]
        texts = [passage_text(c, doc.meta.title, doc.meta.about) for c in batch]
        # One call for the chunks and their sentences: the model sorts them by length.
        vectors = embedder.embed_documents(texts + [s for group in sentences for s in group])
        chunk_vectors, rest = vectors[: len(batch)], iter(vectors[len(batch) :])
        # Sentences first: a stored chunk always has its sentences (sentence_store.py).
        sentence_store.add(batch, [[next(rest) for _ in group] for group in sentences])
        extra = None
        if settings.latent_terms:
            # Without the note: with it, French questions and shipped MRR lost (README).
            plain = [passage_text(c, doc.meta.title) for c in batch]
            extra = [{LATENT_KEY: latent_terms.dump(latent_terms.encode(t))} for t in plain]
        store.add(batch, chunk_vectors, doc.meta.type, extra)
        report.chunks_embedded += len(batch)
        progress(f"embed {doc.id}", min(i + step, len(todo)), len(todo))
    return DocumentRecord(
        meta=doc.meta,
        source=doc.source,
        content_hash=doc.content_hash,
        chunk_ids=tuple(c.id for c in chunks),
    )
