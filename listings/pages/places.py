"""Places as people type them: "atlanta", "Atlanta", "Atlanta, GA", "new york" or
"Savannah, Georgia" resolve to one of our cities, or to a message saying why not. The cities
and the suggestions (a <datalist> of the cities that have jobs) come with the cached catalog."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify

from listings.models import City, State
from listings.taxonomy.catalog import Place, catalog


def suggestions() -> list[str]:
    """ "City, ST" for the cities that have listed jobs, the busiest first."""
    return catalog().city_suggestions


def _state_named(text: str) -> State | None:
    """A state by its two-letter code, its name or its URL name, in any case."""
    wanted = slugify(text)
    for state in catalog().states.values():
        if wanted in (state.slug, state.code.lower()):
            return state
    return None


def _named(slug: str) -> list[Place]:
    """The cities of a slug: from the cached catalog, or (for a city first seen since the
    catalog was read) from the table."""
    if slug in catalog().cities:
        return catalog().cities[slug]
    rows = City.objects.filter(slug=slug).values_list(
        "pk", "slug", "name", "state__slug", "state__code"
    )
    return [Place(*row) for row in rows.order_by("state__code")]


def resolve_city(text: str, state_slug: str | None = None) -> Place:
    """The one city `text` names, within the state `state_slug` when the search has one.
    Raises ValidationError with a message for the member when there is none or several."""
    typed = " ".join(text.split())
    name, comma, state_text = typed.rpartition(",")
    if not comma:
        name, state_text = typed, ""
    named_state = _state_named(state_text) if state_text.strip() else None
    if state_text.strip() and named_state is None:
        raise ValidationError(
            f"We don't know a state called “{state_text.strip()}”. "
            "Write the city with its state's two letters, e.g. Atlanta, GA."
        )
    if named_state and state_slug and named_state.slug != state_slug:
        chosen = catalog().states[state_slug].name if state_slug in catalog().states else state_slug
        raise ValidationError(f"“{typed}” is not in {chosen}. Choose that state or another city.")
    within = named_state.slug if named_state else state_slug
    found = [p for p in _named(slugify(name)) if within in (None, p.state_slug)]
    found.sort(key=lambda place: place.state_code)
    if not found:
        where = f" in {catalog().states[within].name}" if within in catalog().states else ""
        raise ValidationError(
            f"We have no city called “{name.strip()}”{where}. "
            "Check the spelling, or pick a city from the suggestions."
        )
    if len(found) > 1:
        options = "; ".join(place.label for place in found)
        raise ValidationError(
            f"There is more than one “{name.strip()}” ({options}). "
            f"Add the state, e.g. “{found[0].label}”."
        )
    return found[0]
