"""Eval datasets: YAML lists of questions with their evidence and key facts, validated."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from govqa.errors import InputError
from govqa.types import Filters

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class EvalCase(BaseModel):
    """One question of an eval dataset."""

    model_config = _FROZEN

    id: str = Field(min_length=1, description="Unique id within the dataset.")
    question: str = Field(min_length=1, description="The question as a user would ask it.")
    answerable: bool = Field(description="Whether the corpus answers it.")
    evidence: tuple[str, ...] = Field(
        default=(), description="Strings a relevant passage contains (case/space-insensitive)."
    )
    key_facts: tuple[str, ...] = Field(default=(), description="Strings a good answer contains.")
    language: str | None = Field(default=None, description="Language of the question, if noted.")
    filters: Filters | None = Field(default=None, description="Restrict retrieval, as in ask.")
    dataset: str = Field(default="", description="Name of the file the case came from.")

    @field_validator("evidence", "key_facts")
    @classmethod
    def _no_blank(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if any(not v.strip() for v in value):
            raise ValueError("must not contain empty strings")
        return value


def dataset_files(paths: Iterable[Path]) -> list[Path]:
    """The YAML files named or found (not recursively) in the given files and folders."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(f"no dataset at {path}; give a YAML file or a folder of them")
    if not found:
        raise InputError(f"no .yaml dataset in {', '.join(map(str, paths))}")
    return found


def read_yaml_list(path: Path, what: str) -> list[Any]:
    """The YAML list in path; InputError naming the file when it is unreadable or not a list."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read as YAML ({' '.join(str(exc).split())})") from exc
    if not isinstance(data, list):
        raise InputError(f"{path}: must be a YAML list of {what}, got {type(data).__name__}")
    return data


def load_dataset(path: Path) -> list[EvalCase]:
    """Read and validate one dataset file.

    Raises:
        InputError: the file is not a YAML list of valid cases; the message names the file, the
            item and the field.
    """
    data = read_yaml_list(path, "questions")
    cases = [_case(path, i, item) for i, item in enumerate(data, 1)]
    ids = [c.id for c in cases]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise InputError(f"{path}: duplicate id {duplicates[0]!r}; ids must be unique")
    return cases


def _case(path: Path, number: int, item: object) -> EvalCase:
    where = f"{path}: item {number}"
    if not isinstance(item, dict):
        raise InputError(f"{where}: must be a mapping with id, question, answerable, ...")
    if "id" in item:
        where += f" (id {item['id']!r})"
    try:
        return EvalCase.model_validate({**item, "dataset": path.stem})
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"]) or "item"
        raise InputError(f"{where}: field {field!r}: {err['msg']}") from None


def load_datasets(paths: Sequence[Path]) -> list[EvalCase]:
    """Cases of every dataset file in paths (files or folders), in file order."""
    return [case for path in dataset_files(paths) for case in load_dataset(path)]
