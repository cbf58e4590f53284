"""A generated Greenhouse board file for the import benchmark: realistic sizes and variety,
written as it is generated so even a large file costs no memory."""

import html
import json
import random
from pathlib import Path

TITLES = [
    "Software Engineer", "Senior Software Engineer", "Sr. ML Engineer II", "Data Scientist",
    "Staff Data Engineer", "Data Analyst", "Site Reliability Engineer", "DevOps Engineer",
    "Security Engineer", "Frontend Engineer", "iOS Engineer", "QA Engineer",
    "Product Manager", "Engineering Manager", "Solutions Architect", "Research Scientist",
    "Business Analyst", "Financial Analyst", "Backend Developer", "Machine Learning Engineer",
]  # fmt: skip
PLACES = [
    "New York, NY", "San Francisco, CA", "Seattle, WA", "Austin, TX", "Atlanta, GA",
    "Boston, MA", "Chicago, IL", "Denver, CO", "Remote - US", "Los Angeles, CA",
    "Raleigh, NC", "Pittsburgh, PA", "Miami, FL", "Phoenix, AZ", "Columbus, OH",
]  # fmt: skip
WORDS = [
    "build", "scale", "reliable", "systems", "customers", "data", "models", "pipelines",
    "services", "teams", "product", "design", "review", "ship", "measure", "improve", "latency",
    "storage", "search", "ranking", "payments", "growth", "platform", "mobile", "web", "cloud",
    "security", "privacy", "experiment", "analytics", "tooling",
]  # fmt: skip
SPONSORSHIP = [
    "We sponsor H-1B visas and green cards for this role.",
    "Visa sponsorship is not available for this position.",
    "Must be authorized to work in the United States.",
    "",
    "",
    "",
]


def write_board(path: Path, count: int, seed: int = 5, first_id: int = 10_000_000) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('{"jobs": [')
        for n in range(count):
            words = " ".join(rng.choice(WORDS) for _ in range(220))
            body = (
                f'<div class="content-intro"><p>Job {n}: {words}</p></div>'
                f"<ul><li>{rng.choice(WORDS)}</li><li>{rng.choice(WORDS)}</li></ul>"
                f"<p>{rng.choice(SPONSORSHIP)}</p>"
            )
            low = rng.randrange(80, 200) * 1000
            job = {
                "id": first_id + n,
                "title": rng.choice(TITLES),
                "company_name": f"Employer {rng.randrange(800)} Inc.",
                "absolute_url": f"https://boards.greenhouse.io/bench/jobs/{first_id + n}",
                "location": {"name": rng.choice(PLACES)},
                "first_published": f"2026-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d}"
                "T10:00:00-05:00",
                "updated_at": "2026-11-20T10:00:00-05:00",
                "content": html.escape(body),
                "metadata": [
                    {
                        "id": 1,
                        "name": "Pay Transparency Range",
                        "value": {"unit": "USD", "min_value": f"{low}.0",
                                  "max_value": f"{low + 40000}.0"},
                        "value_type": "currency_range",
                    }
                ] if n % 3 else None,
            }  # fmt: skip
            out.write(("," if n else "") + json.dumps(job))
        out.write(f'], "meta": {{"total": {count}}}}}')
    return path
