"""Job cards rendered once and shared: a card's HTML is cached under the job, its last change
and the government-data version, so a page of 25 cards costs one cache read instead of 25
template renders. What differs by the minute or by the member is filled in per
request: how long ago the job was posted and was last checked open, and the "applied"
control (outside the card)."""

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from listings.caching import govdata_version
from listings.context_processors import sponsorship_states
from listings.models import Job
from listings.pages.assembled import age_slot, posted_ago
from listings.pages.freshness import freshness

TEMPLATE = "listings/job_card.html"
# PostgreSQL text cannot hold a NUL character, so no job's text can contain this marker.
POSTED = "\x00posted\x00"
CHECKED = "\x00checked\x00"
# A renamed employer touches its jobs' updated_at (migration 0006's triggers); the hour bounds
# what else could change without touching the job row.
CARD_SECONDS = 3600
# Each web process also keeps the cards it served last (a few MB), so a page reads its cards
# from memory and keeps doing so while Redis is away.
NEAR_SECONDS = 300
_near = LocMemCache("job-cards", {"TIMEOUT": NEAR_SECONDS, "OPTIONS": {"MAX_ENTRIES": 5000}})


def attach_cards(jobs: list[Job], ages_later: bool = False) -> list[Job]:
    """Sets `card` on each job (read with `Job.objects.for_cards()` and `with_evidence`),
    rendering the cards not cached yet. `ages_later`: a slot for the posting's age, for a
    page assembled from cached parts (listings.pages.assembled fills it per request)."""
    if not jobs:
        return jobs
    version = govdata_version()
    keys = {job.pk: f"card:{job.pk}:{job.updated_at.timestamp()}:{version}" for job in jobs}
    cards = _cached_cards(list(keys.values()))
    rendered = {keys[job.pk]: _render(job) for job in jobs if keys[job.pk] not in cards}
    if rendered:
        cache.set_many(rendered, CARD_SECONDS)
        _near.set_many(rendered, NEAR_SECONDS)
        cards.update(rendered)
    now = timezone.now()
    for job in jobs:
        posted = age_slot(job.posted_at) if ages_later else posted_ago(job.posted_at, now)
        card = cards[keys[job.pk]].replace(POSTED, posted)
        # Our own fixed words around a date or a timesince(): nothing to escape.
        job.card = mark_safe(card.replace(CHECKED, freshness(job, now)))
    return jobs


def _cached_cards(keys: list[str]) -> dict[str, str]:
    """This process's copies first, then the shared cache for the rest."""
    cards = _near.get_many(keys)
    missing = [key for key in keys if key not in cards]
    if missing:
        shared = cache.get_many(missing)
        _near.set_many(shared, NEAR_SECONDS)
        cards.update(shared)
    return cards


def _render(job: Job) -> str:
    # No request: a card is the same for everyone. The constants every template compares
    # against come from their context processor all the same.
    context = {"job": job, "posted": POSTED, "checked": CHECKED, **sponsorship_states(None)}
    return render_to_string(TEMPLATE, context)
