"""Calibrate the extractive generator's abstention threshold on the eval question sets.

Asks every question of eval/*.yaml with the threshold at 0, records the evidence score of the
best sentence, and prints, for a sweep of thresholds, the share of answerable questions
answered and of unanswerable ones declined. The chosen threshold maximises their mean
(balanced accuracy), averaged over neighbouring thresholds so that one question more or less
does not decide; ties go to the higher threshold, since a wrong answer costs more than a
wrong abstention. Figures go to bench/results/abstention.json.

With GOVQA_ANSWER_CHECK true (the default) the swept threshold is answer_check_threshold
(sentences must first pass the answer-kind and subject gates of govqa.abstention; a question
whose gates leave no sentence scores 0), else abstain_threshold. Never pass the held-out
eval/quality/test.yaml: calibrate on eval/*.yaml and eval/quality/dev.yaml (the default).

Usage: .venv/bin/python bench/calibrate_abstention.py [EVAL_YAML ...]
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import yaml

from govqa import Assistant

ROOT = Path(__file__).resolve().parents[1]


def main(paths: list[Path]) -> None:
    questions = [q for p in paths for q in yaml.safe_load(p.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant.from_settings(
            data_dir=Path(tmp), abstain_threshold=0.0, answer_check_threshold=0.0
        )
        key = "answer_check_threshold" if assistant.settings.answer_check else "abstain_threshold"
        assistant.ingest([ROOT / "corpus"])
        answers = [assistant.ask(q["question"]) for q in questions]
        # -1: the gates left no sentence, so no threshold makes it answer.
        scored = [
            (-1.0 if a.abstained else a.evidence_score, bool(q["answerable"]))
            for a, q in zip(answers, questions, strict=True)
        ]
    rows = []
    for step in range(0, 96):  # e5 cosines sit near 0.8 even for unrelated text
        t = step / 100
        answered = sum(s >= t for s, a in scored if a) / max(1, sum(a for _, a in scored))
        declined = sum(s < t for s, a in scored if not a) / max(1, sum(not a for _, a in scored))
        rows.append({"threshold": t, "answered": answered, "declined": declined})
    for i, r in enumerate(rows):
        window = rows[max(0, i - 1) : i + 2]
        r["balanced"] = sum((w["answered"] + w["declined"]) / 2 for w in window) / len(window)
    best = max(rows, key=lambda r: (round(r["balanced"], 4), r["threshold"]))
    for r in rows[50::2]:
        answered, declined = r["answered"], r["declined"]
        print(f"threshold {r['threshold']:.2f}: answered {answered:.2f}, declined {declined:.2f}")
    print(f"chosen {key}: {best}")
    out = ROOT / "bench" / "results" / "abstention.json"
    out.parent.mkdir(exist_ok=True)
    summary = {"setting": key, "datasets": [str(p) for p in paths], "questions": len(scored)}
    out.write_text(json.dumps({**summary, "best": best, "sweep": rows}, indent=1))
    print(f"wrote {out}")


if __name__ == "__main__":
    default = [*sorted((ROOT / "eval").glob("*.yaml")), ROOT / "eval" / "quality" / "dev.yaml"]
    given = [Path(a) for a in sys.argv[1:]] or default
    main(given)
