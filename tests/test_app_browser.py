"""The chat in a real browser: Debian's chromium driven by Playwright, the app on a free port."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from govqa import ABSTENTION
from govqa.config import Settings
from govqa.local_server import free_port

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
CORPUS = Path(__file__).resolve().parents[1] / "corpus"
EU_TITLE = "EU Artificial Intelligence Act, Regulation (EU) 2024/1689"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
TIMEOUT_MS = 60_000

# A user document whose text, title and issuer carry HTML; its official_url is a javascript: URL.
INJECTION_DOC = f"""---
id: harbor-ai-board
title: "Harbor Council AI Advisory Board {IMG}"
type: user
issuer: "{SCRIPT} Harbor Council"
language: en
official_url: "javascript:alert(1)"
---

# Harbor Council AI Advisory Board

The Harbor Council AI Advisory Board meets every quarter to review the council's chatbots \
{SCRIPT} and publishes its minutes.

The Harbor Council AI Advisory Board is chaired by Ms Quill, whose report on the board's \
chatbot reviews contains {IMG} as an example of unsafe markup.
"""


@dataclass
class Server:
    """The running app."""

    url: str
    app: Any


@dataclass
class Watch:
    """What a page did that it must not: dialogs opened, requests to other hosts."""

    dialogs: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The chat over a copy of the corpus plus the injection document."""
    root = tmp_path_factory.mktemp("chat")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GOVQA_CONFIG", "")  # no config file
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setenv("GRADIO_TEMP_DIR", str(root / "gradio"))
        from govqa import Assistant
        from govqa.app import build_app

        corpus = root / "corpus"
        shutil.copytree(CORPUS, corpus)
        (corpus / "harbor-ai-board.md").write_text(INJECTION_DOC, encoding="utf-8")
        assistant = Assistant.from_settings(data_dir=root / "data")
        report = assistant.ingest([corpus])
        assert report.ok, report.failed
        port = free_port()
        app = build_app(assistant)
        app.launch(prevent_thread_lock=True, server_name="127.0.0.1", server_port=port, quiet=True)
        try:
            yield Server(f"http://127.0.0.1:{port}/", app)
        finally:
            app.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium; fails (never skips) when it is not installed."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `apt-get install -y chromium` (CI installs it)",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is missing: run `pip install -e '.[dev]'`", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[tuple[Any, Watch]]:
    """A fresh page on the app, watching for dialogs and outside requests."""
    watch = Watch()
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request: Any) -> None:
        if not request.url.startswith(("http://127.0.0.1", "data:", "blob:")):
            watch.outside.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.goto(server.url)
    page.locator("#govqa-question textarea").wait_for()
    yield page, watch
    context.close()


def ask(page: Any, question: str, turn: int) -> Any:
    """Ask a question and wait until the whole answer is shown; return its chat message."""
    from playwright.sync_api import expect

    page.locator("#govqa-question textarea").fill(question)
    page.locator("#govqa-ask").click()
    # The download button is enabled by the last streamed update, once the answer is complete.
    expect(page.locator("#govqa-download")).to_be_enabled(timeout=TIMEOUT_MS)
    answer = page.locator("#govqa-chat .govqa-answer").nth(turn)
    expect(answer).not_to_have_class(re.compile("govqa-pending"))
    return answer


def test_roundtable_answer_has_markers_that_show_the_passage(
    page: tuple[Any, Watch], tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    tab, watch = page
    answer = ask(tab, "What is normative sovereignty?", 0)
    expect(answer).to_contain_text("normative sovereignty", ignore_case=True)
    markers = answer.locator('a.govqa-marker[href^="#govqa-t0-c"]')
    expect(markers.first).to_be_visible()
    assert markers.count() >= 1
    markers.first.click()
    card = tab.locator("#govqa-t0-c1")
    expect(card).to_have_class(re.compile("govqa-active"))
    expect(card).to_be_in_viewport()
    quote = card.locator("mark")
    expect(quote).to_be_visible()
    assert "sovereignty" in card.inner_text().lower()
    with tab.expect_download() as download:
        tab.locator("#govqa-download").click()
    saved = tmp_path / "answer.md"
    download.value.save_as(saved)
    exported = saved.read_text(encoding="utf-8")
    assert "**Question:** What is normative sovereignty?" in exported
    assert "[1]" in exported and "**Sources**" in exported
    tab.get_by_text("Answer as Markdown (copy)").click()
    expect(tab.locator("#govqa-markdown textarea")).to_have_value(exported)
    tab.screenshot(path=str(tmp_path / "chat-roundtable.png"), full_page=True)
    assert watch.dialogs == []
    assert watch.outside == [], "the page fetched from outside hosts"


def test_document_filter_restricts_the_answer(page: tuple[Any, Watch], tmp_path: Path) -> None:
    from playwright.sync_api import expect

    tab, _ = page
    tab.locator("#govqa-filter-docs input").fill("Artificial Intelligence Act")
    tab.get_by_role("option", name=EU_TITLE).click()
    expect(tab.locator("#govqa-filter-docs")).to_contain_text(EU_TITLE)
    answer = ask(tab, "Which AI practices are prohibited?", 0)
    markers = answer.locator("a.govqa-marker")
    expect(markers.first).to_be_visible()
    titles = {markers.nth(i).get_attribute("title") for i in range(markers.count())}
    assert titles and all(t.startswith(EU_TITLE) for t in titles), titles
    cards = tab.locator("#govqa-sources details[open] .govqa-card .govqa-title")
    assert all(EU_TITLE in t for t in cards.all_inner_texts())
    tab.screenshot(path=str(tmp_path / "chat-filter.png"), full_page=True)


def test_html_in_documents_renders_as_text(page: tuple[Any, Watch], tmp_path: Path) -> None:
    from playwright.sync_api import expect

    tab, watch = page
    answer = ask(tab, "When does the Harbor Council AI Advisory Board meet?", 0)
    expect(answer).to_contain_text(SCRIPT)
    sources = tab.locator("#govqa-sources")
    expect(sources).to_contain_text(SCRIPT)
    expect(sources).to_contain_text(IMG)
    tab.get_by_role("tab", name="Library").click()
    library = tab.locator("#govqa-library")
    expect(library).to_contain_text(f"{SCRIPT} Harbor Council")
    expect(library).to_contain_text(f"Harbor Council AI Advisory Board {IMG}")
    expect(library).to_contain_text(str(Settings.model_fields["embed_model"].default))
    tab.get_by_role("tab", name="Chat").click()
    tab.screenshot(path=str(tmp_path / "chat-injection.png"), full_page=True)
    assert tab.locator('img[src="x"], img[onerror]').count() == 0
    assert (
        tab.locator("#govqa-chat script, #govqa-sources script, #govqa-library script").count() == 0
    )
    assert tab.locator('a[href^="javascript:"]').count() == 0
    assert watch.dialogs == [], "an injected script ran"
    assert watch.outside == [], "the page fetched from outside hosts"


def test_abstention_offers_the_closest_passages(page: tuple[Any, Watch]) -> None:
    from playwright.sync_api import expect

    tab, _ = page
    answer = ask(tab, "What is the best recipe for a chocolate cake?", 0)
    expect(answer).to_contain_text(ABSTENTION)
    expect(answer).to_have_class(re.compile("govqa-abstained"))
    answer.locator("a.govqa-marker").first.click()
    card = tab.locator("#govqa-t0-h1")
    expect(card).to_have_class(re.compile("govqa-active"))
    expect(tab.locator("#govqa-sources")).to_contain_text("Closest passages")
