"""Support checkers beyond the default, and the factory that picks one from the settings.

All implement :class:`govqa.grounding.SupportChecker` (``supports(claim, passages) -> Verdict``):

- ``overlap``: :class:`~govqa.grounding.OverlapSupportChecker`, offline, the default;
- ``nli``: :class:`NLISupportChecker`, a natural-language-inference cross-encoder loaded from a
  local folder (no NLI weights install from PyPI; bring your own, e.g. a DeBERTa MNLI model);
- ``llm``: :class:`LLMJudgeSupportChecker`, a language model asked through a ``complete``
  function, with the prompt ``prompts/support-judge.md``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError

from govqa.embed import Embedder
from govqa.errors import ConfigError
from govqa.grounding import OverlapSupportChecker, SupportChecker, Verdict, strip_markers
from govqa.prompts import render

if TYPE_CHECKING:
    from govqa.config import Settings

Complete = Callable[[str], str]
"""Prompt in, model reply out: the only thing the LLM judge needs from a generator backend."""


class NLISupportChecker:
    """Entailment by an NLI cross-encoder (sentence-transformers ``CrossEncoder``), offline.

    Each passage is the premise and the claim the hypothesis. The claim is supported when, for
    some passage, entailment is the most probable label and its probability reaches
    ``threshold``. Labels are read from the model's ``id2label``: one must start with
    "entail"; one starting with "contradict" is named in the reason when it wins.

    Example:
        >>> checker = NLISupportChecker("models/nli-deberta-v3-small")
        >>> checker.supports("The treaty is binding.", ["The Convention is a binding treaty."])
    """

    name = "nli"

    def __init__(self, model_path: str | Path, threshold: float = 0.5) -> None:
        path = Path(model_path).expanduser()
        if not (path / "config.json").is_file():
            raise ConfigError(
                f"nli_model_path {str(model_path)!r} is not a model folder (no config.json); "
                "give a local folder holding an NLI cross-encoder"
            )
        if not 0.0 <= threshold <= 1.0:
            raise ValueError(f"threshold must be between 0 and 1; got {threshold}")
        self.path, self.threshold = path, threshold
        self.labels = _nli_labels(self._model.config.id2label, path)

    @cached_property
    def _model(self) -> Any:
        from sentence_transformers import CrossEncoder

        try:
            return CrossEncoder(str(self.path), device="cpu", local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ConfigError(
                f"nli_model_path {str(self.path)!r} could not be loaded as a cross-encoder "
                f"({exc.__class__.__name__}); give a sequence-classification model folder"
            ) from exc

    def supports(self, claim: str, passages: Sequence[str]) -> Verdict:
        """Verdict from the passage that entails the claim most strongly."""
        claim = strip_markers(claim)
        texts = [p for p in passages if p.strip()]
        if not claim or not texts:
            return Verdict(supported=False, score=0.0, reason="empty claim or no passage")
        probabilities = self._model.predict(
            [(p, claim) for p in texts], apply_softmax=True, show_progress_bar=False
        )
        entail = self.labels["entailment"]
        best = max(range(len(texts)), key=lambda i: float(probabilities[i][entail]))
        row = [float(x) for x in probabilities[best]]
        winner = max(range(len(row)), key=row.__getitem__)
        score = round(row[entail], 4)
        if winner == entail and score >= self.threshold:
            return Verdict(supported=True, score=score, reason=f"entailed by passage {best + 1}")
        label = str(self._model.config.id2label[winner]).casefold()
        return Verdict(
            supported=False, score=score, reason=f"most likely {label} ({row[winner]:.2f})"
        )


def _nli_labels(id2label: dict[int, str], path: Path) -> dict[str, int]:
    """Index of the entailment (and, when present, contradiction) label."""
    found: dict[str, int] = {}
    for index, label in id2label.items():
        for name in ("entailment", "contradiction"):
            if str(label).casefold().startswith(name[:7]):
                found[name] = int(index)
    if "entailment" not in found:
        raise ConfigError(
            f"NLI model {str(path)!r} has no entailment label (id2label: {dict(id2label)}); "
            "give a model trained for NLI"
        )
    return found


class JudgeReply(BaseModel):
    """The JSON object the judge prompt asks for."""

    model_config = ConfigDict(frozen=True, extra="forbid", strict=True)

    supported: bool
    reason: str


_OBJECT = re.compile(r"\{.*?\}", re.DOTALL)
_FENCE_END = re.compile(r"</passage", re.IGNORECASE)


class LLMJudgeSupportChecker:
    """A language model judges support, through the prompt ``prompts/support-judge.md``.

    Passages are fenced as data (``<passage n="1">…</passage>``; a closing tag inside a passage
    is defused) and the prompt says text inside them is never an instruction. The reply must be
    one JSON object ``{"supported": true|false, "reason": "..."}``; anything else, or two
    objects that disagree, counts as unsupported with the reason "judge reply not understood".

    Example:
        >>> checker = LLMJudgeSupportChecker(lambda prompt: backend.complete(prompt))
    """

    name = "llm"

    def __init__(self, complete: Complete) -> None:
        self._complete = complete

    def prompt(self, claim: str, passages: Sequence[str]) -> str:
        """The rendered judge prompt for a claim and its passages."""
        fenced = "\n\n".join(
            f'<passage n="{i}">\n{_FENCE_END.sub("</ passage", p.strip())}\n</passage>'
            for i, p in enumerate(passages, 1)
        )
        return render("support-judge", claim=claim, passages=fenced)

    def supports(self, claim: str, passages: Sequence[str]) -> Verdict:
        """Ask the model; parse its verdict strictly."""
        claim = strip_markers(claim)
        texts = [p for p in passages if p.strip()]
        if not claim or not texts:
            return Verdict(supported=False, score=0.0, reason="empty claim or no passage")
        reply = parse_judge_reply(self._complete(self.prompt(claim, texts)))
        if reply is None:
            return Verdict(supported=False, score=0.0, reason="judge reply not understood")
        reason = " ".join(reply.reason.split())[:200] or "no reason given"
        return Verdict(supported=reply.supported, score=float(reply.supported), reason=reason)


def parse_judge_reply(text: str) -> JudgeReply | None:
    """The verdict in a judge's reply: its JSON objects must parse and agree; else None."""
    replies = []
    for candidate in _OBJECT.findall(text):
        try:
            replies.append(JudgeReply.model_validate(json.loads(candidate)))
        except (ValueError, ValidationError):
            continue
    if not replies or len({r.supported for r in replies}) > 1:
        return None
    return replies[0]


OVERLAP_MODEL = "all-MiniLM-L6-v2"
"""The overlap checker's embedding model, whatever embed_model retrieves with: its threshold and
the accuracy figures in the README were measured with this model."""


def make_checker(
    settings: Settings, embedder: Embedder | None = None, complete: Complete | None = None
) -> SupportChecker:
    """The support checker the settings name (``support_checker``: overlap, nli or llm).

    The overlap checker embeds with ``embedder`` when given, else with OVERLAP_MODEL.

    Raises:
        ConfigError: ``nli`` without a usable ``nli_model_path``, or ``llm`` without a
            ``complete`` function from a generator backend.
    """
    if settings.support_checker == "nli":
        if settings.nli_model_path is None:
            raise ConfigError(
                "support_checker=nli needs nli_model_path (GOVQA_NLI_MODEL_PATH): a local "
                "folder holding an NLI cross-encoder"
            )
        return NLISupportChecker(settings.nli_model_path)
    if settings.support_checker == "llm":
        if complete is None:
            raise ConfigError(
                "support_checker=llm needs a generator backend that completes prompts; "
                "configure one, or use support_checker=overlap"
            )
        return LLMJudgeSupportChecker(complete)
    if embedder is None:
        from govqa.embed import SentenceTransformerEmbedder

        embedder = SentenceTransformerEmbedder(OVERLAP_MODEL, threads=settings.embed_threads)
    return OverlapSupportChecker(embedder)
