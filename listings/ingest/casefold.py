"""Searching lower-cased text instead of ignoring case. A pattern written in lower case, run
case-sensitively over `lowered(text)`, matches at the same places as the same pattern ignoring
case over `text`, and the engine runs it several times faster: it can skip ahead on a literal
first letter, and drop an alternative on its first letter without trying the rest. That holds
for every character but those that lower-case to two (offsets would shift) and the two that
match an ASCII letter ignoring case without lower-casing to it, dotless i and long s (checked
over every code point in tests/listings/test_classifier_fast_paths.py). For a text holding one
of those, `lowered` returns None and the pattern ignoring case is run on the text as it is.

Lower-cased, a text can also be asked cheaply whether it holds a word every match of a
pattern must hold ("only" or "required" for "USC/GC only"); when it holds none, the pattern
is not run at all."""

import re
import sys
from collections.abc import Iterator
from re import _parser

_DOTLESS_I, _LONG_S = "\u0131", "\u017f"
# The last text lowered and its lower case: the rules ask many patterns about one unit.
_last: tuple[str, str | None] = ("", "")
_MOST_WORDS = 16


def lowered(text: str) -> str | None:
    global _last
    last = _last
    if last[0] is text:
        return last[1]
    lower = text.lower()
    if len(lower) != len(text) or _DOTLESS_I in text or _LONG_S in text:
        lower = None
    _last = (text, lower)
    return lower


class Folded:
    """A compiled pattern that ignores case, with the methods of re.Pattern the classifier uses;
    its matches are over the lower-cased text (offsets are the same, matched text lower-case)."""

    def __init__(self, source: str):
        if source != source.lower() or "(?-i" in source:
            raise ValueError(f"not a lower-case pattern: {source[:60]!r}")
        self.pattern = source
        self.ignoring = re.compile(source, re.I)
        self.exact = re.compile(source)
        # Words one of which every match holds (None: no such words are known, or too many or
        # too short to be worth asking about).
        needs = needed(_parser.parse(source))
        if needs and (len(needs) > _MOST_WORDS or min(map(len, needs)) < 2):
            needs = None
        self.needs = needs

    def _pick(self, text: str) -> tuple[re.Pattern, str] | None:
        """The pattern and text to run, or None when the text cannot match."""
        lower = lowered(text)
        if lower is None:
            return self.ignoring, text
        if self.needs is not None and not any(map(lower.__contains__, self.needs)):
            return None
        return self.exact, lower

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        picked = self._pick(text)
        return picked and picked[0].search(picked[1], pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        picked = self._pick(text)
        return picked and picked[0].match(picked[1], pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        picked = self._pick(text)
        return picked and picked[0].fullmatch(picked[1], pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        picked = self._pick(text)
        return picked[0].finditer(picked[1], pos, endpos) if picked else iter(())

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        picked = self._pick(text)
        return picked[0].findall(picked[1], pos, endpos) if picked else []

    def sub(self, replacement: str, text: str) -> str:
        """Each match replaced in the text as written (a plain replacement, no group refs)."""
        if "\\" in replacement:
            raise ValueError("group references are not supported")
        picked = self._pick(text)
        if picked is None:
            return text
        if picked[0] is self.ignoring:
            return self.ignoring.sub(replacement, text)
        pieces, kept = [], 0
        for match in self.exact.finditer(picked[1]):
            pieces += (text[kept : match.start()], replacement)
            kept = match.end()
        if not pieces:
            return text
        pieces.append(text[kept:])
        return "".join(pieces)


def needed(parsed) -> tuple[str, ...] | None:
    """Words one of which every match of a parsed pattern holds, or None. Only what must be
    matched counts: runs of literal letters, groups, alternatives that all need a word, and
    repeats of at least one; anything else (classes, optional parts, look-arounds) needs
    nothing. Of several needs in a sequence the rarest is kept (the longest shortest word)."""
    best: tuple[str, ...] | None = None

    def consider(words):
        nonlocal best
        if words and (best is None or _rarity(words) > _rarity(best)):
            # A word holding another is implied by it: "citizen" covers "citizenship".
            best = tuple(sorted(w for w in set(words) if not any(o != w and o in w for o in words)))

    run: list[str] = []
    for op, value in parsed:
        name = str(op)
        if name == "LITERAL":
            run.append(chr(value))
            continue
        if run:
            consider(("".join(run),))
            run = []
        if name == "SUBPATTERN":
            consider(needed(value[-1]))
        elif name == "ATOMIC_GROUP":
            consider(needed(value))
        elif name == "BRANCH":
            alternatives = [needed(alternative) for alternative in value[1]]
            if all(alternatives):
                consider([word for words in alternatives for word in words])
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and value[0] >= 1:
            consider(needed(value[2]))
    if run:
        consider(("".join(run),))
    return best


def _rarity(words) -> tuple[int, int]:
    return min(len(word) for word in words), -len(set(words))
