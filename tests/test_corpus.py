"""Corpus checks: front matter, briefing-note shape, fact hygiene, and eval evidence."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
import yaml

from govqa.errors import CorpusError
from govqa.frontmatter import DocumentMeta, parse_meta, split_front_matter

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
EVAL = ROOT / "eval"

REQUIRED_SECTIONS = (
    "Overview",
    "Legal nature and status",
    "Structure",
    "Key provisions",
    "How it relates to the roundtable's themes",
    "Official text",
)
MIN_WORDS, MAX_WORDS = 600, 1500
FORBIDDEN_WORD = "UNCONFIRMED"


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*.md") if p.name.lower() != "readme.md")


def load(path: Path) -> tuple[DocumentMeta, str]:
    text = path.read_text(encoding="utf-8")
    data, offset = split_front_matter(text)
    if data is None:
        raise CorpusError(f"{path.relative_to(ROOT)}: no front matter")
    return parse_meta(data), text[offset:]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def eval_files() -> list[Path]:
    """The default datasets (eval/*.yaml) and the quality dev/test sets (eval/quality/)."""
    found = [*EVAL.glob("*.yaml"), *EVAL.glob("*.yml"), *EVAL.glob("quality/*.yaml")]
    return sorted(found)


def eval_items() -> list[tuple[Path, dict[str, object]]]:
    items: list[tuple[Path, dict[str, object]]] = []
    for path in eval_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name}: must be a YAML list"
        for item in data:
            assert isinstance(item, dict), f"{path.name}: every item must be a mapping"
            items.append((path, item))
    return items


def test_corpus_is_not_empty() -> None:
    assert corpus_files(), "no corpus documents found"
    assert any(load(p)[0].type == "briefing-note" for p in corpus_files())


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_front_matter_validates(path: Path) -> None:
    meta, body = load(path)
    assert meta.id == path.stem, f"{path.name}: id {meta.id!r} differs from file stem"
    assert body.strip(), f"{path.name}: empty body"


def test_ids_are_unique() -> None:
    ids = [load(p)[0].id for p in corpus_files()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate ids: {duplicates}"


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*")), ids=lambda p: p.name)
def test_no_unconfirmed_marker(path: Path) -> None:
    if path.is_file():
        assert FORBIDDEN_WORD.casefold() not in path.read_text(encoding="utf-8").casefold()


def briefing_notes() -> list[Path]:
    return [p for p in corpus_files() if load(p)[0].type == "briefing-note"]


@pytest.mark.parametrize("path", briefing_notes(), ids=lambda p: p.name)
def test_briefing_note_shape(path: Path) -> None:
    meta, body = load(path)
    assert meta.official_url, f"{path.name}: official_url missing"
    assert meta.sources, f"{path.name}: sources list empty"
    assert all(s.startswith(("http://", "https://")) for s in meta.sources), path.name
    words = len(body.split())
    assert MIN_WORDS <= words <= MAX_WORDS, f"{path.name}: {words} words"
    headings = [h.strip() for h in re.findall(r"^## (.+)$", body, flags=re.MULTILINE)]
    for section in REQUIRED_SECTIONS:
        assert any(h.startswith(section) for h in headings), f"{path.name}: no '## {section}'"


def test_eval_files_exist() -> None:
    assert eval_files(), "no eval/*.yaml files"


def test_eval_items_are_well_formed() -> None:
    for path, item in eval_items():
        where = f"{path.name}:{item.get('id')}"
        assert isinstance(item.get("id"), str) and item["id"], where
        assert isinstance(item.get("question"), str) and item["question"].strip(), where
        assert isinstance(item.get("answerable"), bool), where
        evidence, key_facts = item.get("evidence"), item.get("key_facts")
        assert isinstance(evidence, list), where
        assert isinstance(key_facts, list), where
        if item["answerable"]:
            assert evidence, f"{where}: answerable question without evidence"
        else:
            assert not evidence and not key_facts, f"{where}: unanswerable with evidence"


def test_eval_ids_unique_across_files() -> None:
    ids = [str(item.get("id")) for _, item in eval_items()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate question ids: {duplicates}"


def test_evidence_occurs_in_corpus() -> None:
    bodies = [normalise(load(p)[1]) for p in corpus_files()]
    missing = []
    for path, item in eval_items():
        if not item.get("answerable"):
            continue
        for evidence in item.get("evidence") or []:
            needle = normalise(str(evidence))
            if not any(needle in body for body in bodies):
                missing.append(f"{path.name}:{item['id']}: {evidence!r}")
    assert not missing, "evidence not found in corpus:\n" + "\n".join(missing)


def test_quality_sets_cover_the_kinds_issue_8_asks_for() -> None:
    """Dev + held-out sets: 40 paraphrases, 10 FR, 10 ES, 10 typos, 20 unanswerable, and no
    question in two sets."""
    counts: dict[str, int] = {}
    questions: dict[str, set[str]] = {}
    for path in sorted(EVAL.glob("quality/*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        questions[path.stem] = {normalise(str(i["question"])) for i in items}
        for item in items:
            kind = str(item["id"]).split("-")[0]
            kind = kind if item["answerable"] else "unans"
            counts[kind] = counts.get(kind, 0) + 1
    assert set(questions) == {
        "dev",
        "test",
        "unseen",
        "unseen2",
        "unseen3",
        "unseen4",
        "unseen5",
        "unseen6",
        "unseen7",
        "unseen8",
        "unseen9",
        "unseen10",
        "unseen11",
        "unseen12",
        "unseen13",
        "unseen14",
        "unseen15",
        "unseen16",
        "unseen17",
        "unseen18",
        "unseen19",
        "unseen20",
        "unseen21",
        "unseen22",
        "unseen23",
        "unseen24",
        "unseen25",
        "unseen26",
        "unseen27",
        "unseen28",
        "unseen29",
        "unseen30",
        "unseen31",
        "unseen32",
        "unseen33",
        "unseen34",
        "unseen35",
        "unseen36",
        "unseen37",
        "unseen38",
        "unseen39",
        "unseen40",
        "unseen41",
        "unseen42",
        "unseen43",
        "unseen44",
        "unseen45",
        "unseen46",
        "unseen47",
        "unseen48",
        "unseen49",
        "unseen50",
        "unseen51",
        "unseen52",
        "unseen53",
        "unseen54",
        "unseen55",
        "unseen56",
        "unseen57",
    }, sorted(questions)
    for one, other in itertools.combinations(sorted(questions), 2):
        assert not questions[one] & questions[other], f"a question is in both {one} and {other}"
    wanted = {"para": 40, "fr": 10, "es": 10, "typo": 10, "unans": 20}
    assert all(counts.get(k, 0) >= n for k, n in wanted.items()), counts
