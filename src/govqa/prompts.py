"""Load and render the prompt templates in ``prompts/``; fail on a missing or unknown variable.

Templates are Markdown files with ``$name`` placeholders (:class:`string.Template` syntax,
``$$`` for a literal dollar). The folder is the repository's ``prompts/`` or ``GOVQA_PROMPTS_DIR``.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

from govqa.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"


def prompts_dir() -> Path:
    """Where the templates live: ``GOVQA_PROMPTS_DIR`` when set, else the repository's prompts/."""
    return Path(os.environ.get("GOVQA_PROMPTS_DIR") or PROMPTS_DIR)


def load(name: str) -> string.Template:
    """The template ``prompts/<name>.md``; ConfigError naming the path when it does not exist."""
    path = prompts_dir() / f"{name}.md"
    if not path.is_file():
        raise ConfigError(
            f"prompt template {path} not found; set GOVQA_PROMPTS_DIR to a folder holding {name}.md"
        )
    return string.Template(path.read_text(encoding="utf-8"))


def variables(template: string.Template) -> set[str]:
    """The placeholder names a template uses."""
    found = set()
    for match in template.pattern.finditer(template.template):
        name = match.group("named") or match.group("braced")
        if name:
            found.add(name)
    return found


def render(name: str, **values: str) -> str:
    """Fill ``prompts/<name>.md``; ConfigError when a variable is missing or not in the template."""
    template = load(name)
    wanted = variables(template)
    missing = sorted(wanted - values.keys())
    unknown = sorted(values.keys() - wanted)
    if missing or unknown:
        raise ConfigError(
            f"prompt {name!r}: missing variables {missing}, unknown variables {unknown}; "
            f"the template uses {sorted(wanted)}"
        )
    return template.substitute(values)
