from functools import lru_cache

from django import template
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

from listings.ingest.sanitize import clean_html
from listings.models import Job
from listings.pages import job_posting, marks
from listings.sponsors.verified import current_fiscal_year
from listings.taxonomy.vocabulary import H1B_TRANSFER, VISA_BY_CODE
from listings.visas import routes
from listings.visas.profile import JobFacts, Profile

register = template.Library()


@register.simple_tag
def link(name: str) -> str:
    """{% url name %} for a page without arguments, reversed once per process: the base
    template links a dozen such pages on every page, and the URLs never change while the
    process runs."""
    return _reversed(name, get_script_prefix())


@lru_cache(maxsize=128)
def _reversed(name: str, prefix: str) -> str:
    return reverse(name)


@register.simple_tag
def asset(path: str) -> str:
    """{% static path %}, worked out once per process: the base template links the same two
    files on every page."""
    return _asset(path)


@lru_cache(maxsize=32)
def _asset(path: str) -> str:
    return static(path)


# A number no id reaches: where it lands in a reversed URL is where a job's id goes.
_ANY_ID = 987654321987654321


def job_link(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for a page of one job ("mark applied", "save"), from a
    pattern reversed once per process: a listing page links 25 jobs twice each."""
    before, after = _id_pattern(name, get_script_prefix())
    return f"{before}{int(pk)}{after}"


@lru_cache(maxsize=32)
def _id_pattern(name: str, prefix: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_ANY_ID]).partition(str(_ANY_ID))
    return before, after


@register.filter
def ld_json(data: dict) -> SafeString:
    return job_posting.as_script(data)


@register.filter
def excerpt(html: str, limit: int = 240) -> str:
    text = " ".join(strip_tags(html).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@register.filter
def salary(job: Job) -> str:
    if not (job.salary_min or job.salary_max):
        return ""
    amounts = [f"${amount:,}" for amount in (job.salary_min, job.salary_max) if amount]
    if len(amounts) == 2 and amounts[0] == amounts[1]:
        amounts = amounts[:1]
    return f"{' – '.join(amounts)} {job.get_salary_unit_display()}"


@register.filter
def sanitized(html: str) -> SafeString:
    """Descriptions are cleaned when imported; cleaning again at display means a row edited
    by hand or written by an older importer still cannot carry script into the page."""
    return mark_safe(clean_html(html))


@register.filter
def your_routes(job: Job, profile: Profile | None) -> list[routes.RouteAnswer]:
    """The routes that fit this member for this job, for a job card (no query: the card's
    job carries its employer and role)."""
    if not profile:
        return []
    found = routes.answers(profile, JobFacts.of(job), timezone.localdate())
    return [answer for answer in found if answer.fits]


def mark(context: template.Context, job: Job, kind: str) -> SafeString:
    """The member's mark of `kind` on `job`: a slot on a page assembled from cached parts
    (listings.pages.assembled fills it per member), else the control itself."""
    if context.get("assembling"):
        return mark_safe(marks.slot(kind, job))
    return mark_safe(marks.inline(kind, job))


@register.simple_tag(takes_context=True)
def mark_forms(context: template.Context, job: Job) -> SafeString:
    """The member's two forms under a job card, "applied?" and "save", each sending them back
    to this card (its anchor) on the same page. Written here rather than in the template:
    a page has 25 cards, and the dozen tags of the two forms cost more than the rest of the
    page's template together."""
    token = format_html(
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', context.get("csrf_token")
    )
    back = format_html(
        '<input type="hidden" name="next" value="{}#job-{}">',
        context["request"].get_full_path(),
        job.pk,
    )
    return format_html(
        '<div class="marks">\n'
        '<form class="applied" method="post" action="{}">\n  {}\n  {}\n  {}\n</form>\n'
        '<form class="save" method="post" action="{}">\n  {}\n  {}\n  {}\n</form>\n'
        "</div>",
        job_link("listings:mark_applied", job.pk),
        token,
        back,
        mark(context, job, "applied"),
        job_link("listings:save_job", job.pk),
        token,
        back,
        mark(context, job, "saved"),
    )


@register.filter
def offer_limits(job: Job) -> str:
    """ "TN and E-3": the visas a limited offer covers, in the visa table's order."""
    codes = job.offer_limits
    names = [visa.name for visa in VISA_BY_CODE.values() if visa.code in codes]
    if H1B_TRANSFER in codes:
        names.append("H-1B transfers")
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 2 else names)


@register.filter
def students(job: Job) -> str:
    """What the posting says to F-1 students, in a few words; "" when it says nothing."""
    welcomed = [name for name, said in (("OPT", job.accepts_opt), ("CPT", job.accepts_cpt)) if said]
    if welcomed:
        return f"Welcomes students on {' and '.join(welcomed)}."
    if job.accepts_opt is False:
        return "Does not take students on OPT."
    return ""


@register.filter
def fiscal_year(year: int | None) -> str:
    """ "FY2026", or "FY2027 so far" for the fiscal year still running (its count grows)."""
    if year is None:
        return ""
    return f"FY{year} so far" if year >= current_fiscal_year() else f"FY{year}"
