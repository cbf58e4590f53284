"""The search an alert keeps, field by field, derived from the search page's `JobFilter`.

`JobFilter` is the one definition of a search. `FIELDS` says, for each of its fields, how an
alert stores the value (the Alert columns) and how the matcher tests a new job against it
(what the batch of new jobs carries, and one SQL condition). A field an alert cannot follow
goes in `REFUSED` with the reason the alert form shows. tests/alerts/test_agreement.py walks
every `JobFilter` field, so a new filter fails the tests until it has an entry here.

Adding a filter to alerts is one entry: the Alert column(s) and a migration for them, a
`store` function from the cleaned value, the job columns the condition needs (ORM
expressions over Job, so the job side is spelt as the page spells it), and the condition
(which may also read `a.user_id`, for a filter that depends on the member); plus sample
values in the agreement test. Or one line in `REFUSED`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import BooleanField, Expression, ExpressionWrapper, OuterRef, Value
from django.db.models.functions import Coalesce

from listings.models import Role, State, VisaType
from listings.models.jobs import cap_exempt_q
from listings.pages.filters import ORDER_ONLY, SPONSORED, JobFilter
from listings.taxonomy.catalog import catalog
from listings.visas.terms import Term, job_terms, term_q


@dataclass(frozen=True)
class AlertField:
    columns: tuple[str, ...]  # Alert model fields holding the value
    store: Callable[[Any], tuple]  # the form's cleaned value -> the columns' values
    # Columns of the new-jobs batch the condition reads: name -> a function making the
    # expression over Job (made when matching: models are not ready while this imports),
    # or None for a Job column of that name.
    job: dict[str, Callable[[], Expression] | None] = field(default_factory=dict)
    # SQL over `a` (the alert) and `j` (a new job); empty when the join itself matches it
    # (alerts.matching joins on role, state and keywords to avoid comparing every pair).
    where: str = ""


def _role(slug: str | None) -> tuple[Role | None]:
    return (catalog().roles[slug] if slug else None,)


def _state(slug: str | None) -> tuple[State | None]:
    return (catalog().states[slug] if slug else None,)


def _visa_codes() -> Expression:
    return ArraySubquery(VisaType.objects.filter(jobs=OuterRef("pk")).values("code"))


def _cap_exempt() -> Expression:
    return ExpressionWrapper(cap_exempt_q("employer__"), BooleanField())


def _e_verify() -> Expression:
    return ExpressionWrapper(term_q(Term.E_VERIFY, catalog()), BooleanField())


def _route_terms() -> Expression:
    return job_terms(catalog())


def _city_slug() -> Expression:
    return Coalesce("city__slug", Value(""))


# "Employer has sponsored": the alert keeps the kind of evidence, and a new job matches when
# the flag the page filters on for that kind is set (listings.pages.filters.SPONSORED).
_SPONSORED_WHERE = "(a.sponsored = ''{})".format(
    "".join(f" OR (a.sponsored = '{kind}' AND j.{flag})" for kind, (_, flag) in SPONSORED.items())
)


FIELDS: dict[str, AlertField] = {
    "q": AlertField(("keywords",), lambda value: (value or "",)),
    "role": AlertField(("role",), _role),
    "state": AlertField(("state",), _state),
    # The form resolved the typed city to one of ours (listings.pages.places.Place).
    "city": AlertField(
        ("city_slug",),
        lambda place: (place.slug if place else "",),
        {"city_slug": _city_slug},
        "(a.city_slug = '' OR a.city_slug = j.city_slug)",
    ),
    "visa": AlertField(
        ("visa_codes",),
        lambda value: (sorted(value or []),),
        {"visa_codes": _visa_codes},
        "(cardinality(a.visa_codes) = 0 OR a.visa_codes && j.visa_codes)",
    ),
    "remote": AlertField(
        ("workplace",),
        lambda value: (value or "",),
        {"workplace": None},
        "(a.workplace = '' OR a.workplace = j.workplace)",
    ),
    "posted": AlertField(
        ("posted_days",),
        lambda value: (int(value) if value else None,),
        {},  # posted_at is always in the batch: the ranking needs it
        "(a.posted_days IS NULL OR j.posted_at >= now() - make_interval(days => a.posted_days))",
    ),
    "sponsored": AlertField(
        ("sponsored",),
        lambda value: (value or "",),
        {flag: None for _, flag in SPONSORED.values()},
        _SPONSORED_WHERE,
    ),
    "cap_exempt": AlertField(
        ("cap_exempt_only",),
        lambda value: (bool(value),),
        {"cap_exempt": _cap_exempt},
        "(NOT a.cap_exempt_only OR j.cap_exempt)",
    ),
    "experience": AlertField(
        ("experience",),
        lambda value: (value or "",),
        {"experience": None},
        "(a.experience = '' OR a.experience = j.experience)",
    ),
    "min_salary": AlertField(
        ("min_salary",),
        lambda value: (int(value) if value else None,),
        {"salary_annual": None},
        "(a.min_salary IS NULL OR j.salary_annual >= a.min_salary)",
    ),
    "wage_level": AlertField(
        ("min_wage_level",),
        lambda value: (int(value) if value else None,),
        {"wage_level": None},
        "(a.min_wage_level IS NULL OR j.wage_level >= a.min_wage_level)",
    ),
    "e_verify": AlertField(
        ("e_verify_only",),
        lambda value: (bool(value),),
        {"uses_e_verify": _e_verify},
        "(NOT a.e_verify_only OR j.uses_e_verify)",
    ),
    # The member's routes, as the terms of listings.visas.terms. They come from the profile,
    # not the form: Alert.set_search copies them in, and a profile edit copies them again
    # (AlertQuerySet.refresh_routes), so matching reads no profile. OPT ends on a known day,
    # after which `route_terms_later` hold. Null terms: no profile, nothing to narrow by.
    "routes": AlertField(
        ("routes", "route_terms", "route_terms_later", "route_terms_change"),
        lambda value: (bool(value), None, None, None),
        {"route_terms": _route_terms},
        "(a.route_terms IS NULL OR j.route_terms && CASE"
        " WHEN a.route_terms_change IS NULL OR current_date <= a.route_terms_change"
        " THEN a.route_terms ELSE a.route_terms_later END)",
    ),
    # "No lottery needed": the member's routes that outlast OPT without the lottery, copied
    # in like the routes above. They do not change when OPT ends, so one set is kept.
    "no_lottery": AlertField(
        ("no_lottery", "no_lottery_terms"),
        lambda value: (bool(value), None),
        {"route_terms": _route_terms},
        "(a.no_lottery_terms IS NULL OR j.route_terms && a.no_lottery_terms)",
    ),
}

# Filters a member can set on a search page that an alert cannot follow, with the reason
# the alert form gives when a search asks for one.
REFUSED: dict[str, str] = {}


def kept_names() -> tuple[str, ...]:
    """The JobFilter fields an alert keeps, in the filter's own order."""
    return tuple(name for name in JobFilter.base_filters if name in FIELDS)


def unhandled() -> set[str]:
    """JobFilter fields alerts neither keep, refuse nor ignore as page order: a gap."""
    return set(JobFilter.base_filters) - set(FIELDS) - set(REFUSED) - set(ORDER_ONLY)
