"""Rendering for the chat: Answer → HTML and Markdown. Pure functions, no Gradio, no logic.

Every string that comes from a document, an answer or the user passes through ``html.escape``
before it is put into HTML, so a document holding ``<script>`` shows it as text.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlparse

from govqa.config import Settings
from govqa.frontmatter import DocumentMeta
from govqa.language import abstention_text, language_note
from govqa.manifest import DocumentRecord, Manifest
from govqa.types import Answer, Citation, Hit

TYPE_LABELS: dict[str, str] = {
    "discussion-summary": "Roundtable",
    "briefing-note": "Briefing notes",
    "glossary": "Glossary",
    "primary-text": "Primary texts",
    "user": "User documents",
}
"""Document type → the label the filters and the library show."""

CLOSEST_PASSAGES = 3
"""Passages offered when an answer abstains."""

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")
_URL_UNSAFE = re.compile(r"[\s<>\"'`]")

Catalog = Mapping[str, DocumentMeta]
"""Metadata of the indexed documents by id (titles and links of passages that carry no citation)."""


def esc(text: object) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape(str(text), quote=True)


def card_id(turn: int, kind: str, number: int) -> str:
    """DOM id of a source card: kind 'c' for a citation marker, 'h' for a closest passage."""
    return f"govqa-t{turn}-{kind}{number}"


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), else None: a link never runs javascript: or data: URLs."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if (
        _URL_UNSAFE.search(url.strip())
        or parsed.scheme not in ("http", "https")
        or not parsed.netloc
    ):
        return None
    return url.strip()


def link_html(url: str | None, label: str = "Official source") -> str:
    """An external link opened in a new tab, or '' when the URL is not http(s)."""
    checked = safe_url(url)
    if checked is None:
        return ""
    return (
        f'<a class="govqa-link" href="{esc(checked)}" target="_blank" '
        f'rel="noopener noreferrer">{esc(label)}</a>'
    )


def question_html(question: str) -> str:
    """A user message, escaped and kept out of Markdown processing."""
    return f'<div class="govqa-question">{esc(question)}</div>'


def error_html(message: str) -> str:
    """An error shown as a chat message."""
    return f'<div class="govqa-error"><strong>Could not answer:</strong> {esc(message)}</div>'


def pending_html() -> str:
    """What the chat shows while the answer is being computed."""
    return '<div class="govqa-answer govqa-pending">Searching the sources…</div>'


def streaming_html(text: str) -> str:
    """A generated answer as it streams in: escaped, not yet verified, so said."""
    return (
        f'<div class="govqa-answer govqa-pending">{esc(text)}'
        '<p class="govqa-note">Writing; each sentence is checked against its sources when '
        "the answer is complete…</p></div>"
    )


def notice_html(answer: Answer) -> str:
    """The answer's one-line notice (fallback, unsupported sentences), or ''."""
    return f'<p class="govqa-note govqa-notice">{esc(answer.notice)}</p>' if answer.notice else ""


def marker_html(turn: int, marker: int, citation: Citation | None) -> str:
    """A clickable [n] that opens the cited passage in the sources panel."""
    title = f"{citation.title} — {citation.section}" if citation else "marker points at nothing"
    return (
        f'<a class="govqa-marker" href="#{card_id(turn, "c", marker)}" '
        f'data-marker="{marker}" title="{esc(title)}">[{marker}]</a>'
    )


def answer_html(answer: Answer, turn: int, catalog: Catalog, shown: int | None = None) -> str:
    """The answer as a chat message: each sentence followed by its clickable markers.

    Args:
        answer: The answer to render.
        turn: Index of the conversation turn; makes marker targets unique in the page.
        catalog: Document metadata by id, to name the closest passages of an abstention.
        shown: Render only the first `shown` sentences (streaming); None renders all.
    """
    if answer.abstained or not answer.sentences:
        return _abstention_html(answer, turn, catalog)
    by_marker = {c.marker: c for c in answer.citations}
    parts = []
    for sentence in answer.sentences[:shown]:
        markers = " ".join(marker_html(turn, m, by_marker.get(m)) for m in sentence.citations)
        css = "govqa-sentence" if sentence.supported else "govqa-sentence govqa-unsupported"
        note = "" if sentence.supported else _unsupported_note(sentence.reason)
        parts.append(f'<span class="{css}">{esc(sentence.text)}</span>{note} {markers}')
    phrase = language_note(answer.language)
    lead = f'<p class="govqa-note govqa-language">{esc(phrase)}</p>' if phrase else ""
    return f'<div class="govqa-answer">{notice_html(answer)}{lead}{" ".join(parts)}</div>'


def _unsupported_note(reason: str) -> str:
    title = f' title="{esc(reason)}"' if reason else ""
    return f' <em class="govqa-note"{title}>(not supported)</em>'


def _abstention_html(answer: Answer, turn: int, catalog: Catalog) -> str:
    closest = [
        f'<a class="govqa-marker" href="#{card_id(turn, "h", hit.rank)}">'
        f"{esc(_hit_title(hit, catalog))}</a>"
        for hit in answer.hits[:CLOSEST_PASSAGES]
    ]
    offer = (
        f'<p class="govqa-closest">Closest passages: {"; ".join(closest)}</p>' if closest else ""
    )
    return (
        f'<div class="govqa-answer govqa-abstained">{notice_html(answer)}'
        f"<p><strong>{esc(abstention_text(answer.language))}</strong></p>"
        f"{offer}</div>"
    )


def _hit_title(hit: Hit, catalog: Catalog) -> str:
    meta = catalog.get(hit.chunk.doc_id)
    label = meta.title if meta else hit.chunk.doc_id
    return f"{label} — {hit.chunk.section}" if hit.chunk.section else label


def highlighted_passage(citation: Citation, hits: Sequence[Hit]) -> str:
    """The passage holding a citation, escaped, with the cited span inside <mark>."""
    chunk = next((h.chunk for h in hits if h.chunk.id == citation.chunk_id), None)
    if chunk is None:
        return f"<mark>{esc(citation.quote)}</mark>"
    if chunk.start <= citation.start and citation.end <= chunk.end:
        lo, hi = citation.start - chunk.start, citation.end - chunk.start
    else:
        lo = chunk.text.find(citation.quote)
        if lo < 0:
            return f"<mark>{esc(citation.quote)}</mark>"
        hi = lo + len(citation.quote)
    text = chunk.text
    return f"{esc(text[:lo])}<mark>{esc(text[lo:hi])}</mark>{esc(text[hi:])}"


def _card(ident: str, heading: str, section: str, body: str, url: str | None) -> str:
    where = f'<div class="govqa-section">{esc(section)}</div>' if section else ""
    link = link_html(url)
    return (
        f'<div class="govqa-card" id="{ident}"><div class="govqa-title">{heading}</div>'
        f'{where}<div class="govqa-passage">{body}</div>'
        f"{f'<div>{link}</div>' if link else ''}</div>"
    )


def citation_cards(answer: Answer, turn: int) -> str:
    """One card per citation: title, section, passage with the span highlighted, link."""
    return "".join(
        _card(
            card_id(turn, "c", c.marker),
            f'<span class="govqa-badge">[{c.marker}]</span> {esc(c.title)}',
            c.section,
            highlighted_passage(c, answer.hits),
            c.source,
        )
        for c in answer.citations
    )


def closest_cards(answer: Answer, turn: int, catalog: Catalog) -> str:
    """Cards for the passages closest to an unanswered question (nothing highlighted)."""
    return "".join(
        _card(
            card_id(turn, "h", hit.rank),
            f'<span class="govqa-badge">#{hit.rank}</span> {esc(_hit_title(hit, catalog))}',
            "",
            esc(hit.chunk.text),
            _official_url(hit, catalog),
        )
        for hit in answer.hits[:CLOSEST_PASSAGES]
    )


def _official_url(hit: Hit, catalog: Catalog) -> str | None:
    meta = catalog.get(hit.chunk.doc_id)
    return meta.official_url if meta else None


def turn_sources_html(answer: Answer, turn: int, catalog: Catalog) -> str:
    """The sources of one answer: cited passages, or the closest ones for an abstention."""
    if answer.abstained or not answer.citations:
        declined = esc(abstention_text(answer.language))
        note = f'<p class="govqa-note">{declined} Closest passages:</p>'
        return note + (closest_cards(answer, turn, catalog) or "<p>No passage was retrieved.</p>")
    return citation_cards(answer, turn)


def sources_html(answers: Sequence[Answer | None], catalog: Catalog) -> str:
    """The sources panel: the latest answer open, earlier ones folded below it.

    Args:
        answers: Answer of each turn, oldest first; None for a turn that failed.
        catalog: Document metadata by id, for closest passages, which carry no citation.
    """
    blocks = []
    latest = len(answers) - 1
    for turn in range(latest, -1, -1):
        answer = answers[turn]
        if answer is None:
            continue
        body = turn_sources_html(answer, turn, catalog)
        summary = f'<summary class="govqa-turn">{esc(answer.question)}</summary>'
        is_open = " open" if turn == latest else ""
        blocks.append(f'<details class="govqa-turn-sources"{is_open}>{summary}{body}</details>')
    if not blocks:
        return '<div class="govqa-sources"><p class="govqa-note">Sources appear here.</p></div>'
    return f'<div class="govqa-sources">{"".join(blocks)}</div>'


def md_escape(text: str) -> str:
    """Backslash-escape Markdown and HTML syntax so text renders as itself."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def answer_markdown(answer: Answer) -> str:
    """The answer with its citations as Markdown, for copying or downloading."""
    lines = [f"**Question:** {md_escape(answer.question)}", ""]
    if answer.notice:
        lines += [f"*{md_escape(answer.notice)}*", ""]
    if answer.abstained or not answer.sentences:
        lines.append(md_escape(abstention_text(answer.language)))
    else:
        lines.append(
            " ".join(
                f"{md_escape(s.text)} " + " ".join(f"[{m}]" for m in s.citations)
                for s in answer.sentences
            )
        )
        lines += ["", "**Sources**", ""]
        for c in answer.citations:
            where = f", {md_escape(c.section)}" if c.section else ""
            url = safe_url(c.source)
            link = f" <{url}>" if url else ""
            lines.append(f"{c.marker}. *{md_escape(c.title)}*{where}: “{md_escape(c.quote)}”{link}")
    lines += ["", f"*GovQA, settings {md_escape(answer.settings_hash)}*", ""]
    return "\n".join(lines)


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def library_html(
    records: Sequence[DocumentRecord], manifest: Manifest | None, settings: Settings
) -> str:
    """The Library tab: index status, then one row per document with its metadata."""
    if manifest is None:
        return (
            '<div class="govqa-library"><p>No index yet: run <code>govqa ingest</code>.</p></div>'
        )
    chunks = sum(len(r.chunk_ids) for r in records)
    stale = (
        '<li class="govqa-error">The index was built with other settings: run '
        "<code>govqa ingest</code> to rebuild it.</li>"
        if manifest.index_hash != settings.index_hash()
        else ""
    )
    status = (
        '<ul class="govqa-status">'
        f"<li>Embedding model: <code>{esc(manifest.embed_model)}</code></li>"
        f"<li>Settings hash: <code>{esc(settings.settings_hash())}</code>; index hash: "
        f"<code>{esc(manifest.index_hash)}</code></li>"
        f"<li>Last ingest: {esc(manifest.updated.strftime('%Y-%m-%d %H:%M:%S %Z'))}</li>"
        f"<li>{len(records)} documents, {chunks} passages</li>{stale}</ul>"
    )
    head = "".join(
        f"<th>{h}</th>"
        for h in ("Title", "Id", "Type", "Issuer", "Date", "As of", "Official source", "Passages")
    )
    rows = "".join(_library_row(r) for r in sorted(records, key=lambda r: (r.meta.type, r.meta.id)))
    table = (
        f'<table class="govqa-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )
    return f'<div class="govqa-library">{status}{table}</div>'


def _library_row(record: DocumentRecord) -> str:
    meta = record.meta
    url = safe_url(meta.official_url)
    link = link_html(url, url) if url else "—"
    cells = (
        esc(meta.title),
        f"<code>{esc(meta.id)}</code>",
        esc(TYPE_LABELS.get(meta.type, meta.type)),
        esc(meta.issuer),
        esc(_date(meta.date)),
        esc(_date(meta.as_of)),
        link,
        str(len(record.chunk_ids)),
    )
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
