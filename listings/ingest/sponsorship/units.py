"""Cutting a posting into the units the classifier judges: the sentence, header field or list
item around each word that could be about work visas. Everything else is never looked at, so
a long posting costs little more than a short one."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from listings.ingest.casefold import lowered

# Any unit that can say something about sponsorship holds one of these. "Visa", "TN" and
# "OPT" over-match (the card network, Tennessee, "opt in"); the rules and the model sort that.
CUE = re.compile(
    r"visa|sponsor|h-?1-?b|\b(?:opt|cpt|tn|gc|usc|ead|itar)\b|citizen|clearance|ts/sci|"
    r"polygraph|work(?:ing)?\s+authori[sz]|authori[sz]ed\s+to\s+work|green[-\s]?card|"
    r"\be-?3\b|\bo-?1\b|immigra|work\s+permit|u\.?s\.?\s+persons?\b|export\s+control",
    re.I,
)
# The same words, lower-case and literal-first, so the engine can skip ahead on first letters:
# scanning a whole posting this way is several times faster than with CUE, which then only
# confirms each hit (word edges, case).
_SCAN = re.compile(
    r"visa|sponsor|h-?1-?b|(?:opt|cpt|tn|gc|usc|ead|itar)\b|citizen|clearance|ts/sci|polygraph|"
    r"work(?:ing)?\s+authori[sz]|authori[sz]ed\s+to\s+work|green[-\s]?card|e-?3\b|o-?1\b|"
    r"immigra|work\s+permit|u\.?s\.?\s+persons?\b|export\s+control"
)
# Past this distance from a cue, text cannot belong to the same unit: a megabyte without a
# line break is cut into windows rather than split whole.
WINDOW = 600
# A run-on "sentence" (a flattened bullet list) is cut to this many characters either side of
# its cue, so words from unrelated items do not sway the judgement.
REACH = 120
# A header is the first lines of a posting: "Acme | Backend | Boston | ONSITE | VISA".
HEADER_CHARS = 400
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[\"'(\[*A-Z0-9])|(?<=[a-z)][.!?])(?=[A-Z])")
_STOP = re.compile(r"[.!?;]")
_ABBREVIATION = re.compile(r"\b(?:U\.S\.A|U\.S|e\.g|i\.e|etc|Inc|Corp|Ltd|Co|No|Sr|Jr|vs)\.$", re.I)
_STRIP = " \t\r\n*•-–—·>#\u2022"
# "VISA Sponsorship" on one line and "No" on the next is one field.
_LABEL = re.compile(r"^[\w\s./()-]{0,40}:?$")
_ANSWER = re.compile(
    r"^\s*(?:yes|no|none|n/a|not\s+available|available|required|(?:active\s+|current\s+)?"
    r"(?:dod\s+|doe\s+)?(?:ts/sci|top\s+secret|secret)|u\.?s\.?(?:\s+citizen\w*)?)\b.{0,30}$",
    re.I,
)


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    field: bool  # a `|`-separated header field or a "label / answer" pair
    header: bool  # within the first lines of the posting


def units(text: str) -> list[Unit]:
    """The units around each cue, in text order, each once."""
    found: list[Unit] = []
    covered = -1
    for match in _cues(text):
        if match.start() < covered:
            continue
        unit = _unit_at(text, match.start(), match.end())
        if unit is None:
            continue
        covered = max(unit.end, match.end())
        if not found or found[-1].start != unit.start:
            found.append(unit)
    return found


# Where a _SCAN match can start, found with str.find, which runs in C over the text once per
# word: much faster than letting the engine try the pattern at every character, since the
# pattern's first letters (a, c, e, o, s, t, ...) are most of the text. Every branch of _SCAN
# begins with one of these words, or with a letter before a digit ("h-1b", "e3", "o-1"), or
# with a word before the word it is found by, across spaces ("u.s. persons", "work permit").
_STARTS = (
    "visa", "sponsor", "opt", "cpt", "tn", "gc", "usc", "ead", "itar", "citizen", "clearance",
    "ts/sci", "polygraph", "authori", "green", "immigra", "export",
)  # fmt: skip
_BEFORE_DIGIT = (("1", "ho"), ("3", "e"))
_WORD_BEFORE = (
    ("person", ("us", "u.s", "us.", "u.s.")),
    ("authori", ("work", "working")),
    ("permit", ("work",)),
)


def _cues(text: str) -> Iterator[re.Match]:
    lower = text.lower()
    if len(lower) != len(text):  # a few characters lower-case to two: offsets would shift
        yield from CUE.finditer(text)
        return
    # The same matches as _SCAN.finditer(lower): every place a match can start is tried in
    # order, and a match hides the places it covers.
    resume = 0
    for start in _starts(lower):
        if start < resume:
            continue
        hit = _SCAN.match(lower, start)
        if hit:
            resume = hit.end()
            match = CUE.match(text, start)
            if match:
                yield match


def cue_words(text: str) -> list[str]:
    """CUE.findall(text), trying CUE only where a cue word begins."""
    lower = lowered(text)
    if lower is None:
        return CUE.findall(text)
    found, resume = [], 0
    for start in _starts(lower):
        if start < resume:
            continue
        match = CUE.match(text, start)
        if match:
            found.append(match.group())
            resume = match.end()
    return found


def _starts(lower: str) -> list[int]:
    """Every index where a _SCAN match may start (and some where none does), sorted."""
    found = set()
    for word in _STARTS:
        at = lower.find(word)
        while at >= 0:
            found.add(at)
            at = lower.find(word, at + 1)
    for digit, letters in _BEFORE_DIGIT:
        at = lower.find(digit)
        while at >= 0:
            found.update(i for i in (at - 1, at - 2) if i >= 0 and lower[i] in letters)
            at = lower.find(digit, at + 1)
    for word, befores in _WORD_BEFORE:
        at = lower.find(word)
        while at >= 0:
            space = at
            while space > 0 and lower[space - 1].isspace():
                space -= 1
            if space < at:
                found.update(space - len(b) for b in befores if lower.endswith(b, 0, space))
            at = lower.find(word, at + 1)
    return sorted(found)


def _unit_at(text: str, cue_start: int, cue_end: int) -> Unit | None:
    line_start, line_end = _line(text, cue_start, cue_end)
    line = text[line_start:line_end]
    if "|" in line:
        start, end, field = *_piece(line, cue_start - line_start, "|"), True
    else:
        start, end = _sentence(line, cue_start - line_start)
        field = False
    start, end = _clip(text, line_start + start, line_start + end, cue_start, cue_end)
    start, end = _strip(text, start, end)
    if end <= start:
        return None
    if not field:
        end, field = _with_answer(text, start, end)
    return Unit(start, end, text[start:end], field, start < HEADER_CHARS)


def _line(text: str, cue_start: int, cue_end: int) -> tuple[int, int]:
    low = max(0, cue_start - WINDOW)
    start = text.rfind("\n", low, cue_start)
    start = low if start < 0 else start + 1
    high = min(len(text), cue_end + WINDOW)
    end = text.find("\n", cue_end, high)
    return start, high if end < 0 else end


def _piece(line: str, at: int, separator: str) -> tuple[int, int]:
    start = line.rfind(separator, 0, at) + 1
    end = line.find(separator, at)
    return start, len(line) if end < 0 else end


def _sentence(line: str, at: int) -> tuple[int, int]:
    start, end = 0, len(line)
    for match in _sentence_ends(line):
        if _ABBREVIATION.search(line[max(0, match.start() - 6) : match.start()]):
            continue
        if match.start() < at:
            start = match.end()
        else:
            end = match.start()
            break
    return start, end


def _sentence_ends(line: str) -> Iterator[re.Match]:
    """_SENTENCE_END.finditer(line), tried only right after a stop: every match starts there,
    and a match covers only spaces, so it never hides the next stop."""
    for stop in _STOP.finditer(line):
        match = _SENTENCE_END.match(line, stop.end())
        if match:
            yield match


def _clip(text: str, start: int, end: int, cue_start: int, cue_end: int) -> tuple[int, int]:
    if end - start <= 2 * REACH + 40:
        return start, end
    if cue_start - start > REACH:
        space = text.find(" ", cue_start - REACH, cue_start)
        start = cue_start - REACH if space < 0 else space + 1
    if end - cue_end > REACH:
        space = text.rfind(" ", cue_end, cue_end + REACH)
        end = cue_end + REACH if space < 0 else space
    return start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _STRIP:
        start += 1
    while end > start and text[end - 1] in _STRIP:
        end -= 1
    return start, end


def _with_answer(text: str, start: int, end: int) -> tuple[int, bool]:
    """A short label alone on its line, answered on the next non-blank line."""
    if not _LABEL.match(text[start:end]) or "\n" not in text[end : end + 3]:
        return end, False
    following = end + (len(text[end : end + 80]) - len(text[end : end + 80].lstrip()))
    stop = text.find("\n", following, following + 60)
    stop = following + 60 if stop < 0 else stop
    if _ANSWER.match(text[following:stop]):
        return _strip(text, start, stop)[1], True
    return end, False
