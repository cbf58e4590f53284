"""The candidate's clock, day by day: days of OPT left, the STEM filing window, the
unemployment limit, the next registration and start, and whether cap-gap bridges them. Every
date is fixed here, so nothing depends on the day the tests run."""

from datetime import date

import pytest

from listings.visas.clock import clock, season
from listings.visas.profile import Profile


def student(status="opt", opt_end=None, stem=False, degree="master"):
    return Profile(frozenset({"IN"}), status, degree, stem, opt_end)


CASES = [
    ("days-left", student(opt_end=date(2027, 2, 20)), date(2026, 11, 28),
     "84 days of OPT left (it ends on February 20, 2027)."),
    ("one-day-left", student(opt_end=date(2026, 11, 29)), date(2026, 11, 28),
     "1 day of OPT left"),
    ("ended", student(opt_end=date(2026, 10, 1)), date(2026, 11, 28),
     "Your OPT ended on October 1, 2026."),
    ("no-end-date", student(), date(2026, 11, 28), "Add your OPT end date"),
    ("unemployment-opt", student(opt_end=date(2027, 2, 20)), date(2026, 11, 28),
     "at most 90 days on OPT (150 in all with the STEM extension)"),
    ("unemployment-stem", student("stem-opt", date(2028, 2, 20), True), date(2026, 11, 28),
     "at most 150 days in all across OPT and STEM OPT"),
    ("stem-window-later", student(opt_end=date(2027, 6, 30), stem=True), date(2026, 11, 28),
     "STEM extension: you can file from April 1, 2027 until your OPT ends on June 30, 2027."),
    ("stem-window-now", student(opt_end=date(2027, 2, 20), stem=True), date(2026, 11, 28),
     "STEM extension: you can file now, until February 20, 2027 (84 days left)."),
    ("registration-next-march", student(opt_end=date(2027, 6, 30)), date(2026, 11, 28),
     "Next H-1B registration: March 2027 (USCIS announces the dates); a cap-subject H-1B "
     "would start on October 1, 2027."),
    ("registration-this-march", student(opt_end=date(2027, 6, 30)), date(2027, 2, 1),
     "Next H-1B registration: March 2027"),
    ("registration-after-march", student(opt_end=date(2028, 6, 30)), date(2027, 4, 2),
     "Next H-1B registration: March 2028"),
    ("cap-gap-bridges", student(opt_end=date(2027, 6, 30)), date(2026, 11, 28),
     "Cap-gap: if a cap-subject employer files your H-1B petition (from April 1, 2027) before "
     "your OPT ends, your status and work permission continue until April 1, 2028."),
    ("cap-gap-too-early", student(opt_end=date(2027, 2, 20)), date(2026, 11, 28),
     "Cap-gap cannot bridge this season: your OPT ends before petitions can be filed on "
     "April 1, 2027."),
    ("no-gap-needed", student(opt_end=date(2027, 12, 1)), date(2026, 11, 28),
     "lasts past October 1, 2027, so no cap-gap is needed"),
    ("stem-opt-cap-gap", student("stem-opt", date(2027, 8, 15), True), date(2026, 11, 28),
     "before your STEM OPT ends, your status and work permission continue until April 1, 2028"),
    ("f1-opt-months", student("f-1", degree="bachelor"), date(2026, 11, 28),
     "post-completion OPT gives up to 12 months of work"),
]  # fmt: skip


@pytest.mark.parametrize(("profile", "today", "line"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_clock_lines(profile, today, line):
    found = clock(profile, today)
    assert any(line in shown for shown in found.lines), found.lines


def test_the_headline_is_the_first_line():
    found = clock(student(opt_end=date(2027, 2, 20)), date(2026, 11, 28))
    assert found.headline == "84 days of OPT left (it ends on February 20, 2027)"


def test_no_stem_window_without_a_stem_degree():
    lines = clock(student(opt_end=date(2027, 2, 20)), date(2026, 11, 28)).lines
    assert not any("STEM extension: you can file" in line for line in lines)


@pytest.mark.parametrize("status", ["none", "h-1b", "tn", "other"])
def test_no_clock_for_people_who_are_not_students(status):
    assert not clock(student(status, date(2027, 2, 20)), date(2026, 11, 28))
    assert not clock(None, date(2026, 11, 28))


def test_the_season_turns_after_march():
    assert season(date(2027, 3, 31)) == 2027 and season(date(2027, 4, 1)) == 2028
