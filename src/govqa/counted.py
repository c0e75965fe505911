"""What a count counts: "How many AI safety institutes…?" is not answered by "16 AI companies".

A question that asks "how many X" names the thing counted; a sentence answers it only when one
of its numbers counts X or a word of the same class ("countries", "nations", "States",
"governments" and "Adherents" all count states; "companies", "firms" and "organisations"
count bodies). Words are compared without accents and with typos tolerated, so "combien de
pays" is counted by "28 countries" and "how many contries" by "46 member States". The classes
were written from the counted nouns of the eval questions; a question whose noun is in no class
and is not the sentence's own word ("jobs", "institutes", "models") needs that word.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz

# How many / combien de / cuántos, then the words that name the thing counted.
_HOW_MANY = re.compile(
    r"\b(?:how\s+many\s+|combien\s+d(?:e\s+|['\u2019]\s*)|cu[áa]nt[oa]s\s+)", re.IGNORECASE
)
_WORD = re.compile(r"[\w'\u2019-]+|[^\w\s]")
# Words that end the noun phrase after "how many" ("…institutes have joined", "…of the 20").
_PHRASE_ENDS = """have has had are is was were did do does will would can could should must
    may might shall that which who whom whose in of on at for to from by under with as since
    before after
    during so there they it its their this these those per been be being currently now still
    already approximately roughly exactly ont a sont est étaient han ha son es fueron fue tiene
    tienen tenía hay había"""
_ENDS_PHRASE = frozenset(_PHRASE_ENDS.split())
_NOT_A_NOUN = frozenset({"its", "this", "is", "was", "has", "does", "as", "us", "ais"})
# Words of one class count the same things. French and Spanish words are written without
# accents, as they are compared.
_CLASSES = tuple(
    frozenset(words.split())
    for words in (
        # states
        "countries nations states governments parties signatories adherents members economies "
        "jurisdictions delegations signatures ratifications consents endorsers supporters "
        "backers cosponsors co-sponsors sponsors pays etats gouvernements signataires "
        "adherents membres paises estados naciones gobiernos partes firmantes adherentes "
        "miembros",
        # bodies
        "companies firms organisations organizations businesses outfits entities developers "
        "labs providers corporations enterprises bodies respondents participants "
        "signatories entreprises societes organismes empresas companias organizaciones "
        "entidades",
        # persons
        "experts specialists people persons individuals members scientists researchers "
        "participants delegates representatives officials ministries expertos especialistas "
        "personas cientificos investigadores participantes specialistes personnes membres miembros "
        "scientifiques chercheurs",
        # parts of a text
        "principles values recommendations recitals articles chapters annexes pillars "
        "commitments actions areas functions categories subcategories goals objectives "
        "priorities rights provisions elements items points parts sections titles principes "
        "valeurs recommandations considerants chapitres principios valores recomendaciones "
        "considerandos articulos capitulos anexos",
        # what a consultation received
        "comments remarks submissions responses contributions observations inputs "
        "commentaires remarques contributions comentarios observaciones aportaciones",
    )
)
# Numbers that count (digits or count words), and the words after them ("28 countries").
_COUNT = re.compile(
    r"(?<![\w.,/-])\d[\d,.]*(?![\w/-])|\b(?:two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|dozen|hundreds?|thousands?|millions?)\b",
    re.IGNORECASE,
)
_WORDS_AFTER = 3


def _plain(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def counted_noun(question: str) -> str | None:
    """The noun a "how many" question counts ("institutes", "pays"), as written, or None when
    it names none ("How many signed?", "How many of the 20 organisations…?")."""
    found = _HOW_MANY.search(question)
    if found is None:
        return None
    phrase: list[str] = []
    for word in _WORD.findall(question[found.end() :]):
        if not word[0].isalnum() or word.lower() in _ENDS_PHRASE or len(phrase) == 5:
            break
        phrase.append(word)
    if not phrase:
        return None
    if not found.group(0).lower().startswith("how"):  # "combien de pays membres": noun first
        return phrase[0]
    # English: the first plural of the phrase ("national AI safety institutes have joined").
    plural = (
        w
        for w in phrase
        if re.search(r"(?:s|people|staff)$", w, re.I) and w.lower() not in _NOT_A_NOUN
    )
    return next(plural, None)


@lru_cache(maxsize=4096)
def _same_word(noun: str, word: str) -> bool:
    """The same word, a cognate ("principes", "principles") or, for a noun that is in no class
    as written, a misspelling of the word ("modles", "models"; "commitments" is no misspelt
    "comments")."""
    if noun == word or (len(noun) >= 5 and noun[:5] == word[:5]):
        return True
    return not any(noun in words for words in _CLASSES) and fuzz.ratio(noun, word) >= 80


@lru_cache(maxsize=4096)
def _classes(word: str) -> frozenset[int]:
    """The classes a word is in, or, for a word in none, those of the word it misspells."""
    exact = frozenset(i for i, words in enumerate(_CLASSES) if word in words)
    if exact or len(word) < 5:
        return exact
    return frozenset(
        i for i, words in enumerate(_CLASSES) if any(fuzz.ratio(word, w) >= 85 for w in words)
    )


def counts(noun: str, sentence: str) -> bool:
    """Whether a number of the sentence counts the noun or a word of its class."""
    noun = _plain(noun)
    wanted = _classes(noun)
    for number in _COUNT.finditer(sentence):
        # The words up to the next punctuation: "four functions, GOVERN…" counts functions.
        clause = re.split(r"[^\w\s'-]", sentence[number.end() : number.end() + 60])[0]
        after = clause.split()[:_WORDS_AFTER]
        for word in map(_plain, after):
            if _same_word(noun, word) or wanted & _classes(word):
                return True
    return False
