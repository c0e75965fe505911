"""Evaluation: run every question of the datasets through the assistant and score it.

Entry point: :func:`run_eval` (reports are written by :mod:`govqa.report`). Datasets live in
:mod:`govqa.eval_datasets`, per-question metrics in :mod:`govqa.eval_metrics`, result types in
:mod:`govqa.eval_results`, comparisons and floors in :mod:`govqa.eval_gate`; their public names
are importable from here too.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from govqa.checkers import make_checker
from govqa.errors import InputError
from govqa.eval_datasets import EvalCase, dataset_files, load_dataset, load_datasets
from govqa.eval_gate import check_floors, compare_runs, flatten, load_floors, read_run
from govqa.eval_metrics import (
    citation_scores,
    contains_any,
    evidence_recall,
    first_rank,
    hit_at,
    key_fact_recall,
    ndcg_at,
    normalise,
    percentile,
    reciprocal_rank,
    relevance,
)
from govqa.eval_results import (
    AbstentionSummary,
    AnswerSummary,
    CaseResult,
    CitationSummary,
    Comparison,
    EvalRun,
    GroundingSummary,
    LatencySummary,
    MetricDelta,
    RetrievalSummary,
    Summary,
)
from govqa.grounding import SupportChecker, check_grounding, strip_markers
from govqa.types import Answer

if TYPE_CHECKING:
    from govqa.pipeline import Assistant

__all__ = [
    "RETRIEVAL_DEPTH",
    "AbstentionSummary",
    "AnswerSummary",
    "CaseResult",
    "CitationSummary",
    "Comparison",
    "EvalCase",
    "EvalRun",
    "GroundingSummary",
    "LatencySummary",
    "MetricDelta",
    "RetrievalSummary",
    "Summary",
    "abstention_scores",
    "check_floors",
    "citation_scores",
    "compare_runs",
    "contains_any",
    "dataset_files",
    "default_run_dir",
    "evaluate_case",
    "evidence_recall",
    "first_rank",
    "flatten",
    "hit_at",
    "key_fact_recall",
    "load_dataset",
    "load_datasets",
    "load_floors",
    "ndcg_at",
    "normalise",
    "percentile",
    "read_run",
    "reciprocal_rank",
    "relevance",
    "run_eval",
    "summarise",
]

RETRIEVAL_DEPTH = 10
"""Passages retrieved per question for the ranking metrics (nDCG@10 needs ten)."""


def evaluate_case(
    assistant: Assistant, case: EvalCase, checker: SupportChecker
) -> tuple[CaseResult, Answer]:
    """Ask one question and score it."""
    clock = time.perf_counter()
    try:
        answer = assistant.ask(case.question, filters=case.filters)
    except InputError as exc:  # a filter naming no document, a question over the limit
        raise InputError(f"{case.dataset}: id {case.id!r}: {exc}") from exc
    latency = (time.perf_counter() - clock) * 1000
    hits = assistant.retrieve(case.question, case.filters, top_k=RETRIEVAL_DEPTH)
    relevant = relevance(hits, case.evidence)
    grounding = check_grounding(answer, checker)
    cite_recall, cite_precision = citation_scores(answer, grounding, checker)
    ranked = case.answerable and bool(case.evidence)
    text = normalise(strip_markers(answer.text))
    result = CaseResult(
        id=case.id,
        dataset=case.dataset,
        question=case.question,
        answerable=case.answerable,
        answer=answer.text,
        abstained=answer.abstained,
        why_abstained=answer.why_abstained,
        evidence_score=answer.evidence_score,
        evidence_overlap=answer.evidence_overlap,
        evidence_concepts=answer.evidence_concepts,
        latency_ms=round(latency, 1),
        relevant_ranks=tuple(i for i, r in enumerate(relevant, 1) if r),
        first_relevant_rank=first_rank(relevant),
        hit_at_1=hit_at(relevant, 1) if ranked else None,
        hit_at_5=hit_at(relevant, 5) if ranked else None,
        recall_at_5=evidence_recall(hits, case.evidence, 5) if ranked else None,
        reciprocal_rank=reciprocal_rank(relevant) if ranked else None,
        ndcg_at_10=ndcg_at(relevant, 10) if ranked else None,
        claim_support=grounding.score if grounding.claims else None,
        fully_grounded=all(c.supported for c in grounding.claims) if grounding.claims else None,
        citation_recall=cite_recall,
        citation_precision=cite_precision,
        invalid_markers=grounding.invalid_citations,
        key_fact_recall=key_fact_recall(answer.text, case.key_facts) if case.answerable else None,
        missing_key_facts=tuple(f for f in case.key_facts if normalise(f) not in text),
        grounding=grounding,
    )
    return result, answer


def summarise(cases: Sequence[CaseResult], settings_hash: str, dataset: str) -> Summary:
    """Summary metrics over the cases (metrics undefined on every case are None)."""
    claims = [c for case in cases for c in case.grounding.claims]
    return Summary(
        retrieval=RetrievalSummary(
            hit_at_1=_mean(c.hit_at_1 for c in cases),
            hit_at_5=_mean(c.hit_at_5 for c in cases),
            recall_at_5=_mean(c.recall_at_5 for c in cases),
            mrr=_mean(c.reciprocal_rank for c in cases),
            ndcg_at_10=_mean(c.ndcg_at_10 for c in cases),
        ),
        grounding=GroundingSummary(
            claim_support=_mean(1.0 if c.supported else 0.0 for c in claims),
            fully_grounded=_mean(_float(c.fully_grounded) for c in cases),
        ),
        citations=CitationSummary(
            recall=_mean(c.citation_recall for c in cases),
            precision=_mean(c.citation_precision for c in cases),
            invalid_markers=sum(len(c.invalid_markers) for c in cases),
        ),
        answer=AnswerSummary(key_fact_recall=_mean(c.key_fact_recall for c in cases)),
        abstention=abstention_scores([(c.answerable, c.abstained) for c in cases]),
        latency_ms=LatencySummary(
            p50=percentile([c.latency_ms for c in cases], 50),
            p95=percentile([c.latency_ms for c in cases], 95),
        ),
        settings_hash=settings_hash,
        dataset=dataset,
        n_questions=len(cases),
    )


def abstention_scores(outcomes: Sequence[tuple[bool, bool]]) -> AbstentionSummary:
    """Precision and recall of abstaining on unanswerable questions; false-abstention rate.

    Args:
        outcomes: (answerable, abstained) per question.
    """
    abstained = [answerable for answerable, gave_up in outcomes if gave_up]
    unanswerable = [gave_up for answerable, gave_up in outcomes if not answerable]
    answerable = [gave_up for ok, gave_up in outcomes if ok]
    return AbstentionSummary(
        precision=_ratio(sum(not a for a in abstained), len(abstained)),
        recall=_ratio(sum(unanswerable), len(unanswerable)),
        false_rate=_ratio(sum(answerable), len(answerable)),
    )


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def _float(value: bool | None) -> float | None:
    return None if value is None else float(value)


def _mean(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


def run_eval(
    assistant: Assistant,
    dataset_paths: Sequence[Path],
    out_dir: Path | None,
    compare: Path | None = None,
    checker: SupportChecker | None = None,
    progress: Callable[[CaseResult], None] | None = None,
) -> EvalRun:
    """Run every question of the datasets through the assistant, score it, write the reports.

    Args:
        assistant: An Assistant with an index (run ingest first).
        dataset_paths: YAML files or folders of them (e.g. ``[Path("eval")]``).
        out_dir: Folder for report.json, report.md, report.html and charts; None writes nothing.
            :func:`default_run_dir` names one after the time and the settings hash.
        compare: Folder of an earlier run (with report.json) to compute deltas against.
        checker: Support checker; default the one the settings name (``support_checker``,
            :func:`govqa.checkers.make_checker`), i.e. ``OverlapSupportChecker``.
        progress: Called with each finished case, e.g. to print a line.

    Returns:
        The run, with summary, cases and comparison.

    Raises:
        InputError: a dataset or the compared run cannot be read.
        StoreError: there is no usable index.

    Example:
        >>> run = run_eval(Assistant.from_settings(), [Path("eval")], Path("runs/latest"))
        >>> run.summary.retrieval.hit_at_5
    """
    cases = load_datasets(dataset_paths)
    earlier = read_run(compare) if compare is not None else None
    if checker is None and assistant.settings.generator != "extractive":
        checker = assistant.answerer.checker  # support_checker=llm judges with the generator's LLM
    checker = checker or make_checker(assistant.settings)
    results = []
    for case in cases:
        result, _ = evaluate_case(assistant, case, checker)
        results.append(result)
        if progress:
            progress(result)
    names = ",".join(dict.fromkeys(c.dataset for c in cases))
    summary = summarise(results, assistant.settings.settings_hash(), names)
    run = EvalRun(
        summary=summary,
        cases=tuple(results),
        checker=checker.name,
        created=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        out_dir=str(out_dir) if out_dir is not None else None,
        comparison=compare_runs(summary, *earlier) if earlier and compare else None,
    )
    if out_dir is not None:
        from govqa.report import write_reports

        write_reports(run, out_dir)
    return run


def default_run_dir(base: Path, settings_hash: str) -> Path:
    """``base/<UTC time>-<settings hash>``: a new folder per run, named by what produced it."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return base / f"{stamp}-{settings_hash}"
