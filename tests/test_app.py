"""The chat's rendering and handlers, on hand-built Answers and a fake Assistant (no model)."""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from govqa import (
    ABSTENTION,
    Answer,
    AnswerSentence,
    Chunk,
    Citation,
    ConfigError,
    Filters,
    Hit,
    InputError,
    Settings,
)
from govqa.app import GENERIC_ERROR, ChatSession, Turn, build_app, parse_auth
from govqa.app_render import (
    answer_html,
    answer_markdown,
    highlighted_passage,
    library_html,
    safe_url,
    sources_html,
)
from govqa.frontmatter import DocumentMeta
from govqa.manifest import DocumentRecord, Manifest

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
DOC_TEXT = f"Intro. The board meets quarterly {SCRIPT}. Its chair wrote {IMG} once. End."


def _meta(**changes: Any) -> DocumentMeta:
    fields: dict[str, Any] = {
        "id": "board",
        "title": f"Board {IMG}",
        "type": "user",
        "issuer": f"{SCRIPT} Council",
        "language": "en",
        "official_url": "https://example.org/board",
        "date": dt.date(2024, 5, 1),
    }
    return DocumentMeta(**{**fields, **changes})


def _chunk() -> Chunk:
    return Chunk(id="c1", doc_id="board", text=DOC_TEXT, start=100, end=100 + len(DOC_TEXT))


def _quote(text: str) -> tuple[int, int]:
    lo = DOC_TEXT.index(text)
    return 100 + lo, 100 + lo + len(text)


def _citation(marker: int, text: str, source: str | None = "https://example.org/board") -> Citation:
    start, end = _quote(text)
    return Citation(
        marker=marker,
        chunk_id="c1",
        doc_id="board",
        title=f"Board {IMG}",
        section=f"Minutes {SCRIPT}",
        quote=text,
        start=start,
        end=end,
        source=source,
    )


def _answer(abstained: bool = False) -> Answer:
    hits = (Hit(chunk=_chunk(), score=0.5, rank=1, retriever="hybrid"),)
    if abstained:
        return Answer(
            question=f"Who {SCRIPT}?",
            text=ABSTENTION,
            sentences=(),
            citations=(),
            hits=hits,
            abstained=True,
            evidence_score=0.2,
            settings_hash="abc123",
            timings_ms={},
        )
    first, second = f"The board meets quarterly {SCRIPT}.", f"Its chair wrote {IMG} once."
    return Answer(
        question=f"When does the board meet {IMG}?",
        text=f"{first} [1] {second} [2]",
        sentences=(
            AnswerSentence(text=first, citations=(1,), supported=True, score=0.9),
            AnswerSentence(text=second, citations=(2,), supported=True, score=0.8),
        ),
        citations=(_citation(1, first), _citation(2, second, source="javascript:alert(1)")),
        hits=hits,
        abstained=False,
        evidence_score=0.9,
        settings_hash="abc123",
        timings_ms={"retrieve": 1.0},
    )


CATALOG = {"board": _meta()}


def _no_raw_html(page: str) -> None:
    assert "<script" not in page
    assert "<img" not in page
    assert "javascript:" not in page


def test_answer_html_escapes_text_and_links_each_marker() -> None:
    page = answer_html(_answer(), turn=3, catalog=CATALOG)
    _no_raw_html(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'href="#govqa-t3-c1"' in page and ">[1]</a>" in page
    assert 'href="#govqa-t3-c2"' in page and ">[2]</a>" in page
    assert "\n\n" not in page  # a blank line would end the HTML block in the chat's Markdown


def test_answer_html_streams_a_prefix_of_the_sentences() -> None:
    page = answer_html(_answer(), turn=0, catalog=CATALOG, shown=1)
    assert "[1]" in page and "[2]" not in page


def test_unsupported_sentence_is_flagged() -> None:
    answer = _answer()
    weak = answer.sentences[0].model_copy(update={"supported": False})
    page = answer_html(answer.model_copy(update={"sentences": (weak,)}), 0, CATALOG)
    assert "govqa-unsupported" in page and "(not supported)" in page


def test_highlight_marks_the_cited_span_inside_the_passage() -> None:
    answer = _answer()
    passage = highlighted_passage(answer.citations[1], answer.hits)
    _no_raw_html(passage)
    assert passage.startswith("Intro. The board meets quarterly &lt;script&gt;")
    assert "<mark>Its chair wrote &lt;img src=x onerror=alert(1)&gt; once.</mark> End." in passage


def test_highlight_falls_back_to_the_quote_when_the_passage_is_missing() -> None:
    citation = _answer().citations[0]
    assert highlighted_passage(citation, ()) == (
        "<mark>The board meets quarterly &lt;script&gt;alert(1)&lt;/script&gt;.</mark>"
    )


def test_sources_panel_lists_cited_passages_with_safe_links_only() -> None:
    page = sources_html([_answer()], CATALOG)
    _no_raw_html(page)
    assert 'id="govqa-t0-c1"' in page and 'id="govqa-t0-c2"' in page
    assert "Board &lt;img src=x onerror=alert(1)&gt;" in page
    assert "Minutes &lt;script&gt;" in page
    assert page.count('href="https://example.org/board"') == 1  # the javascript: URL is dropped
    assert page.count("<mark>") == 2


def test_sources_panel_keeps_earlier_answers_folded() -> None:
    page = sources_html([_answer(), None, _answer()], CATALOG)
    assert 'id="govqa-t0-c1"' in page and 'id="govqa-t2-c1"' in page
    assert page.count("<details") == 2 and page.count(" open>") == 1
    assert page.index("govqa-t2-c1") < page.index("govqa-t0-c1")


def test_abstention_is_shown_as_such_with_the_closest_passages() -> None:
    answer = _answer(abstained=True)
    chat = answer_html(answer, 0, CATALOG)
    _no_raw_html(chat)
    assert ABSTENTION in chat and "govqa-abstained" in chat
    assert 'href="#govqa-t0-h1"' in chat and "Board &lt;img" in chat
    panel = sources_html([answer], CATALOG)
    _no_raw_html(panel)
    assert 'id="govqa-t0-h1"' in panel and "Closest passages" in panel
    assert "<mark>" not in panel


def test_markdown_export_carries_citations_and_escapes_html() -> None:
    text = answer_markdown(_answer())
    assert not re.search(r"(?<!\\)<(script|/script|img)", text)  # only escaped tags
    assert "\\<script\\>alert(1)\\</script\\>" in text
    assert "once. [2]" in text and "quarterly \\<script\\>alert(1)\\</script\\>. [1]" in text
    assert "1. *Board \\<img src=x onerror=alert(1)\\>*" in text
    assert "<https://example.org/board>" in text and "javascript:" not in text
    assert "settings abc123" in text


def test_markdown_export_of_an_abstention() -> None:
    text = answer_markdown(_answer(abstained=True))
    assert ABSTENTION in text and "**Sources**" not in text


def test_french_and_spanish_answers_say_the_quotes_are_english_and_abstain_in_kind() -> None:
    french = _answer().model_copy(update={"language": "fr"})
    assert "Les sources sont en anglais" in answer_html(french, 0, CATALOG)
    assert "sources sont" not in answer_html(_answer(), 0, CATALOG)
    spanish = _answer(abstained=True).model_copy(update={"language": "es"})
    for shown in (
        answer_html(spanish, 0, CATALOG),
        sources_html([spanish], CATALOG),
        answer_markdown(spanish),
    ):
        assert "Las fuentes no tratan este punto" in shown and ABSTENTION not in shown


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/x", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>", False),
        ('https://example.org/"onmouseover=alert(1)', False),
        ("//example.org", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, safe: bool) -> None:
    assert (safe_url(url) is not None) is safe


def test_library_lists_metadata_escaped_and_index_status() -> None:
    record = DocumentRecord(
        meta=_meta(as_of=dt.date(2025, 1, 2)),
        source="corpus/board.md",
        content_hash="h",
        chunk_ids=("c1", "c2", "c3"),
    )
    settings = Settings(data_dir=Path("/nonexistent"))
    manifest = Manifest(
        index_hash=settings.index_hash(),
        embed_model="all-MiniLM-L6-v2",
        collection="col",
        updated=dt.datetime(2025, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
        documents={"board": record},
    )
    page = library_html([record], manifest, settings)
    _no_raw_html(page)
    for expected in (
        "Board &lt;img src=x onerror=alert(1)&gt;",
        "&lt;script&gt;alert(1)&lt;/script&gt; Council",
        "User documents",
        "2024-05-01",
        "2025-01-02",
        'href="https://example.org/board"',
        "<td>3</td>",
        "all-MiniLM-L6-v2",
        settings.settings_hash(),
        "2025-03-04 05:06:07",
        "1 documents, 3 passages",
    ):
        assert expected in page, expected
    assert "rebuild" not in page
    stale = manifest.model_copy(update={"index_hash": "other"})
    assert "rebuild" in library_html([record], stale, settings)
    assert "govqa ingest" in library_html([], None, settings)


# --- handlers, with a fake Assistant -------------------------------------------------------


class FakeAssistant:
    """Records what the chat passes and returns a canned answer or raises."""

    def __init__(self, result: Answer | Exception, deltas: Sequence[str] = ()) -> None:
        self.result = result
        self.deltas = deltas
        self.calls: list[tuple[str, list[str] | None, Filters | None]] = []
        self.settings = Settings(data_dir=Path("/nonexistent"))

    def ask(
        self, question: str, history: Sequence[str] | None = None, filters: Filters | None = None
    ) -> Answer:
        self.calls.append((question, list(history) if history is not None else None, filters))
        if isinstance(self.result, Exception):
            raise self.result
        return self.result

    def ask_stream(
        self, question: str, history: Sequence[str] | None = None, filters: Filters | None = None
    ) -> Iterator[str | Answer]:
        yield from self.deltas
        yield self.ask(question, history, filters)

    def sources(self) -> list[DocumentRecord]:
        record = DocumentRecord(meta=_meta(), source="s", content_hash="h", chunk_ids=("c1",))
        return [record]

    def manifest(self) -> None:
        return None


def _session(result: Answer | Exception, tmp_path: Path) -> tuple[ChatSession, FakeAssistant]:
    fake = FakeAssistant(result)
    session = ChatSession(fake)  # type: ignore[arg-type]
    session.downloads = tmp_path
    return session, fake


def test_answers_for_download_are_removed_with_the_session() -> None:
    session = ChatSession(FakeAssistant(_answer()))  # type: ignore[arg-type]
    folder = session.downloads
    list(session.respond("When?", [], None, None))
    assert list(folder.glob("govqa-answer-*.md"))
    del session
    gc.collect()
    assert not folder.exists()


def test_respond_streams_sentences_then_exports_markdown(tmp_path: Path) -> None:
    session, _ = _session(_answer(), tmp_path)
    updates = list(session.respond("When?", [], None, None))
    chats = [u[0] for u in updates]
    assert "Searching the sources" in chats[0][-1]["content"]
    assert "[1]" in chats[1][-1]["content"] and "[2]" not in chats[1][-1]["content"]
    assert "[2]" in chats[-1][-1]["content"]
    assert chats[-1][0] == {"role": "user", "content": '<div class="govqa-question">When?</div>'}
    markdown = updates[-1][3]
    assert markdown == answer_markdown(_answer())
    (saved,) = tmp_path.glob("govqa-answer-*.md")
    assert saved.read_text(encoding="utf-8") == markdown
    assert updates[-1][2][-1].answer == _answer()


def test_follow_ups_pass_earlier_questions_and_filters(tmp_path: Path) -> None:
    session, fake = _session(_answer(), tmp_path)
    earlier = [Turn("What is CETS 225?", answer=_answer()), Turn("", error="the question is empty")]
    list(session.respond("and what about the OECD?", earlier, ["board"], ["user"]))
    question, history, filters = fake.calls[-1]
    assert question == "and what about the OECD?"
    assert history == ["What is CETS 225?"]
    assert filters == Filters(doc_ids=("board",), doc_types=("user",))
    list(session.respond("Plain?", [], [], []))
    assert fake.calls[-1] == ("Plain?", [], None)


def test_user_errors_become_chat_messages(tmp_path: Path) -> None:
    session, _ = _session(InputError("no document matches the filters <b>"), tmp_path)
    last = list(session.respond("x", [], None, None))[-1]
    reply = last[0][-1]["content"]
    assert "govqa-error" in reply and "no document matches the filters &lt;b&gt;" in reply
    assert last[2][-1].error == "no document matches the filters <b>"


def test_unexpected_errors_show_a_generic_message_not_a_traceback(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    session, _ = _session(RuntimeError("secret internals"), tmp_path)
    last = list(session.respond("x", [], None, None))[-1]
    reply = last[0][-1]["content"]
    assert GENERIC_ERROR in reply and "secret internals" not in reply and "Traceback" not in reply
    assert "secret internals" in caplog.text


def test_build_app_wires_without_starting_a_server() -> None:
    app = build_app(FakeAssistant(_answer()))  # type: ignore[arg-type]
    assert app.title == "GovQA"


def test_parse_auth_from_value_and_file(tmp_path: Path) -> None:
    assert parse_auth(None) is None and parse_auth("") is None
    assert parse_auth("alice:s3:cret") == [("alice", "s3:cret")]
    users = tmp_path / "users"
    users.write_text("# officials\nalice:one\n\nbob:two\n", encoding="utf-8")
    assert parse_auth(str(users)) == [("alice", "one"), ("bob", "two")]


@pytest.mark.parametrize("value", ["alice", ":pw", "alice:"])
def test_parse_auth_rejects_malformed_values_without_echoing_them(value: str) -> None:
    with pytest.raises(ConfigError, match="not user:password") as info:
        parse_auth(value)
    assert value not in str(info.value)


def test_parse_auth_rejects_a_malformed_file_line(tmp_path: Path) -> None:
    users = tmp_path / "users"
    users.write_text("alice:one\nbob\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2 of"):
        parse_auth(str(users))


# --- generated answers: streamed text, notices, unsupported sentences --------------------------


def test_respond_streams_generated_text_escaped_then_the_verified_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("govqa.app.STREAM_DELAY_S", 0.0)
    notice = f"Generated answer: 1 sentence not supported {SCRIPT}."
    session, _ = _session(_answer(), tmp_path)
    session.assistant.result = _answer().model_copy(update={"notice": notice})  # type: ignore[attr-defined]
    session.assistant.deltas = ["The board ", SCRIPT, " meets [1]."]  # type: ignore[attr-defined]
    updates = list(session.respond("When?", [], None, None))
    drafts = [u[0][-1]["content"] for u in updates if "Writing;" in u[0][-1]["content"]]
    assert len(drafts) == 3
    assert "The board &lt;script&gt;alert(1)&lt;/script&gt; meets [1]." in drafts[-1]
    final = updates[-1][0][-1]["content"]
    assert "Writing;" not in final and 'href="#govqa-t0-c1"' in final
    _no_raw_html(final)
    assert "Generated answer: 1 sentence not supported &lt;script&gt;" in final
    assert answer_markdown(updates[-1][2][-1].answer).count("Generated answer") == 1


def test_unsupported_sentences_and_markers_to_nothing_are_marked() -> None:
    answer = _answer()
    doubtful = AnswerSentence(
        text="It met 1875 times.",
        citations=(1, 9),
        supported=False,
        score=0.1,
        invalid_citations=(9,),
        reason=f"missing 1875 {IMG}",
    )
    page = answer_html(answer.model_copy(update={"sentences": (doubtful,)}), 0, CATALOG)
    _no_raw_html(page)
    assert "govqa-unsupported" in page and "(not supported)" in page
    assert 'title="missing 1875 &lt;img' in page
    assert "marker points at nothing" in page  # [9] has no citation
