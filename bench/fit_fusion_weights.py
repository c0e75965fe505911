"""Choose the weight of each fused ranking (dense, BM25, nearest sentence, latent terms,
document prior) on the eval question sets, and estimate by cross-validation what it gains.

Ingests the corpus into a temporary index, takes each ranking's candidates for every
answerable question (Assistant.rankings), and scores each weight vector of a grid the way
`fusion = "scores"` does: the sum of the weighted min-max normalised scores. The objective is
the mean of hit@5 + reciprocal rank over the quality sets' answerable questions; a vector
qualifies only when the shipped sets (eval/*.yaml, gated by eval/floors.toml) keep the hit@1 of
the equal weights of sessions 3 to 7 and their MRR within 0.005. A candidate tied with the
first relevant one counts in its favour (the assistant breaks ties by chunk id), and a ranking
weighted 0 still brings its candidates to the pool here (the assistant skips it).
Leave-one-set-out: for each quality set, the vector chosen on the others is scored on it, so
the held-out figures estimate what a new set gains.

Never pass the held-out eval/quality/test.yaml or a blind set not yet measured: fit on
eval/*.yaml, eval/quality/dev.yaml and blind sets already measured. The default, dev and unseen
to unseen5, are the sets the present weights were chosen on (unseen6 was then run blind).

Usage: .venv/bin/python bench/fit_fusion_weights.py [QUALITY_YAML ...]
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import numpy as np
import yaml

from govqa import Assistant, load_settings
from govqa.eval_metrics import contains_any
from govqa.retrieve import RankingName, RankingWeights, min_max

ROOT = Path(__file__).resolve().parents[1]
QUALITY = ["dev", "unseen", "unseen2", "unseen3", "unseen4", "unseen5"]
RANKINGS: tuple[RankingName, ...] = get_args(RankingName)
GRID = list(
    itertools.product(
        [0.0, 0.25, 0.5, 1.0],  # dense
        [0.25, 0.5, 0.75, 1.0],  # bm25
        [0.75, 1.0, 1.25, 1.5, 2.0],  # sentences
        [0.75, 1.0, 1.25, 1.5, 2.0],  # latent
        [0.75, 1.0, 1.5, 2.0, 2.5],  # doc_prior
    )
)


@dataclass(frozen=True)
class Question:
    """One answerable question: its set, kind, and candidates' normalised scores."""

    dataset: str
    kind: str
    scores: np.ndarray  # candidates x rankings, min-max normalised, 0 where absent
    relevant: np.ndarray  # per candidate


def _question(
    assistant: Assistant, dataset: str, item: dict[str, object], shipped: bool
) -> Question:
    rankings = assistant.rankings(str(item["question"]))
    ids = sorted({h.chunk.id for r in rankings.values() for h in r})
    texts = {h.chunk.id: h.chunk.text for r in rankings.values() for h in r}
    scores = np.zeros((len(ids), len(RANKINGS)))
    for j, name in enumerate(RANKINGS):
        for hit, share in min_max(rankings.get(name, [])):  # as fuse_scores normalises
            scores[ids.index(hit.chunk.id), j] = share
    evidence = [str(e) for e in item["evidence"]]  # type: ignore[attr-defined]
    relevant = np.array([contains_any(texts[i], evidence) for i in ids])
    kind = "shipped" if shipped else str(item["id"]).split("-")[0]
    return Question(dataset, kind, scores, relevant)


def ranks(weights: tuple[float, ...], questions: list[Question]) -> list[int | None]:
    """Rank of the first relevant candidate per question under the weights."""
    out: list[int | None] = []
    for q in questions:
        fused = q.scores @ np.array(weights)
        out.append(1 + int((fused > fused[q.relevant].max()).sum()) if q.relevant.any() else None)
    return out


def _hit5(r: list[int | None]) -> float:
    return float(np.mean([x is not None and x <= 5 for x in r])) if r else float("nan")


def _mrr(r: list[int | None]) -> float:
    return float(np.mean([1 / x if x else 0.0 for x in r])) if r else float("nan")


def objective(weights: tuple[float, ...], questions: list[Question]) -> float:
    r = ranks(weights, questions)
    return _hit5(r) + _mrr(r)


def main(quality: list[Path]) -> None:
    shipped = sorted((ROOT / "eval").glob("*.yaml"))
    with tempfile.TemporaryDirectory() as tmp:
        # Every ranking computed and weighted 1; the weights are applied below.
        assistant = Assistant.from_settings(
            data_dir=Path(tmp),
            dense_weight=1,
            bm25_weight=1,
            sentence_weight=1,
            latent_weight=1,
            doc_prior_weight=1,
        )
        assistant.ingest([ROOT / "corpus"])
        questions = [
            _question(assistant, path.stem, item, path in shipped)
            for path in [*shipped, *quality]
            for item in yaml.safe_load(path.read_text(encoding="utf-8"))
            if item["answerable"]
        ]
    defaults = RankingWeights.from_settings(load_settings())
    now = tuple(defaults.of(name) for name in RANKINGS)
    equal = (1.0, 1.0, 1.0, 1.0, 0.75)  # the weights of sessions 3 to 7
    gate = [q for q in questions if q.kind == "shipped"]
    floor_hit1 = np.mean([r == 1 for r in ranks(equal, gate)])
    floor_mrr = _mrr(ranks(equal, gate))

    def qualifies(w: tuple[float, ...]) -> bool:
        r = ranks(w, gate)
        return bool(np.mean([x == 1 for x in r]) >= floor_hit1 and _mrr(r) >= floor_mrr - 0.005)

    allowed = [w for w in GRID if qualifies(w)]
    print(f"{len(allowed)} of {len(GRID)} weight vectors keep the shipped hit@1 and MRR")
    sets = sorted({q.dataset for q in questions if q.kind != "shipped"})
    held: dict[int, int | None] = {}
    for name in sets:
        train = [q for q in questions if q.kind != "shipped" and q.dataset != name]
        best = max(allowed, key=lambda w: (objective(w, train), w))
        test = [i for i, q in enumerate(questions) if q.dataset == name]
        for i, r in zip(test, ranks(best, [questions[i] for i in test]), strict=True):
            held[i] = r
        print(f"fitted without {name}: {best}")
    fit = [q for q in questions if q.kind != "shipped"]
    chosen = max(allowed, key=lambda w: (objective(w, fit), w))
    print(f"chosen on all the sets: {chosen}; the defaults now: {now}")
    for label, weights in (("equal", equal), ("chosen", chosen)):
        r_all = ranks(weights, questions)
        for kind in ("shipped", "para", "fr", "es", "typo"):
            idx = [i for i, q in enumerate(questions) if q.kind == kind]
            fitted = [r_all[i] for i in idx]
            line = f"{label:6} {kind:7} n={len(idx):3} "
            line += f"hit@5 {_hit5(fitted):.3f} MRR {_mrr(fitted):.3f}"
            if label == "chosen" and kind != "shipped":
                cv = [held[i] for i in idx]
                line += f"  held out: hit@5 {_hit5(cv):.3f} MRR {_mrr(cv):.3f}"
            print(line)


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or [ROOT / f"eval/quality/{s}.yaml" for s in QUALITY]
    main(paths)
