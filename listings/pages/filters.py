"""The search FilterSet: one definition of what each search parameter means, shared by the
search page, the landing pages and saved alerts."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.http import urlencode

from listings import keywords, wordstats
from listings.models import Job
from listings.models.jobs import cap_exempt_q
from listings.pages import page_data
from listings.pages.places import resolve_city
from listings.pages.widgets import CityInput, QuickCheckbox, QuickSelect, QuickText
from listings.taxonomy.catalog import catalog
from listings.taxonomy.vocabulary import ROLES, STATES, VISA_TYPES
from listings.visas import routes
from listings.visas.clock import STUDENTS
from listings.visas.profile import profile_of
from listings.visas.terms import Term, term_q, terms_q

POSTED_CHOICES = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]
SORT_ORDERS = {
    "newest": ("Newest first", ("-posted_at", "-id")),
    # Jobs without a salary last, whichever way PostgreSQL would put NULLs (the job_salary index).
    "salary": ("Highest salary", (F("salary_annual").desc(nulls_last=True), F("id").desc())),
}
# Signing up unlocks these. Sort is among them because a second order would show an
# anonymous visitor a different first five, and so more than five jobs of one search.
LOCKED_FOR_ANONYMOUS = (
    "visa", "sort", "sponsored", "cap_exempt", "routes", "no_lottery",
    "experience", "min_salary", "wage_level", "e_verify",
)  # fmt: skip
# Yearly pay, compared with the top of a job's posted range (salary_annual).
SALARY_CHOICES = [
    (str(n), f"${n:,}+") for n in (50_000, 80_000, 100_000, 120_000, 150_000, 200_000)
]
WAGE_LEVELS = [("1", "Level I"), ("2", "Level II"), ("3", "Level III"), ("4", "Level IV")]
# "Employer has sponsored": each kind of evidence, its words and the job's flag that holds it
# (listings.sponsors.verified sets them after every import; each has a partial index).
# Alerts match the same flags (alerts.search).
SPONSORED = {
    "here": ("This role here", "verified_sponsor"),
    "h1b": ("Any H-1B", "sponsors_h1b"),
    "green-card": ("A green card", "sponsors_green_card"),
}
# The checkbox this filter replaced: "verified=on" in a bookmark or an older alert's link
# still asks for the same jobs.
OLD_VERIFIED = ("verified", "here")
# Fields that order a page rather than choose its jobs: a saved search has no use for them.
ORDER_ONLY = ("sort",)
# Slugs in any case name the same role or state.
FOLDED = ("role", "state")
# How a queryset tests the keywords: from the text index, row by row without it, or the
# rarest word from the text index and the whole words row by row (JobFilter._matches).
INDEX, SCAN, RAREST = "index", "scan", "rarest"


def _read_old_verified(data) -> None:
    """`verified=on` (the old checkbox, ticked as a checkbox reads it) becomes
    `sponsored=here` unless the new field is given; the old name is dropped either way."""
    old, kind = OLD_VERIFIED
    ticked = [value for value in data.getlist(old) if value.lower() not in ("", "false")]
    data.pop(old, None)
    if ticked and not data.get("sponsored"):
        data["sponsored"] = kind


class SearchForm(forms.Form):
    """Resolves the city as typed within the search's state: the one chosen, or the one the
    page's URL pins (`within_state`, a slug)."""

    within_state: str | None = None

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("city"):
            state = cleaned.get("state") or self.within_state
            try:
                cleaned["city"] = resolve_city(cleaned["city"], state)
            except forms.ValidationError as error:
                self.add_error("city", error)
        return cleaned


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Keywords", method="filter_keywords", max_length=200, widget=QuickText
    )
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
        label="City", method="filter_city", max_length=100, widget=CityInput
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
    sponsored = django_filters.ChoiceFilter(
        label="Employer has sponsored",
        choices=[(key, label) for key, (label, _) in SPONSORED.items()],
        method="filter_sponsored",
        empty_label="Any employer",
        widget=QuickSelect(attrs={"aria-describedby": "sponsored-hint"}),
    )
    cap_exempt = django_filters.BooleanFilter(
        label="Cap-exempt employers only",
        method="filter_cap_exempt",
        widget=QuickCheckbox,
    )
    routes = django_filters.BooleanFilter(
        label="Open to my routes",
        method="filter_routes",
        widget=QuickCheckbox,
    )
    no_lottery = django_filters.BooleanFilter(
        label="No lottery needed",
        method="filter_no_lottery",
        widget=QuickCheckbox,
    )
    experience = django_filters.ChoiceFilter(
        label="Experience",
        field_name="experience",
        choices=Job.Experience.choices,
        empty_label="Any experience",
        widget=QuickSelect,
    )
    min_salary = django_filters.ChoiceFilter(
        label="Minimum salary",
        choices=SALARY_CHOICES,
        method="filter_min_salary",
        empty_label="Any salary",
        widget=QuickSelect,
    )
    wage_level = django_filters.ChoiceFilter(
        label="Minimum wage level",
        choices=WAGE_LEVELS,
        method="filter_wage_level",
        empty_label="Any wage level",
        widget=QuickSelect,
    )
    e_verify = django_filters.BooleanFilter(
        label="Employer uses E-Verify",
        method="filter_e_verify",
        widget=QuickCheckbox,
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
        form = SearchForm

    def __init__(
        self, data=None, queryset=None, *, request=None, prefix=None, within_state=None
    ) -> None:
        self.locked = request is not None and not request.user.is_authenticated
        self._keywords_read = INDEX  # how filter_keywords tests the words (see _matches)
        self._tsquery: str | None = None  # the words as PostgreSQL reads them, once known
        self._words: wordstats.Words | None = None
        self.ignored = []  # locked filters an anonymous request asked for, to say so
        self.within_state = within_state
        if data is not None:
            data = data.copy()
            for name in FOLDED:
                data.setlist(name, [value.lower() for value in data.getlist(name)])
            _read_old_verified(data)
        if self.locked and data is not None:
            for name in LOCKED_FOR_ANONYMOUS:
                if any(data.getlist(name)):
                    self.ignored.append(self.base_filters[name].label)
                data.pop(name, None)
        super().__init__(data, queryset, request=request, prefix=prefix)

    @property
    def form(self) -> SearchForm:
        form = super().form
        form.within_state = self.within_state
        return form

    @property
    def narrows(self) -> bool:
        """The query string narrows the page's jobs (sorting alone does not)."""
        if not self.is_bound:
            return False
        names = set(self.base_filters) - set(ORDER_ONLY)
        return any(value for name in names for value in self.data.getlist(name))

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

    def every_state(self, **pinned: str) -> str | None:
        """The search page's query string for this search in every state: the other filters
        (and the order) kept, state and city dropped. None when no state was chosen."""
        if not (pinned.get("state") or (self.data and self.data.get("state"))):
            return None
        params = [
            (name, value)
            for name, value in self.saved_search(**pinned)
            if name not in ("state", "city")
        ]
        if self.data and self.data.get("sort"):
            params.append(("sort", self.data["sort"]))
        return f"?{urlencode(params)}" if params else ""

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
        rarest = self.words.rarest if self._keywords_read == RAREST else None
        if self._keywords_read == INDEX or (self._keywords_read == RAREST and rarest is None):
            return queryset.filter(keywords.matches(value))
        whole = keywords.matches(value, indexed=False)
        return queryset.filter(keywords.holds(rarest) & whole if rarest else whole)

    @property
    def words(self) -> wordstats.Words | None:
        """The keywords as PostgreSQL reads them, with the statistics that say how common they
        are: known once this page's count has read them, or a count did in the last day.
        None without keywords, or not known yet."""
        if self._words is not None or not self.has_keywords:
            return self._words
        if self._tsquery is None:
            self._tsquery = wordstats.known_tsquery(self.form.cleaned_data["q"])
        if self._tsquery is not None:
            self._words = wordstats.Words(self._tsquery, wordstats.word_stats())
        return self._words

    def capped_count(self) -> int:
        """The page's count of matches, capped (page_data), counted as `counted` says."""
        if not self.has_keywords:
            return page_data.shared_capped_count(self.qs.order_by())
        total, self._tsquery = page_data.shared_keyword_count(
            self.counted(), self.form.cleaned_data["q"]
        )
        return total

    def _matches(self, read: str) -> QuerySet:
        """`qs` with the keywords tested as `read` says (filter_keywords)."""
        self._keywords_read = read
        try:
            matches = self.filter_queryset(self.queryset.all())
        finally:
            self._keywords_read = INDEX
        return matches.order_by(*SORT_ORDERS[self.sort_key][1])

    def counted(self) -> QuerySet:
        """What the page's capped count counts: the matches, in an order to count them by.
        Words on a large share of jobs are tested row by row from the newest row back (the
        primary key), which meets 1,001 of them sooner than the text index hands over its
        tens of thousands of row addresses. Other words are looked up in the text index by
        the rarest of them alone, then tested whole on each row it names, so PostgreSQL never
        intersects a common word's long list. Words not seen in the last day are judged by
        a guess (wordstats.guess) and, unless common, looked up whole."""
        words = self.words
        if words is None:
            typed = self.form.cleaned_data["q"]
            if wordstats.guess(typed, wordstats.word_stats()) >= wordstats.DENSE:
                return self._matches(SCAN).order_by("-pk")
            return self.qs.order_by()
        if words.dense:
            return self._matches(SCAN).order_by("-pk")
        return self._matches(RAREST).order_by()

    def window_rows(self, size: int) -> float | None:
        """For a keyword search in date order whose words are neither rare (their count
        under the cap: ranked) nor on a large share of jobs (read along the date index), how
        many of the newest jobs a window should span to hold a page of `size` matches with
        room to spare (pages.paging.windowed_page); else None."""
        if self.words is None or self.sort_key != "newest" or self.words.dense:
            return None
        return (size + 1) * wordstats.MARGIN / max(self.words.share, 1e-6)

    def by_rarest_word(self) -> QuerySet:
        """`qs` with the keywords tested whole on each row, found by their rarest word in the
        text index: what a window of a windowed page reads (pages.paging.windowed_page), so
        PostgreSQL ANDs that word's list with the date index's window."""
        return self._matches(RAREST)

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

    def filter_city(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The form resolved the typed place to one of our cities (SearchForm.clean).
        return queryset.filter(city_id=value.city_id) if value else queryset

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

    def filter_sponsored(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A flag the sponsor refresh keeps on the job (listings.sponsors.verified).
        return queryset.filter(**{SPONSORED[value][1]: True}) if value else queryset

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

    def filter_min_salary(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Along the job_salary index; jobs without a salary never reach a minimum.
        return queryset.filter(salary_annual__gte=int(value))

    def filter_wage_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # The level the job page's wage block shows, kept on the job (Job.wage_level).
        return queryset.filter(wage_level__gte=int(value))

    def filter_e_verify(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        # The one definition of "uses E-Verify", shared with the visa routes.
        return queryset.filter(term_q(Term.E_VERIFY, catalog())) if value else queryset

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
