"""The generative answer path: stream the LLM's answer, verify it, or fall back to quotes.

:meth:`GenerativeAnswerer.stream` yields the text deltas as the model writes them, then one
final :class:`~govqa.types.Answer` built from the verified sentences. Whatever goes wrong (the
endpoint is down or too slow, the prompt overflows the context, the reply is empty or nothing in
it survives strict verification) the final Answer is the extractive one, with a one-line
``notice`` saying why. The caller must therefore render the final Answer, not the deltas.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from govqa.config import Settings
from govqa.errors import GenerationError
from govqa.frontmatter import DocumentMeta
from govqa.generate import NO_ANSWER_FROM_MODEL
from govqa.generative import LLMGenerator, condense_with, is_abstention
from govqa.grounding import SupportChecker
from govqa.llm import ChatClient
from govqa.types import ABSTENTION, Answer, Hit
from govqa.verify import Verification, answer_text, citations, verify

FALLBACK = "showing quoted sentences from the sources instead."


@dataclass
class Job:
    """One question on its way through the generative path."""

    question: str  # as asked; stamped on the Answer
    prompt_question: str  # standalone form handed to the model
    hits: Sequence[Hit]
    catalog: Mapping[str, DocumentMeta]
    settings_hash: str
    fallback: Callable[[str], Answer]  # the extractive answer, with the given notice
    timings: dict[str, float] = field(default_factory=dict)


class GenerativeAnswerer:
    """LLM answers checked sentence by sentence.

    Args:
        settings: The generator, verify_mode and llm_* settings.
        client: The chat backend (see :func:`govqa.llm.chat_client`).
        checker: Decides whether cited passages support a sentence.
    """

    def __init__(self, settings: Settings, client: ChatClient, checker: SupportChecker) -> None:
        self.settings = settings
        self.client = client
        self.checker = checker
        self.generator = LLMGenerator(client, settings.llm_context_tokens)

    def standalone(self, question: str, history: Sequence[str]) -> str | None:
        """A follow-up rewritten by the model to stand alone; None when it cannot."""
        return condense_with(self.client, question, history) if history else None

    def stream(self, job: Job) -> Iterator[str | Answer]:
        """Text deltas as they are generated, then the final verified (or fallback) Answer."""
        prompt, shown = self.generator.prompt(job.prompt_question, job.hits)
        clock = time.perf_counter()
        parts: list[str] = []
        try:
            for delta in self.client.stream(prompt):
                if not parts:
                    job.timings["first_token"] = _ms(clock)
                parts.append(delta)
                yield delta
        except GenerationError as exc:
            yield job.fallback(f"The language model failed ({exc}); {FALLBACK}")
            return
        job.timings["generate"] = _ms(clock)
        yield self._finish(job, "".join(parts).strip(), job.hits[:shown])

    def _finish(self, job: Job, text: str, passages: Sequence[Hit]) -> Answer:
        if text and is_abstention(text):
            return self._answer(job, None, passages, "")
        clock = time.perf_counter()
        try:
            result = verify(text, passages, self.checker, self.settings.verify_mode)
        except GenerationError as exc:  # an LLM judge (support_checker=llm) failed
            return job.fallback(f"The answer could not be verified ({exc}); {FALLBACK}")
        job.timings["verify"] = _ms(clock)
        if not result.sentences:
            return job.fallback(f"The language model's answer was empty or malformed; {FALLBACK}")
        if not result.kept:
            return job.fallback(
                f"No sentence of the generated answer is supported by the passages it cites; "
                f"{FALLBACK}"
            )
        return self._answer(job, result, passages, _notice(result))

    def _answer(
        self, job: Job, result: Verification | None, passages: Sequence[Hit], notice: str
    ) -> Answer:
        kept = result.kept if result else ()
        return Answer(
            question=job.question,
            text=answer_text(kept) if kept else ABSTENTION,
            sentences=kept,
            citations=citations(kept, passages, job.catalog),
            hits=tuple(job.hits),
            abstained=result is None,
            why_abstained=NO_ANSWER_FROM_MODEL if result is None else "",
            evidence_score=max((s.score for s in kept), default=0.0),
            settings_hash=job.settings_hash,
            timings_ms=job.timings,
            generator=self.client.name,
            notice=notice,
        )


def _notice(result: Verification) -> str:
    """One line on what verification found, or '' when every sentence passed."""
    unsupported = sum(not s.supported for s in result.kept)
    notes = []
    if result.dropped:
        notes.append(f"{_sentences(result.dropped)} left out as unsupported (strict mode)")
    if unsupported:
        notes.append(f"{_sentences(unsupported)} not supported by the cited passages (marked)")
    if result.invalid_citations:
        listed = ", ".join(f"[{m}]" for m in result.invalid_citations)
        notes.append(f"markers pointing at no passage: {listed}")
    return ("Generated answer: " + "; ".join(notes) + ".") if notes else ""


def _sentences(n: int) -> str:
    return f"{n} sentence{'s' if n != 1 else ''}"


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 1)
