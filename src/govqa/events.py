"""Procedural events a question may ask about, read in English, French and Spanish.

Officials ask about the life of an instrument: how many states signed or ratified it, who
chaired, how a parliament voted, when it entered into force or was withdrawn or postponed, what
budget or staff a body has, when a body first met, what comes next, whether anyone has been
fined, how many have completed an assessment. The sources often report a
neighbouring event instead (the treaty was *negotiated*; the summit's participants *came from*
over 100 countries; the Act *contains* 180 recitals; the Blueprint was *released*), and a
sentence about the neighbour holds the right kind of answer (a number, a date) for the wrong
event. A question that names one of these events may only be answered by a sentence that names
it too. The list is short and closed: each event is one that instruments' texts name in these
words when they report it, so a source that has the answer has the word.
"""

from __future__ import annotations

import re

_EVENTS: dict[str, re.Pattern[str]] = {
    # A treaty's own words for ratifying: "consented to be bound" (Vienna Convention, Art. 11).
    "ratification": re.compile(r"\bratif\w*|\bconsent(?:ed|s)? to be bound\b", re.IGNORECASE),
    "vote": re.compile(
        r"\b(?:vot(?:e|es|ed|ing|er|é|ée|ées|és|ant|ó|aron|ación|aciones|o|os)|scrutin)\b",
        re.IGNORECASE,
    ),
    "withdrawal": re.compile(
        r"\b(?:withdr[ae]w\w*|revok\w*|revoc\w*|rescind\w*|repeal\w*|abrog\w*|denounc\w*|"
        r"d[ée]non[cç]\w*|denunci\w*|"
        r"retir(?:er|é|ée|ar|ó|ado|ada)\b)",
        re.IGNORECASE,
    ),
    "budget or staff": re.compile(
        # "rogue staff", "threats from staff": who is guarded against, not a body's staff
        r"\b(?:budget\w*|presupuest\w*|(?<!rogue\s)(?<!malicious\s)(?<!from\s)(?<!against\s)"
        r"staff\w*|personnel|salar\w*|"
        r"effectifs?|plantilla|"
        r"funding|funded|financement|financiaci[óo]n|financiado)\b",
        re.IGNORECASE,
    ),
    # "The declaration signed at Bletchley" names a text, not a signing asked about.
    "signature": re.compile(
        r"\b(?:(?:signed|sign[ée]e?s?|firmad[ao]s?)(?!\s+(?:at|in|en|à|a)\b)|sign(?:s|ing)?|"
        r"signatur\w*|signatori\w*|signer|firm(?:ó|aron|ar|a|an)|firmantes?|endors\w*|"
        r"adh[eé]r\w*)\b",
        re.IGNORECASE,
    ),
    # "the next summit", "the summit that follows Paris": a sentence about what came after
    # ("developers follow the code" is no succession).
    "next occurrence": re.compile(
        r"\b(?:next(?!\s+to\b)|upcoming|(?:that|which)\s+follow(?:s|ed)|subsequent|forthcoming|"
        r"prochaine?s?|"
        r"qui\s+(?:suit|suivra|suivit)|que\s+(?:sigue|seguir[áa]|sigui[óo])|"
        r"succe(?:ed|eds|eded|ssor)|succ[èéeé]d\w*|suced\w*|"
        r"suivante?s?|pr[óo]xim[oa]s?|siguientes?)\b",
        re.IGNORECASE,
    ),
    "chairing": re.compile(
        # "the presidential science office" names no chairing: the adjective is left out.
        r"\b(?:co-?)?(?:chair\w*|pr[eé]sid(?!en(?:tial|tiel|cial)|ent['\u2019]s\b)\w*)|"
        r"\bcopr[ée]sid\w*",
        re.IGNORECASE,
    ),
    "postponement": re.compile(
        r"\b(?:postpon\w*|delay(?:s|ed|ing)?|defer(?:s|red|ring)?|report[ée]e?s?|"
        r"aplaz\w*|pospu\w*|retras\w*)\b",
        re.IGNORECASE,
    ),
    # A fine or penalty imposed on someone, not the fines a text provides for ("fines of up
    # to EUR 35 million", "can be fined up to EUR 15 million").
    "penalty imposed": re.compile(
        r"\b(?:(?:fined|penali[sz]ed|sanctioned)(?!\s+(?:of\s+)?up\s+to\b)|"
        r"imposed\s+(?:\w+\s+)?(?:fines?|penalt\w*)|"
        r"(?:fines?|penalt\w*)\s+(?:\w+\s+){0,4}?(?:imposed|levied|issued)|"
        r"sanctionn[ée]e?s?|multad[ao]s?|sancionad[ao]s?)\b",
        re.IGNORECASE,
    ),
    # "Which order replaced the Blueprint?": not the release of the text replaced.
    "replacement": re.compile(
        r"\b(?:replac\w*|supersed\w*|remplac\w*|reemplaz\w*|sustitu\w*)\b", re.IGNORECASE
    ),
    # "How many organisations have adopted the NIST framework?": who has taken a text up, not
    # the body that adopted it ("the text adopted at the summit", "when the Council adopted").
    "uptake": re.compile(
        r"\b(?:ha(?:ve|s|d)|having)\s+(?:\w+\s+){0,2}?adopted\b|\bont\s+(?:\w+\s+)?adopt\w*|"
        r"\bha(?:n|ya|yan)?\s+(?:\w+\s+)?adoptad\w*",
        re.IGNORECASE,
    ),
    # "Which countries objected…?", "¿Qué país se opuso…?": an objection the text reports.
    "objection": re.compile(
        r"\b(?:object(?:ed|ion|ions|ing)|objeci[óo]n\w*|oppos\w*|opus\w*|opon\w*)\b",
        re.IGNORECASE,
    ),
    "reaction": re.compile(r"\b(?:react\w*|r[ée]agi\w*|reaccion\w*)\b", re.IGNORECASE),
    "co-sponsorship": re.compile(r"\b(?:co-?sponsor\w*|coauteurs?|copatrocin\w*)\b", re.IGNORECASE),
    "entry into force": re.compile(r"\b(?:into force|en vigueur|en vigor)\b", re.IGNORECASE),
    # "How many countries have completed the assessment?": not those that adopted the text.
    "completion": re.compile(
        r"\b(?:complet(?:e|ed|es|ing|ion)|compl[ée]t[ée]e?s?|completad[oa]s?|complet[óo])\b",
        re.IGNORECASE,
    ),
    "first meeting": re.compile(
        r"\b(?:first|premi[eè]re?|primera?)\s+"
        r"(?:meeting|session|r[ée]union|reuni[óo]n|sesi[óo]n)\b",
        re.IGNORECASE,
    ),
}


_COMPOUND = re.compile(r"\b(?!co-)\w+(?:-\w+)+")
# "Under Japan's G7 presidency": the presidency dates what is asked about; it is not asked.
_UNDER_PRESIDENCY = re.compile(
    r"\b(?:under|during|sous|durante|bajo)\s+(?:the\s+|la\s+)?(?:[\w'\u2019-]+\s+){0,3}?"
    r"(?:presidency|chair(?:man)?ship|pr[ée]sidence|presidencia)\b",
    re.IGNORECASE,
)


def events(text: str) -> set[str]:
    """The procedural events a text names ("ratification", "vote", ...); a word inside a
    hyphenated compound names a kind of thing, not an event ("vote-swaying systems")."""
    text = _UNDER_PRESIDENCY.sub(" ", _COMPOUND.sub(" ", text))
    return {name for name, pattern in _EVENTS.items() if pattern.search(text)}
