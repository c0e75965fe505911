"""One contract for the store and the manifest commit point, run on embedded and server Chroma."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from govqa.config import Settings, load_settings
from govqa.errors import ConfigError, StoreError
from govqa.frontmatter import DocumentMeta
from govqa.indexing import open_manifests, open_sentences, open_store
from govqa.local_server import free_port
from govqa.manifest import MANIFEST_COLLECTION, DocumentRecord, Manifest
from govqa.sentence_store import SentenceStore, chunk_sentences
from govqa.store import ChromaStore, chroma_client
from govqa.types import Chunk

pytestmark = pytest.mark.slow  # the server leg starts `chroma run`


@pytest.fixture(params=["embedded", "server"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    """Settings of an empty index, embedded under tmp_path or in the session's Chroma server."""
    if request.param == "embedded":
        yield load_settings(data_dir=tmp_path / "data")
        return
    url = request.getfixturevalue("chroma_server")
    client = chroma_client(tmp_path, url)
    if MANIFEST_COLLECTION in {c.name for c in client.list_collections()}:
        client.delete_collection(MANIFEST_COLLECTION)  # the server outlives each test
    yield load_settings(data_dir=tmp_path / "data", chroma_url=url)


def unit(*xs: float) -> list[float]:
    norm = math.sqrt(sum(x * x for x in xs))
    return [x / norm for x in xs]


VECTORS = {"a1": unit(1, 0, 0, 0), "a2": unit(1, 1, 0, 0), "b1": unit(0, 0, 1, 0)}


def chunk_of(cid: str) -> Chunk:
    doc = "doc-" + cid[0]
    return Chunk(id=cid, doc_id=doc, text=f"text of {cid}", start=0, end=10, section="S", page=None)


@pytest.fixture
def store(settings: Settings) -> ChromaStore:
    store = open_store(settings, f"chunks-{uuid.uuid4().hex[:8]}")
    store.add([chunk_of(c) for c in VECTORS], list(VECTORS.values()), "briefing-note")
    return store


def test_added_chunks_come_back_by_id_in_the_order_asked(store: ChromaStore) -> None:
    assert store.count() == 3
    assert store.ids() == set(VECTORS)
    assert store.existing(["a1", "zz", "b1"]) == {"a1", "b1"}
    assert store.existing([]) == set()
    got = store.get(["b1", "nope", "a1"])
    assert got == [chunk_of("b1"), chunk_of("a1")]


def test_vectors_come_back_as_rows_of_the_chunks_in_the_same_read(store: ChromaStore) -> None:
    chunks, _, rows = store.get_with(["b1", "a1", "zz"], vectors=True)
    assert [c.id for c in chunks] == ["b1", "a1"] and rows.shape == (2, 4)
    for chunk, row in zip(chunks, rows, strict=True):
        assert row.tolist() == pytest.approx(VECTORS[chunk.id], abs=1e-6)
    assert store.get_with([], vectors=True)[0] == []
    assert store.get_with(["a1"])[2].size == 0  # not asked: not read


def test_adding_an_id_again_does_not_duplicate_it(store: ChromaStore) -> None:
    store.add([chunk_of("a1")], [VECTORS["a1"]], "briefing-note")
    assert store.count() == 3


def test_query_ranks_by_cosine_similarity_and_filters_documents(store: ChromaStore) -> None:
    found = store.query(unit(1, 0.1, 0, 0), 3)
    assert [c.id for c, _ in found] == ["a1", "a2", "b1"]
    assert found[0][1] == pytest.approx(1 / math.sqrt(1.01), abs=1e-3)
    assert found[2][1] == pytest.approx(0.0, abs=1e-3)
    assert [c.id for c, _ in store.query(unit(1, 0, 0, 0), 3, ["doc-b"])] == ["b1"]
    assert store.query(unit(1, 0, 0, 0), 3, []) == []
    assert len(store.query(unit(1, 0, 0, 0), 50)) == 3  # n beyond the count is clipped


def test_delete_removes_exactly_the_given_chunks(store: ChromaStore) -> None:
    store.delete(["a2", "not-there"])
    assert store.ids() == {"a1", "b1"}
    assert "a2" not in {c.id for c, _ in store.query(unit(1, 1, 0, 0), 3)}


def test_drop_collection_removes_the_collection(settings: Settings, store: ChromaStore) -> None:
    ChromaStore.drop_collection(settings.data_dir / "chroma", store.name, settings.chroma_url)
    assert open_store(settings, store.name).count() == 0


def sentence_chunk(cid: str, text: str) -> Chunk:
    return Chunk(id=cid, doc_id="doc-" + cid[0], text=text, start=0, end=len(text), section="S")


SENTENCE_CHUNKS = {
    "a1": (
        "## Heading\n\nAlpha comes first. Beta comes second.",
        [unit(1, 0, 0, 0), unit(0, 1, 0, 0)],
    ),
    "b1": ("Gamma stands alone.", [unit(0, 0, 1, 0)]),
}


@pytest.fixture
def sentences(settings: Settings) -> SentenceStore:
    store = open_sentences(settings, f"chunks-{uuid.uuid4().hex[:8]}")
    chunks = [sentence_chunk(cid, text) for cid, (text, _) in SENTENCE_CHUNKS.items()]
    store.add(chunks, [vectors for _, vectors in SENTENCE_CHUNKS.values()])
    return store


def test_chunk_sentences_leave_headings_out() -> None:
    text = SENTENCE_CHUNKS["a1"][0]
    assert chunk_sentences(sentence_chunk("a1", text)) == [
        "Alpha comes first.",
        "Beta comes second.",
    ]


def test_sentence_vectors_come_back_by_chunk(sentences: SentenceStore) -> None:
    got = sentences.vectors(["a1", "nope"])
    assert set(got) == {"Alpha comes first.", "Beta comes second."}
    assert got["Beta comes second."] == pytest.approx(unit(0, 1, 0, 0), abs=1e-6)


def test_sentence_query_ranks_live_sentences_and_filters_documents(
    sentences: SentenceStore,
) -> None:
    live = {"a1", "b1"}
    found = sentences.query(unit(0, 1, 0.2, 0), 3, live, None)
    assert [(c, t) for c, t, _ in found] == [
        ("a1", "Beta comes second."),
        ("b1", "Gamma stands alone."),
        ("a1", "Alpha comes first."),
    ]
    assert found[0][2] == pytest.approx(1 / math.sqrt(1.04), abs=1e-3)
    assert [t for _, t, _ in sentences.query(unit(0, 1, 0, 0), 3, live, {"doc-b"})] == [
        "Gamma stands alone."
    ]
    assert sentences.query(unit(0, 1, 0, 0), 3, live, set()) == []
    # Sentences of a chunk the manifest does not name are skipped, and n still holds.
    sentences.count_orphans({"b1"})
    assert [c for c, _, _ in sentences.query(unit(0, 1, 0, 0), 1, {"b1"}, None)] == ["b1"]


def test_keep_only_deletes_the_sentences_of_dead_chunks(sentences: SentenceStore) -> None:
    sentences.keep_only({"b1"})
    assert sentences.vectors(["a1"]) == {}
    assert set(sentences.vectors(["b1"])) == {"Gamma stands alone."}


def test_sentence_vectors_must_match_the_sentences(sentences: SentenceStore) -> None:
    with pytest.raises(ValueError, match="a1"):
        sentences.add([sentence_chunk("a1", SENTENCE_CHUNKS["a1"][0])], [[unit(1, 0, 0, 0)]])


def manifest_with(doc_ids: tuple[str, ...]) -> Manifest:
    records = {
        d: DocumentRecord(
            meta=DocumentMeta(id=d, title=d.title(), type="user", issuer="t", language="en"),
            source=f"/corpus/{d}.md",
            content_hash="0" * 64,
            chunk_ids=(f"{d}-1", f"{d}-2"),
        )
        for d in doc_ids
    }
    return Manifest(
        index_hash="abc",
        embed_model="m",
        collection="chunks-abc",
        updated=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        documents=records,
    )


def test_manifest_commits_read_back_and_change_the_revision(settings: Settings) -> None:
    manifests = open_manifests(settings)
    assert manifests.read() is None
    assert manifests.revision() is None
    first = manifest_with(("alpha",))
    manifests.write(first)
    assert manifests.read() == first
    revision = manifests.revision()
    assert revision is not None
    second = manifest_with(("alpha", "beta"))
    manifests.write(second)
    assert manifests.revision() != revision
    # Another process (or replica) opening the same index sees the same commit.
    assert open_manifests(settings).read() == second
    assert second.live_ids() == {"alpha-1", "alpha-2", "beta-1", "beta-2"}


def test_an_unreachable_server_is_a_store_error_naming_the_url_and_the_fix(
    tmp_path: Path,
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    settings = load_settings(data_dir=tmp_path, chroma_url=url)
    with pytest.raises(StoreError) as err:
        open_store(settings, "chunks-x")
    message = str(err.value)
    assert url in message and "GOVQA_CHROMA_URL" in message and "chroma run" in message
    assert "\n" not in message


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://host:21", "http://", "http://h:99999"])
def test_a_malformed_chroma_url_is_a_config_error(url: str) -> None:
    with pytest.raises(ConfigError, match="chroma_url"):
        load_settings(chroma_url=url)


def test_chroma_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVQA_CHROMA_URL", "http://chroma.internal:8000/")
    assert load_settings().chroma_url == "http://chroma.internal:8000"
    assert load_settings().settings_hash() == load_settings(chroma_url=None).settings_hash()
