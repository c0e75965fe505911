"""An ingest killed while embedding leaves the previous index answering; the next one repairs it."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from govqa import Assistant, IngestReport
from govqa.indexing import chroma_dir
from govqa.manifest import Manifest
from govqa.sentence_store import SentenceStore, chunk_sentences, sentence_collection
from govqa.store import ChromaStore

pytestmark = pytest.mark.slow

CopyCorpus = Callable[[Path, tuple[str, ...] | None], Path]

SMALL = ("roundtable-summary.md", "glossary.md")
TOPICS = 30
KILL_AT_EMBED_STEP = 3  # roundtable's new chunks and two new documents are stored by then
SUBJECTS = ("water", "railway", "fishery", "library", "orchard", "harbour", "glacier", "market")
PLACES = ("Lisbon", "Nairobi", "Hanoi", "Quito", "Tallinn", "Accra", "Perth", "Oslo")

CHILD = """
import sys
from pathlib import Path
from govqa import Assistant

def progress(stage, done, total):
    if stage.startswith("embed"):
        print("EMBEDDING", stage, done, total, flush=True)

assistant = Assistant.from_settings(data_dir=Path(sys.argv[1]))
assistant.ingest([Path(sys.argv[2])], progress=progress)
print("FINISHED", flush=True)
"""


def topic_document(i: int) -> str:
    subject, place = SUBJECTS[i % len(SUBJECTS)], PLACES[(i * 3) % len(PLACES)]
    return (
        f"---\nid: topic-{i:02d}\ntitle: 'Topic {i}: {subject} in {place}'\ntype: briefing-note\n"
        f"issuer: Test generator\nlanguage: en\n---\n\n# The {subject} of {place}\n\n"
        f"This note number {i} describes the {subject} programme of {place}. The city council "
        f"reviewed {i + 3} proposals on the {subject} and chose the one with code word "
        f"Q{i:02d}X. Residents of {place} were consulted in {i % 12 + 1} public meetings.\n"
    )


def grow_corpus(corpus: Path) -> None:
    """Change the roundtable document and add TOPICS generated documents, in place."""
    roundtable = corpus / "roundtable-summary.md"
    roundtable.write_text(
        roundtable.read_text(encoding="utf-8")
        + "\n## Follow-up\n\nA follow-up meeting on shared compute was planned for the autumn.\n",
        encoding="utf-8",
    )
    for i in range(TOPICS):
        (corpus / f"topic-{i:02d}.md").write_text(topic_document(i), encoding="utf-8")


def kill_while_embedding(data_dir: Path, corpus: Path, log: Path) -> list[str]:
    """Run an ingest in a child process and SIGKILL it at its KILL_AT_EMBED_STEP-th batch."""
    with log.open("w") as err:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(data_dir), str(corpus)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
        watchdog = threading.Timer(300, child.kill)  # never hang the suite
        watchdog.start()
        seen: list[str] = []
        try:
            assert child.stdout is not None
            for line in child.stdout:
                seen.append(line.strip())
                if sum(s.startswith("EMBEDDING") for s in seen) == KILL_AT_EMBED_STEP:
                    child.send_signal(signal.SIGKILL)
                    break
            child.wait(timeout=60)
        finally:
            watchdog.cancel()
            child.kill()
            child.communicate()
    return seen


def state(data_dir: Path) -> tuple[Manifest, list[str]]:
    """The manifest and every chunk id stored in its Chroma collection."""
    assistant = Assistant.from_settings(data_dir=data_dir)
    manifest = assistant.manifest()
    assert manifest is not None
    store = ChromaStore(chroma_dir(data_dir), manifest.collection)
    return manifest, sorted(store.ids())


def chunk_map(manifest: Manifest) -> dict[str, tuple[str, ...]]:
    return {doc_id: record.chunk_ids for doc_id, record in manifest.documents.items()}


def test_a_killed_ingest_leaves_the_old_index_and_the_next_ingest_repairs_it(
    tmp_path: Path, copy_corpus: CopyCorpus
) -> None:
    corpus = copy_corpus(tmp_path / "corpus", SMALL)
    data_dir = tmp_path / "data"
    first = Assistant.from_settings(data_dir=data_dir).ingest([corpus])
    assert first.ok
    before = Assistant.from_settings(data_dir=data_dir)
    old_sources = before.sources()
    old_manifest, old_ids = state(data_dir)

    # The corpus grows; its ingest is killed in the middle of embedding.
    grow_corpus(corpus)
    seen = kill_while_embedding(data_dir, corpus, tmp_path / "child-stderr.txt")
    log = (tmp_path / "child-stderr.txt").read_text(errors="replace")[-2000:]
    embeds = [s for s in seen if s.startswith("EMBEDDING")]
    assert len(embeds) == KILL_AT_EMBED_STEP, (seen, log)
    assert "FINISHED" not in seen
    assert "roundtable-summary" in embeds[0]

    # A fresh assistant still answers from the old index, as if nothing had happened.
    after = Assistant.from_settings(data_dir=data_dir)
    assert after.sources() == old_sources
    manifest, _ = state(data_dir)
    assert manifest == old_manifest
    answer = after.ask("What is normative sovereignty?")
    assert not answer.abstained and answer.citations
    assert {h.chunk.id for h in answer.hits} <= old_manifest.live_ids()
    assert {c.doc_id for c in answer.citations} <= {"roundtable-summary", "glossary"}
    hits = after.retrieve("follow-up meeting on shared compute in the autumn", top_k=20)
    assert all("shared compute" not in h.chunk.text for h in hits)  # the half-ingested edit
    assert set(old_ids) == old_manifest.live_ids()

    # The next ingest completes and ends where a clean ingest of the same corpus ends.
    report = after.ingest([corpus])
    assert report.ok
    assert report.updated == ["roundtable-summary"]
    assert report.unchanged == ["glossary"]
    assert len(report.added) == TOPICS
    clean = Assistant.from_settings(data_dir=tmp_path / "clean")
    clean_report: IngestReport = clean.ingest([corpus])
    assert report.chunks_embedded < clean_report.chunks_embedded  # the killed run's work is kept

    repaired, repaired_ids = state(data_dir)
    fresh, fresh_ids = state(tmp_path / "clean")
    assert chunk_map(repaired) == chunk_map(fresh)
    assert repaired_ids == fresh_ids == sorted(fresh.live_ids())
    all_ids = [cid for ids in chunk_map(repaired).values() for cid in ids]
    assert len(all_ids) == len(set(all_ids))

    # Every stored vector is reachable by dense search, including those the killed run wrote.
    store = ChromaStore(chroma_dir(data_dir), repaired.collection)
    for doc_id, record in repaired.documents.items():
        vector = after.embedder.embed_query(record.meta.title)
        found = store.query(vector, len(record.chunk_ids), [doc_id])
        assert {c.id for c, _ in found} == set(record.chunk_ids), doc_id
    # Every live chunk has its sentence vectors, and no sentence of a dead chunk is left.
    sentences = SentenceStore(chroma_dir(data_dir), sentence_collection(repaired.collection))
    live = store.get(sorted(repaired.live_ids()))
    wanted = {s for chunk in live for s in chunk_sentences(chunk)}
    assert set(sentences.vectors(repaired.live_ids())) == wanted
    assert sentences.count_orphans(repaired.live_ids()) == 0
    hits = after.retrieve("Which proposal has the code word Q01X?", top_k=3)
    assert "topic-01" in {h.chunk.doc_id for h in hits}
