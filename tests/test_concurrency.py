"""Twenty simultaneous questions, through the Python API and through the launched Gradio app:
no errors, no cross-talk (each answer is the one its question gets alone), the model loaded once."""

from __future__ import annotations

import html
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

from govqa import Assistant
from govqa.embed import _load
from govqa.types import ABSTENTION, Answer

pytestmark = pytest.mark.slow

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


def test_twenty_threads_share_one_assistant_and_one_model(
    corpus_assistant: Assistant, expected: dict[str, Answer], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sentence_transformers

    loads: list[str] = []
    real = sentence_transformers.SentenceTransformer

    def counting(*args: Any, **kwargs: Any) -> Any:
        loads.append(str(args[0]))
        return real(*args, **kwargs)

    monkeypatch.setattr(sentence_transformers, "SentenceTransformer", counting)
    _load.cache_clear()  # a cold process: the first questions race to load the model
    fresh = Assistant(corpus_assistant.settings)
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


def test_twenty_chat_sessions_at_once_get_their_own_answers(
    corpus_assistant: Assistant, expected: dict[str, Answer]
) -> None:
    from conftest import free_port
    from gradio_client import Client

    from govqa.app import build_app, queued

    app = queued(build_app(corpus_assistant))
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        jobs = {q: client.submit(q, [], [], api_name="/respond") for q in expected}
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
        for sentence in alone.sentences:
            assert html.escape(sentence.text, quote=True) in bot, question
        assert "something went wrong" not in bot
