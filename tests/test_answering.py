"""The generative path on the real corpus index, embedder and checker, with a scripted LLM.

The LLM is scripted here (and only here) so that a planted false figure, a fake marker, an empty
reply or a failure can be put in its mouth; tests/test_llm_backends.py drives the real backends.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from govqa import ABSTENTION, Answer, Assistant, load_settings
from govqa.errors import GenerationError
from govqa.generate import NO_ANSWER_FROM_MODEL
from govqa.grounding import OverlapSupportChecker, check_grounding
from govqa.sentences import spans

QUESTION = "When was the Council of Europe Framework Convention opened for signature?"
PLANTED = "The Convention was signed by 173 states in 1875 [1]."
FAKE_MARKER = "It also binds every company [9]."


def first_sentence(prompt: str) -> str:
    """The first sentence of passage 1 as the prompt shows it."""
    # The opening tag ends its line; a section path may hold " > " ("Key provisions > …").
    match = re.search(r'<passage number="1"[^\n]*>\n(.*?)\n</passage>', prompt, re.DOTALL)
    assert match, "the prompt numbers its passages"
    text = match.group(1)
    first = next(s for s in spans(text) if s.kind == "sentence")
    return " ".join(text[first.start : first.end].split())


class ScriptedChat:
    """An LLM whose reply is a function of the prompt; streams it in small pieces."""

    name = "scripted"

    def __init__(self, reply: str | Exception, standalone: str = "") -> None:
        self.reply, self.standalone = reply, standalone
        self.prompts: list[str] = []

    def stream(self, prompt: str) -> Iterator[str]:
        self.prompts.append(prompt)
        if isinstance(self.reply, Exception):
            raise self.reply
        if "Claim: " in prompt:  # the support judge's prompt (support_checker=llm)
            yield self.judge(prompt)
            return
        text = self.standalone if "Standalone question:" in prompt else self.reply
        text = text.replace("{first}", first_sentence(prompt)) if "<passage " in prompt else text
        for i in range(0, len(text), 9):
            yield text[i : i + 9]

    def complete(self, prompt: str) -> str:
        return "".join(self.stream(prompt))

    @staticmethod
    def judge(prompt: str) -> str:
        claim = prompt.rsplit("Claim: ", 1)[1].split("\n", 1)[0]
        if "1875" in claim:
            return '{"supported": false, "reason": "no passage gives 1875"}'
        return '{"supported": true, "reason": "stated in passage 1"}'


@pytest.fixture
def generative(corpus_assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """make(reply, **settings) -> (Assistant with the scripted LLM, the scripted client)."""

    def make(
        reply: str | Exception, standalone: str = "", **settings: object
    ) -> tuple[Assistant, ScriptedChat]:
        chat = ScriptedChat(reply, standalone)
        monkeypatch.setattr("govqa.llm.chat_client", lambda _settings: chat)
        chosen = load_settings(
            data_dir=corpus_assistant.settings.data_dir, generator="openai", **settings
        )
        return Assistant(chosen, embedder=corpus_assistant.embedder), chat

    yield make


def _final(items: list[str | Answer]) -> Answer:
    assert isinstance(items[-1], Answer)
    assert not any(isinstance(i, Answer) for i in items[:-1])
    return items[-1]


@pytest.mark.slow
def test_annotate_marks_a_planted_false_figure_and_flags_a_fake_marker(generative) -> None:  # type: ignore[no-untyped-def]
    assistant, chat = generative("{first} [1] " + PLANTED + " " + FAKE_MARKER)
    items = list(assistant.ask_stream(QUESTION))
    answer = _final(items)
    assert len(items) > 3 and all(isinstance(i, str) for i in items[:-1])  # it streamed
    assert answer.generator == "scripted" and not answer.abstained
    true, planted, fake = answer.sentences
    assert true.supported and true.citations == (1,) and true.score == 1.0
    assert not planted.supported and "1875" in planted.reason and planted.citations == (1,)
    assert fake.invalid_citations == (9,) and not fake.supported
    assert "1 sentence" not in answer.notice and "2 sentences not supported" in answer.notice
    assert "[9]" in answer.notice
    assert [c.marker for c in answer.citations] == [1]
    assert answer.citations[0].chunk_id == answer.hits[0].chunk.id
    report = check_grounding(answer, OverlapSupportChecker(assistant.embedder))
    assert report.invalid_citations == (9,)
    assert [c.supported for c in report.claims] == [True, False, False]
    assert "Question: " + QUESTION in chat.prompts[0]


@pytest.mark.slow
def test_strict_drops_unsupported_sentences(generative) -> None:  # type: ignore[no-untyped-def]
    assistant, _ = generative("{first} [1] " + PLANTED + " " + FAKE_MARKER, verify_mode="strict")
    answer = assistant.ask(QUESTION)
    assert answer.generator == "scripted"
    assert len(answer.sentences) == 1 and answer.sentences[0].supported
    assert all(s.supported and not s.invalid_citations for s in answer.sentences)
    assert "2 sentences left out" in answer.notice
    assert "1875" not in answer.text and "[9]" not in answer.text


@pytest.mark.slow
def test_strict_with_nothing_supported_falls_back_to_quotes(generative) -> None:  # type: ignore[no-untyped-def]
    assistant, _ = generative(PLANTED + " " + FAKE_MARKER, verify_mode="strict")
    answer = assistant.ask(QUESTION)
    assert answer.generator == "extractive" and "No sentence" in answer.notice
    assert answer.sentences and all(s.supported for s in answer.sentences)
    assert "1875" not in answer.text


@pytest.mark.parametrize(
    ("reply", "notice"),
    [
        ("", "empty or malformed"),
        ("   \n  ", "empty or malformed"),
        (GenerationError("cannot reach the model at http://127.0.0.1:9/v1"), "cannot reach"),
    ],
)
@pytest.mark.slow
def test_failures_fall_back_to_the_extractive_answer_with_a_notice(
    generative,  # type: ignore[no-untyped-def]
    corpus_assistant: Assistant,
    reply: str | Exception,
    notice: str,
) -> None:
    assistant, _ = generative(reply)
    answer = assistant.ask(QUESTION)
    assert answer.generator == "extractive" and notice in answer.notice
    quoted = corpus_assistant.ask(QUESTION)
    assert answer.sentences == quoted.sentences and answer.citations == quoted.citations
    assert answer.sentences and "2024" in answer.text


@pytest.mark.slow
def test_the_sentinel_is_an_abstention(generative) -> None:  # type: ignore[no-untyped-def]
    assistant, _ = generative(ABSTENTION)
    answer = assistant.ask(QUESTION)
    assert answer.abstained and answer.text == ABSTENTION and not answer.sentences
    assert answer.generator == "scripted" and answer.hits
    assert answer.why_abstained == NO_ANSWER_FROM_MODEL


@pytest.mark.slow
def test_follow_ups_are_rewritten_by_the_model_before_retrieval(generative) -> None:  # type: ignore[no-untyped-def]
    assistant, chat = generative("{first} [1]", standalone="Who adopted the OECD AI Principles?")
    answer = assistant.ask("and the OECD?", history=[QUESTION])
    condense, prompt = chat.prompts
    assert "<last-question>\nand the OECD?\n</last-question>" in condense and QUESTION in condense
    assert "Question: Who adopted the OECD AI Principles?" in prompt
    assert any("oecd" in h.chunk.doc_id for h in answer.hits[:3])


@pytest.mark.slow
def test_support_checker_llm_judges_with_the_generators_own_model(generative) -> None:  # type: ignore[no-untyped-def]
    assistant, chat = generative("{first} [1] " + PLANTED, support_checker="llm")
    true, planted = assistant.ask(QUESTION).sentences
    assert (true.supported, true.reason) == (True, "stated in passage 1")
    assert (planted.supported, planted.reason) == (False, "no passage gives 1875")
    judged = [p for p in chat.prompts if "Claim: " in p]
    assert len(judged) == 2 and "<passage" in judged[0]
