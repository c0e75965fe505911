"""How often a support checker is right: labelled claim-passage pairs, scored per dataset and kind.

Two sources of pairs:

- GovQA's own pairs (``eval/checker/claims.yaml``): claims written by hand against passages
  copied from the corpus, labelled supported or unsupported, with the kind of change that made
  an unsupported claim (changed number, date or name, flipped negation, unrelated, unstated).
- SciFact's validation claims (``claims_validation.csv`` and ``corpus.jsonl`` of a SciFact
  folder): each SUPPORT and CONTRADICT claim with its evidence abstract, and each SUPPORT claim
  with a randomly drawn abstract as an unrelated pair.

Entry point: :func:`measure` (the CLI's ``govqa bench checker``).
"""

from __future__ import annotations

import csv
import json
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from govqa.errors import InputError
from govqa.eval_datasets import read_yaml_list
from govqa.grounding import SupportChecker

_FROZEN = ConfigDict(frozen=True, extra="forbid")
DEFAULT_PAIRS = Path("eval") / "checker" / "claims.yaml"


class SupportPair(BaseModel):
    """A claim, the passage it is checked against, and whether the passage supports it."""

    model_config = _FROZEN

    id: str = Field(min_length=1, description="Unique id within the dataset.")
    doc: str = Field(default="", description="Id of the document the passage comes from.")
    passage: str = Field(min_length=1, description="The evidence text, copied from the source.")
    claim: str = Field(min_length=1, description="The claim to check.")
    label: Literal["supported", "unsupported"] = Field(description="The right verdict.")
    kind: str = Field(min_length=1, description="How the claim was made, e.g. changed-number.")


class Scores(BaseModel):
    """Accuracy, precision and recall of the 'supported' verdicts on a set of pairs."""

    model_config = _FROZEN

    n: int = Field(description="Pairs scored.")
    accuracy: float = Field(description="Share of pairs given the right verdict.")
    precision: float | None = Field(description="Right share of the 'supported' verdicts.")
    recall: float | None = Field(description="Share of supported pairs found supported.")
    majority: float = Field(description="Accuracy of always giving the commoner label.")


class Mistake(BaseModel):
    """A pair the checker got wrong, with the checker's reason."""

    model_config = _FROZEN

    id: str
    kind: str
    label: str
    claim: str
    reason: str


class DatasetScores(BaseModel):
    """One dataset's figures: overall, per kind, and the mistakes."""

    model_config = _FROZEN

    name: str = Field(description="Dataset name, e.g. 'corpus' or 'scifact-contradict'.")
    overall: Scores
    kinds: dict[str, Scores] = Field(description="Scores per kind of pair.")
    mistakes: tuple[Mistake, ...]
    seconds: float = Field(description="Wall time of the checks.")


class CheckerReport(BaseModel):
    """Every dataset a checker was measured on."""

    model_config = _FROZEN

    checker: str = Field(description="Name of the checker.")
    datasets: tuple[DatasetScores, ...]

    def table(self) -> str:
        """Markdown: one row per dataset, then one per dataset and kind."""
        lines = [
            f"Support checker `{self.checker}`",
            "",
            "| dataset | kind | pairs | accuracy | precision | recall | majority |",
            "|---|---|---|---|---|---|---|",
        ]
        for data in self.datasets:
            for kind, s in {"all": data.overall, **data.kinds}.items():
                lines.append(
                    f"| {data.name} | {kind} | {s.n} | {s.accuracy:.2f} | {_f(s.precision)} | "
                    f"{_f(s.recall)} | {s.majority:.2f} |"
                )
        return "\n".join(lines)


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def load_pairs(path: Path) -> list[SupportPair]:
    """Read a YAML list of pairs.

    Raises:
        InputError: the file is not a YAML list of valid pairs; the message names the item.
    """
    data = read_yaml_list(path, "claim-passage pairs")
    pairs = []
    for number, item in enumerate(data, 1):
        try:
            pairs.append(SupportPair.model_validate(item))
        except ValidationError as exc:
            err = exc.errors()[0]
            field = ".".join(str(p) for p in err["loc"]) or "item"
            raise InputError(f"{path}: item {number}: field {field!r}: {err['msg']}") from None
    ids = [p.id for p in pairs]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(f"{path}: duplicate id {duplicates[0]!r}; ids must be unique")
    return pairs


def scifact_datasets(
    folder: Path, limit: int | None = None, seed: int = 5
) -> dict[str, list[SupportPair]]:
    """SciFact's validation claims as two datasets: SUPPORT vs unrelated, SUPPORT vs CONTRADICT.

    Each (claim, evidence abstract) pair counts once; the passage is the abstract's title and
    text. Unrelated pairs put each SUPPORT claim with an abstract drawn at random (seeded). Both
    datasets hold as many supported as unsupported pairs (the first SUPPORT claims), so the
    majority baseline is 0.5. ``limit`` keeps at most that many pairs of each label.

    Raises:
        InputError: the folder lacks claims_validation.csv or corpus.jsonl.
    """
    claims, corpus = folder / "claims_validation.csv", folder / "corpus.jsonl"
    if not claims.is_file() or not corpus.is_file():
        raise InputError(f"{folder}: needs claims_validation.csv and corpus.jsonl (SciFact)")
    with corpus.open(encoding="utf-8") as lines:
        abstracts = {
            str(d["_id"]): f"{d.get('title', '')}\n{d['text']}".strip()
            for d in map(json.loads, lines)
        }
    with claims.open(encoding="utf-8", newline="") as rows:
        unique = {(r["id"], r["evidence_doc_id"]): r for r in csv.DictReader(rows)}
    by_label: dict[str, list[SupportPair]] = {"SUPPORT": [], "CONTRADICT": []}
    for (claim_id, doc), row in unique.items():
        if row["evidence_label"] in by_label and doc in abstracts:
            label = "supported" if row["evidence_label"] == "SUPPORT" else "unsupported"
            by_label[row["evidence_label"]].append(
                SupportPair(
                    id=f"{claim_id}-{doc}",
                    doc=doc,
                    passage=abstracts[doc],
                    claim=row["claim"],
                    label=label,
                    kind=row["evidence_label"].lower(),
                )
            )
    rng = random.Random(seed)
    support, contradict = by_label["SUPPORT"][:limit], by_label["CONTRADICT"][:limit]
    balanced = support[: len(contradict)]  # SUPPORT vs CONTRADICT with as many of each
    ids = sorted(abstracts)
    unrelated = [_unrelated(pair, ids, abstracts, rng) for pair in support]
    return {
        "scifact-unrelated": support + unrelated,
        "scifact-contradict": balanced + contradict,
    }


def _unrelated(
    pair: SupportPair, ids: Sequence[str], abstracts: dict[str, str], rng: random.Random
) -> SupportPair:
    doc = pair.doc
    while doc == pair.doc:
        doc = rng.choice(ids)
    update = {"id": f"{pair.id}-x", "doc": doc, "passage": abstracts[doc]}
    return pair.model_copy(update={**update, "label": "unsupported", "kind": "unrelated"})


def score(outcomes: Sequence[tuple[bool, bool]]) -> Scores:
    """Scores of (truly supported, judged supported) outcomes."""
    n = len(outcomes)
    right = sum(truth == judged for truth, judged in outcomes)
    judged_yes = [truth for truth, judged in outcomes if judged]
    truly_yes = [judged for truth, judged in outcomes if truth]
    positives = len(truly_yes)
    return Scores(
        n=n,
        accuracy=round(right / n, 4) if n else 0.0,
        precision=round(sum(judged_yes) / len(judged_yes), 4) if judged_yes else None,
        recall=round(sum(truly_yes) / positives, 4) if positives else None,
        majority=round(max(positives, n - positives) / n, 4) if n else 0.0,
    )


def check_pairs(
    name: str,
    pairs: Sequence[SupportPair],
    checker: SupportChecker,
    progress: Callable[[str], None] | None = None,
) -> DatasetScores:
    """Run the checker on every pair and score its verdicts, overall and per kind."""
    clock = time.perf_counter()
    if progress:
        progress(f"{name}: checking {len(pairs)} pairs with {checker.name}")
    verdicts = [checker.supports(p.claim, [p.passage]) for p in pairs]
    outcomes = [(p.label == "supported", v.supported) for p, v in zip(pairs, verdicts, strict=True)]
    kinds = list(dict.fromkeys(p.kind for p in pairs))
    return DatasetScores(
        name=name,
        overall=score(outcomes),
        kinds={
            k: score([o for p, o in zip(pairs, outcomes, strict=True) if p.kind == k])
            for k in kinds
        },
        mistakes=tuple(
            Mistake(id=p.id, kind=p.kind, label=p.label, claim=p.claim, reason=v.reason)
            for p, v, (truth, judged) in zip(pairs, verdicts, outcomes, strict=True)
            if truth != judged
        ),
        seconds=round(time.perf_counter() - clock, 1),
    )


def measure(
    checker: SupportChecker,
    pairs_path: Path | None = DEFAULT_PAIRS,
    scifact: Path | None = None,
    scifact_limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> CheckerReport:
    """The checker's accuracy on GovQA's corpus pairs and, given a SciFact folder, on SciFact.

    Example:
        >>> report = measure(OverlapSupportChecker(embedder), scifact=Path("data/scifact"))
        >>> print(report.table())
    """
    datasets: dict[str, list[SupportPair]] = {}
    if pairs_path is not None:
        datasets["corpus"] = load_pairs(pairs_path)
    if scifact is not None:
        datasets |= scifact_datasets(scifact, scifact_limit)
    if not datasets:
        raise InputError("nothing to measure: give a pairs file, a SciFact folder or both")
    return CheckerReport(
        checker=checker.name,
        datasets=tuple(check_pairs(n, p, checker, progress) for n, p in datasets.items()),
    )
