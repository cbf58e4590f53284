"""Searching lower-cased text instead of ignoring case. A pattern written in lower case, run
case-sensitively over `lowered(text)`, matches at the same places as the same pattern ignoring
case over `text`, and the engine runs it several times faster: it can skip ahead on a literal
first letter, and drop an alternative on its first letter without trying the rest. That holds
for every character but those that lower-case to two (offsets would shift) and the two that
match an ASCII letter ignoring case without lower-casing to it, dotless i and long s (checked
over every code point in tests/listings/test_casefold.py). For a text holding one of those,
`lowered` returns None and the pattern ignoring case is run on the text as it is."""

import re
import sys
from collections.abc import Iterator

_DOTLESS_I, _LONG_S = "\u0131", "\u017f"


def lowered(text: str) -> str | None:
    lower = text.lower()
    if len(lower) != len(text) or _DOTLESS_I in text or _LONG_S in text:
        return None
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

    def _pick(self, text: str) -> tuple[re.Pattern, str]:
        lower = lowered(text)
        return (self.ignoring, text) if lower is None else (self.exact, lower)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.match(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        pattern, text = self._pick(text)
        return pattern.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match]:
        pattern, text = self._pick(text)
        return pattern.finditer(text, pos, endpos)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        pattern, text = self._pick(text)
        return pattern.findall(text, pos, endpos)

    def sub(self, replacement: str, text: str) -> str:
        """Each match replaced in the text as written (a plain replacement, no group refs)."""
        if "\\" in replacement:
            raise ValueError("group references are not supported")
        lower = lowered(text)
        if lower is None:
            return self.ignoring.sub(replacement, text)
        pieces, kept = [], 0
        for match in self.exact.finditer(lower):
            pieces += (text[kept : match.start()], replacement)
            kept = match.end()
        if not pieces:
            return text
        pieces.append(text[kept:])
        return "".join(pieces)
