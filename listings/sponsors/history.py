"""An employer's sponsorship history as its page shows it: H-1B approvals, LCA filings and
PERM labor certifications per fiscal year, filings by occupation and state, and wages
offered against prevailing."""

from django.db.models import Aggregate, Count, FloatField, Max, Q, Sum, Value

from listings.caching import cached, govdata_version
from listings.models import DataImport, Employer, H1BApproval, LCAFiling, PermFiling
from listings.sponsors.charts import grouped_bars
from listings.sponsors.names import matched_names_sql


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def sponsorship_history(employer: Employer, full: bool) -> dict:
    """Hub, LCA and PERM totals per fiscal year; for members (`full`), charts and
    occupations too."""
    names = matched_names_sql(employer)
    hub = list(
        H1BApproval.objects.filter(normalized_name__in=names)
        .values("fiscal_year")
        .annotate(
            approvals=Sum("initial_approvals") + Sum("continuing_approvals"),
            denials=Sum("initial_denials") + Sum("continuing_denials"),
            initial=Sum("initial_approvals"),
        )
        .order_by("fiscal_year")
    )
    certified = Q(status__iexact=LCAFiling.CERTIFIED)
    lca_years = (
        LCAFiling.objects.filter(normalized_name__in=names)
        .values("fiscal_year")
        .annotate(
            kind=Value("lca"),
            filings=Count("pk"),
            certified=Count("pk", filter=certified),
            no_status=Count("pk", filter=Q(status="")),
            offered=Median("wage_annual"),
            prevailing=Median("pw_annual"),
        )
    )
    perm_years = (
        PermFiling.objects.filter(normalized_name__in=names)
        .values("fiscal_year")
        .annotate(
            kind=Value("perm"),
            filings=Count("pk"),
            certified=Count("pk", filter=Q(status__in=PermFiling.CERTIFIED_STATUSES)),
            no_status=Value(0),
            offered=Value(None, output_field=FloatField()),
            prevailing=Value(None, output_field=FloatField()),
        )
    )
    # Both kinds of filing in one statement: the page has a query budget to keep.
    years = list(lca_years.union(perm_years, all=True).order_by("kind", "fiscal_year"))
    lca = [row for row in years if row["kind"] == "lca"]
    perm = [row for row in years if row["kind"] == "perm"]
    history = {"hub": hub, "lca": lca, "perm": perm, "full": full, "sources": data_sources()}
    if not full:
        return history
    history["occupations"] = list(
        LCAFiling.objects.filter(normalized_name__in=names)
        .values("soc_code", "worksite_state")
        .annotate(
            filings=Count("pk"), certified=Count("pk", filter=certified), title=Max("soc_title")
        )
        .order_by("-filings", "soc_code", "worksite_state")[:25]
    )
    history["charts"] = _charts(hub, lca)
    return history


def _charts(hub: list[dict], lca: list[dict]) -> list:
    return [
        grouped_bars(
            "H-1B petitions decided, by fiscal year",
            ["Approvals", "Denials"],
            [(f"FY{r['fiscal_year']}", [r["approvals"], r["denials"]]) for r in hub],
        ),
        grouped_bars(
            "Median offered wage against median prevailing wage on LCAs ($ a year)",
            ["Offered", "Prevailing"],
            [
                (f"FY{r['fiscal_year']}", [round(r["offered"] or 0), round(r["prevailing"] or 0)])
                for r in lca
                if r["offered"] or r["prevailing"]
            ],
        ),
    ]


def data_sources() -> list[DataImport]:
    """The latest import of each kind of file; they change only when an import runs."""

    def latest() -> list[DataImport]:
        return list(DataImport.objects.order_by("kind", "-imported_at").distinct("kind"))

    return cached(f"data-sources:{govdata_version()}", latest, timeout=3600)
