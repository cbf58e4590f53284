"""Drafting demo jobs: who posts them, where, at what pay, with which visa sentence and
description, each as a row of job columns by name. All randomness comes from one Random,
drawn in a fixed order, so a seed fixes every job."""

import html
import random
from bisect import bisect
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from django.utils import timezone

from listings.demo import wording
from listings.demo.places import PAY_FACTORS, STATE_WEIGHTS
from listings.demo.plan import EmployerRef, References, StateRef, place_listed_jobs
from listings.demo.roles import ROLE_FAMILIES, ROLE_WEIGHTS, SALARY_RANGES, TITLES
from listings.ingest import sponsorship
from listings.ingest.experience import experience_level
from listings.ingest.prepare import dedupe_key, mentions_e_verify
from listings.models import Job, Role
from listings.models.jobs import PERIODS_PER_YEAR

SOURCE = "demo"
DAYS_POSTED = 60

# Sponsorship mix. "verified" is silent from an employer whose filings give it a verified
# history for the job's occupation and state: with "stated", the only kinds listing pages
# show. A "silent" job comes from an employer without that history.
KIND_WEIGHTS = {"stated": 45, "verified": 20, "silent": 20, "refused": 15}
LISTED_KINDS = frozenset({"stated", "verified"})
# "us-remote" is a remote job with neither state nor city.
WORKPLACE_WEIGHTS = {"onsite": 45, "hybrid": 42, "remote": 10, "us-remote": 3}
WORKPLACES = list(WORKPLACE_WEIGHTS)
YEARLY_PAY_SHARE = 0.72
HOURLY_PAY_SHARE = 0.08
EXPIRED_SHARE = 0.03
CONTRACT_SHARE = 0.05  # the rest are full-time; each description says which
DEFAULT_PAY_RANGE = (80_000, 160_000)


class Salary(NamedTuple):
    low: int
    high: int
    unit: str


class JobFactory:
    """Drafts demo jobs as {column: value} rows, the columns named as the importer names them
    (`listings.ingest.columns`)."""

    def __init__(self, rng: random.Random, refs: References, total: int) -> None:
        self.rng = rng
        self.refs = refs
        self.anchor = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        # Rendered once: every row carries the same creation time.
        self.stamp = timezone.now().isoformat()
        self.role_weights = cumulative(ROLE_WEIGHTS.get(r.slug, 1) for r in refs.roles)
        self.state_weights = cumulative(STATE_WEIGHTS.get(s.code, 0.3) for s in refs.states)
        self.workplace_weights = cumulative(WORKPLACE_WEIGHTS.values())
        self.kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=total)
        self.placed = place_listed_jobs(rng, self.kinds, LISTED_KINDS, refs)
        self.slugs: dict[tuple[str, str], str] = {}  # slugify is slow; titles repeat a lot
        self.histories: dict[tuple[str, str], tuple[list, list]] = {}
        self.levels: dict[tuple[str, str], str] = {}

    def job(self, index: int, job_id: int) -> tuple[dict, tuple[int, ...]]:
        """Job `index` of the run as its row, and the ids of the visa types it names."""
        rng, placed = self.rng, self.placed.get(index)
        role = self.refs.roles[placed[0] if placed else self.pick(self.role_weights)]
        workplace, state, city = self.location(placed[1] if placed else None)
        history = (role.soc_code, state.code if state else "")
        employer = self.employer(self.kinds[index], history)
        title = rng.choice(TITLES.get(role.slug) or [role.name])
        salary = self.salary(role.slug, state)
        # Jobs placed for coverage must stay listed, so they never expire.
        posted_at, valid_through = self.dates(can_expire=placed is None)
        state_of_sponsorship, evidence, visas = self.sponsorship(self.kinds[index])
        contract = rng.random() < CONTRACT_SHARE
        kind = Job.EmploymentType.CONTRACTOR if contract else Job.EmploymentType.FULL_TIME
        place = place_name(state, city)
        description, looking_for = self.description(
            role, title, employer, place, salary, evidence, kind
        )
        row = {
            "id": job_id, "source": SOURCE, "external_id": f"{SOURCE}-{index + 1}",
            "title": title, "slug": self.slug(title, employer.name), "role_id": role.id,
            "employer_id": employer.id, "state_id": state.id if state else None,
            "city_id": city[0] if city else None, "workplace": workplace,
            "employment_type": kind, "experience": self.experience(title, looking_for),
            "salary_min": salary.low if salary else None,
            "salary_max": salary.high if salary else None,
            "salary_unit": salary.unit if salary else "", "description_html": description,
            "apply_url": f"https://careers.example.com/{employer.slug}/{index + 1}",
            "posted_at": posted_at, "valid_through": valid_through,
            "sponsorship": state_of_sponsorship, "sponsorship_evidence": evidence,
            "e_verify": names_e_verify(evidence),
            # The demo sentences are judged as seeded (a test holds them to it).
            "sponsorship_version": sponsorship.VERSION,
            "accepts_opt": None, "accepts_cpt": None, "offer_limited_to": "",
            "verified_sponsor": (employer.id, *history) in self.refs.evidence,
            "sponsors_h1b": employer.id in self.refs.h1b_sponsors,
            "sponsors_green_card": employer.id in self.refs.green_card_sponsors,
            "expired_at": None, "created_at": self.stamp, "updated_at": self.stamp,
        }  # fmt: skip
        row["dedupe_key"] = dedupe_key(row, title)
        visa_ids = self.refs.visa_ids
        return row, tuple(visa_ids[code] for code in visas if code in visa_ids)

    def employer(self, kind: str, history: tuple[str, str]) -> EmployerRef:
        """A "verified" job's employer has filings for its occupation and state, a
        "silent" one's has none; stated and refused jobs come from anyone."""
        if kind not in ("verified", "silent"):
            return self.rng.choice(self.refs.employers)
        if history not in self.histories:
            has = [e for e in self.refs.employers if (e.id, *history) in self.refs.evidence]
            lacks = [e for e in self.refs.employers if (e.id, *history) not in self.refs.evidence]
            self.histories[history] = (has, lacks)
        has, lacks = self.histories[history]
        return self.rng.choice((has if kind == "verified" else lacks) or self.refs.employers)

    def experience(self, title: str, looking_for: str) -> str:
        """The level the importer reads from the title and the whole description, read from
        the title and the requirements alone: no other demo sentence names years of
        experience (a test holds the wording to that) and no match crosses an HTML tag.
        Titles and requirement lists repeat, so each pair is read once."""
        key = (title, looking_for)
        if key not in self.levels:
            self.levels[key] = experience_level(title, looking_for)
        return self.levels[key]

    def pick(self, cum_weights: Sequence[float]) -> int:
        """An index drawn by weight: the one draw and bisection rng.choices makes, without
        its checks and list, which cost more than the draw."""
        total = cum_weights[-1] + 0.0
        return bisect(cum_weights, self.rng.random() * total, 0, len(cum_weights) - 1)

    def location(self, state_index: int | None) -> tuple[str, StateRef | None, tuple | None]:
        """Workplace, state and city. A job placed in a state keeps it even when remote."""
        rng = self.rng
        workplace = WORKPLACES[self.pick(self.workplace_weights)]
        if workplace == "us-remote":
            if state_index is None:
                return "remote", None, None
            workplace = "remote"
        if state_index is None:
            state_index = self.pick(self.state_weights)
        state = self.refs.states[state_index]
        city_share = 0.4 if workplace == "remote" else 0.92
        if not state.cities or rng.random() >= city_share:
            return workplace, state, None
        return workplace, state, state.cities[self.pick(state.city_weights)]

    def salary(self, role_slug: str, state: StateRef | None) -> Salary | None:
        rng = self.rng
        roll = rng.random()
        if roll >= YEARLY_PAY_SHARE + HOURLY_PAY_SHARE:
            return None
        low, high = SALARY_RANGES.get(role_slug, DEFAULT_PAY_RANGE)
        factor = PAY_FACTORS.get(state.code, 1.0) if state else 1.0
        bottom = rng.uniform(low, (low + high) / 2) * factor
        # Capped near the role's top; the cap stays above `bottom`, so min <= max holds.
        top = min(bottom * rng.uniform(1.15, 1.5), high * factor * 1.1)
        if roll < YEARLY_PAY_SHARE:
            return Salary(int(round(bottom, -3)), int(round(top, -3)), Job.SalaryUnit.YEAR)
        hours = PERIODS_PER_YEAR[Job.SalaryUnit.HOUR]
        return Salary(round(bottom / hours), round(top / hours), Job.SalaryUnit.HOUR)

    def dates(self, can_expire: bool) -> tuple[datetime, date | None]:
        """Posted within the last DAYS_POSTED days; a few jobs already past valid_through."""
        rng = self.rng
        if can_expire and rng.random() < EXPIRED_SHARE:
            days_ago = rng.randint(15, DAYS_POSTED - 1)
            posted_at = self.anchor - timedelta(days=days_ago, seconds=rng.randrange(86400))
            return posted_at, posted_at.date() + timedelta(days=rng.randint(7, days_ago - 1))
        posted_at = self.anchor - timedelta(seconds=rng.randrange(1, DAYS_POSTED * 86400))
        if rng.random() < 0.6:
            return posted_at, None
        return posted_at, self.anchor.date() + timedelta(days=rng.randint(7, 90))

    def sponsorship(self, kind: str) -> tuple[str, str, tuple[str, ...]]:
        """(sponsorship, evidence, visa codes) for a kind of job."""
        if kind == "stated":
            sentence, visas = self.rng.choice(wording.STATED_SENTENCES)
            return Job.Sponsorship.STATED, sentence, visas
        if kind == "refused":
            return Job.Sponsorship.REFUSED, self.rng.choice(wording.REFUSED_SENTENCES), ()
        return Job.Sponsorship.SILENT, "", ()

    def description(
        self,
        role: Role,
        title: str,
        employer: EmployerRef,
        place: str,
        salary: Salary | None,
        evidence: str,
        employment_type: str,
    ) -> tuple[str, str]:
        """The description's HTML, and its requirements section."""
        rng = self.rng
        family = ROLE_FAMILIES.get(role.slug, "software")
        intro = rng.choice(wording.INTROS).format(
            employer=employer.name, title=title, what=employer.what, place=place
        )
        requirements = rng.sample(wording.REQUIREMENTS[family], 2)
        duties = section("What you will do", rng.sample(wording.RESPONSIBILITIES[family], 4))
        looking_for = section(
            "What we are looking for", [*requirements, rng.choice(wording.GENERAL_REQUIREMENTS)]
        )
        benefits = section("Benefits", rng.sample(wording.BENEFITS, rng.randint(3, 4)))
        parts = [paragraph(intro), duties, looking_for, benefits]
        parts.append(fixed_paragraph(wording.EMPLOYMENT_SENTENCES[employment_type]))
        if salary:
            parts.append(paragraph(pay_sentence(salary)))
        if evidence:
            # The evidence must appear verbatim, so it gets a paragraph of its own.
            parts.append(authorization(evidence))
        parts.append(fixed_paragraph(rng.choice(wording.CLOSINGS)))
        return "\n".join(parts), looking_for

    def slug(self, title: str, employer_name: str) -> str:
        key = (title, employer_name)
        if key not in self.slugs:
            self.slugs[key] = Job.make_slug(title, employer_name)
        return self.slugs[key]


def cumulative(weights: object) -> list[float]:
    return list(accumulate(weights))


def place_name(state: StateRef | None, city: tuple[int, str] | None) -> str:
    if city and state:
        return f"{city[1]}, {state.name}"
    return state.name if state else "anywhere in the US"


def pay_sentence(salary: Salary) -> str:
    if salary.unit == Job.SalaryUnit.YEAR:
        return f"The base salary range is ${salary.low:,} to ${salary.high:,} per year."
    return f"The pay for this role is ${salary.low} to ${salary.high} per hour."


def escape(text: str) -> str:
    return html.escape(text, quote=False)


def paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


# The wording is a few hundred fixed sentences: each is escaped and wrapped once, not once
# per job.
@cache
def fixed_paragraph(text: str) -> str:
    return paragraph(text)


@cache
def authorization(evidence: str) -> str:
    return f"<p><strong>Work authorization:</strong> {escape(evidence)}</p>"


@cache
def bullet(item: str) -> str:
    return f"<li>{escape(item)}</li>"


names_e_verify = cache(mentions_e_verify)


def section(heading: str, items: list[str]) -> str:
    return f"<p><strong>{heading}</strong></p>\n<ul>{''.join(map(bullet, items))}</ul>"
