"""Per-kind figures of a `govqa eval` run on the quality sets (eval/quality/*.yaml).

The kind is the id prefix (para, fr, es, typo, unans). For answerable kinds: hit@5, MRR,
nDCG@10 and the false-abstention rate; for unanswerable ones: abstention recall. The last
line gives abstention precision/recall/false rate over the whole run.

Usage: .venv/bin/python bench/quality_breakdown.py RUN_DIR [RUN_DIR ...]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def breakdown(run: Path) -> list[str]:
    """One line per kind and one for abstention over the whole run."""
    cases = json.loads((run / "report.json").read_text(encoding="utf-8"))["cases"]
    kinds: dict[str, list[dict[str, object]]] = {}
    for case in cases:
        kinds.setdefault(str(case["id"]).split("-")[0], []).append(case)
    lines = []
    for kind, group in sorted(kinds.items()):
        answerable = [c for c in group if c["answerable"]]
        if answerable:
            hit5 = _mean([float(c["hit_at_5"] or 0) for c in answerable])  # type: ignore[arg-type]
            mrr = _mean([float(c["reciprocal_rank"] or 0) for c in answerable])  # type: ignore[arg-type]
            ndcg = _mean([float(c["ndcg_at_10"] or 0) for c in answerable])  # type: ignore[arg-type]
            false = _mean([float(bool(c["abstained"])) for c in answerable])
            lines.append(
                f"{kind:6} n={len(answerable):3} hit@5 {hit5:.3f} mrr {mrr:.3f} "
                f"ndcg@10 {ndcg:.3f} false-abstention {false:.3f}"
            )
        unanswerable = [c for c in group if not c["answerable"]]
        if unanswerable:
            declined = _mean([float(bool(c["abstained"])) for c in unanswerable])
            lines.append(f"{kind:6} n={len(unanswerable):3} unanswerable declined {declined:.3f}")
    abstained = [c for c in cases if c["abstained"]]
    right = sum(not c["answerable"] for c in abstained)
    n_unans = sum(not c["answerable"] for c in cases)
    n_ans = len(cases) - n_unans
    lines.append(
        f"abstention precision {right / max(1, len(abstained)):.3f} recall "
        f"{right / max(1, n_unans):.3f} false-rate {(len(abstained) - right) / max(1, n_ans):.3f}"
    )
    return lines


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"== {arg}")
        print("\n".join(breakdown(Path(arg))))
