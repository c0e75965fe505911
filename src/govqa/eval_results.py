"""Eval results: what each question scored, the run's summary, and comparisons between runs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from govqa.grounding import GroundingReport

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class CaseResult(BaseModel):
    """What one question scored."""

    model_config = _FROZEN

    id: str
    dataset: str = Field(description="File the question came from.")
    question: str
    answerable: bool
    answer: str = Field(description="The answer text, with markers.")
    abstained: bool
    why_abstained: str = Field(default="", description="The answer's reason for abstaining.")
    evidence_score: float = Field(default=0.0, description="The answer's evidence score.")
    evidence_overlap: float | None = Field(
        default=None, description="Share of the question's words the passages hold."
    )
    evidence_concepts: float | None = Field(
        default=None, description="Share of the question's latent concepts the best passage holds."
    )
    latency_ms: float = Field(description="Wall time of Assistant.ask.")
    relevant_ranks: tuple[int, ...] = Field(description="Ranks (1-based) of relevant passages.")
    first_relevant_rank: int | None = Field(description="Rank of the first relevant passage.")
    hit_at_1: float | None = Field(description="None for unanswerable questions.")
    hit_at_5: float | None
    recall_at_5: float | None = Field(description="Share of evidence strings in the top 5.")
    reciprocal_rank: float | None
    ndcg_at_10: float | None
    claim_support: float | None = Field(description="Supported claims ÷ claims; None if none.")
    fully_grounded: bool | None = Field(description="Every claim supported; None if none.")
    citation_recall: float | None
    citation_precision: float | None
    invalid_markers: tuple[int, ...] = Field(description="Markers that point at nothing.")
    key_fact_recall: float | None
    missing_key_facts: tuple[str, ...]
    grounding: GroundingReport


class RetrievalSummary(BaseModel):
    """Ranking metrics, averaged over answerable questions."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    hit_at_1: float | None = Field(alias="hit@1", description="Relevant passage ranked first.")
    hit_at_5: float | None = Field(alias="hit@5", description="Relevant passage in the top 5.")
    recall_at_5: float | None = Field(alias="recall@5", description="Evidence found in top 5.")
    mrr: float | None = Field(description="Mean reciprocal rank of the first relevant passage.")
    ndcg_at_10: float | None = Field(alias="ndcg@10", description="nDCG@10, binary gains.")


class GroundingSummary(BaseModel):
    """Grounding of the answers that make claims."""

    model_config = _FROZEN

    claim_support: float | None = Field(description="Supported claims ÷ all claims.")
    fully_grounded: float | None = Field(description="Share of answers with every claim held.")


class CitationSummary(BaseModel):
    """ALCE-style citation quality, averaged over answers that make claims."""

    model_config = _FROZEN

    recall: float | None = Field(description="Mean citation recall.")
    precision: float | None = Field(description="Mean citation precision.")
    invalid_markers: int = Field(description="Markers, over all answers, that point at nothing.")


class AnswerSummary(BaseModel):
    """Answer content."""

    model_config = _FROZEN

    key_fact_recall: float | None = Field(description="Mean share of key facts in the answer.")


class AbstentionSummary(BaseModel):
    """Abstaining on unanswerable questions."""

    model_config = _FROZEN

    precision: float | None = Field(description="Abstentions that were on unanswerable ones.")
    recall: float | None = Field(description="Unanswerable questions abstained on.")
    false_rate: float | None = Field(description="Answerable questions abstained on.")


class LatencySummary(BaseModel):
    """Wall time of Assistant.ask."""

    model_config = _FROZEN

    p50: float | None = Field(description="Median, in ms.")
    p95: float | None = Field(description="95th percentile, in ms (linear interpolation).")


class Summary(BaseModel):
    """The summary of a run; ``model_dump(by_alias=True)`` gives report.json's layout."""

    model_config = _FROZEN

    retrieval: RetrievalSummary
    grounding: GroundingSummary
    citations: CitationSummary
    answer: AnswerSummary
    abstention: AbstentionSummary
    latency_ms: LatencySummary
    settings_hash: str = Field(description="Hash of the settings that produced the answers.")
    dataset: str = Field(description="Names of the dataset files, comma-separated.")
    n_questions: int


class MetricDelta(BaseModel):
    """One summary metric in two runs."""

    model_config = _FROZEN

    metric: str = Field(description="Dotted name, e.g. 'retrieval.hit@5'.")
    before: float | None = Field(description="Value in the run compared against.")
    after: float | None = Field(description="Value in this run.")
    delta: float | None = Field(description="after - before; None when either is missing.")


class Comparison(BaseModel):
    """This run against an earlier one."""

    model_config = _FROZEN

    run_dir: str = Field(description="Folder of the earlier run.")
    settings_hash: str = Field(description="Settings hash of the earlier run.")
    deltas: tuple[MetricDelta, ...]


class EvalRun(BaseModel):
    """A finished evaluation: summary, cases and, with --compare, the differences."""

    model_config = _FROZEN

    summary: Summary
    cases: tuple[CaseResult, ...]
    checker: str = Field(description="Name of the support checker used.")
    created: str = Field(description="UTC time the run finished, ISO 8601.")
    out_dir: str | None = Field(description="Where the reports were written.")
    comparison: Comparison | None = None

    def report_json(self) -> dict[str, Any]:
        """The content of report.json."""
        return self.model_dump(mode="json", by_alias=True)
