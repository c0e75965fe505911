"""Files → Documents: one loader per format; metadata from front matter or the file itself."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from govqa.errors import CorpusError
from govqa.frontmatter import parse_meta, split_front_matter
from govqa.types import Document

# pypdf logs what it repairs ("EOF marker not found"); a PDF it cannot read is reported once,
# by _load_pdf, in GovQA's own words.
logging.getLogger("pypdf").setLevel(logging.ERROR)

MAX_FILE_BYTES = 20_000_000
"""Files above this size are refused: the whole text is held in memory while chunking."""

_SKIPPED_NAMES = {"README.md", "readme.md"}


@dataclass(frozen=True)
class _Loaded:
    text: str
    front: dict[str, object]
    page_starts: tuple[int, ...] = ()


def find_files(paths: Iterable[Path]) -> list[Path]:
    """Files under the given paths, sorted; folders are walked, hidden files and READMEs skipped.

    Raises:
        CorpusError: a path does not exist.
    """
    found: list[Path] = []
    for path in paths:
        if not path.exists():
            raise CorpusError(f"corpus path {str(path)!r} does not exist; give a file or folder")
        if path.is_file():
            found.append(path)
            continue
        for file in sorted(path.rglob("*")):
            hidden = any(p.startswith(".") for p in file.relative_to(path).parts)
            if file.is_file() and not hidden and file.name not in _SKIPPED_NAMES:
                found.append(file)
    return found


def load(path: Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read one file into a Document; files over max_bytes are refused before being read.

    Raises:
        CorpusError: the file is empty, too large, corrupt, undecodable or of an unknown type.
    """
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        known = ", ".join(sorted(_LOADERS))
        raise CorpusError(f"unsupported file type {path.suffix or '(none)'!r}; use one of {known}")
    size = path.stat().st_size
    if size == 0:
        raise CorpusError("empty file")
    if size > max_bytes:
        raise CorpusError(
            f"file is {size:,} bytes; the limit is {max_bytes:,} (setting max_file_bytes, "
            "GOVQA_MAX_FILE_BYTES); split the file or raise the limit"
        )
    loaded = loader(path)
    if not loaded.text.strip():
        raise CorpusError("no text found in the file")
    return _document(path, loaded)


def _document(path: Path, loaded: _Loaded) -> Document:
    front = {
        "id": _slug(path.stem),
        "title": path.stem.replace("_", " ").replace("-", " ").strip() or path.name,
        "type": "user",
        "issuer": "unknown",
        "language": "und",
        **loaded.front,
    }
    meta = parse_meta(front)
    return Document(
        id=meta.id,
        source=str(path),
        text=loaded.text,
        meta=meta,
        content_hash=hashlib.sha256(loaded.text.encode()).hexdigest(),
        page_starts=loaded.page_starts,
    )


def _slug(stem: str) -> str:
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem.lower()).strip("-._")
    return slug or "document"


def decode(data: bytes) -> str:
    """Bytes → text: UTF-8 first, else the most likely encoding.

    Raises:
        CorpusError: the bytes are binary or match no text encoding.
    """
    if b"\x00" in data[:8192]:
        raise CorpusError("binary content (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise CorpusError("undecodable text: not UTF-8 and no other encoding fits; convert it")
    # Single-byte code pages often fit equally well (cp1250 turns "è" into "č"); among the
    # cleanest fits prefer Windows-1252, the usual legacy encoding of Western documents.
    least = min(m.chaos for m in matches)
    western = [m for m in matches if m.chaos <= least and "cp1252" in m.could_be_from_charset]
    return str(western[0] if western else best)


def _text(path: Path) -> str:
    return decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")


def _titled(text: str, title: str | None) -> dict[str, object]:
    """The title metadata: the file's own title, else its first top-level heading ("# …"),
    else none (the file name is used)."""
    if not title or not title.strip():
        heading = re.search(r"^#[ \t]+(.+)$", text, re.MULTILINE)
        title = heading.group(1) if heading else None
    return {"title": title.strip()} if title and title.strip() else {}


def _load_markdown(path: Path) -> _Loaded:
    raw = _text(path)
    front, body_start = split_front_matter(raw)
    extra = _titled(raw[body_start:], None) if not front else {}
    return _Loaded(raw[body_start:], {**extra, **(front or {})})


def _load_text(path: Path) -> _Loaded:
    return _Loaded(_text(path), {})


def _load_html(path: Path) -> _Loaded:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(decode(path.read_bytes()), "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "noscript", "template", "title"]):  # title is metadata
        tag.decompose()
    for level in range(1, 7):
        for heading in soup.find_all(f"h{level}"):
            heading.insert_before("\n\n" + "#" * level + " ")
            heading.insert_after("\n\n")
    for block in soup.find_all(["p", "li", "div", "br", "tr", "section", "article"]):
        block.insert_after("\n\n" if block.name != "li" else "\n")
        if block.name == "li":
            block.insert_before("- ")
    text = re.sub(r"\n[ \t]*(\n[ \t]*)+", "\n\n", soup.get_text()).strip()
    text = re.sub(r"[ \t]+", " ", text)
    return _Loaded(text, _titled(text, title))


_PDF_HEADING = re.compile(r"[A-Z0-9][^\n]{0,88}[^\s.,;:!?\-]")
_RUNS_ON = re.compile(r"\b(?:of|and|or|the|a|an|to|for|in|on|with|by|from|at|as)$")
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]\"\u201d]$")


def _pdf_headings(page: str) -> str:
    """A PDF page's text with its heading lines marked as Markdown headings, so that a heading
    is a section of its own and not the opening words of the sentence below it. PDF text has
    no structure: a heading line is a short line (under 12 words, a letter in it) with no end
    punctuation that opens the page or follows a finished sentence, and is followed by a line
    that opens with a capital or a digit; a line that runs on ("… of") is prose."""
    lines = page.split("\n")
    out = []
    for i, line in enumerate(lines):
        text = line.strip()
        follows = i == 0 or bool(_ENDS_SENTENCE.search(lines[i - 1].strip()))
        after = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if (
            follows
            and _PDF_HEADING.fullmatch(text)
            and len(text.split()) < 12
            and re.search(r"[^\W\d_]", text)
            and not _RUNS_ON.search(text)
            and (after[:1].isupper() or after[:1].isdigit())
        ):
            out.append(f"\n## {text}\n")
        else:
            out.append(line)
    return "\n".join(out).strip()


def _load_pdf(path: Path) -> _Loaded:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path)
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorpusError(f"corrupt or unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    starts, text = [], ""
    for page in pages:
        text += "\n\n" if text else ""
        starts.append(len(text))
        text += _pdf_headings(page)
    if not text.strip():
        raise CorpusError("PDF has no extractable text (scanned images?); OCR it first")
    return _Loaded(text, {"title": title} if title else {}, tuple(starts))


def _load_docx(path: Path) -> _Loaded:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorpusError(f"corrupt or unreadable DOCX ({exc.__class__.__name__})") from exc
    blocks = []
    for para in document.paragraphs:
        style = para.style.name if para.style is not None else ""
        level = re.fullmatch(r"Heading (\d)", style or "")
        depth = 1 if style == "Title" else int(level.group(1)) if level else 0
        text = para.text.strip()
        if text:
            blocks.append("#" * depth + " " + text if depth else text)
    text = "\n\n".join(blocks)
    return _Loaded(text, _titled(text, document.core_properties.title))


_LOADERS: dict[str, Callable[[Path], _Loaded]] = {
    ".md": _load_markdown,
    ".markdown": _load_markdown,
    ".txt": _load_text,
    ".text": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}
