"""Two app replicas (two Assistants with their own data_dir) share one real Chroma server."""

from __future__ import annotations

from pathlib import Path

import pytest

from govqa import Assistant
from govqa.indexing import open_store
from govqa.manifest import MANIFEST_COLLECTION
from govqa.store import chroma_client

pytestmark = pytest.mark.slow


def note(doc_id: str, place: str, fact: str) -> str:
    return (
        f"---\nid: {doc_id}\ntitle: 'Harbour rules of {place}'\ntype: briefing-note\n"
        f"issuer: Test port authority\nlanguage: en\n---\n\n# Harbour rules of {place}\n\n"
        f"The harbour of {place} adopted new rules this year. {fact} The rules were "
        f"published by the port authority of {place} after a public consultation.\n"
    )


def test_replicas_sharing_a_server_see_the_same_commits(tmp_path: Path, chroma_server: str) -> None:
    client = chroma_client(tmp_path, chroma_server)
    if MANIFEST_COLLECTION in {c.name for c in client.list_collections()}:
        client.delete_collection(MANIFEST_COLLECTION)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "lisbon.md").write_text(
        note("lisbon", "Lisbon", "Ships in Lisbon must pay a mooring fee of 40 euros a night."),
        encoding="utf-8",
    )
    (corpus / "hanoi.md").write_text(
        note("hanoi", "Hanoi", "Ferries in Hanoi must carry one life jacket per passenger."),
        encoding="utf-8",
    )
    writer = Assistant.from_settings(data_dir=tmp_path / "host-a", chroma_url=chroma_server)
    reader = Assistant.from_settings(data_dir=tmp_path / "host-b", chroma_url=chroma_server)
    assert writer.ingest([corpus]).added == ["hanoi", "lisbon"]
    assert not (tmp_path / "host-a" / "manifest.json").exists()  # committed in the server

    question = "What mooring fee do ships pay in Lisbon?"
    mine, theirs = writer.ask(question), reader.ask(question)
    assert not theirs.abstained
    assert "40 euros" in theirs.text
    assert theirs.text == mine.text and theirs.citations == mine.citations
    assert [r.meta.id for r in reader.sources()] == ["hanoi", "lisbon"]

    # A later commit by the writer reaches the reader on its next question (BM25 reloaded).
    (corpus / "quito.md").write_text(
        note("quito", "Quito", "Boats in Quito pay a river toll of seven dollars."),
        encoding="utf-8",
    )
    (corpus / "hanoi.md").unlink()
    report = writer.ingest([corpus])
    assert report.added == ["quito"] and report.removed == ["hanoi"]
    answer = reader.ask("What river toll do boats pay in Quito?")
    assert "seven dollars" in answer.text
    assert {c.doc_id for c in answer.citations} == {"quito"}
    manifest = reader.manifest()
    assert manifest is not None and set(manifest.documents) == {"lisbon", "quito"}
    # Deleting a document removed all of its chunks from the shared collection.
    stored = open_store(reader.settings, manifest.collection).ids()
    assert stored == manifest.live_ids()
    hits = reader.retrieve("life jacket per passenger on ferries", top_k=10)
    assert all(h.chunk.doc_id != "hanoi" for h in hits)
