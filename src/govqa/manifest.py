"""The manifest: which documents and chunks make up the live index, written atomically.

The manifest is the commit point of an ingest. New chunks are stored first (invisible, since
retrieval only returns chunk ids the manifest lists), then the manifest is replaced in one
``os.replace``, then orphaned chunks are deleted. An ingest killed at any point leaves the
previous manifest and all of its chunks in place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

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
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps(manifest.model_dump(mode="json"), indent=1))
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(path)
