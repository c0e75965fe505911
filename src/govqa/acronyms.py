"""Acronyms that the names in a text stand for, though the text never spells them.

Officials write "UNGA" for the UN General Assembly and "GDC" for the Global Digital Compact;
a source that only spells the names out still mentions them. The acronyms of a name are the
initials of its capitalised words, an all-capitals word giving all its letters ("UN General
Assembly": UNGA), the small words inside it counted or not ("Council of Europe": CE, COE).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import product

_SMALL = ("of", "for", "on", "and", "the")
"""Small words inside a name ("Council of Europe"), counted in its acronym or not."""
_NAME_WORDS = re.compile(rf"[A-Z][\w'-]*(?:\s+(?:(?:{'|'.join(_SMALL)})\s+)*[A-Z][\w'-]*)+")
_LONGEST = 8
"""Words of a name, at most: longer runs are lists of names, not one name."""


def _initials(word: str) -> tuple[str, ...]:
    """What a word of a name may give its acronym: all of an all-capitals word ("UN"), the
    first letter of a capitalised one, and the first letter of a small word or nothing."""
    if word.lower() in _SMALL:
        return ("", word[0].upper())
    if len(word) > 1 and word.isupper():
        return (word,)
    return (word[0].upper(),)


def acronyms(texts: Iterable[str]) -> frozenset[str]:
    """Every acronym, of two letters or more, of a name in the texts or of a run of its words
    that starts and ends with a capitalised word."""
    found: set[str] = set()
    for text in texts:
        for match in _NAME_WORDS.finditer(text):
            words = match.group(0).split()
            for start, first in enumerate(words):
                if first.lower() in _SMALL:  # "The UN …" is no name's start
                    continue
                for end in range(start + 2, min(len(words), start + _LONGEST) + 1):
                    if words[end - 1].lower() in _SMALL:
                        continue
                    for letters in product(*(_initials(w) for w in words[start:end])):
                        acronym = "".join(letters)
                        if len(acronym) > 1:
                            found.add(acronym)
    return frozenset(found)
