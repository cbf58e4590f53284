"""Landing-page FAQ answers computed from the data.
Government data changes only when an import runs, so the computed part is cached under a
version the imports bump."""

from dataclasses import dataclass
from string import capwords

from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from listings.caching import cached, govdata_version
from listings.models import LCAFiling, Role, State
from listings.models.jobs import PERIODS_PER_YEAR
from listings.sponsors.names import MATCHED_NAMES_SQL
from listings.sponsors.verified import history_window_start
from listings.sponsors.wages import LEVELS, WAGE_SEARCH_URL

# One round trip for everything the FAQ needs from the government tables.
_GOVDATA_SQL = f"""
    WITH names AS ({MATCHED_NAMES_SQL}),
    lca AS (
        SELECT normalized_name, max(employer_name) AS name, count(*) AS filings
        FROM listings_lcafiling
        WHERE soc_code = %s AND worksite_state = %s AND fiscal_year >= %s
          AND lower(status) = %s
        GROUP BY normalized_name ORDER BY filings DESC, name LIMIT 8
    ),
    area AS (
        SELECT a.id, a.name, a.code FROM listings_wagearea a
        LEFT JOIN (
            SELECT wc.area_id, count(*) AS n FROM listings_lcafiling f
            JOIN listings_wagecounty wc ON wc.state = f.worksite_state
                 AND wc.county_key = f.worksite_county
            WHERE f.worksite_state = %s GROUP BY wc.area_id
        ) busy ON busy.area_id = a.id
        WHERE a.state = %s AND EXISTS (
            SELECT 1 FROM listings_prevailingwage w WHERE w.area_id = a.id AND w.soc_code = %s
        )
        ORDER BY COALESCE(busy.n, 0) DESC, length(a.code) = 5 DESC,
                 (SELECT count(*) FROM listings_wagecounty c WHERE c.area_id = a.id) DESC, a.code
        LIMIT 1
    ),
    hub AS (
        SELECT fiscal_year, count(DISTINCT normalized_name) AS employers,
               sum(initial_approvals) AS initial
        FROM listings_h1bapproval WHERE state = %s
        GROUP BY fiscal_year ORDER BY fiscal_year DESC LIMIT 1
    )
    SELECT json_build_object(
        'sponsors', (SELECT json_agg(json_build_object(
                        'name', l.name, 'normalized', l.normalized_name, 'filings', l.filings,
                        'employer', e.name, 'slug', e.slug) ORDER BY l.filings DESC, l.name)
                     FROM lca l LEFT JOIN LATERAL (
                        SELECT e.name, e.slug FROM names m
                        JOIN listings_employer e ON e.id = m.employer_id
                        WHERE m.name = l.normalized_name ORDER BY e.id LIMIT 1) e ON true),
        'area', (SELECT json_build_object('name', a.name, 'code', a.code,
                    'levels', json_build_array(w.level1, w.level2, w.level3, w.level4),
                    'annual', w.annual)
                 FROM area a JOIN listings_prevailingwage w
                      ON w.area_id = a.id AND w.soc_code = %s),
        'hub', (SELECT row_to_json(hub) FROM hub),
        'visas', (SELECT json_agg(json_build_object('name', v.name, 'jobs', v.jobs)
                                  ORDER BY v.jobs DESC, v.position) FROM (
                    SELECT t.name, t.position, count(*) AS jobs FROM listings_job_visa_types jv
                    JOIN listings_visatype t ON t.id = jv.visatype_id
                    WHERE jv.job_id IN ({{jobs}}) GROUP BY t.name, t.position
                    ORDER BY jobs DESC, t.position LIMIT 5) v)
    )
"""


def _compute(role: Role, state: State, jobs: QuerySet) -> dict:
    """Everything the FAQ reads, in one query: the listed jobs' ids ride in as a subquery,
    so what "listed" means stays defined once, on the queryset."""
    jobs_sql, jobs_params = jobs.order_by().values("pk").query.sql_with_params()
    soc, code = role.soc_code, state.code
    window = [history_window_start(), LCAFiling.CERTIFIED]
    params = [soc, code, *window, code, code, soc, code, soc, *jobs_params]
    with connection.cursor() as cursor:
        cursor.execute(_GOVDATA_SQL.replace("{jobs}", jobs_sql), params)
        data = cursor.fetchone()[0]
    data["visas"] = data["visas"] or []
    if data["area"]:
        factor = 1 if data["area"]["annual"] else PERIODS_PER_YEAR["hour"]
        data["area"]["levels"] = [
            round(float(level) * factor) if level is not None else None
            for level in data["area"]["levels"]
        ]
    return data


def landing_data(role: Role, state: State, jobs: QuerySet) -> dict:
    key = f"faq:{govdata_version()}:{role.pk}:{state.pk}"
    return cached(key, lambda: _compute(role, state, jobs), timeout=3600)


# A state's page needs the state's USCIS figures and the visa types its jobs name.
_STATE_SQL = """
    SELECT json_build_object(
        'hub', (SELECT row_to_json(hub) FROM (
                    SELECT fiscal_year, count(DISTINCT normalized_name) AS employers,
                           sum(initial_approvals) AS initial
                    FROM listings_h1bapproval WHERE state = %s
                    GROUP BY fiscal_year ORDER BY fiscal_year DESC LIMIT 1) hub),
        'visas', (SELECT json_agg(json_build_object('name', v.name, 'jobs', v.jobs)
                                  ORDER BY v.jobs DESC, v.position) FROM (
                    SELECT t.name, t.position, count(*) AS jobs FROM listings_job_visa_types jv
                    JOIN listings_visatype t ON t.id = jv.visatype_id
                    WHERE jv.job_id IN ({jobs}) GROUP BY t.name, t.position
                    ORDER BY jobs DESC, t.position LIMIT 5) v)
    )
"""


def state_data(state: State, jobs: QuerySet) -> dict:
    def compute() -> dict:
        jobs_sql, jobs_params = jobs.order_by().values("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(_STATE_SQL.replace("{jobs}", jobs_sql), [state.code, *jobs_params])
            data = cursor.fetchone()[0]
        data["visas"] = data["visas"] or []
        return data

    return cached(f"faq:{govdata_version()}:state:{state.pk}", compute, timeout=3600)


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class Part:
    text: str
    url: str = ""  # the employer page a name links to, on the page (JSON-LD keeps the text)


class Answer(list):
    """An answer as text and linked names; str() gives the plain text the JSON-LD carries."""

    def __str__(self) -> str:
        return "".join(part.text for part in self)


def _employer_part(name: str, slug: str | None, count: int) -> list[Part]:
    url = reverse("listings:employer", args=[slug]) if slug else ""
    return [Part(name, url), Part(f" ({count:,})")]


def _named(parts: list[list[Part]]) -> list[Part]:
    """'A, B and C' with each name's parts kept whole."""
    joined: list[Part] = []
    for index, item in enumerate(parts):
        if index:
            joined.append(Part(" and " if index == len(parts) - 1 else ", "))
        joined.extend(item)
    return joined


def _sponsors_answer(role: Role, state: State, data: dict, employers: list) -> Answer:
    """Employers by recent certified filings, then by open jobs, each linked to its page."""
    where = f"{role.name} jobs in {state.name}"
    sponsors = data["sponsors"] or []
    open_jobs = [
        _employer_part(e["employer__name"], e["employer__slug"], e["jobs"]) for e in employers
    ]
    if sponsors:
        filed = [
            _employer_part(s["employer"] or capwords(s["normalized"]), s["slug"], s["filings"])
            for s in sponsors[:5]
        ]
        answer = Answer([
            Part(f"Ranked by certified labor condition applications (LCAs) for "
                 f"{role.soc_title} (SOC {role.soc_code}) in {state.name} since "
                 f"FY{history_window_start()}: "),
            *_named(filed), Part("."),
        ])  # fmt: skip
        if open_jobs:
            answer += [Part(" With the most open jobs here now: "), *_named(open_jobs[:3])]
            answer.append(Part("."))
        return answer
    if open_jobs:
        lead = Part(f"The employers with the most open {where} on this site: ")
        return Answer([lead, *_named(open_jobs[:5]), Part(".")])
    return Answer([Part(
        f"No employer has both open {where} on this site and recent public filings yet. "
        "Sign up for an alert and we will email you when one appears."
    )])  # fmt: skip


def landing_faq(role: Role, state: State, data: dict, cities: list, employers: list) -> list:
    """(question, answer) pairs: the page shows them, and so does the FAQPage JSON-LD (as
    plain text), so what search engines read is what visitors read."""
    # One piece: the questions in the order the page shows them, each answer beside its question.
    where = f"{role.name} jobs in {state.name}"
    answer = _sponsors_answer(role, state, data, employers)
    faq = [(f"Which companies sponsor {role.name} visas in {state.name}?", answer)]

    visas = data["visas"]
    if visas:
        named = [f"{v['name']} ({v['jobs']:,} job{'s' if v['jobs'] != 1 else ''})" for v in visas]
        answer = f"Among the open {where} that name a visa type: {_join(named)}."
    else:
        answer = (
            f"None of the open {where} names a visa type yet. Most sponsoring employers "
            "use the H-1B; see our FAQ for the other types."
        )
    faq.append((f"Which visa types are most common for {where}?", answer))

    if cities:
        named = [f"{c.name} ({c.jobs:,})" for c in cities[:5]]
        answer = f"The cities with the most open {where}: {_join(named)}."
    else:
        answer = f"No city in {state.name} has open {role.name} jobs on this site right now."
    faq.append((f"Which cities in {state.name} have the most {role.name} jobs?", answer))

    faq.append(
        (
            f"How do I find {where} that sponsor visas?",
            "Every job listed here either says in the posting that it offers sponsorship, or comes "
            "from an employer with public H-1B filings for this occupation and state. Sign up for "
            "free to see every job, filter by visa type, by what the employer has sponsored (this "
            "role here, any H-1B, a green card) and by cap-exempt employers, and get an email "
            "alert when a new job matches your search.",
        )
    )
    faq.append(
        (
            f"Is there anything to know about sponsorship in {state.name}?",
            state.notes.strip() or _state_default(state, data),
        )
    )
    faq.append(
        (
            f"What is the prevailing wage for {role.name} jobs in {state.name}?",
            _wage_answer(role, data),
        )
    )
    return [(q, a if isinstance(a, Answer) else Answer([Part(a)])) for q, a in faq]


def state_faq(state: State, data: dict, places, employers: list) -> list:
    """A state page's (question, answer) pairs, shown on the page and in its FAQPage JSON-LD.
    `places` is the state's roles and cities from the summary (page_data.state_places)."""
    where = f"jobs in {state.name}"
    if employers:
        named = [
            _employer_part(e["employer__name"], e["employer__slug"], e["jobs"]) for e in employers
        ]
        sponsors = Answer([Part(f"With the most open {where} on this site now: "), *_named(named)])
        sponsors.append(Part(". Each employer's page shows its public H-1B and LCA record."))
    else:
        sponsors = f"No employer has open {where} on this site right now."
    faq = [(f"Which companies sponsor visas for {where}?", sponsors)]
    if places.roles:
        named = [f"{p.name} ({p.jobs:,})" for p in places.roles[:5]]
        roles = f"The roles with the most open {where}: {_join(named)}."
    else:
        roles = f"There are no open {where} on this site right now."
    faq.append((f"Which roles have the most visa sponsorship {where}?", roles))
    if places.cities:
        named = [f"{p.name} ({p.jobs:,})" for p in places.cities[:5]]
        cities = f"The cities with the most open {where}: {_join(named)}."
    else:
        cities = f"No city in {state.name} has open jobs on this site right now."
    faq.append((f"Which cities in {state.name} have the most sponsoring jobs?", cities))
    visas = data["visas"]
    if visas:
        named = [f"{v['name']} ({v['jobs']:,} job{'s' if v['jobs'] != 1 else ''})" for v in visas]
        kinds = f"Among the open {where} that name a visa type: {_join(named)}."
    else:
        kinds = f"None of the open {where} names a visa type yet; most sponsors use the H-1B."
    faq.append((f"Which visa types do employers in {state.name} offer?", kinds))
    faq.append((
        f"Is there anything to know about sponsorship in {state.name}?",
        state.notes.strip() or _state_default(state, data),
    ))  # fmt: skip
    return [(q, a if isinstance(a, Answer) else Answer([Part(a)])) for q, a in faq]


def _state_default(state: State, data: dict) -> str:
    hub = data["hub"]
    if not hub:
        return (
            f"We have not imported USCIS H-1B data for employers based in {state.name} yet. "
            "Sponsorship rules are federal, so they are the same in every state; what differs "
            "is the prevailing wage, which depends on the county of the job."
        )
    return (
        f"In FY{hub['fiscal_year']}, USCIS approved {hub['initial']:,} initial H-1B petitions "
        f"from {hub['employers']:,} employer{'s' if hub['employers'] != 1 else ''} based in "
        f"{state.name}. Sponsorship rules are federal and the same in every state; the "
        "prevailing wage an employer must pay depends on the county of the job."
    )


def _wage_answer(role: Role, data: dict) -> str:
    answer = (
        "An employer must pay an H-1B, H-1B1 or E-3 worker at least the higher of the "
        "prevailing wage and the actual wage it pays similar staff. The Department of Labor "
        "sets the prevailing wage in four levels by experience for each occupation and area "
        "(all industries; universities and research organizations use the lower ACWIA table). "
        f"Look up {role.soc_title} (SOC {role.soc_code}) in the Department of Labor's wage "
        f"search at {WAGE_SEARCH_URL}."
    )
    area = data["area"]
    if area and all(level is not None for level in area["levels"]):
        levels = ", ".join(
            f"Level {name} ${amount:,}" for name, amount in zip(LEVELS, area["levels"], strict=True)
        )
        answer += (
            f" In {area['name'] or area['code']}, the yearly all-industries levels are: {levels}."
        )
    return answer


def faq_jsonld(faq: list[tuple[str, str]]) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": str(answer)},
            }
            for question, answer in faq
        ],
    }
