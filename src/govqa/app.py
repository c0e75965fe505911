"""Gradio chat of GovQA: calls the Assistant and renders what it returns; no logic of its own.

Start it with ``govqa chat`` (or ``make chat``); it binds 127.0.0.1 unless told otherwise.

Example:
    >>> from govqa import Assistant
    >>> from govqa.app import launch
    >>> launch(Assistant.from_settings(), port=7860, auth="alice:secret")
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Set before gradio is imported: otherwise it contacts outside hosts at start.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import gradio as gr

from govqa.app_render import (
    TYPE_LABELS,
    Catalog,
    answer_html,
    answer_markdown,
    error_html,
    library_html,
    pending_html,
    question_html,
    sources_html,
    streaming_html,
)
from govqa.app_theme import ChatBlocks
from govqa.errors import ConfigError, GovqaError
from govqa.pipeline import Assistant
from govqa.types import Answer, Filters

log = logging.getLogger(__name__)

EXAMPLES = (
    "What is normative sovereignty?",
    "What risks does AI introduce for democracy according to the participants?",
    "How can middle powers approach sovereignty in AI?",
    "What does the EU AI Act prohibit?",
)
"""Questions offered on first load."""

GENERIC_ERROR = "something went wrong while answering; the error has been logged. Try again."

CONCURRENCY_LIMIT = 4
"""Questions one app process answers at once; more wait in the queue (the CPU is the limit)."""

QUEUE_SIZE = 256
"""Questions waiting beyond which a new one is turned away with a busy message."""

MAX_THREADS = 64
"""Worker threads of the server (Gradio's default is 40)."""

STREAM_DELAY_S = 0.04
"""Pause between streamed sentences: the extractive answer is instant, this makes it readable."""


@dataclass(frozen=True)
class Turn:
    """One question of the conversation and what came back."""

    question: str
    answer: Answer | None = None
    error: str | None = None
    draft: str = ""  # text of a generated answer while it streams, before verification


def parse_auth(value: str | None) -> list[tuple[str, str]] | None:
    """Credentials from "user:password" or from a file holding such lines (# starts a comment).

    Raises:
        ConfigError: the value or a line of the file is not user:password.
    """
    if not value:
        return None
    path = Path(value).expanduser()
    if path.is_file():
        lines = path.read_text(encoding="utf-8").splitlines()
        where = [f"line {n} of {path}" for n in range(1, len(lines) + 1)]
        pairs = [
            _credential(line.strip(), w)
            for line, w in zip(lines, where, strict=True)
            if line.strip() and not line.lstrip().startswith("#")
        ]
        if not pairs:
            raise ConfigError(f"auth file {path} holds no user:password line; add one")
        return pairs
    return [_credential(value, "the auth setting (GOVQA_AUTH)")]


def _credential(text: str, where: str) -> tuple[str, str]:
    user, sep, password = text.partition(":")
    if not sep or not user.strip() or not password:
        # The value may hold a password: name where it came from, never echo it.
        raise ConfigError(f"{where} is not user:password or a file of such lines; fix it")
    return user.strip(), password


def _filters(doc_ids: Sequence[str] | None, doc_types: Sequence[str] | None) -> Filters | None:
    if not doc_ids and not doc_types:
        return None
    return Filters(
        doc_ids=tuple(doc_ids) if doc_ids else None, doc_types=tuple(doc_types or ()) or None
    )


def _messages(
    turns: Sequence[Turn], catalog: Catalog, shown: int | None = None
) -> list[dict[str, str]]:
    """Chat messages for the turns; the last answer shows `shown` sentences (streaming)."""
    messages = []
    last = len(turns) - 1
    for i, turn in enumerate(turns):
        messages.append({"role": "user", "content": question_html(turn.question)})
        if turn.error is not None:
            reply = error_html(turn.error)
        elif turn.answer is None:
            reply = streaming_html(turn.draft) if turn.draft else pending_html()
        else:
            reply = answer_html(turn.answer, i, catalog, shown if i == last else None)
        messages.append({"role": "assistant", "content": reply})
    return messages


class ChatSession:
    """The event handlers of the app, bound to one Assistant."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        # Removed with the session (or at exit): answers offered for download do not pile up.
        self._downloads = tempfile.TemporaryDirectory(prefix="govqa-chat-")
        self.downloads = Path(self._downloads.name)

    def catalog(self) -> Catalog:
        """Metadata of the indexed documents by id."""
        return {record.meta.id: record.meta for record in self.assistant.sources()}

    def respond(
        self,
        question: str,
        turns: list[Turn],
        doc_ids: list[str] | None,
        doc_types: list[str] | None,
    ) -> Iterator[tuple[Any, ...]]:
        """Ask the Assistant and stream the answer sentence by sentence.

        Yields: chat messages, sources panel, state, Markdown, download button, question box.
        """
        turns = [*turns, Turn(question)]
        catalog: Catalog = {}
        yield _messages(turns, catalog), gr.skip(), turns, gr.skip(), gr.skip(), ""
        shown_at = time.monotonic()
        try:
            catalog = self.catalog()
            history = [t.question for t in turns[:-1] if t.answer is not None]
            filters = _filters(doc_ids, doc_types)
            answer = None
            for item in self.assistant.ask_stream(question, history=history, filters=filters):
                if isinstance(item, Answer):
                    answer = item
                    continue
                turns[-1] = Turn(question, draft=turns[-1].draft + item)
                if time.monotonic() - shown_at >= STREAM_DELAY_S:
                    shown_at = time.monotonic()
                    yield _messages(turns, catalog), gr.skip(), turns, gr.skip(), gr.skip(), ""
            assert answer is not None
        except GovqaError as exc:
            turns[-1] = Turn(question, error=str(exc))
            yield _messages(turns, catalog), gr.skip(), turns, gr.skip(), gr.skip(), gr.skip()
            return
        except Exception:
            log.exception("the chat failed to answer %r", question)
            turns[-1] = Turn(question, error=GENERIC_ERROR)
            yield _messages(turns, catalog), gr.skip(), turns, gr.skip(), gr.skip(), gr.skip()
            return
        turns[-1] = Turn(question, answer=answer)
        sources = sources_html([t.answer for t in turns], catalog)
        for shown in range(1, len(answer.sentences)):
            yield _messages(turns, catalog, shown), sources, turns, gr.skip(), gr.skip(), gr.skip()
            time.sleep(STREAM_DELAY_S)
        markdown = answer_markdown(answer)
        download = gr.DownloadButton(value=self._write(markdown), interactive=True)
        yield _messages(turns, catalog), sources, turns, markdown, download, gr.skip()

    def _write(self, markdown: str) -> str:
        path = self.downloads / f"govqa-answer-{uuid.uuid4().hex[:8]}.md"
        path.write_text(markdown, encoding="utf-8")
        return str(path)

    def clear(self) -> tuple[Any, ...]:
        """Start a new conversation."""
        empty: list[Turn] = []
        download = gr.DownloadButton(value=None, interactive=False)
        return [], sources_html([], {}), empty, "", download

    def library(self) -> tuple[Any, ...]:
        """The Library tab and the filter choices, read afresh from the index."""
        try:
            records = self.assistant.sources()
            page = library_html(records, self.assistant.manifest(), self.assistant.settings)
        except GovqaError as exc:
            return error_html(str(exc)), gr.skip(), gr.skip()
        docs = [(r.meta.title, r.meta.id) for r in sorted(records, key=lambda r: r.meta.title)]
        present = {r.meta.type for r in records}
        types = [(label, t) for t, label in TYPE_LABELS.items() if t in present or not present]
        return page, gr.Dropdown(choices=docs), gr.CheckboxGroup(choices=types)


def build_app(assistant: Assistant) -> gr.Blocks:
    """The chat app: a Chat tab (answers, sources, filters) and a Library tab.

    Args:
        assistant: The Assistant every question goes to.

    Returns:
        Blocks to launch; its launch() applies GovQA's theme, CSS and marker script.
    """
    session = ChatSession(assistant)
    app = ChatBlocks(title="GovQA", analytics_enabled=False, delete_cache=(3600, 86400))
    with app:
        gr.Markdown(
            "## GovQA\nQuestions on AI and democratic governance. Every sentence of an answer "
            "cites the passage it rests on: click a marker to see it."
        )
        turns = gr.State([])
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="Conversation",
                    elem_id="govqa-chat",
                    height=480,
                    latex_delimiters=[],
                    feedback_options=None,
                    placeholder="Ask a question, or pick an example below.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="Ask about the roundtable or an instrument…",
                        elem_id="govqa-question",
                        scale=5,
                    )
                    ask = gr.Button("Ask", variant="primary", elem_id="govqa-ask", scale=1)
                gr.Examples(examples=[[q] for q in EXAMPLES], inputs=[question])
                with gr.Accordion("Filters", open=True), gr.Row():
                    docs = gr.Dropdown(
                        label="Only these documents",
                        multiselect=True,
                        elem_id="govqa-filter-docs",
                    )
                    types = gr.CheckboxGroup(
                        label="Only these document types", elem_id="govqa-filter-types"
                    )
                with gr.Row():
                    download = gr.DownloadButton(
                        "Download answer (.md)", interactive=False, elem_id="govqa-download"
                    )
                    clear = gr.Button("New conversation", elem_id="govqa-clear")
                with gr.Accordion("Answer as Markdown (copy)", open=False):
                    markdown = gr.Textbox(
                        show_label=False,
                        lines=8,
                        interactive=False,
                        buttons=["copy"],
                        elem_id="govqa-markdown",
                    )
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(sources_html([], {}), elem_id="govqa-sources", js_on_load=None)
        with gr.Tab("Library"):
            library = gr.HTML(elem_id="govqa-library", js_on_load=None)
            refresh = gr.Button("Refresh")

        outputs = [chatbot, sources, turns, markdown, download, question]
        inputs = [question, turns, docs, types]
        question.submit(session.respond, inputs, outputs, show_progress="hidden")
        ask.click(session.respond, inputs, outputs, show_progress="hidden")
        clear.click(session.clear, None, [chatbot, sources, turns, markdown, download])
        for event in (app.load, refresh.click):
            event(session.library, None, [library, docs, types])
    return app


def queued(app: gr.Blocks) -> gr.Blocks:
    """The app with GovQA's queue settings (concurrency limit, queue size)."""
    app.queue(default_concurrency_limit=CONCURRENCY_LIMIT, max_size=QUEUE_SIZE)
    return app


def launch(
    assistant: Assistant, host: str = "127.0.0.1", port: int = 7860, auth: str | None = None
) -> None:
    """Serve the chat until interrupted.

    Args:
        assistant: The Assistant to answer with.
        host: Interface to bind; 127.0.0.1 keeps the app on this machine.
        port: TCP port.
        auth: "user:password", or a file of such lines; None serves without login.

    Raises:
        ConfigError: auth is malformed.
    """
    credentials = parse_auth(auth)
    app = queued(build_app(assistant))
    app.launch(
        server_name=host,
        server_port=port,
        max_threads=MAX_THREADS,
        auth=credentials,
        auth_message="GovQA: sign in with the credentials of the GOVQA_AUTH setting.",
        share=False,
        show_error=False,
        inbrowser=False,
    )
