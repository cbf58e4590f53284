"""What the demo's jobs are built from: the reference rows (employers, cities, roles, visa
types and the sponsor evidence its records left), and where the listed jobs go so that no
landing page the site links to is ever empty."""

import random
from dataclasses import dataclass
from itertools import accumulate, count, islice

from django.utils.text import slugify

from listings.demo.employers import CAP_EXEMPT, EMPLOYERS
from listings.demo.places import CITIES
from listings.models import City, Employer, Role, SponsorEvidence, State, VisaType

# A pair the home page features: always well stocked, across several cities and employers.
SHOWCASE = ("machine-learning-engineer", "GA", 40)
# This share of listed jobs (up to two passes over every pair) is placed round-robin over
# (role, state) pairs, so no landing page the site links to is ever empty.
COVERAGE_SHARE = 0.6
COVERAGE_PASSES = 2


@dataclass(frozen=True)
class StateRef:
    id: int
    code: str
    name: str
    cities: tuple[tuple[int, str], ...]  # (city id, name), biggest market first
    city_weights: tuple[int, ...]  # cumulative, for rng.choices


@dataclass(frozen=True)
class EmployerRef:
    id: int
    name: str
    slug: str
    what: str


@dataclass(frozen=True)
class References:
    roles: list[Role]
    states: list[StateRef]
    employers: list[EmployerRef]
    visa_ids: dict[str, int]
    # (employer id, SOC code, state code or "") with a verified history, as the refresh of
    # the demo's government records left SponsorEvidence.
    evidence: frozenset[tuple[int, str, str]]
    # Employers whose record, as that refresh left it, shows H-1B approvals / PERM
    # certifications: their jobs' other two flags.
    h1b_sponsors: frozenset[int] = frozenset()
    green_card_sponsors: frozenset[int] = frozenset()


def ensure_employers() -> tuple[list[EmployerRef], int]:
    """Create the fictional employers that are missing; return all of them in data order."""
    wanted = {slugify(name): (name, what) for name, what in EMPLOYERS}
    before = Employer.objects.filter(slug__in=wanted).count()
    Employer.objects.bulk_create(
        [
            Employer(
                name=name,
                slug=slug,
                website=f"https://{slug}.example.com/",
                cap_exempt=name in CAP_EXEMPT,
                cap_exempt_reason=CAP_EXEMPT.get(name, ""),
            )
            for slug, (name, _) in wanted.items()
        ],
        ignore_conflicts=True,
    )
    ids = dict(Employer.objects.filter(slug__in=wanted).values_list("slug", "id"))
    refs = [EmployerRef(ids[slug], name, slug, what) for slug, (name, what) in wanted.items()]
    return refs, len(ids) - before


def ensure_cities() -> tuple[list[StateRef], int]:
    """Create the demo cities that are missing; return every state with its demo cities."""
    states = list(State.objects.order_by("code"))
    before = City.objects.count()
    City.objects.bulk_create(
        [
            City(state=state, name=name, slug=slugify(name))
            for state in states
            for name in CITIES.get(state.code, [])
        ],
        ignore_conflicts=True,
    )
    created = City.objects.count() - before
    by_key = {(city.state_id, city.slug): city.id for city in City.objects.all()}
    return [state_ref(state, by_key) for state in states], created


def state_ref(state: State, city_ids: dict[tuple[int, str], int]) -> StateRef:
    names = CITIES.get(state.code, [])
    cities = tuple((city_ids[(state.id, slugify(name))], name) for name in names)
    # The data lists the biggest job market first, so it gets the most jobs.
    weights = tuple(accumulate(range(len(names), 0, -1)))
    return StateRef(state.id, state.code, state.name, cities, weights)


def visa_ids() -> dict[str, int]:
    return dict(VisaType.objects.values_list("code", "id"))


def sponsor_evidence() -> frozenset[tuple[int, str, str]]:
    return frozenset(SponsorEvidence.objects.values_list("employer_id", "soc_code", "state"))


def sponsors_of(kind: str) -> frozenset[int]:
    """Employers with an H-1B ("h1b") or green-card ("perm") record."""
    column = {"h1b": "h1b_approvals_year", "perm": "perm_certified_year"}[kind]
    rows = Employer.objects.filter(**{f"{column}__isnull": False}).values_list("pk", flat=True)
    return frozenset(rows)


def place_listed_jobs(
    rng: random.Random, kinds: list[str], listed_kinds: frozenset[str], refs: References
) -> dict[int, tuple[int, int]]:
    """Job index -> (role index, state index) for the listed jobs that guarantee coverage;
    every other job draws its role and state by weight."""
    listed = [i for i, kind in enumerate(kinds) if kind in listed_kinds]
    pairs = showcase_pairs(refs, len(listed)) + coverage_pairs(refs, len(listed))
    pairs = pairs[: len(listed)]
    return dict(zip(rng.sample(listed, len(pairs)), pairs, strict=True))


def showcase_pairs(refs: References, listed: int) -> list[tuple[int, int]]:
    role_slug, state_code, wanted = SHOWCASE
    roles = [i for i, role in enumerate(refs.roles) if role.slug == role_slug]
    states = [i for i, state in enumerate(refs.states) if state.code == state_code]
    if not roles or not states:
        return []
    return [(roles[0], states[0])] * min(wanted, listed // 20)


def coverage_pairs(refs: References, listed: int) -> list[tuple[int, int]]:
    """(role, state) pairs along diagonals: each run of len(states) pairs covers every state
    and, as there are more states than roles, every role; len(roles) runs cover every pair."""
    n_roles, n_states = len(refs.roles), len(refs.states)
    wanted = min(int(listed * COVERAGE_SHARE), COVERAGE_PASSES * n_roles * n_states)
    pairs = (((state + run) % n_roles, state) for run in count() for state in range(n_states))
    return list(islice(pairs, wanted))
