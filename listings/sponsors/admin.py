"""Admin for the government data: aliases are edited by hand; imported rows are read-only."""

from django import forms
from django.contrib import admin

from listings.models import (
    DataImport,
    EmployerAlias,
    H1BApproval,
    LCAFiling,
    PrevailingWage,
    WageArea,
    WageCounty,
)
from listings.sponsors.names import normalize_employer_name


class EmployerAliasForm(forms.ModelForm):
    class Meta:
        model = EmployerAlias
        fields = ["name", "employer"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        normalized = normalize_employer_name(name)
        if not normalized:
            raise forms.ValidationError("Give a name with letters or digits.")
        taken = EmployerAlias.objects.filter(normalized_name=normalized)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"An alias for “{normalized}” exists already.")
        self.instance.normalized_name = normalized
        return name


class EmployerAliasInline(admin.TabularInline):
    model = EmployerAlias
    form = EmployerAliasForm
    extra = 0
    fields = ["name", "normalized_name"]
    readonly_fields = ["normalized_name"]


@admin.register(EmployerAlias)
class EmployerAliasAdmin(admin.ModelAdmin):
    form = EmployerAliasForm
    list_display = ["name", "normalized_name", "employer"]
    search_fields = ["name", "normalized_name", "employer__name"]
    raw_id_fields = ["employer"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the import commands; change them by importing a file again."""

    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(H1BApproval)
class H1BApprovalAdmin(ReadOnlyAdmin):
    list_display = [
        "employer_name",
        "fiscal_year",
        "state",
        "initial_approvals",
        "continuing_approvals",
        "initial_denials",
        "continuing_denials",
    ]
    list_filter = ["fiscal_year"]
    search_fields = ["normalized_name"]


@admin.register(LCAFiling)
class LCAFilingAdmin(ReadOnlyAdmin):
    list_display = [
        "case_number",
        "employer_name",
        "status",
        "fiscal_year",
        "soc_code",
        "worksite_state",
        "wage_annual",
        "pw_level",
    ]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["case_number", "normalized_name"]


@admin.register(WageArea)
class WageAreaAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "state"]
    search_fields = ["code", "name"]


@admin.register(WageCounty)
class WageCountyAdmin(ReadOnlyAdmin):
    list_display = ["county", "state", "area"]
    list_select_related = ["area"]
    search_fields = ["county"]


@admin.register(PrevailingWage)
class PrevailingWageAdmin(ReadOnlyAdmin):
    list_display = ["soc_code", "area", "level1", "level2", "level3", "level4", "annual"]
    list_select_related = ["area"]
    search_fields = ["soc_code", "area__name"]


@admin.register(DataImport)
class DataImportAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "file_name",
        "imported_at",
        "rows",
        "skipped",
        "first_year",
        "last_year",
    ]
    list_filter = ["kind"]
