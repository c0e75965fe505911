"""The manifest: which documents and chunks make up the live index, written atomically.

The manifest is the commit point of an ingest. New chunks are stored first (invisible, since
retrieval only returns chunk ids the manifest lists), then the manifest is replaced in one
``os.replace``, then orphaned chunks are deleted. An ingest killed at any point leaves the
previous manifest and all of its chunks in place.

In server mode (setting chroma_url) the manifest is one record of a small collection in the Chroma
server itself, replaced by one upsert, so every app replica sees the same commits. Each commit
carries a new revision; replicas compare it on every question and reload when it changed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govqa.errors import StoreError
from govqa.frontmatter import DocumentMeta


class DocumentRecord(BaseModel):
    """A document of the live index."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    meta: DocumentMeta
    source: str = Field(description="File it was read from.")
    content_hash: str = Field(description="sha256 of its text when ingested.")
    chunk_ids: tuple[str, ...] = Field(description="Its chunks, in document order.")


class Manifest(BaseModel):
    """State of the live index."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    index_hash: str = Field(description="Settings hash of model and chunking.")
    embed_model: str
    collection: str = Field(description="Chroma collection holding the vectors.")
    updated: dt.datetime = Field(description="When the last ingest finished (UTC).")
    documents: dict[str, DocumentRecord] = Field(default_factory=dict)

    def live_ids(self) -> set[str]:
        """Every chunk id the index answers from."""
        return {cid for doc in self.documents.values() for cid in doc.chunk_ids}


def manifest_path(data_dir: Path) -> Path:
    """Where the manifest of an index lives."""
    return data_dir / "manifest.json"


def read_manifest(data_dir: Path) -> Manifest | None:
    """The manifest, or None when nothing has been ingested.

    Raises:
        StoreError: the manifest exists but cannot be read.
    """
    path = manifest_path(data_dir)
    if not path.exists():
        return None
    try:
        return Manifest.model_validate_json(path.read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError) as exc:
        raise StoreError(
            f"index manifest {path} is unreadable ({exc.__class__.__name__}); "
            "delete the data directory and run govqa ingest"
        ) from exc


def write_manifest(data_dir: Path, manifest: Manifest) -> None:
    """Replace the manifest atomically: readers see the old one or the new one, never a mix."""
    path = manifest_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest.model_dump(mode="json"), indent=1))
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)


class ManifestStore(Protocol):
    """Where the manifest of an index is committed and read back."""

    location: str

    def read(self) -> Manifest | None:
        """The committed manifest, or None when nothing has been ingested."""
        ...

    def revision(self) -> str | None:
        """A token that changes on every commit (None before the first)."""
        ...

    def write(self, manifest: Manifest) -> None:
        """Commit a manifest atomically."""
        ...


class FileManifestStore:
    """The manifest as data_dir/manifest.json (embedded mode)."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.location = str(manifest_path(data_dir))

    def read(self) -> Manifest | None:
        """The manifest file, parsed."""
        return read_manifest(self.data_dir)

    def revision(self) -> str | None:
        """Inode, mtime and size: os.replace gives every commit a new inode."""
        try:
            st = manifest_path(self.data_dir).stat()
        except FileNotFoundError:
            return None
        return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"

    def write(self, manifest: Manifest) -> None:
        """Replace the file atomically."""
        write_manifest(self.data_dir, manifest)


MANIFEST_COLLECTION = "govqa-manifest"
_RECORD = "manifest"


class ChromaManifestStore:
    """The manifest as one record of a collection in the Chroma server (server mode)."""

    def __init__(self, client: Any, url: str) -> None:
        self.location = f"{url} (collection {MANIFEST_COLLECTION})"
        try:
            self._collection = client.get_or_create_collection(
                MANIFEST_COLLECTION, embedding_function=None
            )
        except Exception as exc:  # chromadb raises many unrelated types
            raise StoreError(f"cannot open the manifest at {self.location} ({exc})") from exc

    def _get(self, include: list[str]) -> Any:
        try:
            return self._collection.get(ids=[_RECORD], include=include)
        except Exception as exc:  # the server went away, or the collection was dropped
            raise StoreError(
                f"cannot read the manifest at {self.location} ({exc.__class__.__name__}); "
                "check that the Chroma server is running"
            ) from exc

    def read(self) -> Manifest | None:
        """The committed manifest, parsed."""
        got = self._get(["documents"])
        if not got["ids"]:
            return None
        try:
            return Manifest.model_validate_json(got["documents"][0])
        except (ValidationError, ValueError) as exc:
            raise StoreError(
                f"index manifest at {self.location} is unreadable ({exc.__class__.__name__}); "
                "run govqa ingest to rewrite it"
            ) from exc

    def revision(self) -> str | None:
        """The revision stamped on the last commit."""
        got = self._get(["metadatas"])
        return str(got["metadatas"][0]["revision"]) if got["ids"] else None

    def write(self, manifest: Manifest) -> None:
        """Replace the record in one upsert: readers see the old manifest or the new one."""
        body = json.dumps(manifest.model_dump(mode="json"))
        meta = {"revision": uuid.uuid4().hex, "updated": manifest.updated.isoformat()}
        try:
            self._collection.upsert(
                ids=[_RECORD], documents=[body], metadatas=[meta], embeddings=[[1.0]]
            )
        except Exception as exc:
            raise StoreError(f"cannot commit the manifest to {self.location} ({exc})") from exc
