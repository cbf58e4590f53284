import redis
from django.conf import settings
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from listings import pages
from listings.filters import JobFilter
from listings.jsonld import job_posting
from listings.models import City, Job, Role, State


def visible_jobs(request: HttpRequest, queryset: QuerySet) -> list[Job]:
    """The one step that decides how many of a listing's jobs this visitor sees."""
    return list(queryset.for_cards()[: settings.PAGE_SIZE])


def _listing(request: HttpRequest, queryset: QuerySet) -> dict:
    total = pages.capped_count(queryset)
    return {
        "jobs": visible_jobs(request, queryset),
        "total": total,
        "total_display": pages.display_count(total),
    }


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    popular = pages.popular_pages()
    context = {
        "popular": popular,
        "filter": JobFilter(),
        "total_display": pages.display_count(pages.capped_count(Job.objects.listed())),
    }
    return render(request, "listings/home.html", context)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    job_filter = JobFilter(request.GET, queryset=Job.objects.listed())
    context = {"filter": job_filter, **_listing(request, job_filter.qs)}
    return render(request, "listings/search.html", context)


@require_safe
def role_page(request: HttpRequest, role_slug: str) -> HttpResponse:
    role = get_object_or_404(Role, slug=role_slug)
    queryset = JobFilter(request.GET, queryset=Job.objects.listed().filter(role=role)).qs
    context = {"role": role, "states": pages.states_for_role(role), **_listing(request, queryset)}
    return render(request, "listings/role.html", context)


@require_safe
def landing_page(request: HttpRequest, role_slug: str, state_slug: str) -> HttpResponse:
    role = get_object_or_404(Role, slug=role_slug)
    state = get_object_or_404(State, slug=state_slug)
    base = Job.objects.listed().filter(role=role, state=state)
    job_filter = JobFilter(request.GET, queryset=base)
    context = {
        "role": role,
        "state": state,
        "filter": job_filter,
        "neighbours": pages.neighbours(role, state),
        "top_employers": pages.top_employers(base, key=f"{role.pk}:{state.pk}"),
        **_listing(request, job_filter.qs),
    }
    return render(request, "listings/landing.html", context)


@require_safe
def city_page(
    request: HttpRequest, role_slug: str, state_slug: str, city_slug: str
) -> HttpResponse:
    role = get_object_or_404(Role, slug=role_slug)
    places = City.objects.select_related("state")
    city = get_object_or_404(places, state__slug=state_slug, slug=city_slug)
    base = Job.objects.listed().filter(role=role, city=city)
    job_filter = JobFilter(request.GET, queryset=base)
    context = {
        "role": role,
        "state": city.state,
        "city": city,
        "filter": job_filter,
        "other_cities": pages.other_cities(role, city),
        "top_employers": pages.top_employers(base, key=f"{role.pk}:{city.state_id}:{city.pk}"),
        **_listing(request, job_filter.qs),
    }
    return render(request, "listings/city.html", context)


@require_safe
def job_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    queryset = Job.objects.for_cards()
    job = get_object_or_404(queryset, pk=pk)
    if slug != job.slug:
        return redirect(job, permanent=True)
    context = {"job": job, "jsonld": job_posting(job, request)}
    return render(request, "listings/job_detail.html", context)


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


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "redis": _redis_ok()}
    status = 200 if all(checks.values()) else 503
    return JsonResponse(
        {name: "ok" if ok else "down" for name, ok in checks.items()}, status=status
    )


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        # A broken connection must not stay in the pool and fail the next check too.
        connection.close()
        return False


def _redis_ok() -> bool:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()
