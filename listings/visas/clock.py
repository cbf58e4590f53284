"""The candidate's clock: the dates that decide what a student or graduate can do next, from
their profile and today's date, one line each. Days of OPT left, the STEM extension's filing
window, the unemployment limit, the next H-1B registration and start date, and whether the
cap-gap would carry them from the end of OPT to that start. Every figure is a fact of
listings.visas.facts."""

from dataclasses import dataclass
from datetime import date, timedelta

from listings.visas import facts
from listings.visas.profile import UNIVERSITY_DEGREES, Profile, Status

STUDENTS = (Status.F1, Status.OPT, Status.STEM_OPT)


def _day(day: date) -> str:
    return f"{day:%B %-d, %Y}"


def _on(year: int, key: str) -> date:
    month, day = facts.value(key)
    return date(year, month, day)


@dataclass(frozen=True)
class Clock:
    lines: list[str]
    headline: str  # the first line without its full stop, for an email's opening

    def __bool__(self) -> bool:
        return bool(self.lines)


def season(today: date) -> int:
    """The year of the next H-1B registration: this March until March is over, else the next."""
    return today.year if today.month <= facts.value("registration_month") else today.year + 1


def clock(p: Profile | None, today: date) -> Clock:
    if p is None or p.status not in STUDENTS:
        return Clock([], "")
    lines = _opt_lines(p, today) if p.status != Status.F1 else [_f1_line()]
    lines += _h1b_lines(p, today)
    return Clock(lines, lines[0].rstrip("."))


def _f1_line() -> str:
    return (
        f"After your program, post-completion OPT gives up to {facts.value('opt_months')} "
        "months of work; ask your school's DSO when to apply."
    )


def _opt_lines(p: Profile, today: date) -> list[str]:
    kind = "STEM OPT" if p.status == Status.STEM_OPT else "OPT"
    lines = []
    if p.opt_end is None:
        lines.append(f"Add your {kind} end date to your profile to see your days left.")
    elif p.opt_end >= today:
        left = (p.opt_end - today).days
        lines.append(
            f"{left} day{'s' * (left != 1)} of {kind} left (it ends on {_day(p.opt_end)})."
        )
    else:
        lines.append(f"Your {kind} ended on {_day(p.opt_end)}.")
    if p.status == Status.OPT:
        lines.append(
            f"Unemployment: at most {facts.value('opt_unemployment_days')} days on OPT "
            f"({facts.value('stem_unemployment_days')} in all with the STEM extension)."
        )
    else:
        lines.append(
            f"Unemployment: at most {facts.value('stem_unemployment_days')} days in all across "
            "OPT and STEM OPT."
        )
    if window := _stem_window(p, today):
        lines.append(window)
    return lines


def _stem_window(p: Profile, today: date) -> str:
    if p.status != Status.OPT or not p.stem or p.degree not in UNIVERSITY_DEGREES:
        return ""
    if p.opt_end is None or p.opt_end < today:
        return ""
    opens = p.opt_end - timedelta(days=facts.value("stem_filing_days"))
    if today < opens:
        return (
            f"STEM extension: you can file from {_day(opens)} until your OPT ends on "
            f"{_day(p.opt_end)}."
        )
    left = (p.opt_end - today).days
    return f"STEM extension: you can file now, until {_day(p.opt_end)} ({left} days left)."


def _h1b_lines(p: Profile, today: date) -> list[str]:
    year = season(today)
    start, filing = _on(year, "cap_start"), _on(year, "petition_filing_from")
    lines = [
        f"Next H-1B registration: March {year} (USCIS announces the dates); a cap-subject "
        f"H-1B would start on {_day(start)}."
    ]
    if p.status == Status.F1 or p.opt_end is None or p.opt_end < today:
        return lines
    if p.opt_end >= start:
        lines.append(f"Your {_kind(p)} lasts past {_day(start)}, so no cap-gap is needed.")
    elif p.opt_end >= filing:
        until = _on(year + 1, "cap_gap_until")
        lines.append(
            f"Cap-gap: if a cap-subject employer files your H-1B petition (from "
            f"{_day(filing)}) before your {_kind(p)} ends, your status and work permission "
            f"continue until {_day(until)}."
        )
    else:
        lines.append(
            f"Cap-gap cannot bridge this season: your {_kind(p)} ends before petitions can be "
            f"filed on {_day(filing)}."
        )
    return lines


def _kind(p: Profile) -> str:
    return "STEM OPT" if p.status == Status.STEM_OPT else "OPT"
