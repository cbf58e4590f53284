from collections.abc import Callable
from functools import partial

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe

from listings import admission
from listings.caching import cache_for_anonymous
from listings.models import AppliedMark, City, Employer, Job, Role, SavedJob, State
from listings.models.outcomes import MIN_REPORTERS, OutcomeSummary, outcome_totals
from listings.pages import assembled, cards, faq, marks, page_data, paging
from listings.pages.breadcrumbs import Crumb, breadcrumb_list, place_trail
from listings.pages.filters import JobFilter
from listings.pages.freshness import freshness
from listings.pages.general_faq import entries_as_pairs, general_faq
from listings.pages.job_posting import job_posting
from listings.sponsors import wages
from listings.sponsors.history import sponsorship_history, with_record
from listings.sponsors.verified import with_evidence
from listings.taxonomy.catalog import catalog
from listings.visas import facts, routes
from listings.visas.clock import clock
from listings.visas.profile import JobFacts, profile_of


def _known(rows: dict, slug: str):
    """The role or state a URL names, or our 404 page."""
    if slug not in rows:
        raise Http404("No such page")
    return rows[slug]


def _folded(request: HttpRequest) -> HttpResponse | None:
    """A listing URL typed in another case (/GEORGIA/) moves for good to the lower-case one."""
    if request.path == request.path.lower():
        return None
    query = request.META.get("QUERY_STRING", "")
    return redirect(request.path.lower() + (f"?{query}" if query else ""), permanent=True)


def _trail(request: HttpRequest, crumbs: list[Crumb], *more_jsonld: dict) -> dict:
    """The page's breadcrumb, and its JSON-LD: the BreadcrumbList of the same crumbs first."""
    return {
        "breadcrumbs": crumbs,
        "structured_data": [breadcrumb_list(request, crumbs), *more_jsonld],
    }


def _listing(
    request: HttpRequest,
    job_filter: JobFilter,
    summary: Callable[[], int] | None = None,
    **pinned: str,
) -> dict:
    """The jobs a visitor may see of a filtered listing, with the count and the pager.
    `summary` is the page's count in the ListingCount summary, which the home page and the
    neighbouring pages show too: an unfiltered page says that figure. `pinned` is the place
    the URL fixes (role, state, city slugs), for the alert offer."""
    exact = summary is not None and not job_filter.narrows
    total = summary() if exact else job_filter.capped_count()
    page = _page(request, job_filter, total)
    if assembled.is_assembling(request):
        # Read with the page's jobs: this request fills its slots without asking again.
        request.marks_known = marks.known(page.jobs)
    total = _agreeing(request, total, page)
    return {
        "filter": job_filter,
        "jobs": cards.attach_cards(page.jobs, ages_later=assembled.is_assembling(request)),
        "page": page,
        "total": total,
        "total_display": f"{total:,}" if exact else page_data.display_count(total),
        "locked": not request.user.is_authenticated and total > len(page.jobs),
        "alert_params": job_filter.saved_search(**pinned),
        "every_state": job_filter.every_state(**pinned),
    }


def _agreeing(request: HttpRequest, total: int, page: paging.Page) -> int:
    shown = len(page.jobs)
    if request.user.is_authenticated:
        complete, more = page.is_first and not page.next_cursor, bool(page.next_cursor)
    else:  # a visitor's page is the first few, with no cursor however many match
        complete, more = shown < settings.ANONYMOUS_JOB_LIMIT, False
    return page_data.agreeing_count(total, shown, complete, more)


def _page(request: HttpRequest, job_filter: JobFilter, total: int) -> paging.Page:
    """Members page through every match by keyset. Anonymous visitors get the first few and
    a sign-up prompt; nothing in the request (cursor, sort) can move that window, because it
    is the only slice ever taken for them."""
    member = request.user.is_authenticated
    size = settings.PAGE_SIZE if member else settings.ANONYMOUS_JOB_LIMIT
    cursor = request.GET.get("after") if member else None
    # Ranking sorts every match, so only a search with few of them (under the count's cap) is
    # ranked; past the cap the newest come first, read along the date index, or for words
    # neither rare nor common from windows of recent postings (pages.wordstats).
    first = job_filter.ranked() if total <= settings.COUNT_CAP else None
    rows = job_filter.window_rows(size) if first is None else None
    matches = job_filter.by_rarest_word() if rows is not None else job_filter.qs
    queryset = _for_page(request, job_filter, matches, total)
    if first is not None:
        page = paging.ranked_page(queryset, first, cursor, size)
    elif (lottery_free := job_filter.lottery_free_first()) is not None:
        page = paging.two_lists_page(queryset, lottery_free, cursor, size)
    elif rows is not None:
        start, unindexed = job_filter.words.window_start, job_filter.text_index_order()
        page = paging.windowed_page(queryset, cursor, size, start, rows, unindexed)
    else:
        page = paging.keyset_page(queryset, job_filter.sort_key, cursor, size)
    return page if member else paging.Page(page.jobs, next_cursor=None, is_first=True)


def _for_page(
    request: HttpRequest, job_filter: JobFilter, matches: QuerySet, total: int
) -> QuerySet:
    """What the page's cards read of the filter's `matches`, in the page's order."""
    # Cards never show the description: leave it, and its search vector, in the table.
    queryset = with_evidence(matches.for_cards()).defer("description_html", "search_vector")
    if job_filter.has_keywords and total <= settings.COUNT_CAP:
        queryset = queryset.order_by(*job_filter.text_index_order())
    if request.user.is_authenticated:
        queryset = queryset.with_applied(request.user)
    return queryset


@require_safe
@cache_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "popular": page_data.popular_pages(),
        "roles": page_data.totals_by("role"),
        "states": page_data.totals_by("state"),
        "filter": JobFilter(),
        "total_display": f"{page_data.summary_count():,}",
    }
    return render(request, "listings/home.html", context)


@require_safe
@admission.inline_first
@cache_for_anonymous
@assembled.for_members
def search(request: HttpRequest) -> HttpResponse:
    job_filter = JobFilter(request.GET, Job.objects.listed(), request=request)
    context = _listing(request, job_filter, page_data.summary_count)
    return render(request, "listings/search.html", context)


@require_safe
@admission.inline_first
@cache_for_anonymous
@assembled.for_members
def role_or_state_page(request: HttpRequest, slug: str) -> HttpResponse:
    """/visa-sponsorship-jobs/<slug>/ names a role or a state; their slugs never clash."""
    if moved := _folded(request):
        return moved
    known = catalog()
    if slug in known.roles:
        return _role_page(request, known.roles[slug])
    return _state_page(request, _known(known.states, slug))


def _role_page(request: HttpRequest, role: Role) -> HttpResponse:
    job_filter = JobFilter(request.GET, Job.objects.listed().filter(role=role), request=request)
    summary = partial(page_data.summary_count, role=role)
    context = {
        "role": role,
        "states": page_data.states_for_role(role),
        **_trail(request, place_trail(role)),
        **_listing(request, job_filter, summary, role=role.slug),
    }
    return render(request, "listings/role.html", context)


def _state_page(request: HttpRequest, state: State) -> HttpResponse:
    base = Job.objects.listed().filter(state=state)
    job_filter = JobFilter(request.GET, base, request=request, within_state=state.slug)
    summary = partial(page_data.summary_count, state=state)
    places = page_data.state_places(state)
    top_employers = page_data.top_employers(base, key=f"state:{state.pk}")
    questions = faq.state_faq(state, faq.state_data(state, base), places, top_employers)
    context = {
        "state": state,
        "places": places,
        "top_employers": top_employers,
        "faq": questions,
        **_trail(request, place_trail(state=state), faq.faq_jsonld(questions)),
        **_listing(request, job_filter, summary, state=state.slug),
    }
    return render(request, "listings/state.html", context)


@require_safe
@admission.inline_first
@cache_for_anonymous
@assembled.for_members
def landing_page(request: HttpRequest, role_slug: str, state_slug: str) -> HttpResponse:
    if moved := _folded(request):
        return moved
    known = catalog()
    role, state = _known(known.roles, role_slug), _known(known.states, state_slug)
    base = Job.objects.listed().filter(role=role, state=state)
    job_filter = JobFilter(request.GET, base, request=request, within_state=state.slug)
    neighbours = page_data.neighbours(role, state)
    top_employers = page_data.top_employers(base, key=f"{role.pk}:{state.pk}")
    data = faq.landing_data(role, state, base)
    questions = faq.landing_faq(role, state, data, neighbours.cities, top_employers)
    summary = partial(page_data.summary_count, role=role, state=state)
    context = {
        "role": role,
        "state": state,
        "neighbours": neighbours,
        "top_employers": top_employers,
        "faq": questions,
        **_trail(request, place_trail(role, state), faq.faq_jsonld(questions)),
        "wage_search_url": wages.WAGE_SEARCH_URL,
        **_listing(request, job_filter, summary, role=role.slug, state=state.slug),
    }
    return render(request, "listings/landing.html", context)


@require_safe
@admission.inline_first
@cache_for_anonymous
@assembled.for_members
def city_page(
    request: HttpRequest, role_slug: str, state_slug: str, city_slug: str
) -> HttpResponse:
    if moved := _folded(request):
        return moved
    role = _known(catalog().roles, role_slug)
    places = City.objects.select_related("state")
    city = get_object_or_404(places, state__slug=state_slug, slug=city_slug)
    base = Job.objects.listed().filter(role=role, city=city)
    job_filter = JobFilter(request.GET, base, request=request, within_state=state_slug)
    summary = partial(page_data.summary_count, role=role, city=city)
    pinned = {"role": role.slug, "state": city.state.slug, "city": city.slug}
    context = {
        "role": role,
        "state": city.state,
        "city": city,
        "other_cities": page_data.other_cities(role, city),
        **_trail(request, place_trail(role, city.state, city)),
        "top_employers": page_data.top_employers(base, key=f"{role.pk}:{city.state_id}:{city.pk}"),
        **_listing(request, job_filter, summary, **pinned),
    }
    return render(request, "listings/city.html", context)


@require_safe
def job_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    queryset = with_evidence(Job.objects.for_cards())
    if request.user.is_authenticated:
        queryset = queryset.with_applied(request.user)
    job = get_object_or_404(queryset, pk=pk)
    if slug != job.slug:
        return redirect(job, permanent=True)
    crumbs = [*place_trail(job.role, job.state, job.city), Crumb(job.title, job.get_absolute_url())]
    wage_block = wages.job_wages(job)
    context = {
        "job": job,
        "freshness": freshness(job),
        **_trail(request, crumbs, job_posting(job, request)),
        "wages": wage_block,
        "wage_search_url": wages.WAGE_SEARCH_URL,
        "route_answers": _route_answers(request, job, wage_block),
        "clock": clock(profile_of(request), timezone.localdate()),
    }
    return render(request, "listings/job_detail.html", context)


def _route_answers(
    request: HttpRequest, job: Job, wage_block: wages.WageBlock | None
) -> list[routes.RouteAnswer]:
    profile = profile_of(request)
    if profile is None:
        return []
    level = wage_block.level if wage_block and wage_block.salary is not None else None
    return routes.answers(profile, JobFacts.of(job, level), timezone.localdate())


@require_safe
def employer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The employer's record first (a summary for everyone; titles and wages for members),
    then its open jobs."""
    employers = with_record(Employer.objects.annotate(outcome_totals=outcome_totals()))
    employer = get_object_or_404(employers, slug=slug)
    history = sponsorship_history(employer, full=request.user.is_authenticated)
    open_jobs = Job.objects.listed().filter(employer=employer)
    listing = _listing(request, JobFilter(request.GET, open_jobs, request=request))
    # No alert offer: an alert cannot follow one employer, so it would promise a wider search.
    crumbs = [*place_trail(), Crumb(employer.name, employer.get_absolute_url())]
    context = {"employer": employer, **history, **listing, "alert_params": None}
    context |= _trail(request, crumbs)
    outcomes = OutcomeSummary.of(employer.outcome_totals)
    context |= {"outcomes": outcomes, "min_reporters": MIN_REPORTERS}
    context |= {
        "e_verify_seen": Employer.EVerifySeen,
        "e_verify_fact": facts.FACTS["stem_needs_e_verify"],
        "cap_exempt_fact": facts.FACTS["cap_exempt_employers"],
    }
    return render(request, "listings/employer_detail.html", context)


@require_safe
def faq_page(request: HttpRequest) -> HttpResponse:
    entries = general_faq()
    context = {"entries": entries, "structured_data": [faq.faq_jsonld(entries_as_pairs(entries))]}
    return render(request, "listings/faq.html", context)


@require_safe
@cache_for_anonymous
def visa_facts(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "topics": facts.by_topic(),
        "routes": routes.ROUTES,
        "today": today,
        "due": facts.due_for_review(today),
        "review_days": facts.REVIEW_AFTER.days,
    }
    return render(request, "listings/visa_facts.html", context)


def _yes_or_no(request: HttpRequest, pk: int, name: str, record: Callable[[Job, bool], None]):
    """A member's yes/no answer about a job (the form field `name`), recorded by `record`,
    then back where the form was. A visitor is sent to sign up first."""
    job = get_object_or_404(Job, pk=pk)
    back = safe_next(request, default=job.get_absolute_url())
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_signup')}?{urlencode({'next': back})}")
    answer = request.POST.get(name)
    if answer not in ("yes", "no"):
        return HttpResponseBadRequest("Answer yes or no.", content_type="text/plain")
    record(job, answer == "yes")
    return redirect(back)


@require_POST
def mark_applied(request: HttpRequest, pk: int) -> HttpResponse:
    def record(job: Job, applied: bool) -> None:
        AppliedMark.objects.update_or_create(
            user=request.user, job=job, defaults={"applied": applied}
        )

    return _yes_or_no(request, pk, "applied", record)


@require_POST
def save_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Saves a job to the member's list (save=yes) or takes it off (save=no)."""

    def record(job: Job, save: bool) -> None:
        if save:
            SavedJob.objects.get_or_create(user=request.user, job=job)
        else:
            SavedJob.objects.filter(user=request.user, job=job).delete()

    return _yes_or_no(request, pk, "save", record)


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` a form carried, if it points back into this site; never off-site."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if allowed else default


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /accounts/",
        "Disallow: /alerts/",
        "Disallow: /admin/",
        "Disallow: /*?",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
