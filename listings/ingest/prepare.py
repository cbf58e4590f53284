"""From a raw feed record to the fields of a Job: checked, normalised, sanitised, classified.
Anything unusable becomes a Skip with its reason; nothing here writes to the database except
the vocabulary rows a record needs (its employer and city), cached for the run."""

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from django.utils.text import slugify

from listings.ingest import abroad, sponsorship
from listings.ingest.experience import experience_level
from listings.ingest.normalize import (
    Place,
    employment_type,
    html_to_text,
    parse_location,
    role_for_title,
    title_key,
)
from listings.ingest.readers.records import RawJob, Skip
from listings.ingest.salary import make_salary, parse_salary_text, unit_for
from listings.ingest.sanitize import clean_html
from listings.models import City, Employer, Job, Role, State, VisaType
from listings.sponsors.names import normalize_employer_name

_SPACE = re.compile(r"\s")
MAX_DESCRIPTION = 1_000_000  # characters of HTML; real postings are a few thousand
_LIMITS = {"external_id": 200, "title": 300, "employer": 200, "apply_url": 1000}


@dataclass
class Prepared:
    raw: RawJob
    fields: dict  # Job fields, foreign keys as *_id
    visa_ids: list[int]
    content_hash: str
    dedupe_key: str
    text: str  # the description as plain text, for near-duplicate comparison
    job_id: int | None = None
    merge_into: "Prepared | None" = None
    extra: dict = field(default_factory=dict)


class Vocabulary:
    """Role, state, visa, employer and city ids for one run, each looked up once."""

    def __init__(self) -> None:
        self.roles = dict(Role.objects.values_list("slug", "id"))
        self.states = dict(State.objects.values_list("code", "id"))
        self.visas = dict(VisaType.objects.values_list("name", "id"))
        self._employers: dict[str, int] = {}
        # Employer id -> (has an H-1B record, has a green-card record), as Employer holds them.
        self.sponsor_records: dict[int, tuple[bool, bool]] = {}
        self._cities: dict[tuple[int, str], int] = {}

    @staticmethod
    @lru_cache(maxsize=20_000)
    def employer_key(name: str) -> str:
        return normalize_employer_name(name) or name.strip().lower()[:300]

    def employer_id(self, name: str) -> int:
        """Feeds and government files meet on the normalised name ("EQUIFAX INC." =
        "Equifax"); a new name becomes a new employer."""
        key = self.employer_key(name)
        if key not in self._employers:
            self.load_employers([name])
        return self._employers[key]

    def load_employers(self, names: list[str]) -> None:
        """Ids for a batch's employer names in two queries, creating the new ones."""
        wanted = {}
        for name in names:
            key = self.employer_key(name)
            if key not in self._employers:
                wanted.setdefault(key, name)
        if not wanted:
            return
        found = Employer.objects.filter(normalized_name__in=list(wanted)).order_by("-id")
        years = found.values_list(
            "normalized_name", "id", "h1b_approvals_year", "perm_certified_year"
        )
        for key, pk, h1b_year, perm_year in years:
            self._employers[key] = pk  # newest first: of two with one name, the oldest stays
            self.sponsor_records[pk] = (h1b_year is not None, perm_year is not None)
        missing = {k: n for k, n in wanted.items() if k not in self._employers}
        if missing:
            slugs = self._free_slugs(list(missing.values()))
            created = Employer.objects.bulk_create(
                Employer(name=name, slug=slug, normalized_name=key)
                for (key, name), slug in zip(missing.items(), slugs, strict=True)
            )
            self._employers.update((e.normalized_name, e.pk) for e in created)

    @staticmethod
    def _free_slugs(names: list[str]) -> list[str]:
        bases = [slugify(name)[:180] or "employer" for name in names]
        taken = set(Employer.objects.filter(slug__in=bases).values_list("slug", flat=True)) | set(
            Employer.objects.filter(
                slug__regex=r"^(" + "|".join(map(re.escape, set(bases))) + r")-[0-9]+$"
            ).values_list("slug", flat=True)
        )
        slugs = []
        for base in bases:
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug)
            slugs.append(slug)
        return slugs

    def city_id(self, state_id: int, name: str) -> int | None:
        slug = slugify(name)[:100]
        if not slug:
            return None
        key = (state_id, slug)
        if key not in self._cities:
            city, _ = City.objects.get_or_create(
                state_id=state_id, slug=slug, defaults={"name": name[:100]}
            )
            self._cities[key] = city.pk
        return self._cities[key]


def _too_long(raw: RawJob) -> str | None:
    for name, limit in _LIMITS.items():
        value = getattr(raw, name)
        if len(value) > limit:
            return f"{name.replace('_', ' ')} is {len(value):,} characters (at most {limit:,})"
    if len(raw.description_html) > MAX_DESCRIPTION:
        return f"description is {len(raw.description_html):,} characters (at most 1,000,000)"
    return None


def _missing(raw: RawJob) -> str | None:
    names = {"external_id": "id", "title": "title", "employer": "employer", "apply_url": "URL"}
    missing = [label for name, label in names.items() if not getattr(raw, name)]
    if raw.posted_at is None:
        missing.append("posting date")
    return f"missing {', '.join(missing)}" if missing else None


def _bad_url(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = None
    if parts and parts.scheme in ("http", "https") and parts.hostname and not _SPACE.search(url):
        return None
    return "the apply URL is not an http(s) address"


def _salary(raw: RawJob, text: str):
    if raw.salary:
        low, high, unit = raw.salary
        salary = make_salary(low, high, unit_for(unit))
        if salary:
            return salary
    return parse_salary_text(raw.salary_text or text)


def place_for(raw: RawJob) -> Place | None:
    """The job's US place: a US city or state, or remote work open to the US. A posting
    whose places are all abroad has none, even when it is remote ("Remote, EMEA")."""
    place = None
    for candidate in [raw.location, *raw.places]:
        place = parse_location(candidate)
        if place and place.state:
            break
    if place is None and raw.remote and not only_abroad(raw):
        place = parse_location("Remote, US")
    return place


def only_abroad(raw: RawJob) -> bool:
    """Every place the posting names is outside the US (listings.ingest.abroad)."""
    named = [text for text in [raw.location, *raw.places] if text and text.strip()]
    return bool(named) and all(abroad.only_abroad(text) for text in named)


def load_places(raws: list[RawJob], vocab: Vocabulary) -> None:
    """Creates the cities a batch needs before it is prepared, so preparing touches no
    database (it runs while the previous batch is being written)."""
    for raw in raws:
        if not raw.title or len(raw.title) > _LIMITS["title"] or not role_for_title(raw.title):
            continue
        place = place_for(raw)
        if place and place.state and place.city and place.state in vocab.states:
            vocab.city_id(vocab.states[place.state], place.city)


# Employers enrolled in E-Verify must say so to applicants, so postings carry the notice
# ("This employer participates in E-Verify"); STEM OPT needs such an employer.
_E_VERIFY = re.compile(r"\bE-?\s?Verify\b", re.IGNORECASE)


def mentions_e_verify(text: str) -> bool:
    return _E_VERIFY.search(text) is not None


def prepare(raw: RawJob, vocab: Vocabulary) -> Prepared | Skip:
    if reason := _missing(raw) or _too_long(raw) or _bad_url(raw.apply_url):
        return Skip(raw.where, reason)
    role = role_for_title(raw.title)
    if role is None:
        return Skip(raw.where, f"title {raw.title[:80]!r} is none of the roles we list", True)
    place = place_for(raw)
    if place is None and only_abroad(raw):
        reason = f"a job abroad: location {raw.location[:80]!r} is outside the US"
        return Skip(raw.where, reason, True)
    if place is None:
        return Skip(raw.where, f"no US place in location {raw.location[:80]!r}", True)
    state_id = vocab.states.get(place.state) if place.state else None
    city_id = vocab.city_id(state_id, place.city) if state_id and place.city else None
    workplace = _workplace(raw, place)
    description = clean_html(raw.description_html)
    text = html_to_text(description)
    verdict = sponsorship.classify(f"{text}\n{raw.extra_text}" if raw.extra_text else text)
    salary = _salary(raw, text)
    fields = {
        "title": raw.title,
        "slug": Job.make_slug(raw.title, raw.employer),
        "role_id": vocab.roles[role],
        "employer_id": vocab.employer_id(raw.employer),
        "state_id": state_id,
        "city_id": city_id,
        "workplace": workplace,
        "employment_type": employment_type(raw.employment_type, raw.title, text),
        "experience": experience_level(raw.title, text),
        "salary_min": salary.minimum if salary else None,
        "salary_max": salary.maximum if salary else None,
        "salary_unit": salary.unit if salary else "",
        "description_html": description,
        "apply_url": raw.apply_url,
        "posted_at": raw.posted_at,
        "valid_through": raw.valid_through,
        "sponsorship": verdict.state,
        "sponsorship_evidence": verdict.evidence,
        "e_verify": mentions_e_verify(text),
        "sponsorship_version": sponsorship.VERSION,
        "accepts_opt": verdict.accepts_opt,
        "accepts_cpt": verdict.accepts_cpt,
        "offer_limited_to": " ".join(verdict.limited_to),
    }
    h1b, green_card = vocab.sponsor_records.get(fields["employer_id"], (False, False))
    fields |= {"sponsors_h1b": h1b, "sponsors_green_card": green_card}
    visa_ids = sorted(vocab.visas[name] for name in verdict.visa_types if name in vocab.visas)
    fields["dedupe_key"] = dedupe_key(fields, raw.title)
    return Prepared(raw, fields, visa_ids, "", fields["dedupe_key"], text)


def _workplace(raw: RawJob, place: Place) -> str:
    if place.remote or raw.remote:
        return Job.Workplace.REMOTE
    if place.hybrid or raw.hybrid:
        return Job.Workplace.HYBRID
    return Job.Workplace.ONSITE


def dedupe_key(fields: dict, title: str) -> str:
    """Jobs of one employer with the same normalised title and place share this key."""
    remote = fields["workplace"] == Job.Workplace.REMOTE
    place = f"{fields['state_id']}|{fields['city_id']}|{remote}"
    key = f"{fields['employer_id']}|{title_key(title)}|{place}"
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()
