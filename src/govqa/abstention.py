"""Abstention that reads the question: which candidate sentences may answer it at all.

The extractive generator scores every sentence of the retrieved passages. A similarity
threshold alone cannot tell "Who chaired the roundtable?" (unanswerable, but close to many
sentences) from a paraphrase of an answerable question, so before the threshold these gates
remove sentences that cannot be the answer:

1. **Answer kind** (`govqa.answer_type`): a question asking for a person, organisation,
   place, number or date may only be answered by a sentence holding that kind of thing, other
   than the ones the question itself names ("How many ratifications does CETS 225 need?" is
   not answered by "225", nor "On which day in January 2023…?" by "January 2023"); a
   figure asked for "so far" or "currently" must be a dated one ("As of 6 May 2026, …").
2. **Subject**: a factoid question that names a document's distinctive title word
   ("roundtable", "Seoul", "NIST", "UNESCO"...) may only be answered by a sentence whose
   document title, section or text names it too. Distinctive words are the title words
   (stemmed, stop words out) found in exactly one document title of the index, so no list is
   kept by hand; the noun naming what is asked for ("Which country…?", "How many
   governments…?") is not a subject, nor is a title word written in lower case that the
   texts of over a quarter of the documents use ("could governments sign…", "under European
   law", "how long is their term"). A document's issuer is named throughout it ("the General
   Assembly" set up what its resolution 79/325 says). Any question that names a country ("Did
   New Zealand join…?") may only be answered by a sentence whose context names that country
   too.
3. **Numbered provisions** (`govqa.provisions`): a question about "principle 11" or "l'article
   6, paragraphe 1" may only be answered by a sentence whose context names that provision
   ("Article 6(1)"), not by "Principle 1 asks…" or "The Principles contain 11 principles";
   "Which article…?" asks for another one, so it is left out. Likewise a document number the
   question names ("NIST AI 600-1", "78/265") must be in the sentence, its section or its
   document's title: the RMF's publication date does not date the profile numbered 600-1.
4. **Events** (`govqa.events`): a question about a procedural event (a signature, a
   ratification, a vote, a chairing, a withdrawal or postponement, an entry into force, a
   budget or staff, a first meeting, the next one, a fine imposed; each part of a compound
   question its own) may only be answered by a sentence that reports that event: "How many
   States have ratified the Convention?" is not answered by the States that negotiated it, nor
   "When was the Blueprint withdrawn?" by its release date. And when the document that reports
   the event best says it does not record its later occurrences ("This briefing note does not
   record later signatures, ratifications…", `govqa.disclaimers`), a question about the status
   reached ("How many States have ratified it so far?") is declined with that sentence as the
   reason; what the text requires ("How many ratifications does it need?") is still answered.
5. **Unknown names**: an English question naming an acronym or product name (two capitals or
   more: "OpenAI", "GPT", "GDP", "SMEs") that occurs nowhere in the index is not answered: no
   source mentions it. So is one naming, inside the question, a capitalised word ("Anthropic",
   "Microsoft") that no passage holds even a typo or two away ("Declaraton" is the sources'
   "Declaration"), unless it names a place or a people (`govqa.places`): officials say
   "Brussels", "Washington" or "the British" for institutions the sources name otherwise.
   French or Spanish acronyms ("IA", "ONU") are the English sources' "AI", "UN", and their
   capitalised words are not checked.

The answer abstains when no sentence passes the gates, or when the best one that does scores
below the threshold (its score divided by 1 - lexical_weight x (1 - reach), where reach is the
share of the question's content words found in any candidate sentence, so that a paraphrase
is not held to a lexical overlap it cannot have). When the passage of the best eligible
sentence holds under `low_concepts` of the question's latent concepts (the weight of its e5
sparse terms that the passage's stored terms share, `govqa.latent_terms`), the question is off
the corpus's subjects or about another subject than that sentence, and the score must reach
the higher low_overlap_threshold. Concepts are the same in any language, so French and Spanish
questions, which share no words with English sources, are not held to the higher bar for that
alone (measured against words: README, "Concepts instead of words"). Without latent terms the
share of the question's words in the candidates (reach) under `low_overlap` decides instead.
A question asking for a country, city, place or person (`ENTITY_KINDS`) needs only
`entity_threshold` when the low-overlap rule does not apply: its kind gate has already demanded
such a name, other than the question's own, in a sentence on its subject.
`agreement_margin` raises the threshold when none of the three best eligible sentences comes
from a passage that dense and BM25 retrieval both found; the pipeline does not pass agreement
yet (every candidate counts as agreed), so the margin is inactive by default.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from govqa.answer_type import (
    FACTOID_KINDS,
    AnswerKind,
    asked_part,
    detect_parts,
    mentions,
    question_parts,
)
from govqa.counted import counted_noun
from govqa.countries import countries_in_context, country_codes, without_countries
from govqa.disclaimers import asks_status, disclaimed_events
from govqa.events import events
from govqa.generate import WORD, is_stop_word, terms
from govqa.language import detect_language
from govqa.places import is_people_word, is_place_word
from govqa.provisions import provisions

ENTITY_KINDS = frozenset({"country", "city", "place", "person"})
"""Kinds whose gate demands a name (a country, a town, a place, a person's name), so that
evidence may score lower (EvidenceJudge's entity_threshold)."""
_NAME = re.compile(r"\b[A-Za-z]*[A-Z][a-z]*[A-Z][A-Za-z]*\b")
"""A word with two capitals or more: an acronym or a product name (GDP, SMEs, OpenAI)."""
_ROMAN = re.compile(r"[IVXLC]+")
_CAPITALISED = re.compile(r"(?<![\w'\u2019-])[A-Z][a-z]+(?![\w-])")
"""A capitalised word, not part of a hyphenated compound ("Paris-based") or an acronym."""
_OPENING = re.compile(r"(?:^|[.?!:;(]\s*)\W*$")
"""What comes before a word that opens the question or a sentence or quotation in it."""


@dataclass(frozen=True)
class Candidate:
    """A scored sentence of a retrieved passage, as the judge sees it."""

    text: str
    score: float
    doc_id: str
    section: str
    agreed: bool
    """Whether the passage was found by both dense and BM25 retrieval."""
    chunk_id: str = ""
    """The passage the sentence comes from."""


@dataclass(frozen=True)
class Judgement:
    """The judge's decision: the sentences that may be quoted, or why none may."""

    abstain: bool
    eligible: tuple[int, ...]
    best: float
    kind: AnswerKind
    reason: str
    overlap: float | None = None
    """Share of the question's content words found in the candidate sentences (reach); None
    when a gate decided before it was measured."""
    concepts: float | None = None
    """Share of the question's latent concepts held by the passage of the best eligible
    sentence; None when not measured (no concept measure, or a gate decided first)."""


_NOT_A_SUBJECT = re.compile(r"\w|(?:19|20)\d\d")
"""Title words that name no subject: single characters (the "s" of "roundtable's", the "1"
of "AI RMF 1.0") and years ("(2021)")."""

# French and Spanish names of what the (English) titles name, so that "la table ronde des
# ministères des affaires étrangères" names the roundtable's title as "foreign ministries" does.
_TITLE_WORDS_TRANSLATED = tuple(
    (re.compile(rf"\b{pattern}\b", re.IGNORECASE), english)
    for pattern, english in (
        (r"minist[eè]res?|ministerios?", "ministries"),
        (r"affaires\s+[ée]trang[eè]res|(?:asuntos|relaciones)\s+exteriores", "foreign"),
        (r"glossaire|glosario", "glossary"),
        (r"[ée]thique|[ée]tica", "ethics"),
        (r"conseil\s+de\s+l['\u2019]\s*europe|consejo\s+de\s+europa", "Council of Europe"),
        (r"assembl[ée]e\s+g[ée]n[ée]rale|asamblea\s+general", "General Assembly"),
        (r"code\s+de\s+conduite|c[óo]digo\s+de\s+conducta", "Code of Conduct"),
        (r"principes\s+directeurs|principios\s+rectores", "Guiding Principles"),
        (
            r"pacte\s+num[ée]rique\s+mondial|pacto\s+(?:digital|mundial\s+digital)\s*(?:global)?",
            "Global Digital Compact",
        ),
        (r"gestion\s+des\s+risques|gesti[óo]n\s+de(?:\s+los)?\s+riesgos", "Risk Management"),
        (
            r"coalition\s+pour\s+la\s+libert[ée]\s+en\s+ligne|"
            r"coalici[óo]n\s+(?:por|para)\s+la\s+libertad\s+en\s+l[íi]nea",
            "Freedom Online Coalition",
        ),
    )
)


# A passage on the EU, or on something European, is on Europe: "…a risky system in Europe?"
# asks about the EU AI Act, whose passages say "EU" and "European". Not when the question
# names the Council of Europe, which is not the Council of the European Union.
_EUROPE = re.compile(r"\b(?:EU|European)\b")
_COUNCIL_OF_EUROPE = re.compile(r"\bCouncil\s+of\s+Europe\b", re.IGNORECASE)


def _subject_terms_of(text: str, europe: bool) -> set[str]:
    """The stemmed words of a passage, as subject words: with "europe" where europe is set and
    the passage names the EU or something European."""
    found = terms(text)
    return found | terms("Europe") if europe and _EUROPE.search(text) else found


# A briefing note's section on the roundtable's themes names the roundtable as the source of a
# theme, not as what its sentences report on: "118 countries … take part in none…, which
# gives evidence for the roundtable's concern…" does not say how many countries were at the
# roundtable.
_RELATES = re.compile(r"^How it relates to the roundtable", re.IGNORECASE)
_ROUNDTABLE = re.compile(r"\broundtable(?:'s)?", re.IGNORECASE)


def reported_on(section: str, text: str) -> str:
    """A passage's section and text as what it reports on: without the roundtable where a
    briefing note's section on the roundtable's themes names it as a theme's source."""
    if _RELATES.match(section):
        return f"{_ROUNDTABLE.sub(' ', section)} {_ROUNDTABLE.sub(' ', text)}"
    return f"{section} {text}"


def _title_words_in_english(question: str) -> str:
    """The question with the French and Spanish names of title words put in English."""
    for pattern, english in _TITLE_WORDS_TRANSLATED:
        question = pattern.sub(english, question)
    return question


def _is_name(word: str, first: bool) -> bool:
    """A name, acronym or number: a word with a capital ("Bletchley", "UNESCO", "États") or
    a digit ("78"); the capital that opens a question ("Quel") does not count."""
    rest = word[1:] if first else word
    return any(c.isupper() or c.isdigit() for c in rest) or (first and word[:1].isdigit())


_YEAR = re.compile(r"(?<![\d/.])(?<!\d,)(?:19|20)\d\d(?!\d|[/.,]\d)")
"""A year ("2025", "late-2020"), not part of a reference ("2024/1689") or a figure ("2,000")."""
_NAMING_YEAR = re.compile(
    r"\b(?:19|20)\d\d(?=\s+(?:[\w-]+\s+){0,2}?(?:recommendation|declaration|statement|text|"
    r"convention|act|principles|framework|resolution|report|guidance|guidelines|code|standards?|"
    r"compact|blueprint)s?\b)",
    re.IGNORECASE,
)
"""A year that names a text ("the 2019 AI recommendation", "its 2020 joint text"), not the time
a question asks about."""
_AT_THE_TIME = re.compile(
    r"(?<!^)\b(?:when|at the time|by the time|lorsqu|quand|cuando|en el momento)\b", re.IGNORECASE
)
_AS_OF = re.compile(r"\b(?:as of|as at|at the time of)\b[^,;]*?((?:19|20)\d\d)", re.IGNORECASE)


_SO_FAR = re.compile(
    r"\b(?:so far|to date|currently|at present|as of (?:now|today)|jusqu'(?:à|a) pr[ée]sent|"
    r"[àa] ce jour|actuellement|hasta (?:ahora|la fecha)|a la fecha|actualmente)\b"
    # "…since the pilot phase ended?": a count after the event, not the event's own
    r"|\b(?:since|after)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:ended|closed|finished|concluded)\b",
    re.IGNORECASE,
)
"""A question about the figure reached by now."""


def _dated_otherwise(sentence: str, years: set[str]) -> bool:
    """Whether a sentence states a fact as of a year ("As of 5 November 2020, the Coalition had
    32 members") that is none of the years a question asks about ("…in 2025?"): a dated state
    belongs to its date."""
    dated = set(_AS_OF.findall(sentence))
    return bool(years and dated and not dated & years)


_MODIFIER = re.compile(
    r"\b[A-Z][\w.]*(?:-[a-z]\w*|['\u2019]s\s+(?=(?:[\w-]+\s+){0,3}?"
    r"(?:summit|presidency|chair(?:man)?ship|gathering|meeting|conference|event)s?\b))"
)
"""A name in a hyphenated modifier ("the Japan-launched code", "a US-led draft") or as the host
of an event ("Britain's first safety summit", "Japan's G7 presidency") describes what is asked
about; the question does not ask about that country ("Canada's foreign ministry" it does)."""
_DOC_CODE = re.compile(
    r"(?<![\d][-/])\b(?!(?:19|20)\d\d[-/](?:19|20)?\d\d\b)\d+[-/]\d+\b(?![-/]\d)"
)
"""A document's number ("78/265", "2024/1689", "NIST AI 600-1"); not a date ("21/05/2024",
"2024-05-21") or a span of years ("2023-2024", "2023-24")."""
_VERSION = re.compile(r"\b(?:version|versi[óo]n|release)\s+(\d+(?:\.\d+)*)\b", re.IGNORECASE)
"""A version a question names ("version 2.0 of the framework"), which the answer's context
must name too (the sources describe "AI RMF 1.0")."""
_ANSWER_NOUN = re.compile(
    r"^([¿¡]?(?:in\s+|from\s+)?(?:which|what|how many|how much|quels?|quelles?|"
    r"combien d[e']\s*|cu[áa]nt[oa]s|qu[ée]|cu[áa]les?)\s+(?:\w+\s+)?)"
    r"(?:countr(?:y|ies)|nations?|states|governments?|members?|parties|pays|pa[íi]s(?:es)?|"
    r"[ée]tats|estados|gouvernements?|gobiernos?)\b",
    re.IGNORECASE,
)
"""The noun after a question word that names the kind of answer asked for."""


def _why_missing(kind: AnswerKind, question: str) -> str:
    """Why a question is declined when no sentence holds the kind of answer it asks for."""
    if kind == "number" and (noun := counted_noun(question)):  # "How many institutes…?"
        return f"no sentence holds a number of {noun}"
    if kind == "people":  # a named individual, group or body
        return "no sentence names a person or body"
    if kind == "remark":  # "What did Rishi Sunak say…?"
        return "no sentence reports what the person named said"
    if kind in FACTOID_KINDS:
        return f"no sentence holds {'an' if kind[0] in 'aeiou' else 'a'} {kind}"
    return "no sentence on it"


_POSSESSOR = re.compile(r"(\w+)'s\b")


def distinctive_terms(titles: Mapping[str, str]) -> dict[str, set[str]]:
    """Per document, the stemmed title words that no other title has (years and single
    characters left out)."""
    per_doc = {
        doc: {t for t in terms(title) if not _NOT_A_SUBJECT.fullmatch(t)}
        for doc, title in titles.items()
    }
    # A possessor in a title names whose text it serves, not its subject: the glossary of "the
    # roundtable's key terms" leaves "roundtable" the summary's own.
    owners = {doc: terms(" ".join(_POSSESSOR.findall(title))) for doc, title in titles.items()}
    counts = Counter(t for doc, words in per_doc.items() for t in words - owners[doc])
    return {
        doc: {t for t in words - owners[doc] if counts[t] == 1} for doc, words in per_doc.items()
    }


def unknown_names(
    question: str,
    known: Callable[[str], bool],
    nearly_known: Callable[[str], bool] | None = None,
) -> list[str]:
    """Acronyms and product names of an English question that `known` (the index's vocabulary)
    has never seen, in order; country names and codes are left to the country rule. With
    `nearly_known`, also capitalised words inside the question ("Anthropic", "Microsoft") that
    no passage has, even with a typo or two, and that name no place or people ("Brussels",
    "British": officials name institutions by their seat)."""
    if question.isupper():  # all capitals: no names
        return []
    found: list[str] = []
    for match in _NAME.finditer(question):
        name = match.group(0)
        if _ROMAN.fullmatch(name) or name in found:  # "Annex IV"
            continue
        if is_stop_word(name) or country_codes(name) or known(name):
            continue
        found.append(name)
    if nearly_known is not None:
        rest = without_countries(question)  # "Zealand" is no name of its own
        for match in _CAPITALISED.finditer(rest):
            word = match.group(0)
            if _OPENING.search(rest[: match.start()]) or word in found:
                continue
            if not (is_stop_word(word) or is_place_word(word) or nearly_known(word)):
                found.append(word)
    # The language is read only when a name is left: most questions have none.
    return found if found and detect_language(question) == "en" else []


def required_score(
    overlap: float, threshold: float, low_overlap_threshold: float, low_overlap: float
) -> float:
    """The evidence score a question must reach: the low-overlap threshold (never below the
    main one) when its measured share (of concepts, or of words) is under the share
    `low_overlap`. Shared by the judge and bench/calibrate_abstention.py."""
    return max(threshold, low_overlap_threshold) if overlap < low_overlap else threshold


class EvidenceJudge:
    """Decides which sentences may answer a question and whether to abstain."""

    def __init__(
        self,
        titles: Mapping[str, str],
        threshold: float,
        agreement_margin: float = 0.0,
        lexical_weight: float = 0.35,
        known: Callable[[str], bool] | None = None,
        nearly_known: Callable[[str], bool] | None = None,
        low_overlap_threshold: float = 0.0,
        low_overlap: float = 0.25,
        low_concepts: float | None = None,
        concepts: Callable[[str, str], float | None] | None = None,
        entity_threshold: float | None = None,
        texts: Mapping[str, set[str]] | None = None,
        disclaimers: Mapping[str, Sequence[str]] | None = None,
        issuers: Mapping[str, str] | None = None,
    ) -> None:
        self._titles = dict(titles)
        self._issuers = dict(issuers or {})
        self._disclaimers = dict(disclaimers or {})
        self._entity_threshold = entity_threshold
        self._low_overlap, self._low_overlap_threshold = low_overlap, low_overlap_threshold
        self._low_concepts, self._concepts = low_concepts, concepts
        self._known, self._nearly_known = known, nearly_known
        self._lexical_weight = lexical_weight
        self._subjects = set().union(*distinctive_terms(titles).values()) if titles else set()
        used = Counter(t for words in (texts or {}).values() for t in words)
        self._common = {t for t, n in used.items() if n > len(texts or {}) / 4}
        self._title_words = {
            w.lower() for title in titles.values() for w in re.findall(r"\w+", title)
        }
        self.threshold, self._margin = threshold, agreement_margin

    def _subject_terms(self, question: str) -> set[str]:
        """The distinctive title words a question names. Titles are English: in a French or
        Spanish question only names, acronyms and numbers count ("Bletchley", "78/265"), words
        of four letters or more spelt as in a title ("action", "international") and the French
        and Spanish for a title's words ("ministères des affaires étrangères"), not words whose
        English stem is a title word by chance ("organe", "eu lieu")."""
        if detect_language(question) != "en":
            words = WORD.findall(_title_words_in_english(question))
            question = " ".join(
                w
                for n, w in enumerate(words)
                if _is_name(w, first=n == 0) or (len(w) > 3 and w.lower() in self._title_words)
            )
        # In lower case, a title word used by over a quarter of the documents is common language
        # ("could governments sign…", "under European law", "con carácter general"), not the
        # title it is in.
        # A word for a people ("the American standards agency") describes whose text it is, not
        # which: the Blueprint's "American People" is not the only American text.
        # A lower-case word names a title only as the title spells it ("guide" is not the G7's
        # "Guiding Principles", whose stem it shares), give or take a plural.
        question = " ".join(
            w
            for w in WORD.findall(question)
            if not (w.islower() and (terms(w) <= self._common or not self._spelt_in_title(w)))
            and not is_people_word(w)
        )
        return terms(question) & self._subjects

    def _spelt_in_title(self, word: str) -> bool:
        forms = {word, word + "s", word + "es", word.removesuffix("s"), word.removesuffix("es")}
        return bool(forms & self._title_words)

    def _status_disclaimer(
        self,
        asked: str,
        part_events: Sequence[set[str]],
        candidates: Sequence[Candidate],
        answering: Sequence[int],
    ) -> str | None:
        """For a question about the status an event has reached ("How many States have
        ratified it so far?"), the sentence by which the document of the best answering
        candidate says it does not record later occurrences of that event, if it has one
        (`govqa.disclaimers`): the document that would answer says what it cannot tell."""
        if not (answering and any(part_events) and asks_status(asked)):
            return None
        doc = candidates[max(answering, key=lambda i: candidates[i].score)].doc_id
        for said in self._disclaimers.get(doc, ()):
            if any(e and e <= disclaimed_events(said) for e in part_events):
                return said
        return None

    def judge(self, question: str, candidates: Sequence[Candidate]) -> Judgement:
        """Eligible sentences (best first) and the decision."""
        kinds = detect_parts(question)
        kind = kinds[0]
        unknown = (
            unknown_names(question, self._known, self._nearly_known)
            if self._known is not None
            else []
        )
        if unknown:
            return Judgement(True, (), 0.0, kind, f"no source mentions {', '.join(unknown)}")
        asked = asked_part(question)  # "Apart from the EU, …" names no subject
        # "Which country…?", "How many governments…?": the noun that names what is asked for is
        # the answer's kind, not its subject (as "Countries" in the Bletchley note's title).
        asked_for = _ANSWER_NOUN.sub(r"\1", asked)
        subject = self._subject_terms(asked_for) if kind in FACTOID_KINDS else set()
        countries = country_codes(_MODIFIER.sub(" ", asked))
        # "…the 2019 AI recommendation" names a text; "…when it launched its 2025 statement"
        # asks about that year.
        dated = asked if _AT_THE_TIME.search(asked) else _NAMING_YEAR.sub(" ", asked)
        years = set(_YEAR.findall(dated))
        titles = [self._titles.get(c.doc_id, "") for c in candidates]
        contexts = [
            f"{t} {reported_on(c.section, c.text)}" for t, c in zip(titles, candidates, strict=True)
        ]
        # "What does principle 11 ask?": a sentence about principle 11 ("Which article…?" asks
        # for another one than those it names, so the reference kind is left out).
        numbered = provisions(asked) if kind != "reference" else set()
        codes = set(_DOC_CODE.findall(asked)) | set(_VERSION.findall(asked))
        # "How many … so far?": the figure of a dated statement ("As of 6 May 2026, …").
        current = kind in ("number", "headcount") and bool(_SO_FAR.search(asked))
        named = [
            (not countries or countries <= countries_in_context(c))
            and not _dated_otherwise(t, years)
            and (not numbered or numbered <= provisions(c))
            and all(code in c for code in codes)
            and not (current and not _AS_OF.search(t))
            for c, t in zip(contexts, (c.text for c in candidates), strict=True)
        ]
        # Each thing asked names its own events ("Who co-chaired it, and on what date?": the
        # date need not be in a sentence about the chairing).
        parts = question_parts(question)
        part_events = [events(asked_part(p)) for p in parts] if len(parts) == len(kinds) else []
        part_events = part_events or [events(asked)] * len(kinds)
        # The candidates' events are read only when the question names one (most do not).
        reports = (
            [events(f"{c.section} {c.text}") for c in candidates]
            if any(part_events)
            else [set[str]()] * len(candidates)
        )
        for asked_events in part_events:
            if asked_events and not any(asked_events <= r for r in reports):
                why = f"no sentence reports the {' or '.join(sorted(asked_events))} asked about"
                return Judgement(True, (), 0.0, kind, why)
        # A document names its issuer throughout: a passage of the General Assembly's
        # resolution 79/325 is about what "the General Assembly" set up.
        asked_in_english = _title_words_in_english(asked)
        europe = not _COUNCIL_OF_EUROPE.search(asked_in_english)
        on_subject = [
            i
            for i, c in enumerate(candidates)
            if named[i]
            and subject
            <= _subject_terms_of(f"{contexts[i]} {self._issuers.get(c.doc_id, '')}", europe)
        ]
        # Each thing asked needs a sentence holding its kind; any of those sentences may answer.
        per_part = [
            [
                i
                for i in on_subject
                if e <= reports[i] and mentions(k, candidates[i].text, question, titles[i])
            ]
            for k, e in zip(kinds, part_events, strict=True)
        ]
        missing = next((k for k, found in zip(kinds, per_part, strict=True) if not found), None)
        if missing is not None:
            # No sentence answers; a question that names its document still learns why.
            reporting = [
                i
                for i, context in enumerate(contexts)
                if subject
                and any(e and e <= reports[i] for e in part_events)
                and subject <= _subject_terms_of(context, europe)
            ]
            said = self._status_disclaimer(asked, part_events, candidates, reporting)
            if said:
                return Judgement(True, (), 0.0, missing, f'the source says: "{said}"')
            if numbered and not any(numbered <= provisions(c) for c in contexts):
                why = "no sentence on " + " and ".join(f"{k} {n}" for k, n in sorted(numbered))
            elif countries and not any(named):
                why = f"no sentence names {', '.join(sorted(countries))}"
            else:
                why = _why_missing(missing, question)
                off_subject = [i for i, ok in enumerate(named) if ok and i not in on_subject]
                if subject and any(
                    mentions(missing, candidates[i].text, question, titles[i]) for i in off_subject
                ):
                    # Sentences of the kind exist, but none where the question's subject is named.
                    words = [w for w in WORD.findall(asked_in_english) if terms(w) & subject]
                    why += f" in a passage that names {' and '.join(dict.fromkeys(words))}"
            return Judgement(True, (), 0.0, missing, why)
        eligible = sorted(set().union(*per_part), key=lambda i: -candidates[i].score)
        said = self._status_disclaimer(asked, part_events, candidates, eligible[:1])
        if said:
            return Judgement(True, (), 0.0, kind, f'the source says: "{said}"')
        # Normalise by the lexical share the question could reach at all: a paraphrase whose
        # words are in none of the passages cannot earn the lexical part of the score.
        wanted = terms(question)
        seen = set().union(*(terms(c.text) for c in candidates))
        reach = len(wanted & seen) / len(wanted) if wanted else 1.0
        best = candidates[eligible[0]].score / (1 - self._lexical_weight * (1 - reach))
        concepts = None
        if self._concepts is not None and self._low_concepts is not None:
            concepts = self._concepts(question, candidates[eligible[0]].chunk_id)
        if concepts is not None and self._low_concepts is not None:
            measure, share = concepts, self._low_concepts
            held = "the passage of its best sentence holds {:.0%} of its concepts"
        else:
            measure, share, held = reach, self._low_overlap, "passages hold {:.0%} of its words"
        needed = required_score(measure, self.threshold, self._low_overlap_threshold, share)
        if kind in ENTITY_KINDS and self._entity_threshold is not None and measure >= share:
            needed = min(needed, self._entity_threshold)  # the kind gate demanded a name
        if not any(candidates[i].agreed for i in eligible[:3]):
            needed += self._margin
        if best < needed:
            why = f"best score {best:.3f} < {needed:g}"
            if measure < share and self._low_overlap_threshold > self.threshold:
                why += f" ({held.format(measure)})"
            return Judgement(True, tuple(eligible), best, kind, why, reach, concepts)
        return Judgement(False, tuple(eligible), best, kind, "answered", reach, concepts)
