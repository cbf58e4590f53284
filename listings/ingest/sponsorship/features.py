"""What the model sees of a unit: words and word pairs (with negation scope marked), the
letters inside words (so "sponsorship", "sponsor/extend" and "H1-B" share evidence), and
where the unit sits (a header field, a short line). Training and classifying share this one
function, so the two can never disagree."""

import functools
import re

from listings.ingest.sponsorship.formats import unglue
from listings.ingest.sponsorship.units import Unit

_SPELLINGS = [
    (re.compile(r"\bh-?1-?b(?=s?\b)"), "h1b"),
    (re.compile(r"[’`]"), "'"),
    (re.compile(r"\bu\.\s?s\.(?:\s?a\.)?|\bunited\s+states(?:\s+of\s+america)?\b|\busa\b"), "us"),
    (re.compile(r"\d+"), "0"),
]
_LABEL = re.compile(r"^\s*([a-z][a-z /]{1,30}?)\s*:")
_WORD = re.compile(r"[a-z0-9']+")
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[|:/+?!]|[.,;()]")
# Words that open a negation scope; the scope ends at punctuation or a contrast.
_NEGATORS = frozenset(
    [
        "not",
        "no",
        "never",
        "cannot",
        "can't",
        "unable",
        "without",
        "won't",
        "don't",
        "doesn't",
        "isn't",
        "aren't",
        "nor",
        "neither",
        "unfortunately",
        "wouldn't",
        "couldn't",
        "n't",
        "none",
    ]
)
_SCOPE_END = frozenset(
    [".", ",", ";", ":", "!", "?", "|", "(", ")", "but", "however", "although", "though"]
)


def normalise(text: str) -> str:
    text = unglue(text).lower()
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text


def features(unit: Unit) -> set[str]:
    text = normalise(unit.text)
    tokens = _negation_marked(_TOKEN.findall(text))
    found = {f"w:{token}" for token in tokens}
    found.update(f"b:{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False))
    for word in set(_WORD.findall(text)):
        found.update(_letters(word))
    words = len(tokens)
    found.add("s:short" if words <= 4 else "s:medium" if words <= 15 else "s:long")
    if unit.field:
        found.add("s:field")
    if unit.header:
        found.add("s:header")
    # A field's label says what its answer is about: "Clearance: Secret", "Visa: any".
    if label := _LABEL.match(text):
        found.add("l:" + "_".join(_TOKEN.findall(label.group(1))))
    return found


@functools.lru_cache(maxsize=1 << 16)
def _letters(word: str) -> tuple[str, ...]:
    """The word's runs of 3, 4 and 5 letters, its edges marked: the same words recur in every
    posting, so each is cut once."""
    padded = f" {word} "
    return tuple(
        f"c:{padded[i : i + size]}" for size in (3, 4, 5) for i in range(len(padded) - size + 1)
    )


def _negation_marked(tokens: list[str]) -> list[str]:
    marked, negated = [], False
    for token in tokens:
        if token in _SCOPE_END:
            negated = False
            marked.append(token)
        elif token in _NEGATORS:
            negated = True
            marked.append(token)
        else:
            marked.append(f"~{token}" if negated else token)
    return marked
