"""schema.org JobPosting for job pages, built as a dict and serialised so that no value can
close the <script> element it sits in."""

import json

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from listings.ingest.sanitize import clean_html
from listings.models import Job
from listings.pages.freshness import valid_through

# The same escapes Django's json_script uses: inside <script>, "<", ">" and "&" are the only
# characters that can end the element or start markup; as \u escapes they stay plain JSON.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_UNITS = {"year": "YEAR", "month": "MONTH", "week": "WEEK", "day": "DAY", "hour": "HOUR"}


def job_posting(job: Job, request: HttpRequest) -> dict:
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": clean_html(job.description_html),
        "datePosted": job.posted_at.date().isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": job.employer.name},
        "identifier": {"@type": "PropertyValue", "name": job.source, "value": job.external_id},
        "url": request.build_absolute_uri(job.get_absolute_url()),
        "directApply": False,
    }
    if job.employment_type:
        data["employmentType"] = job.employment_type
    # The page's own words ("checked open ...", "not seen since ...", closed) and this agree.
    if through := valid_through(job):
        data["validThrough"] = through.isoformat()
    if job.state_id:
        address = {
            "@type": "PostalAddress",
            "addressRegion": job.state.code,
            "addressCountry": "US",
        }
        if job.city_id:
            address["addressLocality"] = job.city.name
        data["jobLocation"] = {"@type": "Place", "address": address}
    if job.workplace == Job.Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = {"@type": "Country", "name": "USA"}
    if job.salary_min or job.salary_max:
        value = {"@type": "QuantitativeValue", "unitText": _UNITS[job.salary_unit]}
        if job.salary_min:
            value["minValue"] = job.salary_min
        if job.salary_max:
            value["maxValue"] = job.salary_max
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": "USD", "value": value}
    return data


def as_script(data: dict) -> SafeString:
    payload = json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')
