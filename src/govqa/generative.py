"""Generative drafts: numbered passages within a token budget, the prompt, the LLM's stream.

The passages handed to the model are a prefix of the retrieved hits, numbered from 1, so the
marker ``[n]`` of a generated answer points at ``hits[n - 1]``. Passages are added whole while
they fit ``context_tokens`` (tiktoken cl100k_base); when even the first does not fit, it is cut
at a sentence boundary. Passage text is fenced as data in the prompt.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from govqa.chunking import count_tokens
from govqa.errors import GenerationError
from govqa.generate import NO_ANSWER_FROM_MODEL, Draft
from govqa.llm import ChatClient
from govqa.prompts import render
from govqa.sentences import spans
from govqa.types import ABSTENTION, Hit

ANSWER_PROMPT = "answer-with-citations"
CONDENSE_PROMPT = "condense-question"

_FENCE = re.compile(r"</?\s*(passages?|earlier-questions|last-question)\b", re.IGNORECASE)


def _defang(text: str) -> str:
    """Text that cannot open or close the prompt fences (``</passage>`` turns ``&lt;/passage>``)."""
    return _FENCE.sub(lambda m: "&lt;" + m.group(0)[1:], text)


def _cut(text: str, budget: int) -> str:
    """The longest prefix of whole sentences within budget tokens (at least one sentence)."""
    kept = ""
    for span in spans(text):
        candidate = text[: span.end]
        if kept and count_tokens(candidate) > budget:
            break
        kept = candidate
    return kept or text


def fit_passages(hits: Sequence[Hit], budget: int) -> list[str]:
    """Texts of the leading hits that fit the token budget, the first cut to fit when needed."""
    texts: list[str] = []
    used = 0
    for hit in hits:
        cost = count_tokens(hit.chunk.text) + 12  # the fence line and number around each passage
        if used + cost > budget:
            if not texts:
                texts.append(_cut(hit.chunk.text, budget - 12))
            break
        texts.append(hit.chunk.text)
        used += cost
    return texts


def passages_block(hits: Sequence[Hit], texts: Sequence[str]) -> str:
    """The numbered passages as fenced data, with their section paths."""
    blocks = []
    for number, (hit, text) in enumerate(zip(hits, texts, strict=False), 1):
        where = f' section="{_defang(hit.chunk.section)}"' if hit.chunk.section else ""
        blocks.append(
            f'<passage number="{number}" document="{hit.chunk.doc_id}"{where}>\n'
            f"{_defang(text.strip())}\n</passage>"
        )
    return "\n".join(blocks)


class LLMGenerator:
    """Drafts an answer with an LLM from numbered passages; implements the Generator protocol.

    Args:
        client: The chat backend.
        context_tokens: Token budget of the passages in the prompt.
    """

    def __init__(self, client: ChatClient, context_tokens: int) -> None:
        self.client = client
        self.context_tokens = context_tokens

    def prompt(self, question: str, hits: Sequence[Hit]) -> tuple[str, int]:
        """The rendered prompt and how many passages it holds."""
        texts = fit_passages(hits, self.context_tokens)
        prompt = render(
            ANSWER_PROMPT,
            passages=passages_block(hits, texts),
            question=_defang(question),
            abstention=ABSTENTION,
        )
        return prompt, len(texts)

    def stream(self, question: str, hits: Sequence[Hit]) -> Iterator[str]:
        """Text deltas of the generated answer (with [n] markers)."""
        prompt, _ = self.prompt(question, hits)
        yield from self.client.stream(prompt)

    def generate(self, question: str, vector: list[float], hits: Sequence[Hit]) -> Draft:
        """The whole generated answer as a draft; ``Draft.text`` holds it, markers included."""
        text = "".join(self.stream(question, hits))
        if is_abstention(text):
            return Draft((), True, 0.0, text=text, why_abstained=NO_ANSWER_FROM_MODEL)
        return Draft((), False, 0.0, text=text)


def is_abstention(text: str) -> bool:
    """Whether a generated answer declines: it holds the sentinel sentence (case ignored)."""
    return ABSTENTION.rstrip(".").casefold() in " ".join(text.split()).casefold()


def condense_with(client: ChatClient, question: str, history: Sequence[str]) -> str | None:
    """The last question rewritten by the LLM to stand alone, or None when that fails."""
    prompt = render(
        CONDENSE_PROMPT,
        history="\n".join(f"- {_defang(q)}" for q in history[-4:]),
        question=_defang(question),
    )
    try:
        reply = client.complete(prompt)
    except GenerationError:
        return None
    lines = [ln.strip().strip("\"'“”") for ln in reply.strip().splitlines() if ln.strip()]
    if not lines or len(lines[0]) > 4 * len(question) + 200:
        return None
    return lines[0]
