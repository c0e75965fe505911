"""Sentence spans and chunking on small synthetic documents, plus the real roundtable file."""

from __future__ import annotations

import hashlib
import itertools
import random
from pathlib import Path

import pytest

from govqa.chunking import chunk, count_tokens
from govqa.frontmatter import DocumentMeta
from govqa.ingest import load
from govqa.sentences import spans
from govqa.types import Chunk, Document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

WORDS = (
    *("the", "council", "shall", "ensure", "that", "artificial", "intelligence", "systems"),
    *("respect", "democratic", "principles", "and", "human", "rights", "while", "states"),
    *("cooperate", "on", "shared", "standards"),
)


def make_doc(text: str, doc_id: str = "doc", about: str | None = None) -> Document:
    meta = DocumentMeta(
        id=doc_id, title="Doc", type="user", issuer="tests", language="en", about=about
    )
    digest = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=doc_id, source=f"{doc_id}.md", text=text, meta=meta, content_hash=digest)


def sentence(rng: random.Random, words: int | None = None) -> str:
    n = words if words is not None else rng.randint(4, 20)
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def random_text(seed: int) -> str:
    """Headings, bullet lists and prose paragraphs in random order."""
    rng = random.Random(seed)
    blocks = []
    for _ in range(rng.randint(2, 12)):
        kind = rng.random()
        if kind < 0.2:
            title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 12))).title()
            blocks.append("#" * rng.randint(1, 3) + " " + title)
        elif kind < 0.4:
            blocks.append("\n".join("- " + sentence(rng) for _ in range(rng.randint(1, 6))))
        else:
            blocks.append(" ".join(sentence(rng) for _ in range(rng.randint(1, 10))))
    return "\n\n".join(blocks)


def sentence_texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in spans(text) if s.kind == "sentence"]


# --- sentences.spans -------------------------------------------------------------------------


def test_spans_index_the_text_and_tell_headings_from_sentences() -> None:
    text = "# Title\n\nFirst sentence here. Second one follows.\n\n## Sub part\n\nThird."
    found = spans(text)
    assert [(s.kind, text[s.start : s.end]) for s in found] == [
        ("heading", "# Title"),
        ("sentence", "First sentence here."),
        ("sentence", "Second one follows."),
        ("heading", "## Sub part"),
        ("sentence", "Third."),
    ]
    assert found[1].paragraph == found[2].paragraph != found[4].paragraph


def test_legal_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Art. 5 of the Act bans some practices. It covers e.g. social scoring, i.e. ranking "
        "people. See para. 3 and cf. Arts. 6 to 9 for the rest."
    )
    assert sentence_texts(text) == [
        "Art. 5 of the Act bans some practices.",
        "It covers e.g. social scoring, i.e. ranking people.",
        "See para. 3 and cf. Arts. 6 to 9 for the rest.",
    ]


def test_list_items_are_paragraphs_of_their_own_without_their_marks() -> None:
    text = "Rules:\n- First rule applies.\n- Second rule too.\n1. Numbered item."
    found = [s for s in spans(text) if s.kind == "sentence"]
    assert [text[s.start : s.end] for s in found] == [
        "Rules:",
        "First rule applies.",
        "Second rule too.",
        "Numbered item.",
    ]
    assert len({s.paragraph for s in found}) == 4


def test_soft_wrapped_lines_keep_a_sentence_whole() -> None:
    text = "This sentence is wrapped\nover two lines. Next one."
    assert sentence_texts(text) == ["This sentence is wrapped\nover two lines.", "Next one."]


@pytest.mark.parametrize("seed", range(20))
def test_span_offsets_hold_for_random_text(seed: int) -> None:
    text = random_text(seed)
    for span in spans(text):
        piece = text[span.start : span.end]
        assert piece == piece.strip() and piece


# --- chunking.chunk --------------------------------------------------------------------------


def check_chunks(doc: Document, chunks: list[Chunk], max_tokens: int) -> None:
    assert chunks
    for c in chunks:
        assert c.text == doc.text[c.start : c.end]
        assert c.doc_id == doc.id
        assert count_tokens(c.text) <= max_tokens, (count_tokens(c.text), c.text)


@pytest.mark.parametrize("seed", range(60))
@pytest.mark.parametrize(("max_tokens", "overlap"), [(32, 0), (50, 10), (80, 20), (200, 30)])
def test_chunks_are_exact_spans_within_the_token_limit(
    seed: int, max_tokens: int, overlap: int
) -> None:
    doc = make_doc(random_text(seed))
    check_chunks(doc, chunk(doc, max_tokens, overlap), max_tokens)


def test_every_sentence_lands_in_some_chunk() -> None:
    doc = make_doc(random_text(7))
    chunks = chunk(doc, 40, 10)
    for s in spans(doc.text):
        if s.kind == "sentence":
            assert any(c.start <= s.start and s.end <= c.end for c in chunks), doc.text[s.start :]


def test_headings_give_nested_section_paths() -> None:
    text = (
        "Preamble before any heading.\n\n# A\n\nUnder A.\n\n## B\n\nUnder B.\n\n### C\n\n"
        "Under C.\n\n## D\n\nUnder D.\n\n# E\n\nUnder E."
    )
    doc = make_doc(text)
    chunks = chunk(doc, 200, 30)
    check_chunks(doc, chunks, 200)
    assert [c.section for c in chunks] == ["", "A", "A > B", "A > B > C", "A > D", "E"]
    assert chunks[2].text.startswith("## B")


def test_a_long_paragraph_splits_between_sentences() -> None:
    rng = random.Random(1)
    sentences = [sentence(rng, 12) for _ in range(30)]
    doc = make_doc(" ".join(sentences))
    chunks = chunk(doc, 60, 0)
    check_chunks(doc, chunks, 60)
    assert len(chunks) > 3
    starts = {s.start for s in spans(doc.text)}
    ends = {s.end for s in spans(doc.text)}
    for c in chunks:
        assert c.start in starts and c.end in ends
    assert " ".join(c.text for c in chunks) == doc.text  # no overlap asked: a partition


def test_a_sentence_longer_than_a_chunk_is_cut_at_words() -> None:
    doc = make_doc(sentence(random.Random(2), 200))
    chunks = chunk(doc, 40, 0)
    check_chunks(doc, chunks, 40)
    assert " ".join(c.text for c in chunks) == doc.text


def test_overlap_repeats_the_trailing_sentence_within_a_section() -> None:
    rng = random.Random(3)
    sentences = [sentence(rng, 10) for _ in range(12)]
    doc = make_doc("# Only\n\n" + " ".join(sentences))
    chunks = chunk(doc, 60, 20)
    check_chunks(doc, chunks, 60)
    assert len(chunks) > 2
    for before, after in itertools.pairwise(chunks):
        last = sentence_texts(before.text)[-1]
        assert after.text.startswith(last)
        assert after.start < before.end


def test_overlap_does_not_cross_headings() -> None:
    rng = random.Random(4)
    first = " ".join(sentence(rng, 10) for _ in range(8))
    second = " ".join(sentence(rng, 10) for _ in range(8))
    doc = make_doc(f"# One\n\n{first}\n\n# Two\n\n{second}")
    chunks = chunk(doc, 60, 20)
    check_chunks(doc, chunks, 60)
    sections = [c.section for c in chunks]
    boundary = sections.index("Two")
    assert boundary > 0 and set(sections[boundary:]) == {"Two"}
    assert chunks[boundary].start > chunks[boundary - 1].end
    assert chunks[boundary].text.startswith("# Two")
    assert sentence_texts(chunks[boundary - 1].text)[-1] not in chunks[boundary].text


def test_chunk_ids_are_stable_and_follow_the_text() -> None:
    text = random_text(11)
    first = chunk(make_doc(text), 50, 10)
    again = chunk(make_doc(text), 50, 10)
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    edited = chunk(make_doc(text.replace("council", "parliament", 1)), 50, 10)
    assert "council" in text
    assert [c.id for c in edited] != [c.id for c in first]
    changed = {c.id for c in edited} - {c.id for c in first}
    assert any("parliament" in c.text for c in edited if c.id in changed)
    assert {c.id for c in chunk(make_doc(text, "other-doc"), 50, 10)}.isdisjoint(
        {c.id for c in first}
    )


def test_unchanged_leading_chunks_keep_their_ids_when_the_end_changes() -> None:
    rng = random.Random(12)
    head = "# A\n\n" + " ".join(sentence(rng, 10) for _ in range(10))
    first = chunk(make_doc(head + "\n\n# B\n\nOld ending."), 50, 10)
    second = chunk(make_doc(head + "\n\n# B\n\nA new ending."), 50, 10)
    assert [c.id for c in first[:-1]] == [c.id for c in second[:-1]]
    assert first[-1].id != second[-1].id


@pytest.mark.slow
def test_roundtable_chunks_fit_the_embedding_model() -> None:
    from govqa.embed import SentenceTransformerEmbedder
    from govqa.retrieve import passage_text

    embedder = SentenceTransformerEmbedder("all-MiniLM-L6-v2")
    assert embedder.max_tokens == 256
    doc = load(CORPUS / "roundtable-summary.md")
    chunks = chunk(doc)
    check_chunks(doc, chunks, 200)
    for c in chunks:
        # What is embedded is the passage text (title and section first); it must not be cut.
        assert embedder.count_tokens(passage_text(c, doc.meta.title)) <= 256, c.text


def test_a_sentence_that_leans_back_is_embedded_with_the_one_before() -> None:
    from govqa.sentences import sentences_in_context

    text = (
        "The Rule is a code. It was issued in 2025.\n\nAgencies apply the Rule. "
        "However, few do.\n\n## Scope\n\nThis section covers agencies."
    )
    found = sentences_in_context(text)
    assert [s.text for s in found] == [
        "The Rule is a code.",
        "It was issued in 2025.",
        "Agencies apply the Rule.",
        "However, few do.",
        "This section covers agencies.",
    ]
    assert [s.in_context for s in found] == [
        "The Rule is a code.",
        "The Rule is a code. It was issued in 2025.",
        "Agencies apply the Rule.",
        "Agencies apply the Rule. However, few do.",
        "This section covers agencies.",  # a heading between: nothing to lean on
    ]
    assert found[1].previous == found[0].span and found[0].previous is None
    assert found[4].previous is None
    assert [s.in_context for s in sentences_in_context("It opens the text.")] == [
        "It opens the text."
    ]


class _IssuedFirst:
    """A fake embedder: texts saying "issued" point one way, all others the other way."""

    name = "fake"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if "issued" in t else [0.0, 1.0] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return [1.0, 0.0]


@pytest.mark.parametrize("start", [0, 120])
def test_the_sentence_leant_on_is_quoted_wherever_the_document_starts(start: int) -> None:
    from govqa.generate import ExtractiveGenerator
    from govqa.types import Chunk, Hit

    text = "The Vega Code is a voluntary code. It was issued by the Lyra Council."
    chunk = Chunk(id="c", doc_id="vega", text=text, start=start, end=start + len(text))
    hit = Hit(chunk=chunk, score=1.0, rank=1, retriever="hybrid")
    generator = ExtractiveGenerator(_IssuedFirst(), threshold=0.5, max_sentences=1)
    draft = generator.generate("Who issued the Vega Code?", [1.0, 0.0], [hit])
    assert [q.text for q in draft.quotes] == [
        "The Vega Code is a voluntary code.",  # at offset 0 of the document, too
        "It was issued by the Lyra Council.",
    ]


def test_a_documents_about_note_is_indexed_with_its_passages_and_changes_their_ids() -> None:
    from govqa.retrieve import passage_text

    text = random_text(13)
    plain = make_doc(text)
    noted = make_doc(text, about="The Doc Office sits in Quito.")
    renoted = make_doc(text, about="The Doc Office sits in Lima.")
    ids = [[c.id for c in chunk(d, 50, 10)] for d in (plain, noted, renoted)]
    assert ids[0] == [c.id for c in chunk(make_doc(text), 50, 10)]
    # A new or changed note must re-embed the passages: their ids follow it.
    assert set(ids[0]).isdisjoint(ids[1]) and set(ids[1]).isdisjoint(ids[2])
    first = chunk(noted, 50, 10)[0]
    indexed = passage_text(first, "Doc", noted.meta.about)
    assert indexed.startswith("Doc") and "(The Doc Office sits in Quito.)" in indexed
    assert indexed.endswith(first.text) and "Quito" not in first.text
    assert passage_text(first, "Doc") == passage_text(first, "Doc", None)
