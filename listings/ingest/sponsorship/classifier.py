"""`classify(text)`: what a posting says about visa sponsorship, with the unit that says it.

Each unit around a visa word is judged alone: rules first (look-alike words and questions
are silent; field answers, "without sponsorship", citizens-only lines and active clearances
are settled; what is left inside EEO boilerplate is silent), then the
learned model, then the rules that overrule it (a hedged refusal, a clearance one may still
obtain, an offer for an office abroad). A refusal anywhere beats an offer: a posting that
says both is refusing this role."""

from dataclasses import dataclass, field

from listings.ingest.sponsorship import offers, places, rules, students
from listings.ingest.sponsorship.features import features
from listings.ingest.sponsorship.model import LinearModel, shipped
from listings.ingest.sponsorship.units import CUE, Unit, units
from listings.ingest.sponsorship.visas import visa_types_in
from listings.models.jobs import Job

STATED, REFUSED, SILENT = Job.Sponsorship.STATED, Job.Sponsorship.REFUSED, Job.Sponsorship.SILENT
_MAX_EVIDENCE = 320
_TYPOGRAPHY = frozenset("–—‘’“”•…·€£")
_READABLE = 0.95  # the share of letters, digits, spaces and punctuation in a readable unit


@dataclass(frozen=True)
class Classification:
    state: Job.Sponsorship
    evidence: str = ""
    visa_types: list[str] = field(default_factory=list)
    # An offer open only to some routes (offers.limited_to); () when it is open to any.
    limited_to: tuple[str, ...] = ()
    # What the posting says to F-1 students: True welcomes them, False shuts them out,
    # None says nothing (students.verdict).
    accepts_opt: bool | None = None
    accepts_cpt: bool | None = None


def classify(text: str, model: LinearModel | None = None) -> Classification:
    """`model` is for cross-validation; by default the shipped one is used."""
    if not text or not isinstance(text, str):
        return Classification(SILENT)
    model = model or shipped()
    best: dict[str, tuple[float, Unit]] = {}
    heard: dict[str, bool | None] = {"opt": None, "cpt": None}
    for unit in units(text):
        state, confidence = judge(text, unit, model)
        if state != SILENT and (state not in best or confidence > best[state][0]):
            best[state] = (confidence, unit)
        if named := students.named(unit.text):
            _hear(heard, named, text, unit, state)
    for state in (REFUSED, STATED):
        if state in best:
            unit = best[state][1]
            evidence = _evidence(text, unit)
            if state == REFUSED:
                return Classification(REFUSED, evidence, [], (), heard["opt"], heard["cpt"])
            # A header field's visas are its own, not the line's ("Nashville, TN | VISA").
            visas = visa_types_in(unit.text if unit.field else evidence)
            limit = offers.limited_to(unit.text, visas)
            visas = offers.with_limits(visas, limit)
            return Classification(STATED, evidence, visas, limit, heard["opt"], heard["cpt"])
    return Classification(SILENT, accepts_opt=heard["opt"], accepts_cpt=heard["cpt"])


def _hear(heard: dict[str, bool | None], named: set[str], text: str, unit: Unit, state) -> None:
    """What this unit says to students; a refusal heard anywhere stands."""
    if rules.ignored(unit.text) or rules.boilerplate(unit.text):
        return
    said = students.verdict(unit.text, state == REFUSED)
    for name in named:
        if said is False or (said and heard[name] is None):
            heard[name] = said


def judge(text: str, unit: Unit, model: LinearModel) -> tuple[str, float]:
    """(state, confidence) for one unit of `text`."""
    if rules.ignored(unit.text, unit.header and unit.field):
        return SILENT, 1.0
    state, confidence = rules.settled(unit.text, unit.header, unit.field), 1.0
    if state is None and rules.boilerplate(unit.text):
        return SILENT, 1.0
    if state is None and not _readable(unit.text):
        return SILENT, 1.0
    if state is None:
        state, confidence = model.predict(features(unit))
        if rules.overruled(unit.text, state):
            state = SILENT
    if state == STATED and places.offered_abroad(text, unit.start, unit.end, unit.field):
        state = SILENT
    if state == REFUSED and (
        rules.wished_for(text, unit.start, unit.text)
        or rules.clearance_condition(text, unit.start, unit.text)
    ):
        state = SILENT
    return state, confidence


def _readable(unit_text: str) -> bool:
    """Words, not noise: binary junk can hold "TN" or "OPT" by chance, and the model only
    knows how to read sentences."""
    # Each distinct character is judged once, then counted where it is not plain.
    noise = sum(unit_text.count(ch) for ch in set(unit_text) if not _plain(ch))
    return len(unit_text) - noise >= _READABLE * len(unit_text)


def _plain(ch: str) -> bool:
    return ch.isalnum() or ch.isspace() or (ch.isascii() and ch.isprintable()) or ch in _TYPOGRAPHY


def _evidence(text: str, unit: Unit) -> str:
    """The unit verbatim (a header field with its whole header line, so a card can quote
    "Backend | Boston | ONSITE | VISA" rather than "VISA"); a run-on longer than the limit is
    cut around its first cue (still a verbatim piece of the text), at a word edge."""
    if unit.field:
        start = text.rfind("\n", 0, unit.start) + 1
        end = text.find("\n", unit.end)
        line = text[start : len(text) if end < 0 else end].strip()
        if "|" in line and len(line) <= _MAX_EVIDENCE:
            return line
    sentence = unit.text
    if len(sentence) <= _MAX_EVIDENCE:
        return sentence
    cue = CUE.search(sentence)
    centre = cue.start() if cue else 0
    left = max(0, centre - _MAX_EVIDENCE // 2)
    right = min(len(sentence), left + _MAX_EVIDENCE)
    if left > 0 and " " in sentence[left:centre]:
        left = sentence.index(" ", left, centre) + 1
    piece = sentence[left:right]
    if right < len(sentence) and " " in piece:
        piece = piece[: piece.rfind(" ")]
    return piece.strip()
