"""Eval metrics on hand-made rankings and answers, dataset validation, and one end-to-end run."""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml
from conftest import cited_answer, ranked_hits

from govqa import Assistant
from govqa.errors import InputError
from govqa.evaluation import (
    EvalRun,
    abstention_scores,
    check_floors,
    citation_scores,
    compare_runs,
    evidence_recall,
    first_rank,
    flatten,
    hit_at,
    key_fact_recall,
    load_dataset,
    load_datasets,
    load_floors,
    ndcg_at,
    percentile,
    read_run,
    reciprocal_rank,
    relevance,
    run_eval,
)
from govqa.grounding import Verdict, check_grounding

ROOT = Path(__file__).resolve().parents[1]
SUMMARY_KEYS = {
    "retrieval": {"hit@1", "hit@5", "recall@5", "mrr", "ndcg@10"},
    "grounding": {"claim_support", "fully_grounded"},
    "citations": {"recall", "precision", "invalid_markers"},
    "answer": {"key_fact_recall"},
    "abstention": {"precision", "recall", "false_rate"},
    "latency_ms": {"p50", "p95"},
}


# --- retrieval -------------------------------------------------------------------------------


def test_relevance_is_case_and_whitespace_insensitive() -> None:
    hits = ranked_hits(["Opened for\n signature  on 5 SEPTEMBER 2024.", "Nothing here."])
    assert relevance(hits, ["opened for signature on 5 September"]) == [True, False]


def test_mrr_of_ranks_one_three_and_none() -> None:
    rankings = [[True, False, False], [False, False, True], [False, False, False]]
    assert [first_rank(r) for r in rankings] == [1, 3, None]
    mrr = sum(reciprocal_rank(r) for r in rankings) / len(rankings)
    assert mrr == pytest.approx((1 + 1 / 3 + 0) / 3)


def test_hit_at_k() -> None:
    ranking = [False, False, True, False, False, False]
    assert (hit_at(ranking, 1), hit_at(ranking, 3), hit_at(ranking, 5)) == (0.0, 1.0, 1.0)
    assert hit_at([False] * 5 + [True], 5) == 0.0


def test_ndcg_at_10_by_hand() -> None:
    ranking = [False, True, False, True] + [False] * 8
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)
    assert ndcg_at(ranking, 10) == pytest.approx(dcg / ideal)
    assert ndcg_at([True, True], 10) == pytest.approx(1.0)
    assert ndcg_at([False] * 10, 10) == 0.0
    assert ndcg_at([False] * 10 + [True], 10) == 0.0  # rank 11 is past the cut-off


def test_recall_at_5_counts_evidence_strings_found() -> None:
    hits = ranked_hits(["alpha beta", "x", "y", "z", "w", "gamma"])
    assert evidence_recall(hits, ["ALPHA", "gamma", "Beta"], 5) == pytest.approx(2 / 3)


# --- answer, abstention, latency -------------------------------------------------------------


def test_key_fact_recall() -> None:
    text = "It opened on 5  September 2024 [1] in vilnius. [2]"
    assert key_fact_recall(text, ["5 September 2024", "Vilnius", "Strasbourg"]) == 2 / 3
    assert key_fact_recall(text, []) is None
    assert key_fact_recall("See 2024 [1] twice.", ["2024 twice"]) == 1.0  # markers ignored


def test_abstention_precision_recall_and_false_rate() -> None:
    # (answerable, abstained): 2 of 3 unanswerable caught, 1 of 4 answerable lost.
    outcomes = [
        (False, True),
        (False, True),
        (False, False),
        (True, True),
        (True, False),
        (True, False),
        (True, False),
    ]
    scores = abstention_scores(outcomes)
    assert scores.precision == pytest.approx(2 / 3, abs=1e-4)
    assert scores.recall == pytest.approx(2 / 3, abs=1e-4)
    assert scores.false_rate == 0.25
    assert abstention_scores([(True, False)]).recall is None  # nothing to abstain on


def test_percentile_interpolates() -> None:
    assert percentile([40, 10, 30, 20], 50) == 25.0
    assert percentile([10, 20, 30, 40], 95) == 38.5
    assert percentile([], 50) is None


# --- citations -------------------------------------------------------------------------------


class ContainsChecker:
    """Supported when one passage contains the claim: predictable verdicts for metric tests."""

    name = "contains"

    def supports(self, claim: str, passages: Sequence[str]) -> Verdict:
        found = any(claim.lower() in p.lower() for p in passages)
        return Verdict(supported=found, score=float(found), reason="contains" if found else "no")


def test_alce_citation_recall_and_precision() -> None:
    answer = cited_answer(
        [("claim a", (1, 2)), ("claim b", (2,)), ("claim c", (1,))],
        ["text with claim a", "text with claim b"],
    )
    checker = ContainsChecker()
    grounding = check_grounding(answer, checker)
    recall, precision = citation_scores(answer, grounding, checker)
    # a: supported, [1] needed, [2] redundant; b: supported by [2]; c: unsupported.
    assert recall == pytest.approx(2 / 3)
    assert precision == pytest.approx(2 / 4)


def test_citation_scores_of_an_answer_without_claims() -> None:
    answer = cited_answer([], ["p"]).model_copy(update={"abstained": True})
    grounding = check_grounding(answer, ContainsChecker())
    assert citation_scores(answer, grounding, ContainsChecker()) == (None, None)
    assert grounding.passed


def test_dangling_markers_count_in_precision_denominator() -> None:
    answer = cited_answer([("claim a", (1, 4))], ["claim a here"])
    grounding = check_grounding(answer, ContainsChecker())
    assert grounding.invalid_citations == (4,)
    assert citation_scores(answer, grounding, ContainsChecker()) == (1.0, 0.5)


# --- datasets --------------------------------------------------------------------------------

GOOD = {"id": "a", "question": "Q?", "answerable": True, "evidence": ["e"], "key_facts": ["k"]}


def _write(tmp_path: Path, data: object, name: str = "set.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_dataset_loads_with_filters_and_language(tmp_path: Path) -> None:
    item = {**GOOD, "language": "en", "filters": {"doc_ids": ["eu-ai-act"]}}
    (case,) = load_dataset(_write(tmp_path, [item]))
    assert case.filters is not None and case.filters.doc_ids == ("eu-ai-act",)
    assert case.dataset == "set"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([{**GOOD, "answerable": "perhaps"}], "field 'answerable'"),
        ([{k: v for k, v in GOOD.items() if k != "question"}], "field 'question'"),
        ([{**GOOD, "evidences": ["x"]}], "field 'evidences'"),
        ([{**GOOD, "filters": {"doc_id": ["x"]}}], "field 'filters.doc_id'"),
        ([{**GOOD, "key_facts": [" "]}], "field 'key_facts'"),
        ([GOOD, GOOD], "duplicate id 'a'"),
        ({"id": "a"}, "must be a YAML list"),
        (["just a string"], "item 1: must be a mapping"),
    ],
)
def test_bad_dataset_gives_one_line_naming_file_and_field(
    tmp_path: Path, data: object, expected: str
) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(InputError) as info:
        load_dataset(path)
    message = str(info.value)
    assert str(path) in message and expected in message
    assert "\n" not in message


def test_datasets_from_a_folder_and_missing_paths(tmp_path: Path) -> None:
    _write(tmp_path, [GOOD], "one.yaml")
    _write(tmp_path, [{**GOOD, "id": "b"}], "two.yml")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert [c.id for c in load_datasets([tmp_path])] == ["a", "b"]
    with pytest.raises(InputError, match="no dataset at"):
        load_datasets([tmp_path / "absent.yaml"])


def test_shipped_datasets_validate() -> None:
    cases = load_datasets([ROOT / "eval"])
    assert cases and all(c.evidence for c in cases if c.answerable)


# --- comparing and floors --------------------------------------------------------------------


def test_flatten_keeps_metrics_only() -> None:
    summary = {"retrieval": {"hit@5": 1, "mrr": None}, "settings_hash": "abc", "n_questions": 3}
    assert flatten(summary) == {"retrieval.hit@5": 1.0, "retrieval.mrr": None}


def test_floors_file_names_real_metrics() -> None:
    limits = load_floors(ROOT / "eval" / "floors.toml")
    assert limits["min"], "no floors"
    for side in limits.values():
        for metric in side:
            group, name = metric.split(".", 1)
            assert name in SUMMARY_KEYS[group], metric


def test_bad_floors_file(tmp_path: Path) -> None:
    path = tmp_path / "floors.toml"
    path.write_text('[min]\n"retrieval.hit@5" = "high"\n', encoding="utf-8")
    with pytest.raises(InputError, match="must be a number"):
        load_floors(path)


# --- end to end ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def assistant(corpus_assistant: Assistant) -> Assistant:
    """The session's whole-corpus assistant (run_eval only asks; it never ingests)."""
    return corpus_assistant


def _subset(path: Path) -> Path:
    cases = yaml.safe_load((ROOT / "eval" / "instruments.yaml").read_text(encoding="utf-8"))
    chosen = [c for c in cases if c["answerable"]][:8] + [c for c in cases if not c["answerable"]][
        :2
    ]
    out = path / "instruments-subset.yaml"
    out.write_text(yaml.safe_dump(chosen, sort_keys=False), encoding="utf-8")
    return out


@pytest.mark.slow
def test_end_to_end_run_writes_reports(assistant: Assistant, tmp_path: Path) -> None:
    out = tmp_path / "run"
    run = run_eval(assistant, [_subset(tmp_path)], out)
    assert isinstance(run, EvalRun)
    for name in ("report.json", "report.md", "report.html"):
        assert (out / name).is_file(), name
    for name in ("metrics.png", "ranks.png", "latency.png"):
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    assert not (out / "compare.png").exists()

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    summary = report["summary"]
    assert set(summary) == {*SUMMARY_KEYS, "settings_hash", "dataset", "n_questions"}
    for group, keys in SUMMARY_KEYS.items():
        assert set(summary[group]) == keys, group
    assert summary["n_questions"] == len(report["cases"]) == 10
    assert summary["settings_hash"] == assistant.settings.settings_hash()
    for metric, value in flatten(summary).items():
        if metric.startswith("latency_ms"):
            assert value is not None and value > 0
        elif metric != "citations.invalid_markers":
            assert value is not None and 0.0 <= value <= 1.0, metric
    assert summary["citations"]["invalid_markers"] == 0

    # The extractive generator quotes its sources: every claim is a quote, hence supported.
    answered = [c for c in run.cases if not c.abstained]
    assert answered
    for case in answered:
        assert case.grounding.passed, (case.id, case.grounding.unsupported)
        assert all(c.score == 1.0 for c in case.grounding.claims), case.id
    assert "| retrieval.hit@5 |" in (out / "report.md").read_text(encoding="utf-8")
    assert "![Summary metrics](metrics.png)" in (out / "report.md").read_text(encoding="utf-8")
    page = (out / "report.html").read_text(encoding="utf-8")
    assert all(f'src="{n}.png"' in page for n in ("metrics", "ranks", "latency")), page[:800]
    # Each abstention says why, in the JSON and on the page.
    declined = [c for c in report["cases"] if c["abstained"]]
    assert declined and all(c["why_abstained"] for c in declined), declined
    assert all(not c["why_abstained"] for c in report["cases"] if not c["abstained"])
    assert f"yes: {html.escape(declined[0]['why_abstained'])}" in page

    before, where = read_run(out)
    comparison = compare_runs(run.summary, before, where)
    assert all(d.delta == 0 for d in comparison.deltas if d.delta is not None)
    assert check_floors(run.summary, {"min": {"retrieval.hit@5": 1.01}}) == [
        f"retrieval.hit@5 = {summary['retrieval']['hit@5']} is below its floor 1.01"
    ]


def test_a_filter_naming_no_document_names_the_dataset_and_case(
    assistant: Assistant, tmp_path: Path
) -> None:
    path = tmp_path / "mine.yaml"
    item = {**GOOD, "id": "q-7", "filters": {"doc_ids": ["no-such-doc"]}}
    path.write_text(yaml.safe_dump([item]), encoding="utf-8")
    with pytest.raises(InputError, match=r"^mine: id 'q-7': .*no-such-doc"):
        run_eval(assistant, [path], tmp_path / "run")


def test_eval_refuses_a_bad_floors_file_before_asking_anything(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from govqa.cli import app

    floors = tmp_path / "floors.toml"
    floors.write_text("[min\n", encoding="utf-8")
    no_index = tmp_path / "empty"  # no index: a run would fail on it, after the floors
    result = CliRunner().invoke(app, ["eval", "--floors", str(floors), "--data-dir", str(no_index)])
    # govqa.cli.main turns the error into one line and exit status 2; here it propagates.
    assert isinstance(result.exception, InputError), result.output
    assert "cannot read floors" in str(result.exception)


@pytest.mark.slow
def test_compare_writes_a_difference_chart(assistant: Assistant, tmp_path: Path) -> None:
    subset = _subset(tmp_path)
    run_eval(assistant, [subset], tmp_path / "before")
    run = run_eval(assistant, [subset], tmp_path / "after", compare=tmp_path / "before")
    assert run.comparison is not None
    assert (tmp_path / "after" / "compare.png").read_bytes()[:4] == b"\x89PNG"
    assert 'src="compare.png"' in (tmp_path / "after" / "report.html").read_text(encoding="utf-8")
    markdown = (tmp_path / "after" / "report.md").read_text(encoding="utf-8")
    assert f"## Compared with {tmp_path / 'before'}" in markdown
    assert "![Change against the earlier run](compare.png)" in markdown
