"""Data that flows between stages: frozen, validated, described."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from govqa.frontmatter import DocumentMeta

_FROZEN = ConfigDict(frozen=True, extra="forbid")

ABSTENTION = "The sources do not address this."
"""The one sentence an abstaining answer says; shared by code, prompts and tests."""


class Document(BaseModel):
    """A source file read into text, with its metadata."""

    model_config = _FROZEN

    id: str = Field(description="Stable id: the front matter's id, else a slug of the file name.")
    source: str = Field(description="Path of the file the text came from.")
    text: str = Field(description="The text citations point into (front matter removed).")
    meta: DocumentMeta = Field(description="Title, type, issuer and the other corpus fields.")
    content_hash: str = Field(description="sha256 of the text; a change means re-chunking.")
    page_starts: tuple[int, ...] = Field(
        default=(), description="Offset in text where each page starts (paged formats only)."
    )


class Chunk(BaseModel):
    """A passage of a document, with offsets so a citation can show the exact span."""

    model_config = _FROZEN

    id: str = Field(description="Stable id derived from document id, offsets and text.")
    doc_id: str = Field(description="Id of the document the chunk comes from.")
    text: str = Field(description="Exactly document.text[start:end].")
    start: int = Field(ge=0, description="Start offset in the document text.")
    end: int = Field(gt=0, description="End offset (exclusive) in the document text.")
    section: str = Field(default="", description="Heading path, e.g. 'Key provisions > Art. 5'.")
    page: int | None = Field(default=None, description="1-based page of the start, if paged.")


class Hit(BaseModel):
    """A chunk returned by a retriever, with its score and rank."""

    model_config = _FROZEN

    chunk: Chunk
    score: float = Field(description="Retriever score; for fused hits the fused score.")
    rank: int = Field(ge=1, description="1-based rank in the result list.")
    retriever: str = Field(
        description="'dense', 'bm25', 'sentence', 'latent', 'document' or 'hybrid'."
    )


class Citation(BaseModel):
    """What a [n] marker points to: a span of a retrieved passage."""

    model_config = _FROZEN

    marker: int = Field(ge=1, description="The n of [n] in the answer text.")
    chunk_id: str
    doc_id: str
    title: str = Field(description="Title of the cited document.")
    section: str = Field(description="Section path of the cited passage.")
    quote: str = Field(description="The cited span; exactly document.text[start:end].")
    start: int = Field(ge=0, description="Start offset of the quote in the document text.")
    end: int = Field(gt=0, description="End offset (exclusive) of the quote.")
    source: str | None = Field(description="Official URL of the document, if it has one.")


class AnswerSentence(BaseModel):
    """One sentence of an answer and the markers it carries."""

    model_config = _FROZEN

    text: str = Field(description="The sentence as shown, without its markers.")
    citations: tuple[int, ...] = Field(description="Markers ([n]) the sentence carries.")
    supported: bool = Field(description="Whether its cited passages support it.")
    score: float = Field(description="Evidence score of the sentence (0 to 1).")
    invalid_citations: tuple[int, ...] = Field(
        default=(), description="Markers of the sentence that point at no passage."
    )
    reason: str = Field(default="", description="Why the verifier decided so (generated answers).")


class Answer(BaseModel):
    """The result of asking a question."""

    model_config = _FROZEN

    question: str
    text: str = Field(description="The answer as shown, with [n] markers.")
    sentences: tuple[AnswerSentence, ...]
    citations: tuple[Citation, ...]
    hits: tuple[Hit, ...] = Field(description="Passages retrieved, best first.")
    abstained: bool = Field(description="True when the sources do not address the question.")
    evidence_score: float = Field(
        description="Score of the best evidence sentence; below the threshold means abstain."
    )
    why_abstained: str = Field(
        default="",
        description="Why the answer abstained, e.g. 'no sentence holds a date' or 'best score "
        "0.762 < 0.77'; empty when it answered.",
    )
    evidence_overlap: float | None = Field(
        default=None,
        description="Share of the question's content words found in the candidate sentences; "
        "without a concept measure (evidence_concepts), under the calibrated share the higher "
        "low-overlap threshold applies. None when not measured (a gate decided first, "
        "answer_check is off, or an LLM wrote the answer).",
    )
    evidence_concepts: float | None = Field(
        default=None,
        description="Share of the question's latent concepts (e5's sparse terms) that the "
        "passage of the best eligible sentence holds; under the calibrated share the higher "
        "low-overlap threshold applies. None when not measured (as evidence_overlap, an index "
        "without latent terms, or a model with no calibrated concept share, such as MiniLM).",
    )
    settings_hash: str = Field(description="Hash of the settings that produced the answer.")
    timings_ms: dict[str, float] = Field(description="Milliseconds per stage.")
    generator: str = Field(
        default="extractive", description="What wrote the answer: 'extractive' or an LLM backend."
    )
    notice: str = Field(
        default="", description="One line for the reader, e.g. why the extractive answer is shown."
    )
    language: str = Field(
        default="en", description="Language of the question (en, fr, es); text says so if not en."
    )


class Filters(BaseModel):
    """Restrict a question to some documents or document types."""

    model_config = _FROZEN

    doc_ids: tuple[str, ...] | None = Field(default=None, description="Only these documents.")
    doc_types: tuple[str, ...] | None = Field(default=None, description="Only these types.")
