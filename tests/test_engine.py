"""The engine end to end: real model, real on-disk Chroma, the repo corpus."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from govqa import (
    ABSTENTION,
    Answer,
    Assistant,
    Filters,
    IngestReport,
    InputError,
    StoreError,
)
from govqa.chunking import count_tokens
from govqa.frontmatter import split_front_matter
from govqa.indexing import chroma_dir
from govqa.sentences import sentences_in_context
from govqa.store import ChromaStore

pytestmark = pytest.mark.slow

CopyCorpus = Callable[[Path, tuple[str, ...] | None], Path]

ROUNDTABLE_QUESTIONS = (
    "What is normative sovereignty?",
    "What risks does AI pose to democratic governance?",
    "How can middle powers navigate questions of sovereignty?",
    "What does the EU AI Act prohibit?",
    "What did participants say about international cooperation?",
)
OFF_TOPIC = (
    "What is the capital of Australia?",
    "What was the budget of the roundtable in euros?",
    "How do I bake sourdough bread at home?",
    "Who won the 2018 FIFA World Cup final?",
    "What is the boiling point of water at sea level?",
)


def document_text(assistant: Assistant, doc_id: str) -> str:
    """The text citations point into: the source file after its front matter."""
    manifest = assistant.manifest()
    assert manifest is not None
    raw = Path(manifest.documents[doc_id].source).read_text(encoding="utf-8")
    _, body = split_front_matter(raw)
    return raw[body:]


def check_answer(assistant: Assistant, answer: Answer) -> None:
    """Every sentence cites; every marker resolves; every quote is an exact span of its source."""
    assert not answer.abstained
    assert answer.sentences and answer.citations
    markers = {c.marker for c in answer.citations}
    assert [c.marker for c in answer.citations] == list(range(1, len(markers) + 1))
    for sentence in answer.sentences:
        assert sentence.citations, sentence.text
        assert set(sentence.citations) <= markers
        assert sentence.text in answer.text
    in_text = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert in_text == markers
    hit_chunks = {h.chunk.id: h.chunk for h in answer.hits}
    for citation in answer.citations:
        text = document_text(assistant, citation.doc_id)
        assert citation.quote
        assert text[citation.start : citation.end] == citation.quote
        chunk = hit_chunks[citation.chunk_id]  # cites what was retrieved
        assert chunk.doc_id == citation.doc_id
        assert chunk.start <= citation.start and citation.end <= chunk.end
        assert text[chunk.start : chunk.end] == chunk.text


def store_ids(assistant: Assistant) -> set[str]:
    manifest = assistant.manifest()
    assert manifest is not None
    return ChromaStore(chroma_dir(assistant.settings.data_dir), manifest.collection).ids()


def live_ids(assistant: Assistant) -> set[str]:
    manifest = assistant.manifest()
    assert manifest is not None
    return manifest.live_ids()


# --- the shared, fully ingested corpus --------------------------------------------------------


def test_first_ingest_adds_every_corpus_document(
    corpus_ingest: tuple[Assistant, IngestReport],
) -> None:
    assistant, report = corpus_ingest
    assert report.ok and not report.failed
    assert report.rebuilt_from is None
    ids = {r.meta.id for r in assistant.sources()}
    assert {"roundtable-summary", "glossary", "eu-ai-act"} <= ids
    assert sorted(report.added) == sorted(ids)
    assert report.chunks_embedded == len(live_ids(assistant))
    assert store_ids(assistant) == live_ids(assistant)


def test_normative_sovereignty_is_answered_from_the_roundtable(
    corpus_assistant: Assistant,
) -> None:
    answer = corpus_assistant.ask("What is normative sovereignty?")
    check_answer(corpus_assistant, answer)
    assert any(
        c.doc_id == "roundtable-summary" and "democratic principles" in c.quote
        for c in answer.citations
    ), [(c.doc_id, c.quote) for c in answer.citations]


def test_a_question_embeds_only_itself_the_sentences_were_embedded_at_ingest(
    corpus_assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = Assistant.from_settings(data_dir=corpus_assistant.settings.data_dir)
    embedded: list[str] = []
    inner = fresh.embedder.embed_documents

    def counting(texts: Sequence[str]) -> list[list[float]]:
        embedded.extend(texts)
        return inner(texts)

    monkeypatch.setattr(fresh.embedder, "embed_documents", counting)
    answer = fresh.ask("Why do middle powers worry about depending on foreign AI platforms?")
    assert not answer.abstained and answer.citations
    assert embedded == []
    # The vectors stored at ingest are the ones the model gives now, for each sentence as it
    # was stored: with the sentence it leans on, when it leans on one.
    chunks = {h.chunk.id: h.chunk for h in answer.hits}
    stored_texts = [
        s.in_context
        for c in answer.citations
        for s in sentences_in_context(chunks[c.chunk_id].text)
        if s.text == c.quote
    ]
    assert len(stored_texts) >= len(answer.citations)
    stored = fresh.passage_embedder.embed_documents(stored_texts)
    assert embedded == []
    for old, new in zip(stored, inner(stored_texts), strict=True):
        assert old == pytest.approx(new, abs=1e-5)


@pytest.mark.parametrize("question", ROUNDTABLE_QUESTIONS)
def test_answers_cite_exact_spans_of_the_sources(
    corpus_assistant: Assistant, question: str
) -> None:
    answer = corpus_assistant.ask(question)
    check_answer(corpus_assistant, answer)
    assert answer.question == question
    assert answer.settings_hash == corpus_assistant.settings.settings_hash()
    assert 1 <= len(answer.sentences) <= corpus_assistant.settings.max_answer_sentences + 2


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_questions_the_corpus_cannot_answer_abstain(
    corpus_assistant: Assistant, question: str
) -> None:
    answer = corpus_assistant.ask(question)
    assert answer.abstained
    assert answer.text == ABSTENTION
    assert not answer.citations and not answer.sentences
    assert answer.hits  # the closest passages are still listed


def test_doc_id_filter_keeps_hits_and_citations_in_that_document(
    corpus_assistant: Assistant,
) -> None:
    only = Filters(doc_ids=("eu-ai-act",))
    answer = corpus_assistant.ask("Which practices are prohibited?", filters=only)
    check_answer(corpus_assistant, answer)
    assert answer.hits
    assert {h.chunk.doc_id for h in answer.hits} == {"eu-ai-act"}
    assert {c.doc_id for c in answer.citations} == {"eu-ai-act"}
    hits = corpus_assistant.retrieve("democratic principles", filters=only, top_k=3)
    assert len(hits) == 3 and {h.chunk.doc_id for h in hits} == {"eu-ai-act"}


def test_doc_type_filter(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.ask(
        "What is normative sovereignty?", filters=Filters(doc_types=("discussion-summary",))
    )
    assert {h.chunk.doc_id for h in answer.hits} == {"roundtable-summary"}
    assert {c.doc_id for c in answer.citations} <= {"roundtable-summary"}


def test_top_k_limits_the_hits(corpus_assistant: Assistant) -> None:
    assert len(corpus_assistant.ask("What is sovereignty?", top_k=2).hits) == 2


@pytest.mark.parametrize("top_k", [0, -5, 101, 1000, "3", 2.5, True])
def test_a_top_k_that_is_no_count_of_passages_is_refused(
    corpus_assistant: Assistant, top_k: object
) -> None:
    for call in (corpus_assistant.ask, corpus_assistant.retrieve):
        with pytest.raises(InputError, match=r"top_k=.* give 1 to 100"):
            call("What is sovereignty?", top_k=top_k)  # type: ignore[operator]


@pytest.mark.parametrize("question", [None, 42, b"What is sovereignty?"])
def test_a_question_that_is_not_text_is_refused(
    corpus_assistant: Assistant, question: object
) -> None:
    with pytest.raises(InputError, match="not text; pass a str"):
        corpus_assistant.ask(question)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "filters",
    [
        Filters(doc_ids=("no-such-document",)),
        Filters(doc_ids=("eu-ai-act", "no-such-document")),
        Filters(doc_types=("press-release",)),
    ],
)
def test_filters_that_name_nothing_are_refused(
    corpus_assistant: Assistant, filters: Filters
) -> None:
    with pytest.raises(InputError):
        corpus_assistant.ask("What is sovereignty?", filters=filters)


@pytest.mark.parametrize("question", ["", "   ", "\n\t  \n"])
def test_empty_questions_are_refused(corpus_assistant: Assistant, question: str) -> None:
    with pytest.raises(InputError, match="empty"):
        corpus_assistant.ask(question)


def test_a_100000_character_question_is_refused_with_the_limit(
    corpus_assistant: Assistant,
) -> None:
    limit = corpus_assistant.settings.max_question_chars
    with pytest.raises(InputError, match="limit") as err:
        corpus_assistant.ask("Why " + "sovereignty " * 8333)
    assert f"{limit:,}" in str(err.value)
    with pytest.raises(InputError, match="limit"):
        corpus_assistant.ask("x" * 100_000)


def test_asking_before_any_ingest_says_to_ingest(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="ingest"):
        Assistant.from_settings(data_dir=tmp_path / "empty").ask("What is sovereignty?")


def test_reingesting_an_unchanged_corpus_embeds_nothing(
    corpus_ingest: tuple[Assistant, IngestReport], corpus_copy: Path
) -> None:
    assistant, first = corpus_ingest
    before = store_ids(assistant)
    report = assistant.ingest([corpus_copy])
    assert report.chunks_embedded == 0
    assert sorted(report.unchanged) == sorted(first.added)
    assert report.added == report.updated == report.removed == []
    assert report.ok and report.rebuilt_from is None
    assert store_ids(assistant) == before == live_ids(assistant)


# --- a small corpus of its own, changed between ingests ---------------------------------------

SMALL = ("roundtable-summary.md", "glossary.md")
NEW_PARAGRAPH = (
    "\n## Next steps\n\nThe ministries agreed to hold their next roundtable in Reykjavik, "
    "where they will review a shared register of algorithmic audits.\n"
)


@pytest.fixture
def small(tmp_path: Path, copy_corpus: CopyCorpus) -> tuple[Assistant, Path, IngestReport]:
    corpus = copy_corpus(tmp_path / "corpus", SMALL)
    assistant = Assistant.from_settings(data_dir=tmp_path / "data")
    return assistant, corpus, assistant.ingest([corpus])


def chunk_ids(assistant: Assistant, doc_id: str) -> tuple[str, ...]:
    manifest = assistant.manifest()
    assert manifest is not None
    return manifest.documents[doc_id].chunk_ids


def test_editing_one_file_reembeds_only_its_new_chunks(
    small: tuple[Assistant, Path, IngestReport],
) -> None:
    assistant, corpus, _ = small
    glossary_before = chunk_ids(assistant, "glossary")
    roundtable_before = chunk_ids(assistant, "roundtable-summary")
    path = corpus / "roundtable-summary.md"
    path.write_text(path.read_text(encoding="utf-8") + NEW_PARAGRAPH, encoding="utf-8")

    report = assistant.ingest([corpus])

    assert report.updated == ["roundtable-summary"]
    assert report.unchanged == ["glossary"]
    assert report.added == report.removed == []
    roundtable_after = chunk_ids(assistant, "roundtable-summary")
    fresh = set(roundtable_after) - set(roundtable_before)
    assert fresh and report.chunks_embedded == len(fresh) < len(roundtable_after)
    assert chunk_ids(assistant, "glossary") == glossary_before
    assert store_ids(assistant) == live_ids(assistant)
    answer = assistant.ask("Where will the ministries hold their next roundtable?")
    check_answer(assistant, answer)
    assert any("Reykjavik" in c.quote for c in answer.citations)


def test_deleting_a_file_removes_its_document_and_chunks(
    small: tuple[Assistant, Path, IngestReport],
) -> None:
    assistant, corpus, _ = small
    gone = set(chunk_ids(assistant, "glossary"))
    (corpus / "glossary.md").unlink()

    report = assistant.ingest([corpus])

    assert report.removed == ["glossary"]
    assert report.unchanged == ["roundtable-summary"]
    assert report.chunks_embedded == 0
    assert [r.meta.id for r in assistant.sources()] == ["roundtable-summary"]
    assert store_ids(assistant) == live_ids(assistant)
    assert gone.isdisjoint(store_ids(assistant))
    with pytest.raises(InputError):
        assistant.ask("What is sovereignty?", filters=Filters(doc_ids=("glossary",)))
    answer = assistant.ask("What is normative sovereignty?")
    assert {h.chunk.doc_id for h in answer.hits} == {"roundtable-summary"}


def test_ingesting_one_file_leaves_the_others_in_place(
    small: tuple[Assistant, Path, IngestReport],
) -> None:
    assistant, corpus, _ = small
    report = assistant.ingest([corpus / "glossary.md"])
    assert report.unchanged == ["glossary"] and report.removed == []
    assert {r.meta.id for r in assistant.sources()} == {"glossary", "roundtable-summary"}


def test_changing_chunk_tokens_rebuilds_the_index(
    small: tuple[Assistant, Path, IngestReport], tmp_path: Path
) -> None:
    old, corpus, first = small
    old_collection = old.manifest().collection  # type: ignore[union-attr]
    rebuilt = Assistant.from_settings(data_dir=tmp_path / "data", chunk_tokens=120)
    assert rebuilt.settings.index_hash() != old.settings.index_hash()
    with pytest.raises(StoreError, match="ingest"):
        rebuilt.ask("What is normative sovereignty?")

    report = rebuilt.ingest([corpus])

    assert report.rebuilt_from is not None
    assert sorted(report.added) == sorted(first.added)
    assert report.unchanged == [] and report.chunks_embedded == len(live_ids(rebuilt))
    manifest = rebuilt.manifest()
    assert manifest is not None and manifest.collection != old_collection
    assert store_ids(rebuilt) == live_ids(rebuilt)
    for doc_id in manifest.documents:
        text = document_text(rebuilt, doc_id)
        for c in ChromaStore(chroma_dir(tmp_path / "data"), manifest.collection).get(
            list(manifest.documents[doc_id].chunk_ids)
        ):
            assert count_tokens(c.text) <= 120 and text[c.start : c.end] == c.text
    answer = rebuilt.ask("What is normative sovereignty?")
    check_answer(rebuilt, answer)
    with pytest.raises(StoreError, match="ingest"):
        old.ask("What is normative sovereignty?")  # built for the old settings: says so


def test_a_moved_corpus_folder_is_reingested_without_duplicates(
    small: tuple[Assistant, Path, IngestReport], tmp_path: Path
) -> None:
    assistant, corpus, _ = small
    moved = tmp_path / "moved"
    shutil.move(corpus, moved)
    report = assistant.ingest([moved])
    assert report.ok, report.failed
    assert {r.meta.id for r in assistant.sources()} == {"glossary", "roundtable-summary"}
    assert store_ids(assistant) == live_ids(assistant)
