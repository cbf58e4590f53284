from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from listings.failover import enqueue
from listings.models import City, Employer, Job, ListingCount, Outcome, Role, State, VisaType
from listings.models.feeds import Feed, JobSource, SponsorshipChange
from listings.sponsors.admin import EmployerAliasInline
from listings.sponsors.names import normalize_employer_name
from listings.tasks import refresh_feed
from listings.taxonomy.catalog import forget_catalog
from listings.visas import facts


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "soc_code", "soc_title"]
    search_fields = ["name", "soc_code"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(State)
class StateAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]
    fields = ["name", "code", "slug", "notes"]


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "slug"]
    list_filter = ["state"]
    search_fields = ["name"]
    list_select_related = ["state"]


class CollegeReview(admin.SimpleListFilter):
    """Colleges by industry code that nobody has marked cap-exempt yet: the ones to check."""

    title = "cap-exempt review"
    parameter_name = "review"

    def lookups(self, request, model_admin) -> list[tuple[str, str]]:
        return [("colleges", "NAICS 6113, not marked cap-exempt")]

    def queryset(self, request, queryset):
        if self.value() == "colleges":
            return queryset.filter(naics__startswith="6113", cap_exempt=False)
        return queryset


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = [
        "name", "slug", "naics", "cap_exempt", "cap_exempt_reason", "e_verify", "e_verify_seen"
    ]  # fmt: skip
    list_filter = [CollegeReview, "cap_exempt", "e_verify", "h1b_dependent", "willful_violator"]
    search_fields = ["name", "normalized_name"]
    prepopulated_fields = {"slug": ["name"]}
    # What the government files say, refreshed after every import (listings.sponsors.verified).
    readonly_fields = [
        "normalized_name", "h1b_dependent", "willful_violator", "e_verify_seen",
        "h1b_approvals", "h1b_approvals_year", "perm_certified", "perm_certified_year",
    ]  # fmt: skip
    inlines = [EmployerAliasInline]

    def save_model(self, request, obj, form, change) -> None:
        # Government files are matched on this; see listings.sponsors.names.
        obj.normalized_name = normalize_employer_name(obj.name)
        super().save_model(request, obj, form, change)
        forget_catalog()  # its cap-exempt or E-Verify flag may have changed


@staff_member_required
def visa_facts_review(request: HttpRequest) -> HttpResponse:
    """The facts table for staff, oldest check first, with the ones due for review marked."""
    today = timezone.localdate()
    rows = sorted(facts.FACTS.values(), key=lambda fact: fact.checked)
    context = {
        **admin.site.each_context(request),
        "title": "Visa facts",
        "rows": [(fact, fact.due_for_review(today), fact.checked_ago(today)) for fact in rows],
        "review_days": facts.REVIEW_AFTER.days,
    }
    return render(request, "admin/visa_facts.html", context)


@admin.register(VisaType)
class VisaTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "description"]
    list_editable = ["position"]


class JobSourceInline(admin.TabularInline):
    model = JobSource
    extra = 0
    can_delete = False
    fields = ["source", "external_id", "origin", "first_seen_at", "last_seen_at", "gone_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "role", "state", "sponsorship", "posted_at", "source"]
    list_filter = [
        "sponsorship", "workplace", "verified_sponsor", "sponsors_h1b", "sponsors_green_card",
        "e_verify", "role", "source",
    ]  # fmt: skip
    search_fields = ["title", "external_id", "employer__name"]
    list_select_related = ["employer", "role", "state"]
    raw_id_fields = ["employer", "city"]
    filter_horizontal = ["visa_types"]
    date_hierarchy = "posted_at"
    show_full_result_count = False  # counting a million rows on every admin page is waste
    readonly_fields = ["created_at", "updated_at"]
    inlines = [JobSourceInline]


@admin.register(ListingCount)
class ListingCountAdmin(admin.ModelAdmin):
    list_display = ["role", "state", "city", "jobs"]
    list_filter = ["role"]
    list_select_related = ["role", "state", "city"]

    def has_add_permission(self, request) -> bool:
        return False  # derived data, rebuilt by refresh_listing_counts

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "format",
        "location",
        "health",
        "open_jobs",
        "last_success_at",
        "last_error",
        "next_refresh",
    ]
    list_filter = ["format", "active"]
    search_fields = ["name", "location"]
    readonly_fields = [
        "last_run_at",
        "last_success_at",
        "last_summary",
        "last_error",
        "consecutive_failures",
        "pause_reason",
        "created_at",
    ]
    actions = ["refresh_now", "refresh_confirming_shrink", "pause", "resume"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_open_jobs()

    @admin.display(description="Health")
    def health(self, feed: Feed) -> str:
        return feed.status

    @admin.display(description="Open jobs", ordering="open_jobs")
    def open_jobs(self, feed: Feed) -> int:
        return feed.open_jobs

    @admin.action(description="Refresh the selected feeds now")
    def refresh_now(self, request, queryset) -> None:
        self._queue(request, queryset, allow_mass_expiry=False)

    @admin.action(
        description="Refresh now, confirming the boards really shrank (expire what they no "
        "longer list)"
    )
    def refresh_confirming_shrink(self, request, queryset) -> None:
        self._queue(request, queryset, allow_mass_expiry=True)

    def _queue(self, request, queryset, allow_mass_expiry: bool) -> None:
        ids = list(queryset.filter(active=True).values_list("pk", flat=True))
        transaction.on_commit(lambda: [enqueue(refresh_feed, pk, allow_mass_expiry) for pk in ids])
        # enqueue() gives up at once on a broker that does not answer; beat's hourly refresh
        # then covers these feeds.
        self.message_user(request, f"{len(ids)} active feed(s) queued for a refresh.")

    @admin.action(description="Pause the selected feeds")
    def pause(self, request, queryset) -> None:
        for feed in queryset.filter(active=True):
            feed.pause(f"by {request.user.email}")
        self.message_user(request, "Paused: their jobs stay listed and are not refreshed.")

    @admin.action(description="Resume the selected feeds")
    def resume(self, request, queryset) -> None:
        for feed in queryset.filter(active=False):
            feed.resume()
        self.message_user(request, "Resumed: beat's next refresh reads them.")


@admin.register(JobSource)
class JobSourceAdmin(admin.ModelAdmin):
    list_display = ["source", "external_id", "job", "origin", "last_seen_at", "gone_at"]
    list_filter = ["source"]
    search_fields = ["external_id", "origin"]
    raw_id_fields = ["job"]
    list_select_related = ["job"]
    show_full_result_count = False


@admin.register(SponsorshipChange)
class SponsorshipChangeAdmin(admin.ModelAdmin):
    list_display = ["job", "old_state", "new_state", "changed_at"]
    list_filter = ["old_state", "new_state"]
    raw_id_fields = ["job"]
    list_select_related = ["job"]


@admin.register(Outcome)
class OutcomeAdmin(admin.ModelAdmin):
    """Members' reports; staff hide one that looks false or abusive, and it leaves the counts."""

    list_display = ["job", "result", "reported_at", "hidden"]
    list_filter = ["hidden", "result"]
    search_fields = ["job__employer__name", "job__title"]
    list_select_related = ["job__employer"]
    raw_id_fields = ["job", "user"]
    readonly_fields = ["user", "job", "result", "reported_at"]
    actions = ["hide", "show"]

    @admin.action(description="Hide the selected reports from employers' counts")
    def hide(self, request, queryset) -> None:
        queryset.update(hidden=True)

    @admin.action(description="Count the selected reports again")
    def show(self, request, queryset) -> None:
        queryset.update(hidden=False)

    def has_add_permission(self, request) -> bool:
        return False  # reports come from members only
