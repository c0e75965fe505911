"""Questions that compare, and sentences that make a comparison.

"Is compliance with the NIST framework cheaper than with the EU AI Act?", "How do the AI
Act's fines compare with the GDPR's?", "Has the AI Act proved more effective than the
Blueprint?": each asks the sources to compare two things, which a sentence that describes
only one of them does not do. Such a question (otherwise an explanation) asks for a
comparison, and only a sentence that makes one ("a smaller group than", "unlike", "whereas",
"both") can answer it. A comparison with a figure ("higher than EUR 30 million?") is answered
by the figure and is not read as one.
"""

from __future__ import annotations

import re

_COMPARATIVES = (
    r"(?:more|less|fewer|better|worse|stricter|cheaper|costlier|tougher|stronger|weaker|"
    r"broader|narrower|wider|higher|lower|larger|smaller|bigger|greater|harsher|heavier|"
    r"lighter|easier|harder|faster|slower)"
)
# "higher than EUR 30 million?", "more than 50 countries?": a figure, not a thing compared.
_FIGURE = (
    r"(?:(?:eur|usd|us\$|\$|€|£)?\s*\d|one\b|two\b|three\b|four\b|five\b|ten\b|"
    r"a\s+(?:few|dozen|hundred|thousand))"
)
_ASKS = re.compile(
    rf"\b{_COMPARATIVES}\s+(?:[\w'-]+\s+){{0,4}}?than\s+(?!{_FIGURE})"
    r"|\bcompared?\s+(?:with|to|against)\b|\bhow\s+(?:do|does|did)\b.*\bcompare\b"
    r"|\bin\s+comparison\s+(?:with|to)\b|\bdiffer(?:s|ed)?\s+from\b|\bdifferences?\s+between\b"
    # French and Spanish: "plus stricte que", "par rapport à", "más estricta que", "comparado con"
    rf"|\b(?:plus|moins|m[áa]s|menos)\s+(?:[\w'-]+\s+){{1,3}}?que\s+(?!{_FIGURE})"
    r"|\bse\s+compare\w*\b|\bpar\s+rapport\s+(?:à|au|aux)\b|\bcompar\w+\s+(?:à|avec|con)\b"
    r"|\ben\s+comparaci[óo]n\s+con\b",
    re.IGNORECASE,
)
_MAKES = re.compile(
    r"\b(?:than|unlike|whereas|compared|comparison|contrast|similar(?:ly)?|same|both|"
    r"differ\w*|more|less|fewer)\b",
    re.IGNORECASE,
)


def asks_comparison(question: str) -> bool:
    """Whether a question asks the sources to compare two things."""
    return bool(_ASKS.search(question))


def makes_comparison(sentence: str) -> bool:
    """Whether a sentence compares (loosely: any comparative word counts)."""
    return bool(_MAKES.search(sentence))
