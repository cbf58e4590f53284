"""The search FilterSet: one definition of what each search parameter means, shared by the
search page, the landing pages and saved alerts."""

from datetime import timedelta

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from listings import keywords
from listings.models import Job
from listings.models.jobs import cap_exempt_q
from listings.pages.widgets import QuickSelect
from listings.taxonomy.catalog import catalog
from listings.taxonomy.vocabulary import ROLES, STATES, VISA_TYPES
from listings.visas import routes
from listings.visas.clock import STUDENTS
from listings.visas.profile import profile_of
from listings.visas.terms import terms_q

POSTED_CHOICES = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]
SORT_ORDERS = {
    "newest": ("Newest first", ("-posted_at", "-id")),
    "salary": ("Highest salary", ("-salary_annual", "-id")),
}
# Signing up unlocks these. Sort is among them because a second order would show an
# anonymous visitor a different first five, and so more than five jobs of one search.
LOCKED_FOR_ANONYMOUS = ("visa", "sort", "verified", "cap_exempt", "routes", "no_lottery")
# Fields that order a page rather than choose its jobs: a saved search has no use for them.
ORDER_ONLY = ("sort",)
slug_validator = RegexValidator(r"^[a-z0-9-]+$", "Use the city's URL name, e.g. atlanta.")


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Keywords", method="filter_keywords", max_length=200)
    role = django_filters.ChoiceFilter(
        method="filter_by_id",
        choices=[(r.slug, r.name) for r in ROLES],
        empty_label="Any role",
        widget=QuickSelect,
    )
    state = django_filters.ChoiceFilter(
        method="filter_by_id",
        choices=[(s.slug, s.name) for s in STATES],
        empty_label="Any state",
        widget=QuickSelect,
    )
    city = django_filters.CharFilter(
        field_name="city__slug", label="City", max_length=100, validators=[slug_validator]
    )
    visa = django_filters.MultipleChoiceFilter(
        label="Visa type",
        choices=[(v.code, v.name) for v in VISA_TYPES],
        method="filter_visa",
        widget=forms.CheckboxSelectMultiple,
    )
    remote = django_filters.ChoiceFilter(
        label="Workplace",
        field_name="workplace",
        choices=Job.Workplace.choices,
        empty_label="Any workplace",
        widget=QuickSelect,
    )
    posted = django_filters.ChoiceFilter(
        label="Posted",
        choices=POSTED_CHOICES,
        method="filter_posted",
        empty_label="Any time",
        widget=QuickSelect,
    )
    verified = django_filters.BooleanFilter(
        label="Verified sponsors only",
        method="filter_verified",
        widget=forms.CheckboxInput,
    )
    cap_exempt = django_filters.BooleanFilter(
        label="Cap-exempt employers only",
        method="filter_cap_exempt",
        widget=forms.CheckboxInput,
    )
    routes = django_filters.BooleanFilter(
        label="Open to my routes",
        method="filter_routes",
        widget=forms.CheckboxInput,
    )
    no_lottery = django_filters.BooleanFilter(
        label="No lottery needed",
        method="filter_no_lottery",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        choices=[(key, label) for key, (label, _) in SORT_ORDERS.items()],
        method="filter_sort",
        empty_label=None,
        widget=QuickSelect,
    )

    class Meta:
        model = Job
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        self.locked = request is not None and not request.user.is_authenticated
        self.ignored = []  # locked filters an anonymous request asked for, to say so
        if self.locked and data is not None:
            data = data.copy()
            for name in LOCKED_FOR_ANONYMOUS:
                if any(data.getlist(name)):
                    self.ignored.append(self.base_filters[name].label)
                data.pop(name, None)
        super().__init__(data, queryset, request=request, prefix=prefix)

    def saved_search(self, **pinned: str) -> list[tuple[str, str]]:
        """The search as an alert would save it: every field but the page order, as
        (name, value) pairs, with the place the URL pins (role, state, city slugs) in place
        of any the query string gave."""
        params = [(name, value) for name, value in pinned.items() if value]
        for name in self.base_filters:
            if name in ORDER_ONLY or name in pinned or self.data is None:
                continue
            params += [(name, value) for value in self.data.getlist(name) if value]
        return params

    @property
    def has_keywords(self) -> bool:
        self.form.is_valid()
        return bool(self.form.cleaned_data.get("q"))

    def text_index_order(self) -> tuple:
        """The page's order as expressions no index provides. For a keyword with few matches
        this makes PostgreSQL collect them from the text index and sort them, instead of
        walking the date index through a million rows in search of a rare word."""
        if self.sort_key == "salary":
            return ((F("salary_annual") + 0).desc(nulls_last=True), F("id").desc())
        return ((F("posted_at") + timedelta(0)).desc(), F("id").desc())

    @property
    def sort_key(self) -> str:
        if not self.is_bound:
            return "newest"
        self.form.is_valid()  # cleaned_data keeps the valid fields even when others fail
        return self.form.cleaned_data.get("sort") or "newest"

    def filter_keywords(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(keywords.matches(value))

    def ranked(self) -> Q | None:
        """For a keyword search in the default order, the matches that rank first (in a
        title or an employer's name); None when the page has no such ranking."""
        if not self.has_keywords or self.sort_key != "newest":
            return None
        return keywords.ranks_first(self.form.cleaned_data["q"])

    def lottery_free_first(self) -> Q | None:
        """For a student's "Open to my routes" in the default order, the jobs whose route
        outlasts OPT without the lottery, which the page lists first; else None."""
        if self.has_keywords or self.sort_key != "newest" or self.request is None:
            return None
        profile = profile_of(self.request)
        if not self.form.cleaned_data.get("routes") or profile is None:
            return None
        if profile.status not in STUDENTS:
            return None
        terms = routes.no_lottery_terms(profile, timezone.localdate())
        return terms_q(terms, catalog()) if terms else None

    def filter_by_id(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The id itself, not a join on the slug: with `state_id = 5` PostgreSQL knows from
        # its statistics that California holds an eighth of the jobs, and walks the index
        # in date order instead of sorting every match.
        rows = catalog().roles if name == "role" else catalog().states
        return queryset.filter(**{f"{name}_id": rows[value].pk if value in rows else 0})

    def filter_visa(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        if not value:
            return queryset
        # Ids again, for the statistics: H-1B is on a third of all jobs, TN on few.
        ids = catalog().visa_ids
        offering = Job.visa_types.through.objects.filter(
            job_id=OuterRef("pk"), visatype_id__in=[ids.get(code, 0) for code in value]
        )
        return queryset.filter(Exists(offering))

    def filter_posted(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.posted_within(int(value))

    def filter_verified(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        # Public H-1B/LCA records for the job's occupation and state (listings.sponsors.verified).
        return queryset.filter(verified_sponsor=True) if value else queryset

    def filter_cap_exempt(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(cap_exempt_q("employer__")) if value else queryset

    def filter_routes(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        profile = profile_of(self.request)
        if not value or profile is None:
            return queryset  # the form says why: no profile yet (see needs_profile)
        terms = routes.profile_terms(profile, timezone.localdate())
        return queryset.filter(terms_q(terms, catalog()))

    def filter_no_lottery(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        profile = profile_of(self.request)
        if not value or profile is None:
            return queryset  # as for routes: the form asks for a profile
        terms = routes.no_lottery_terms(profile, timezone.localdate())
        return queryset.filter(terms_q(terms, catalog()))

    @property
    def needs_profile(self) -> bool:
        """The member asked for their routes but has not told us their situation yet."""
        self.form.is_valid()
        asked = bool(
            self.form.cleaned_data.get("routes") or self.form.cleaned_data.get("no_lottery")
        )
        return asked and not self.locked and profile_of(self.request) is None

    @property
    def locked_names(self) -> tuple[str, ...]:
        return LOCKED_FOR_ANONYMOUS if self.locked else ()

    def filter_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # ordering is applied last, in qs, where every page gets one

    @property
    def qs(self) -> QuerySet:
        # Whatever the sort field says (nothing, or junk), the page needs a stable order.
        return super().qs.order_by(*SORT_ORDERS[self.sort_key][1])
