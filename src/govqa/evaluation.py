"""Evaluation: datasets of questions, metrics per question and in summary, runs and floors.

Entry point: :func:`run_eval` (reports are written by :mod:`govqa.report`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import time
import tomllib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govqa.errors import InputError
from govqa.grounding import (
    GroundingReport,
    OverlapSupportChecker,
    SupportChecker,
    check_grounding,
    cited_passages,
    strip_markers,
)
from govqa.types import Answer, Filters, Hit

if TYPE_CHECKING:
    from govqa.pipeline import Assistant

_FROZEN = ConfigDict(frozen=True, extra="forbid")
RETRIEVAL_DEPTH = 10
"""Passages retrieved per question for the ranking metrics (nDCG@10 needs ten)."""


# --- Datasets --------------------------------------------------------------------------------


class EvalCase(BaseModel):
    """One question of an eval dataset."""

    model_config = _FROZEN

    id: str = Field(min_length=1, description="Unique id within the dataset.")
    question: str = Field(min_length=1, description="The question as a user would ask it.")
    answerable: bool = Field(description="Whether the corpus answers it.")
    evidence: tuple[str, ...] = Field(
        default=(), description="Strings a relevant passage contains (case/space-insensitive)."
    )
    key_facts: tuple[str, ...] = Field(default=(), description="Strings a good answer contains.")
    language: str | None = Field(default=None, description="Language of the question, if noted.")
    filters: Filters | None = Field(default=None, description="Restrict retrieval, as in ask.")
    dataset: str = Field(default="", description="Name of the file the case came from.")

    @field_validator("evidence", "key_facts")
    @classmethod
    def _no_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not v.strip() for v in value):
            raise ValueError("must not contain empty strings")
        return value


def dataset_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named or found (not recursively) in the given files and folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"no dataset at {path}; give a YAML file or a folder of them")
    if not found:
        raise InputError(f"no .yaml dataset in {', '.join(map(str, paths))}")
    return found


def load_dataset(path: Path) -> list[EvalCase]:
    """Read and validate one dataset file.

    Raises:
        InputError: the file is not a YAML list of valid cases; the message names the file, the
            item and the field.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read as YAML ({' '.join(str(exc).split())})") from exc
    if not isinstance(data, list):
        raise InputError(f"{path}: must be a YAML list of questions, got {type(data).__name__}")
    cases = [_case(path, i, item) for i, item in enumerate(data, 1)]
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(f"{path}: duplicate id {duplicates[0]!r}; ids must be unique")
    return cases


def _case(path: Path, number: int, item: object) -> EvalCase:
    where = f"{path}: item {number}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: must be a mapping with id, question, answerable, ...")
    if "id" in item:
        where += f" (id {item['id']!r})"
    try:
        return EvalCase.model_validate({**item, "dataset": path.stem})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "item"
        raise InputError(f"{where}: field {field!r}: {err['msg']}") from None


def load_datasets(paths: Sequence[Path]) -> list[EvalCase]:
    """Cases of every dataset file in paths (files or folders), in file order."""
    return [case for path in dataset_files(paths) for case in load_dataset(path)]


# --- Metrics on one question -----------------------------------------------------------------


def normalise(text: str) -> str:
    """Case- and whitespace-insensitive form used by every containment test."""
    return " ".join(text.split()).casefold()


def contains_any(text: str, needles: Iterable[str]) -> bool:
    """Whether text contains one of the needles, case- and whitespace-insensitively."""
    haystack = normalise(text)
    return any(normalise(n) in haystack for n in needles)


def relevance(hits: Sequence[Hit], evidence: Sequence[str]) -> list[bool]:
    """Per hit, best first: whether its passage contains an evidence string."""
    return [contains_any(h.chunk.text, evidence) for h in hits]


def first_rank(relevant: Sequence[bool]) -> int | None:
    """1-based rank of the first relevant passage, or None."""
    return next((i for i, r in enumerate(relevant, 1) if r), None)


def hit_at(relevant: Sequence[bool], k: int) -> float:
    """1 when a relevant passage is in the top k, else 0."""
    return 1.0 if any(relevant[:k]) else 0.0


def reciprocal_rank(relevant: Sequence[bool]) -> float:
    """1 / rank of the first relevant passage; 0 when none is retrieved."""
    rank = first_rank(relevant)
    return 1.0 / rank if rank else 0.0


def evidence_recall(hits: Sequence[Hit], evidence: Sequence[str], k: int) -> float:
    """Share of evidence strings found in the top k passages."""
    if not evidence:
        return 0.0
    top = [normalise(h.chunk.text) for h in hits[:k]]
    return sum(any(normalise(e) in t for t in top) for e in evidence) / len(evidence)


def ndcg_at(relevant: Sequence[bool], k: int) -> float:
    """nDCG@k with binary gains; the ideal ranking puts every relevant passage retrieved first.

    Relevance is only known for retrieved passages, so the ideal is built from them (with at
    least one relevant passage, since an answerable question has one).
    """
    gains = [1.0 if r else 0.0 for r in relevant[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    n_ideal = min(k, max(1, sum(1 for r in relevant if r)))
    idcg = sum(1 / math.log2(i + 2) for i in range(n_ideal))
    return dcg / idcg


def key_fact_recall(answer_text: str, key_facts: Sequence[str]) -> float | None:
    """Share of key facts present in the answer (markers removed); None without key facts."""
    if not key_facts:
        return None
    text = normalise(strip_markers(answer_text))
    return sum(normalise(f) in text for f in key_facts) / len(key_facts)


def citation_scores(
    answer: Answer, grounding: GroundingReport, checker: SupportChecker
) -> tuple[float | None, float | None]:
    """ALCE citation recall and precision of one answer; None when it makes no claim.

    Recall: share of sentences whose cited passages together support them (no citation: 0).
    Precision: share of citations that are relevant; in a supported sentence with several
    citations, one is irrelevant when it alone does not support the sentence and the others
    still do; every citation of an unsupported sentence is irrelevant.
    """
    if not grounding.claims:
        return None, None
    passages = cited_passages(answer)
    recall = sum(c.supported for c in grounding.claims) / len(grounding.claims)
    relevant = total = 0
    for claim in grounding.claims:
        cited = [m for m in dict.fromkeys(claim.markers) if m in passages]
        total += len(claim.markers)
        if claim.supported and len(cited) > 1:
            relevant += sum(_necessary(claim.claim, m, cited, passages, checker) for m in cited)
        elif claim.supported:
            relevant += len(cited)
    return recall, (relevant / total if total else 0.0)


def _necessary(
    claim: str,
    marker: int,
    cited: list[int],
    passages: Mapping[int, tuple[str, str]],
    checker: SupportChecker,
) -> bool:
    if checker.supports(claim, [passages[marker][1]]).supported:
        return True
    rest = [passages[m][1] for m in cited if m != marker]
    return not checker.supports(claim, rest).supported


# --- Results ---------------------------------------------------------------------------------


class CaseResult(BaseModel):
    """What one question scored."""

    model_config = _FROZEN

    id: str
    dataset: str = Field(description="File the question came from.")
    question: str
    answerable: bool
    answer: str = Field(description="The answer text, with markers.")
    abstained: bool
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


# --- Running ---------------------------------------------------------------------------------


def evaluate_case(
    assistant: Assistant, case: EvalCase, checker: SupportChecker
) -> tuple[CaseResult, Answer]:
    """Ask one question and score it."""
    clock = time.perf_counter()
    answer = assistant.ask(case.question, filters=case.filters)
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


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile with linear interpolation between ranks (numpy's default)."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    value = ordered[low] + (ordered[high] - ordered[low]) * (pos - low)
    return round(value, 1)


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
        checker: Support checker; default ``OverlapSupportChecker(assistant.embedder)``.
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
    checker = checker or OverlapSupportChecker(assistant.embedder)
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


# --- Comparing and gating --------------------------------------------------------------------


def flatten(summary: Mapping[str, Any], prefix: str = "") -> dict[str, float | None]:
    """Numeric summary metrics as {'retrieval.hit@5': 0.9, ...}."""
    out: dict[str, float | None] = {}
    for key, value in summary.items():
        if isinstance(value, Mapping):
            out |= flatten(value, f"{prefix}{key}.")
        elif prefix and (value is None or isinstance(value, int | float)):
            out[prefix + key] = None if value is None else float(value)
    return out


def read_run(run_dir: Path) -> tuple[dict[str, Any], Path]:
    """The summary of an earlier run's report.json.

    Raises:
        InputError: the folder holds no readable report.json.
    """
    path = run_dir / "report.json" if run_dir.is_dir() else run_dir
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        summary = data["summary"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not a readable eval report ({exc.__class__.__name__})") from exc
    if not isinstance(summary, dict):
        raise InputError(f"{path}: field 'summary' must be an object")
    return summary, run_dir


def compare_runs(summary: Summary, before: Mapping[str, Any], run_dir: Path) -> Comparison:
    """Differences per summary metric between an earlier run and this one."""
    now = flatten(summary.model_dump(mode="json", by_alias=True))
    then = flatten(before)
    deltas = []
    for metric in list(dict.fromkeys([*now, *then])):
        a, b = then.get(metric), now.get(metric)
        delta = None if a is None or b is None else round(b - a, 4)
        deltas.append(MetricDelta(metric=metric, before=a, after=b, delta=delta))
    return Comparison(
        run_dir=str(run_dir),
        settings_hash=str(before.get("settings_hash", "")),
        deltas=tuple(deltas),
    )


def load_floors(path: Path) -> dict[str, dict[str, float]]:
    """Floors and ceilings from a TOML file with ``[min]`` and ``[max]`` tables of metrics.

    Raises:
        InputError: the file is unreadable or names a value that is not a number.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: cannot read floors ({exc})") from exc
    limits: dict[str, dict[str, float]] = {"min": {}, "max": {}}
    for side in limits:
        for metric, value in data.get(side, {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise InputError(f"{path}: [{side}] {metric} = {value!r} must be a number")
            limits[side][metric] = float(value)
    return limits


def check_floors(summary: Summary, limits: Mapping[str, Mapping[str, float]]) -> list[str]:
    """One line per metric below its floor or above its ceiling (or not measured); [] passes."""
    values = flatten(summary.model_dump(mode="json", by_alias=True))
    failures = []
    for side, bound in (("min", "floor"), ("max", "ceiling")):
        for metric, limit in limits.get(side, {}).items():
            value = values.get(metric)
            if metric not in values:
                failures.append(f"{metric}: not a summary metric; see report.json's summary")
            elif value is None:
                failures.append(f"{metric}: not measured by this dataset ({bound} {limit})")
            elif (value < limit) if side == "min" else (value > limit):
                failures.append(
                    f"{metric} = {value} is {'below' if side == 'min' else 'above'} "
                    f"its {bound} {limit}"
                )
    return failures
