"""`manage.py seed_demo`: fill the board with realistic, repeatable demo jobs, fast.

Jobs go in through PostgreSQL COPY in chunks, so a million rows take minutes rather than
hours, and everything runs in one transaction, so a failure leaves nothing half-written.
The same --seed always gives the same jobs in the same order.
"""

import html
import io
import random
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate, count, islice
from typing import NamedTuple

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from listings import demo_data
from listings.ingest import sponsorship
from listings.ingest.prepare import mentions_e_verify
from listings.models import City, Employer, Job, Role, SponsorEvidence, State, VisaType
from listings.models.jobs import PERIODS_PER_YEAR
from listings.sponsors.demo import write_demo_records
from listings.sponsors.verified import refresh_verified_sponsors
from listings.taxonomy.counts import refresh_listing_counts

SOURCE = "demo"
MAX_JOBS = 5_000_000
CHUNK_SIZE = 50_000
# From this many jobs on, the job table's indexes are dropped and rebuilt around the load.
BULK_LOAD_JOBS = 100_000
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

# A pair the home page features: always well stocked, across several cities and employers.
SHOWCASE = ("machine-learning-engineer", "GA", 40)
# This share of listed jobs (up to two passes over every pair) is placed round-robin over
# (role, state) pairs, so no landing page the site links to is ever empty.
COVERAGE_SHARE = 0.6
COVERAGE_PASSES = 2

JOB_COLUMNS = (
    "id", "title", "slug", "role_id", "employer_id", "state_id", "city_id", "workplace",
    "salary_min", "salary_max", "salary_unit", "description_html", "apply_url", "posted_at",
    "valid_through", "expired_at", "source", "external_id", "sponsorship",
    "sponsorship_evidence", "sponsorship_version", "verified_sponsor", "e_verify", "created_at",
    "updated_at",
    "employment_type",
)  # fmt: skip
VISA_COLUMNS = ("job_id", "visatype_id")
NULL = r"\N"


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


class Salary(NamedTuple):
    low: int
    high: int
    unit: str


class JobDraft(NamedTuple):
    title: str
    role: Role
    employer: EmployerRef
    workplace: str
    state: StateRef | None
    city: tuple[int, str] | None
    salary: Salary | None
    posted_at: datetime
    valid_through: date | None
    sponsorship: str
    evidence: str
    visas: tuple[str, ...]
    verified: bool
    description: str
    employment_type: str


class Command(BaseCommand):
    help = "Load deterministic demo jobs (fictional employers, real cities) with COPY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jobs", type=int, default=3000, help="How many jobs (1 to 5M).")
        parser.add_argument(
            "--seed", type=int, default=42, help="Random seed; same seed, same jobs."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any job exists."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier demo jobs first."
        )

    def handle(self, *args: object, **options: object) -> None:
        jobs, seed = options["jobs"], options["seed"]
        # call_command(jobs=...) skips argparse, so the range is checked here, not by a type.
        if not isinstance(jobs, int) or not 1 <= jobs <= MAX_JOBS:
            raise CommandError(f"--jobs must be a whole number from 1 to {MAX_JOBS:,}.")
        if options["if_empty"] and Job.objects.exists():
            self.stdout.write("Jobs already present; demo data not loaded.")
            return
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        with transaction.atomic():
            self.clear_previous(bool(options["replace"]))
            employers, new_employers = ensure_employers()
            states, new_cities = ensure_cities()
            roles = list(Role.objects.order_by("slug"))
            filings = write_demo_records(roles, [state.code for state in states])
            refs = References(roles, states, employers, visa_ids(), sponsor_evidence())
            # Rebuilding pays off only when the load outweighs the rows already there.
            big = jobs >= max(BULK_LOAD_JOBS, Job.objects.count())
            with indexes_rebuilt_after(Job._meta.db_table) if big else nullcontext():
                self.load_jobs(JobFactory(random.Random(seed), refs, jobs), jobs)
            finish_load()
            # The badge is the refresh's to give: it re-derives every job's flag from the
            # filings (and changes none, when the load above read them right).
            corrected = refresh_verified_sponsors()
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Created {jobs:,} jobs, {new_employers} employers, {new_cities} cities "
            f"and {filings:,} LCA filings in {elapsed:.1f}s"
        )
        if corrected:
            self.stderr.write(f"The sponsorship refresh corrected {corrected:,} jobs' badges.")

    def clear_previous(self, replace: bool) -> None:
        if not Job.objects.filter(source=SOURCE).exists():
            return
        if not replace:
            raise CommandError("Demo jobs are already loaded; pass --replace to reload them.")
        deleted = delete_demo_jobs()
        self.log(f"Deleted {deleted:,} earlier demo jobs")

    def load_jobs(self, factory: "JobFactory", total: int) -> None:
        """COPY chunk after chunk while one worker thread builds the next one: PostgreSQL
        (computing search vectors) and Python (building rows) then share the two cores.
        Chunks are built strictly in order, so the output still depends on the seed only."""
        starts = range(0, total, CHUNK_SIZE)
        with connection.cursor() as cursor, ThreadPoolExecutor(max_workers=1) as builder:
            pending = self.build_next(builder, cursor, factory, starts[0], total)
            for start in starts:
                job_lines, visa_lines = pending.result()
                if start + CHUNK_SIZE < total:
                    pending = self.build_next(builder, cursor, factory, start + CHUNK_SIZE, total)
                copy_lines(cursor, Job._meta.db_table, factory.columns, job_lines)
                copy_lines(cursor, Job.visa_types.through._meta.db_table, VISA_COLUMNS, visa_lines)
                self.log(f"  {min(start + CHUNK_SIZE, total):,} / {total:,} jobs")

    def build_next(
        self,
        builder: ThreadPoolExecutor,
        cursor: object,
        factory: "JobFactory",
        start: int,
        total: int,
    ) -> Future:
        # Ids come from the database, so this thread takes them; the worker never touches it.
        ids = allocate_job_ids(cursor, min(CHUNK_SIZE, total - start))
        return builder.submit(factory.chunk, start, ids)

    def log(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(message)


# Reference rows ------------------------------------------------------------------------


def ensure_employers() -> tuple[list[EmployerRef], int]:
    """Create the fictional employers that are missing; return all of them in data order."""
    wanted = {slugify(name): (name, what) for name, what in demo_data.EMPLOYERS}
    before = Employer.objects.filter(slug__in=wanted).count()
    Employer.objects.bulk_create(
        [
            Employer(
                name=name,
                slug=slug,
                website=f"https://{slug}.example.com/",
                cap_exempt=name in demo_data.CAP_EXEMPT,
                cap_exempt_reason=demo_data.CAP_EXEMPT.get(name, ""),
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
            for name in demo_data.CITIES.get(state.code, [])
        ],
        ignore_conflicts=True,
    )
    created = City.objects.count() - before
    by_key = {(city.state_id, city.slug): city.id for city in City.objects.all()}
    return [state_ref(state, by_key) for state in states], created


def state_ref(state: State, city_ids: dict[tuple[int, str], int]) -> StateRef:
    names = demo_data.CITIES.get(state.code, [])
    cities = tuple((city_ids[(state.id, slugify(name))], name) for name in names)
    # The data lists the biggest job market first, so it gets the most jobs.
    weights = tuple(accumulate(range(len(names), 0, -1)))
    return StateRef(state.id, state.code, state.name, cities, weights)


def visa_ids() -> dict[str, int]:
    return dict(VisaType.objects.values_list("code", "id"))


def sponsor_evidence() -> frozenset[tuple[int, str, str]]:
    return frozenset(SponsorEvidence.objects.values_list("employer_id", "soc_code", "state"))


# Planning where the listed jobs go -----------------------------------------------------


def place_listed_jobs(
    rng: random.Random, kinds: list[str], refs: References
) -> dict[int, tuple[int, int]]:
    """Job index -> (role index, state index) for the listed jobs that guarantee coverage;
    every other job draws its role and state by weight."""
    listed = [i for i, kind in enumerate(kinds) if kind in LISTED_KINDS]
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


# Building jobs -------------------------------------------------------------------------


class JobFactory:
    """Drafts demo jobs and renders them as COPY lines. All randomness comes from one
    Random, drawn in a fixed order, so a seed fixes every job."""

    def __init__(self, rng: random.Random, refs: References, total: int) -> None:
        self.rng = rng
        self.refs = refs
        self.anchor = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        self.stamp = timezone.now().isoformat()
        extra_columns, self.extra_values = unset_columns()
        self.columns = JOB_COLUMNS + extra_columns
        self.role_weights = cumulative(demo_data.ROLE_WEIGHTS.get(r.slug, 1) for r in refs.roles)
        self.state_weights = cumulative(
            demo_data.STATE_WEIGHTS.get(s.code, 0.3) for s in refs.states
        )
        self.workplace_weights = cumulative(WORKPLACE_WEIGHTS.values())
        self.kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=total)
        self.placed = place_listed_jobs(rng, self.kinds, refs)
        self.slugs: dict[tuple[str, str], str] = {}  # slugify is slow; titles repeat a lot
        self.histories: dict[tuple[str, str], tuple[list, list]] = {}

    def chunk(self, start: int, ids: list[int]) -> tuple[list[str], list[str]]:
        job_lines, visa_lines = [], []
        for index, job_id in enumerate(ids, start):
            draft = self.draft(index)
            job_lines.append(self.job_line(index, job_id, draft))
            visa_lines.extend(
                f"{job_id}\t{self.refs.visa_ids[code]}\n"
                for code in draft.visas
                if code in self.refs.visa_ids
            )
        return job_lines, visa_lines

    def draft(self, index: int) -> JobDraft:
        rng, placed = self.rng, self.placed.get(index)
        role = self.refs.roles[placed[0] if placed else self.pick(self.role_weights)]
        workplace, state, city = self.location(placed[1] if placed else None)
        history = (role.soc_code, state.code if state else "")
        employer = self.employer(self.kinds[index], history)
        title = rng.choice(demo_data.TITLES.get(role.slug) or [role.name])
        salary = self.salary(role.slug, state)
        # Jobs placed for coverage must stay listed, so they never expire.
        posted_at, valid_through = self.dates(can_expire=placed is None)
        sponsorship, evidence, visas = self.sponsorship(self.kinds[index])
        verified = (employer.id, *history) in self.refs.evidence
        place = place_name(state, city)
        contract = rng.random() < CONTRACT_SHARE
        kind = Job.EmploymentType.CONTRACTOR if contract else Job.EmploymentType.FULL_TIME
        description = self.description(role, title, employer, place, salary, evidence, kind)
        return JobDraft(
            title, role, employer, workplace, state, city, salary, posted_at, valid_through,
            sponsorship, evidence, visas, verified, description, kind,
        )  # fmt: skip

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

    def pick(self, cum_weights: list[float]) -> int:
        return self.rng.choices(range(len(cum_weights)), cum_weights=cum_weights)[0]

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
        return workplace, state, rng.choices(state.cities, cum_weights=state.city_weights)[0]

    def salary(self, role_slug: str, state: StateRef | None) -> Salary | None:
        rng = self.rng
        roll = rng.random()
        if roll >= YEARLY_PAY_SHARE + HOURLY_PAY_SHARE:
            return None
        low, high = demo_data.SALARY_RANGES.get(role_slug, DEFAULT_PAY_RANGE)
        factor = demo_data.PAY_FACTORS.get(state.code, 1.0) if state else 1.0
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
            sentence, visas = self.rng.choice(demo_data.STATED_SENTENCES)
            return Job.Sponsorship.STATED, sentence, visas
        if kind == "refused":
            return Job.Sponsorship.REFUSED, self.rng.choice(demo_data.REFUSED_SENTENCES), ()
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
    ) -> str:
        rng = self.rng
        family = demo_data.ROLE_FAMILIES.get(role.slug, "software")
        intro = rng.choice(demo_data.INTROS).format(
            employer=employer.name, title=title, what=employer.what, place=place
        )
        requirements = rng.sample(demo_data.REQUIREMENTS[family], 2)
        parts = [
            paragraph(intro),
            section("What you will do", rng.sample(demo_data.RESPONSIBILITIES[family], 4)),
            section(
                "What we are looking for",
                [*requirements, rng.choice(demo_data.GENERAL_REQUIREMENTS)],
            ),
            section("Benefits", rng.sample(demo_data.BENEFITS, rng.randint(3, 4))),
        ]
        parts.append(paragraph(demo_data.EMPLOYMENT_SENTENCES[employment_type]))
        if salary:
            parts.append(paragraph(pay_sentence(salary)))
        if evidence:
            # The evidence must appear verbatim, so it gets a paragraph of its own.
            parts.append(f"<p><strong>Work authorization:</strong> {escape(evidence)}</p>")
        parts.append(paragraph(rng.choice(demo_data.CLOSINGS)))
        return "\n".join(parts)

    def job_line(self, index: int, job_id: int, draft: JobDraft) -> str:
        """One COPY text-format line, in `self.columns` order."""
        salary, employer = draft.salary, draft.employer
        values = (
            job_id, copy_text(draft.title), self.slug(draft.title, employer.name),
            draft.role.id, employer.id, optional(draft.state and draft.state.id),
            optional(draft.city and draft.city[0]), draft.workplace,
            optional(salary and salary.low), optional(salary and salary.high),
            salary.unit if salary else "", copy_text(draft.description),
            f"https://careers.example.com/{employer.slug}/{index + 1}",
            draft.posted_at.isoformat(), optional(draft.valid_through), NULL, SOURCE,
            f"{SOURCE}-{index + 1}", draft.sponsorship, copy_text(draft.evidence),
            # The demo sentences are judged as seeded (a test holds them to it).
            sponsorship.VERSION, "t" if draft.verified else "f",
            "t" if mentions_e_verify(draft.evidence) else "f",
            self.stamp, self.stamp, draft.employment_type,
        )  # fmt: skip
        return "\t".join(map(str, values)) + self.extra_values + "\n"

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


def section(heading: str, items: list[str]) -> str:
    bullets = "".join(f"<li>{escape(item)}</li>" for item in items)
    return f"<p><strong>{heading}</strong></p>\n<ul>{bullets}</ul>"


def unset_columns() -> tuple[tuple[str, ...], str]:
    """Job columns this command has no value for (fields added since), with their defaults
    as the tail of a COPY line: COPY leaves Django defaults out, and NOT NULL would fail."""
    fields = [
        field
        for field in Job._meta.concrete_fields
        if field.column not in JOB_COLUMNS and not field.generated
    ]
    values = [field.get_db_prep_save(field.get_default(), connection) for field in fields]
    return tuple(field.column for field in fields), "".join(f"\t{copy_value(v)}" for v in values)


def copy_value(value: object) -> str:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return "t" if value else "f"
    return copy_text(str(value))


def copy_text(value: str) -> str:
    """Escape for COPY's text format. Chained replace: several times faster than translate."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def optional(value: object) -> object:
    return NULL if value is None else value


# Talking to PostgreSQL -----------------------------------------------------------------


def allocate_job_ids(cursor: object, size: int) -> list[int]:
    """Take ids from the job table's own sequence up front, so visa rows can point at jobs
    before the jobs are copied, and concurrent inserts elsewhere never collide."""
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
        [Job._meta.db_table, size],
    )
    return [row[0] for row in cursor.fetchall()]


def copy_lines(cursor: object, table: str, columns: tuple[str, ...], lines: list[str]) -> None:
    if lines:
        sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        cursor.copy_expert(sql, io.StringIO("".join(lines)))


def delete_demo_jobs() -> int:
    """Delete every demo job: those other rows point at through the ORM, the rest in bulk."""
    deleted = delete_referenced_demo_jobs()
    remaining = Job.objects.filter(source=SOURCE).count()
    if not truncate_demo_only_jobs():
        delete_unreferenced_demo_jobs()
    return deleted + remaining


def delete_referenced_demo_jobs() -> int:
    """The few demo jobs other rows point at (applied marks and the like) go through the
    ORM, which honours each relation's on_delete; it would load every job into memory to
    cascade their visa rows, so the rest are left to plain SQL."""
    demo = Job.objects.filter(source=SOURCE)
    deleted = 0
    # A model whose migration is not applied yet has no table, and so no rows to protect.
    tables = set(connection.introspection.table_names())
    for relation in Job._meta.related_objects:
        if relation.related_model._meta.db_table not in tables:
            continue
        pointed_at = demo.filter(**{f"{relation.field.related_query_name()}__isnull": False})
        jobs = Job.objects.filter(pk__in=pointed_at.values("pk"))
        deleted += jobs.delete()[1].get(Job._meta.label, 0)
    return deleted


def truncate_demo_only_jobs() -> bool:
    """TRUNCATE the jobs when all of them are demo jobs and no other table has rows pointing
    at jobs. DELETE would leave every old row behind as a dead tuple (which the index
    rebuild still reads) and queue a foreign-key check per row for each referencing table."""
    if Job.objects.exclude(source=SOURCE).exists():
        return False
    job_table, visa_table = Job._meta.db_table, Job.visa_types.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT conrelid::regclass::text FROM pg_constraint"
            " WHERE contype = 'f' AND confrelid = %s::regclass AND conrelid <> confrelid",
            [job_table],
        )
        referencing = [row[0] for row in cursor.fetchall()]
        if any(has_rows(cursor, table) for table in referencing if table != visa_table):
            return False
        try:
            # A table pointing at one of these would make TRUNCATE fail: fall back to DELETE.
            with transaction.atomic():
                cursor.execute(f"TRUNCATE {', '.join([job_table, *referencing])}")
        except DatabaseError:
            return False
    return True


def has_rows(cursor: object, table: str) -> bool:
    cursor.execute(f"SELECT EXISTS (SELECT FROM {table})")
    return cursor.fetchone()[0]


def delete_unreferenced_demo_jobs() -> None:
    job_table, visa_table = Job._meta.db_table, Job.visa_types.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {visa_table} WHERE job_id IN "
            f"(SELECT id FROM {job_table} WHERE source = %s)",
            [SOURCE],
        )
        cursor.execute(f"DELETE FROM {job_table} WHERE source = %s", [SOURCE])


@contextmanager
def indexes_rebuilt_after(table: str) -> Iterator[None]:
    """Drop the table's plain indexes, load, then build each again in one sorted pass: much
    faster than updating the full-text GIN index row by row. DDL is transactional in
    PostgreSQL, so a failed load gets its indexes back; the price is an exclusive lock on
    the table until commit, which is why only big loads do this. Indexes behind
    constraints (primary key, unique) stay, so they keep checking the new rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
            " WHERE indrelid = %s::regclass AND NOT EXISTS"
            " (SELECT FROM pg_constraint WHERE conindid = indexrelid)",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        # CREATE INDEX refuses to run while deferred foreign-key checks are queued.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _, definition in indexes:
            cursor.execute(definition)


def finish_load() -> None:
    """Fresh planner statistics for the new rows, then the home-page counts."""
    # The small tables too: never-analysed, they are guessed at 40-80 rows, and those guesses
    # joined with a million jobs made the planner pick plans ten times slower.
    tables = [Job, Job.visa_types.through, Employer, City, Role, State, VisaType, SponsorEvidence]
    with connection.cursor() as cursor:
        for model in tables:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    refresh_listing_counts()
