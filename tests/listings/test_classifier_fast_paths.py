"""The classifier's quick ways to the same answers: cue words found with str.find instead of a
pattern tried at every character, patterns ignoring case run over lower-cased text, long name
lists grouped by first letter, sentence ends looked for only after a stop. Each must find
exactly what the plain pattern finds, on the training postings and on awkward text."""

import random
import re
import sys

import pytest

from listings.ingest import abroad
from listings.ingest.casefold import Folded, lowered
from listings.ingest.sponsorship import formats, rules, units
from listings.ingest.sponsorship.training import load_postings

# Pieces that sit at the edges of the cue patterns: word edges, case, the letters that fold
# oddly (dotless i, long s, dotted capital I), digits next to letters, spaces before "person".
PIECES = [
    "visa", "Visa ", "VISA", "sponsor", "SPONSORSHIP", "h-1b", "H1B", "h1-b", "h-1-b", "H-1",
    "opt", "OPT ", "adopt ", "cpt", "tn", "TN", "gc", "usc", "USC", "ead", "lead", "EAD",
    "itar", "guitar", "citizen", "Citizens", "clearance", "ts/sci", "TS/SCI", "polygraph",
    "work", "Work", "WORKING  AUTHORIZ", "authorized to work", "Authorised to Work",
    "work \n permit", "green card", "Green-Card", "e-3", "E3 ", "o-1", "O1", "immigra",
    "u.s. persons", "US  person", "U.S person", "us.\tpersons", "export control", " ", "\n",
    ". ", ".", "-", "1", "3", "/", "a", "s", "u", "\u0131", "\u017f", "\u0130", "\u017fponsor",
    "v\u0131sa", "K", "Dr.", "U.S.", "e.g.", ";", "!", "? ", "(", '"', "*", " 9", "Mr. Smith",
    "etc. And", "London", "Berlin, Germany", "Austin, TX", "Tel  Aviv", "u.k.", "EU",
    "Latin America",
]  # fmt: skip


def awkward_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30))) for _ in range(count)]


@pytest.fixture(scope="module")
def postings() -> list[str]:
    return [p.text for p in load_postings()]


@pytest.fixture(scope="module")
def unit_texts(postings) -> list[str]:
    return [unit.text for text in postings for unit in units.units(text)]


def scanned(lower: str) -> list[tuple[int, int]]:
    """The cue scan as units._cues runs it: the plain pattern tried where a cue may start."""
    spans, resume = [], 0
    for start in units._starts(lower):
        if start >= resume and (hit := units._SCAN.match(lower, start)):
            spans.append(hit.span())
            resume = hit.end()
    return spans


def test_cue_words_are_found_where_the_scanning_pattern_finds_them(postings):
    for text in [*postings, *awkward_texts(20_000, 1)]:
        lower = text.lower()
        assert scanned(lower) == [m.span() for m in units._SCAN.finditer(lower)], text[:200]


def test_cue_words_of_a_unit_are_those_the_cue_pattern_finds(unit_texts):
    for text in [*unit_texts, *awkward_texts(20_000, 2)]:
        assert units.cue_words(text) == units.CUE.findall(text), text[:200]


def test_sentence_ends_are_those_the_sentence_pattern_finds(postings):
    lines = [line for text in postings for line in text.split("\n")]
    for line in [*lines, *awkward_texts(20_000, 3)]:
        expected = [m.span() for m in units._SENTENCE_END.finditer(line)]
        assert [m.span() for m in units._sentence_ends(line)] == expected, line[:200]


def test_lower_case_text_matches_as_ignoring_case_for_every_character_but_two():
    """The premise of casefold: for every code point that lower-cases to one character, an
    ASCII letter or digit ignoring case matches it exactly when its lower case is that letter,
    and word and space classes do not change; only dotless i and long s break the rule."""
    word, space = re.compile(r"\w"), re.compile(r"\s")
    ascii_alnum = re.compile(r"[a-z0-9]", re.I)
    letters = {x: re.compile(x, re.I) for x in "abcdefghijklmnopqrstuvwxyz0123456789"}
    odd = set()
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        lower = char.lower()
        if len(lower) != 1:
            assert lowered(char) is None
            continue
        if bool(word.match(char)) != bool(word.match(lower)):
            odd.add(char)
        if bool(space.match(char)) != bool(space.match(lower)):
            odd.add(char)
        if ascii_alnum.match(char) or lower in letters:
            for letter, pattern in letters.items():
                if bool(pattern.match(char)) != (lower == letter):
                    odd.add(char)
    assert odd == {"\u0131", "\u017f"}
    assert lowered("v\u0131sa") is None and lowered("\u017fponsor") is None
    assert lowered("Visa SPONSORSHIP") == "visa sponsorship"


def folded_patterns() -> list[tuple[str, Folded]]:
    found = []
    for module in (rules, formats):
        for name, value in vars(module).items():
            if isinstance(value, Folded):
                found.append((name, value))
    found += [(f"_NOT_VISA[{w}]", p) for w, p in rules._NOT_VISA if isinstance(p, Folded)]
    return found


def variants(text: str, rng: random.Random) -> list[str]:
    mixed = "".join(ch.upper() if rng.random() < 0.3 else ch for ch in text)
    return [text, text.upper(), mixed, text.replace("s", "\u017f", 1), "\u0130" + text]


def test_lower_case_patterns_find_what_they_find_ignoring_case(unit_texts):
    patterns = folded_patterns()
    assert len(patterns) > 50
    rng = random.Random(4)
    matched = set()
    for text in unit_texts[::3]:
        for variant in variants(text, rng):
            for name, folded in patterns:
                expected = [m.span() for m in folded.ignoring.finditer(variant)]
                assert [m.span() for m in folded.finditer(variant)] == expected, (name, variant)
                first = folded.search(variant)
                assert (first and first.span()) == (expected[0] if expected else None)
                assert folded.sub(" ", variant) == folded.ignoring.sub(" ", variant)
                if expected:
                    matched.add(name)
    assert len(matched) > 40  # the comparison saw most patterns match, not only fail


def test_a_pattern_with_capitals_is_not_taken_for_a_lower_case_one():
    with pytest.raises(ValueError):
        Folded(r"(?-i:Visa)\s+inc")
    with pytest.raises(ValueError):
        Folded(r"\bCPT\b")


def test_place_lists_grouped_by_first_letter_name_the_same_places(postings):
    flat_places = re.compile(rf"\b(?:{abroad._PLACES})\b", re.I)
    flat_us = re.compile(rf"\b(?:{abroad._US_NAME_LIST})\b", re.I)
    names = re.sub(r"\\s\+", " ", abroad._PLACES + "|" + abroad._US_NAME_LIST).split("|")
    rng = random.Random(5)
    texts = [line for text in postings[::4] for line in text.split("\n")]
    for _ in range(20_000):
        picks = [rng.choice(names).replace("\\", "") for _ in range(rng.randint(1, 4))]
        texts.append(" ".join(rng.choice([p, p.upper(), p.title()]) for p in picks))
    texts += awkward_texts(5_000, 6)
    for text in texts:
        assert abroad.names_abroad(text) == bool(flat_places.search(text)), text[:200]
        assert bool(abroad._US_NAMES.search(text)) == bool(flat_us.search(text)), text[:200]
