"""govqa bench retrieval: a tiny BEIR folder gives the exact expected ranking metrics."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govqa.beir import load_beir, score
from govqa.cli import app
from govqa.errors import InputError
from govqa.types import Chunk, Hit

DOCS = {
    "plants": (
        "Photosynthesis",
        "Green plants turn sunlight, water and carbon dioxide into sugar.",
    ),
    "tower": ("Eiffel Tower", "The wrought-iron lattice tower in Paris was finished in 1889."),
    "volcano": ("Volcanoes", "A volcano erupts molten rock, ash and gases from a magma chamber."),
    "chess": ("Chess", "Chess is a board game for two players with sixteen pieces each."),
    "bread": ("Bread", "Yeast makes bread dough rise by releasing carbon dioxide bubbles."),
}
QUERIES = {
    "q1": "How do green plants turn sunlight into sugar?",
    "q2": "When was the iron lattice tower in Paris finished?",
    "q3": "A question nobody judged",
}
# q2 has a second relevant document that is not in the corpus: no retriever can find it.
QRELS = [("q1", "plants", 1), ("q2", "tower", 1), ("q2", "absent", 1), ("q2", "chess", 0)]


def _write(folder: Path, nested_qrels: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus.jsonl").write_text(
        "".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, (t, x) in DOCS.items())
    )
    (folder / "queries.jsonl").write_text(
        "".join(json.dumps({"_id": i, "text": q}) + "\n" for i, q in QUERIES.items())
    )
    qrels = folder / ("qrels/test.tsv" if nested_qrels else "qrels_test.tsv")
    qrels.parent.mkdir(exist_ok=True)
    lines = ["query-id\tcorpus-id\tscore", *(f"{q}\t{d}\t{s}" for q, d, s in QRELS)]
    qrels.write_text("\n".join(lines) + "\n")
    return folder


def test_load_keeps_judged_queries_and_positive_judgements(tmp_path: Path) -> None:
    data = load_beir(_write(tmp_path / "beir", nested_qrels=True))
    assert set(data.queries) == {"q1", "q2"}
    assert data.qrels == {"q1": {"plants": 1}, "q2": {"tower": 1, "absent": 1}}
    assert data.documents["tower"].startswith("Eiffel Tower\n")


def test_missing_files_name_the_fix(tmp_path: Path) -> None:
    folder = _write(tmp_path / "beir")
    (folder / "qrels_test.tsv").unlink()
    with pytest.raises(InputError, match=r"no qrels_test\.tsv or qrels/test\.tsv"):
        load_beir(folder)
    (folder / "corpus.jsonl").write_text("not json\n")
    (folder / "qrels_test.tsv").write_text("q1\tplants\t1\n")
    with pytest.raises(InputError, match=r"corpus\.jsonl: line 1"):
        load_beir(folder)


def _hits(ids: list[str]) -> list[Hit]:
    return [
        Hit(chunk=Chunk(id=d, doc_id=d, text="x", start=0, end=1), score=0.0, rank=r, retriever="x")
        for r, d in enumerate(ids, 1)
    ]


def test_score_counts_queries_without_a_ranking_as_zero() -> None:
    qrels = {"q1": {"a": 1}, "q2": {"b": 1, "c": 1}}
    found = score("x", {"q1": _hits(["z", "a"]), "q2": []}, qrels)
    assert found.ndcg_at_10 == pytest.approx(round((1 / math.log2(3)) / 2, 4))
    assert found.recall_at_100 == pytest.approx(0.5)


@pytest.mark.slow
def test_cli_prints_exact_metrics_for_each_retriever(tmp_path: Path) -> None:
    folder = _write(tmp_path / "beir")
    out = tmp_path / "results" / "tiny.json"
    result = CliRunner().invoke(
        app, ["bench", "retrieval", "--beir", str(folder), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    # q1: its one relevant document first (nDCG 1, recall 1); q2: one of two relevant documents
    # first, the other absent (nDCG 1 / (1 + 1/log2 3), recall 0.5).
    ndcg = round((1 + 1 / (1 + 1 / math.log2(3))) / 2, 4)
    report = json.loads(out.read_text())
    assert report["n_documents"] == 5 and report["n_queries"] == 2
    assert {s["retriever"]: (s["ndcg@10"], s["recall@100"]) for s in report["scores"]} == {
        "dense": (ndcg, 0.75),
        "bm25": (ndcg, 0.75),
        "latent": (ndcg, 0.75),
        "dense+bm25": (ndcg, 0.75),
        "hybrid": (ndcg, 0.75),
    }
    assert f"| hybrid | {ndcg:.4f} | 0.7500 |" in result.output
    assert "encoding the latent terms of 5 documents" in result.output


@pytest.mark.slow
def test_latent_terms_can_be_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_LATENT_TERMS", "false")
    out = tmp_path / "tiny.json"
    folder = _write(tmp_path / "beir")
    result = CliRunner().invoke(
        app, ["bench", "retrieval", "--beir", str(folder), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    retrievers = [s["retriever"] for s in json.loads(out.read_text())["scores"]]
    assert retrievers == ["dense", "bm25", "hybrid"]


def test_cli_error_is_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "govqa", "bench", "retrieval", "--beir", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip() == f"error: {tmp_path}: no corpus.jsonl; is it a BEIR folder?"
