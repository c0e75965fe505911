"""Shared fixtures: every index, cache and config file lives in a temporary directory."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from govqa import Answer, AnswerSentence, Assistant, Chunk, Citation, Hit, IngestReport
from govqa.local_server import free_port, running

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"


def _isolate(mp: pytest.MonkeyPatch, tmp: Path) -> None:
    """Point GovQA at tmp: no repo .govqa, no user govqa.toml, no stray GOVQA_* and no network."""
    for name in list(os.environ):
        if name.startswith("GOVQA_"):
            mp.delenv(name)
    mp.setenv("GOVQA_DATA_DIR", str(tmp / "govqa-data"))
    mp.setenv("GOVQA_CONFIG", "")  # no config file
    mp.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture(scope="session", autouse=True)
def _isolated_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The same isolation for session fixtures, which are built before function fixtures run."""
    with pytest.MonkeyPatch.context() as mp:
        _isolate(mp, tmp_path_factory.mktemp("session-env"))
        yield


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _isolate(monkeypatch, tmp_path)


def copy_corpus(dest: Path, names: tuple[str, ...] | None = None) -> Path:
    """Copy the repo corpus (or only the files with these names) to dest; return dest."""
    if names is None:
        shutil.copytree(CORPUS, dest)
        return dest
    dest.mkdir(parents=True)
    for name in names:
        source = next(CORPUS.rglob(name))
        shutil.copy2(source, dest / name)
    return dest


@pytest.fixture(name="copy_corpus")
def copy_corpus_fixture() -> Callable[[Path, tuple[str, ...] | None], Path]:
    """copy_corpus(dest, names=None): copy the repo corpus (or some of its files) to dest."""
    return copy_corpus


@pytest.fixture(scope="session")
def corpus_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the whole repo corpus, shared read-only by the session."""
    return copy_corpus(tmp_path_factory.mktemp("corpus") / "corpus")


@pytest.fixture(scope="session")
def corpus_ingest(
    corpus_copy: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Assistant, IngestReport]:
    """The whole corpus, ingested once with the real model into an on-disk Chroma."""
    data_dir = tmp_path_factory.mktemp("corpus-index")
    assistant = Assistant.from_settings(data_dir=data_dir)
    return assistant, assistant.ingest([corpus_copy])


@pytest.fixture(scope="session")
def corpus_assistant(corpus_ingest: tuple[Assistant, IngestReport]) -> Assistant:
    """An Assistant answering from the whole ingested corpus. Do not ingest into it."""
    return corpus_ingest[0]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real `chroma run` on 127.0.0.1 and a free port for the session; yields its URL."""
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.fail(f"chromadb's chroma command is missing beside {sys.executable}: make install")
    path, port = tmp_path_factory.mktemp("chroma-server"), free_port()
    command = [str(chroma), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(path)]
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/api/v2/heartbeat", log=path / "server.log", timeout_s=60):
        yield url


def rank_of(hits: Sequence[Hit], evidence: str) -> int | None:
    """Rank of the first hit whose text holds the evidence (case and spacing aside), or None."""
    needle = " ".join(evidence.lower().split())
    return next((h.rank for h in hits if needle in " ".join(h.chunk.text.lower().split())), None)


def ranked_hits(texts: Sequence[str]) -> list[Hit]:
    """Hits ranked 1..n over one-chunk documents d1..dn holding these texts."""
    return [
        Hit(
            chunk=Chunk(id=f"c{i}", doc_id=f"d{i}", text=t, start=0, end=max(1, len(t))),
            score=1.0 / i,
            rank=i,
            retriever="hybrid",
        )
        for i, t in enumerate(texts, 1)
    ]


def cited_answer(sentences: Sequence[tuple[str, tuple[int, ...]]], passages: list[str]) -> Answer:
    """An answer whose sentences cite passages by marker ([n] = the n-th passage)."""
    hits = ranked_hits(passages)
    return Answer(
        question="q?",
        text=" ".join(f"{t} " + "".join(f"[{m}]" for m in ms) for t, ms in sentences),
        sentences=tuple(
            AnswerSentence(text=t, citations=ms, supported=True, score=1.0) for t, ms in sentences
        ),
        citations=tuple(
            Citation(
                marker=h.rank,
                chunk_id=h.chunk.id,
                doc_id=h.chunk.doc_id,
                title="t",
                section="",
                quote=h.chunk.text,
                start=0,
                end=h.chunk.end,
                source=None,
            )
            for h in hits
        ),
        hits=tuple(hits),
        abstained=False,
        evidence_score=1.0,
        settings_hash="x",
        timings_ms={},
    )
