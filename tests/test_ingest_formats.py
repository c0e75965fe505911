"""Loading each supported format from real files, and refusing bad files with a reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from govqa import Assistant, CorpusError
from govqa.ingest import find_files, load

FRONT = (
    "---\nid: sample-note\ntitle: A sample note\ntype: briefing-note\nissuer: Tests\n"
    "date: 2024-05-01\nlanguage: en\nofficial_url: https://example.org/note\n---\n"
)
BODY = "# Heading\n\nThe council met on AI governance. It agreed on shared standards.\n"


def pdf_bytes(pages: list[str], title: str | None = None) -> bytes:
    """A minimal valid PDF: Helvetica text lines ("\\n" starts one) per page, with a correct
    xref table."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, text in enumerate(pages):
        objects.append(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>"
        )
        shown = " 0 -16 Td ".join(f"({line}) Tj" for line in text.split("\n"))
        stream = f"BT /F1 12 Tf 72 720 Td {shown} ET"
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream")
    if title:
        objects.append(f"<< /Title ({title}) >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    info = f" /Info {len(objects)} 0 R" if title else ""
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R{info} >>"
    return out + f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_markdown_with_front_matter_uses_it_and_drops_it_from_the_text(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "note.md", FRONT + BODY))
    assert doc.id == "sample-note"
    assert doc.meta.title == "A sample note"
    assert doc.meta.type == "briefing-note"
    assert doc.meta.official_url == "https://example.org/note"
    assert str(doc.meta.date) == "2024-05-01"
    assert doc.text == BODY
    assert doc.content_hash == hashlib.sha256(BODY.encode()).hexdigest()
    assert doc.source == str(tmp_path / "note.md")


def test_markdown_without_front_matter_takes_id_from_name_and_title_from_heading(
    tmp_path: Path,
) -> None:
    doc = load(write(tmp_path / "My Notes_2024.md", BODY))
    assert doc.id == "my-notes_2024"
    assert doc.meta.title == "Heading"
    assert doc.meta.type == "user"
    assert doc.text == BODY


def test_crlf_line_ends_are_normalised(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "crlf.md", (FRONT + BODY).replace("\n", "\r\n").encode()))
    assert doc.id == "sample-note"
    assert doc.text == BODY


def test_plain_text(tmp_path: Path) -> None:
    doc = load(write(tmp_path / "plain_notes.txt", "Just some text.\n\nA second paragraph.\n"))
    assert doc.text == "Just some text.\n\nA second paragraph.\n"
    assert doc.id == "plain_notes"
    assert doc.meta.title == "plain notes"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"caf\xe9 d\xe9mocratie", "café démocratie"),
        (
            b"La soci\xe9t\xe9 civile \xe9tait repr\xe9sent\xe9e \x96 avec \x93d\xe9bat\x94.",
            "La société civile était représentée \u2013 avec \u201cdébat\u201d.",
        ),
    ],
)
def test_non_utf8_text_is_decoded(tmp_path: Path, raw: bytes, expected: str) -> None:
    assert load(write(tmp_path / "latin.txt", raw)).text == expected


def test_html_headings_become_markdown_and_scripts_are_dropped(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Page title</title><style>p { color: red }</style>"
        "<script>var secret = 'tracking code';</script></head><body>"
        "<h1>Top heading</h1><p>First paragraph.</p><h2>Sub heading</h2>"
        "<ul><li>item one</li><li>item two</li></ul><noscript>enable js</noscript></body></html>"
    )
    doc = load(write(tmp_path / "page.html", html))
    assert doc.meta.title == "Page title"
    lines = doc.text.splitlines()
    assert lines[0] == "# Top heading"  # the <title> is metadata, not a paragraph
    assert "## Sub heading" in lines
    assert "- item one" in lines and "- item two" in lines
    assert "First paragraph." in lines
    for dropped in ("secret", "tracking", "color", "enable js"):
        assert dropped not in doc.text


def test_docx_heading_becomes_a_markdown_heading(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Introduction", level=1)
    document.add_paragraph("The roundtable met in Paris.")
    document.add_heading("Details", level=2)
    document.add_paragraph("Participants discussed sovereignty.")
    document.core_properties.title = "Word notes"
    document.save(str(tmp_path / "notes.docx"))
    doc = load(tmp_path / "notes.docx")
    assert doc.text == (
        "# Introduction\n\nThe roundtable met in Paris.\n\n## Details\n\n"
        "Participants discussed sovereignty."
    )
    assert doc.meta.title == "Word notes"


def test_html_and_docx_without_a_title_take_their_first_heading(tmp_path: Path) -> None:
    import docx

    page = load(write(tmp_path / "page.html", "<h1>Nebula Rule</h1><p>Issued in 2025.</p>"))
    assert page.meta.title == "Nebula Rule"  # not "page", the file's name
    document = docx.Document()
    document.add_heading("Meridian Guidelines", level=0)  # Word's "Title" style
    document.add_paragraph("Issued by the Equator Forum.")
    document.save(str(tmp_path / "meridian.docx"))
    word = load(tmp_path / "meridian.docx")
    assert word.meta.title == "Meridian Guidelines"
    assert word.text.startswith("# Meridian Guidelines\n\n")
    plain = load(write(tmp_path / "plain.html", "<p>No heading here.</p>"))
    assert plain.meta.title == "plain"  # nothing better: the file's name


def test_pdf_text_and_page_starts(tmp_path: Path) -> None:
    from pypdf import PdfReader

    path = write(
        tmp_path / "report.pdf", pdf_bytes(["Hello page one.", "Second page text."], "PDF")
    )
    assert "Hello page one." in (PdfReader(path).pages[0].extract_text() or "")
    doc = load(path)
    assert doc.meta.title == "PDF"
    assert len(doc.page_starts) == 2
    assert doc.page_starts[0] == 0
    assert doc.text.startswith("Hello page one.")
    assert doc.text[doc.page_starts[1] :].startswith("Second page text.")


def test_pdf_heading_lines_are_sections_not_the_first_words_of_a_sentence(
    tmp_path: Path,
) -> None:
    from govqa.chunking import chunk
    from govqa.sentences import spans

    pages = [
        "Roundtable on AI\nMinisters met to discuss sovereignty.\nShared Standards\n"
        "They agreed on common rules for the Council of\nEurope and others.",
        "Annex One\nThe list follows.",
    ]
    doc = load(write(tmp_path / "headed.pdf", pdf_bytes(pages)))
    found = [(s.kind, doc.text[s.start : s.end]) for s in spans(doc.text)]
    assert ("heading", "## Roundtable on AI") in found
    assert ("sentence", "Ministers met to discuss sovereignty.") in found
    assert ("heading", "## Shared Standards") in found
    # "… for the Council of" runs on: prose, not a heading.
    prose = "They agreed on common rules for the Council of\nEurope and others."
    assert ("sentence", prose) in found
    assert doc.text[doc.page_starts[1] :].startswith("## Annex One")
    sections = {c.section for c in chunk(doc, 200, 0)}
    assert sections == {"Roundtable on AI", "Shared Standards", "Annex One"}


def test_pdf_chunks_know_their_page(tmp_path: Path) -> None:
    from govqa.chunking import chunk

    filler = "it says something about democratic governance and shared standards"
    pages = [f"Page {n} opens here. Then {filler} for page {n}." for n in range(1, 4)]
    doc = load(write(tmp_path / "paged.pdf", pdf_bytes(pages)))
    chunks = chunk(doc, 32, 0)
    assert [c.page for c in chunks] == [1, 2, 3]
    assert [c.text.split(" opens")[0] for c in chunks] == ["Page 1", "Page 2", "Page 3"]


BAD_FILES: list[tuple[str, bytes | str, str]] = [
    ("empty.md", b"", "empty"),
    ("binary.md", bytes(range(256)) * 8, "binary"),
    ("corrupt.pdf", b"%PDF-1.4\nthis is not really a pdf", "pdf"),
    ("truncated.pdf", pdf_bytes(["Hello"])[:60], "pdf"),
    ("corrupt.docx", b"PK\x03\x04 not a real zip archive", "docx"),
    ("text.docx", "plain words saved under a docx name", "docx"),
    ("data.xyz", "some text", "unsupported"),
    ("bad-type.md", FRONT.replace("briefing-note", "press-release") + BODY, "type"),
    ("bad-id.md", FRONT.replace("sample-note", "Bad Id!") + BODY, "id"),
    ("unclosed.md", "---\nid: x\ntitle: T\n\nbody never closes the front matter\n", "never closed"),
    ("not-yaml.md", "---\nid: [unclosed\n---\nbody\n", "yaml"),
    ("blank.txt", "   \n\n\t\n", "no text"),
]


@pytest.mark.parametrize(("name", "data", "reason"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_raise_corpus_error_with_a_reason(
    tmp_path: Path, name: str, data: bytes | str, reason: str
) -> None:
    with pytest.raises(CorpusError) as err:
        load(write(tmp_path / name, data))
    assert reason in str(err.value).lower()


def test_find_files_refuses_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusError, match="does not exist") as err:
        find_files([missing])
    assert str(missing) in str(err.value)


def test_find_files_walks_folders_and_skips_hidden_files_and_readmes(tmp_path: Path) -> None:
    for rel in ("b.md", "sub/a.txt", ".hidden/x.md", "sub/.secret.md", "README.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("text")
    assert find_files([tmp_path]) == [tmp_path / "b.md", tmp_path / "sub" / "a.txt"]


@pytest.mark.slow
def test_ingest_reports_each_bad_file_and_indexes_the_good_one(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    write(folder / "good.md", FRONT + BODY)
    bad = {name: data for name, data, _ in BAD_FILES[:8]}
    for name, data in bad.items():
        write(folder / name, data)
    assistant = Assistant.from_settings(data_dir=tmp_path / "index")
    report = assistant.ingest([folder])
    assert not report.ok
    failed = dict(report.failed)
    assert set(failed) == {str(folder / name) for name in bad}
    assert all(reason.strip() for reason in failed.values())
    assert report.added == ["sample-note"]
    assert report.chunks_embedded > 0
    assert [record.meta.id for record in assistant.sources()] == ["sample-note"]
    answer = assistant.ask("What did the council agree on?")
    assert {c.doc_id for c in answer.citations} <= {"sample-note"}
    assert answer.hits


@pytest.mark.slow
def test_a_sentence_that_says_it_is_found_by_what_it_refers_to(tmp_path: Path) -> None:
    """ "It was issued by…" is embedded with the sentence before it, so the question that names
    the rule finds the issuer (sentences.in_context)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    write(
        folder / "nebula.html",
        "<h1>Nebula Rule</h1><p>The Nebula Rule is a voluntary code on public-sector chatbots. "
        "It was issued by the Orion Standards Council in March 2025.</p>"
        "<p>The Nebula Rule asks agencies to disclose when citizens talk to an automated system. "
        "The Nebula Rule asks agencies to keep conversation logs for two years. "
        "The Nebula Rule asks agencies to offer a human contact on request. "
        "The Nebula Rule applies to national and regional agencies alike.</p>",
    )
    assistant = Assistant.from_settings(data_dir=tmp_path / "index")
    assert assistant.ingest([folder]).ok
    answer = assistant.ask("Which body issued the Nebula Rule?")
    assert not answer.abstained, answer.why_abstained
    assert "Orion Standards Council" in answer.text
    # The sentence is quoted with the one it leans on, which says what "it" is.
    assert "The Nebula Rule is a voluntary code" in answer.text


def _regulator_notes(folder: Path, *, about: bool) -> None:
    """Two notes saying much the same; only the first one's `about` note names Reykjavik."""
    note = "about: The Vela Office is a regulator headquartered in Reykjavik, Iceland.\n"
    write(
        folder / "vela.md",
        "---\nid: vela\ntitle: Vela chatbot code\ntype: user\nissuer: Vela Office\nlanguage: en\n"
        + (note if about else "")
        + "---\n\n# Labels\n\nThe Vela Office requires providers of public chatbots to label "
        "automated replies.\n",
    )
    write(
        folder / "lyra.md",
        "---\nid: lyra\ntitle: Lyra chatbot code\ntype: user\nissuer: Lyra Bureau\nlanguage: en\n"
        "---\n\n# Labels\n\nUnder the Lyra Bureau's code, chatbot providers must label automated "
        "replies.\n",
    )


@pytest.mark.slow
@pytest.mark.parametrize("about", [True, False])
def test_an_about_note_lets_a_question_name_the_issuer_by_description(
    tmp_path: Path, about: bool
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _regulator_notes(folder, about=about)
    assistant = Assistant.from_settings(data_dir=tmp_path / "index")
    assert assistant.ingest([folder]).ok
    hits = assistant.retrieve(
        "What must chatbot providers do according to the Reykjavik-based regulator's code?"
    )
    # Without the note the closer wording wins; with it, the regulator the question describes.
    assert hits[0].chunk.doc_id == ("vela" if about else "lyra")
    if about:  # the note finds passages; it is no source: nothing quotes where the Office sits
        answer = assistant.ask("In which city is the Vela Office headquartered?")
        assert answer.abstained and "Reykjavik" not in answer.text
