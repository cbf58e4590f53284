from django.contrib import admin

from listings.models import City, Employer, Job, ListingCount, Role, State, VisaType


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


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(VisaType)
class VisaTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "position", "description"]
    list_editable = ["position"]


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "role", "state", "sponsorship", "posted_at", "source"]
    list_filter = ["sponsorship", "workplace", "verified_sponsor", "role", "source"]
    search_fields = ["title", "external_id", "employer__name"]
    list_select_related = ["employer", "role", "state"]
    raw_id_fields = ["employer", "city"]
    filter_horizontal = ["visa_types"]
    date_hierarchy = "posted_at"
    show_full_result_count = False  # counting a million rows on every admin page is waste
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ListingCount)
class ListingCountAdmin(admin.ModelAdmin):
    list_display = ["role", "state", "city", "jobs"]
    list_filter = ["role"]
    list_select_related = ["role", "state", "city"]

    def has_add_permission(self, request) -> bool:
        return False  # derived data, rebuilt by refresh_listing_counts

    def has_change_permission(self, request, obj=None) -> bool:
        return False
