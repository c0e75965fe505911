"""YAML front matter of corpus documents: the schema every corpus file follows."""

from __future__ import annotations

import datetime as dt
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govqa.errors import CorpusError

DocumentType = Literal["discussion-summary", "briefing-note", "primary-text", "glossary", "user"]

_FENCE = "---"


class DocumentMeta(BaseModel):
    """Front matter of a corpus document (see corpus/README.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$", description="Stable document id (slug).")
    title: str = Field(min_length=1, description="Human-readable title shown in citations.")
    type: DocumentType = Field(description="Kind of document; used by filters.")
    issuer: str = Field(min_length=1, description="Body that issued or wrote the document.")
    date: dt.date | None = Field(default=None, description="Date of the document (ISO).")
    language: str = Field(min_length=2, description="ISO 639-1 language code, e.g. 'en'.")
    official_url: str | None = Field(default=None, description="Where the official text lives.")
    sources: tuple[str, ...] = Field(default=(), description="URLs behind the facts used.")
    as_of: dt.date | None = Field(default=None, description="Date status facts were checked.")
    about: str | None = Field(
        default=None,
        min_length=1,
        description="One sentence on the issuing body, indexed with every passage, never shown.",
    )


def split_front_matter(text: str) -> tuple[dict[str, object] | None, int]:
    """Return the parsed front matter (or None) and the offset where the body starts."""
    if not text.startswith(_FENCE + "\n"):
        return None, 0
    end = text.find("\n" + _FENCE + "\n", len(_FENCE))
    if end == -1:
        raise CorpusError("front matter opened with '---' but never closed; add a '---' line")
    try:
        data = yaml.safe_load(text[len(_FENCE) + 1 : end])
    except yaml.YAMLError as exc:
        raise CorpusError(f"front matter is not valid YAML ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise CorpusError("front matter must be a YAML mapping of key: value lines")
    return data, end + len(_FENCE) + 2


def parse_meta(data: dict[str, object]) -> DocumentMeta:
    """Validate front matter against the corpus schema."""
    try:
        return DocumentMeta.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "front matter"
        raise CorpusError(f"front matter field '{where}': {first['msg']}") from exc
