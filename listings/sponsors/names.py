"""Employer names as feeds and government files spell them, normalised so they match
("EQUIFAX INC." = "Equifax"), and the admin's aliases that override a match."""

import re
import unicodedata

from django.contrib.postgres.fields import ArrayField
from django.db.models import CharField
from django.db.models.expressions import RawSQL

from listings.models import Employer, EmployerAlias

# Legal-form words dropped from the end of a name, so "EQUIFAX INC." = "Equifax".
_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "lp",
    "llp",
    "pc",
    "pllc",
    "plc",
}
# "Foothill Health Center D/B/A Foothill Clinic" is the legal name, then a trade name; the
# government files and most feeds agree on the legal name. Truncated files cut "D/B/A FOOTH".
_DBA = re.compile(r"\s(?:d\s*/\s*b\s*/\s*a|d\.?\s?b\.?\s?a\.?|doing business as)(?:\s|$).*", re.I)
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalize_employer_name(name: str) -> str:
    """Lower-case ASCII words without punctuation, trade names or legal-form suffixes."""
    text = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    text = _DBA.sub("", f" {text.strip()}").strip()
    text = text.lower().replace("&", " and ").replace(".", "").replace("'", "")
    words = _NOT_WORD.sub(" ", text).split()
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIXES:
        words.pop()
    if words == ["null"]:
        return ""
    return " ".join(words)[:300]


# Every (employer, government name) pair that matches: an employer's own normalised name,
# unless an alias sends that name elsewhere, plus every alias pointing at the employer.
MATCHED_NAMES_SQL = """
    SELECT e.id AS employer_id, e.normalized_name AS name
    FROM listings_employer e
    WHERE e.normalized_name <> ''
      AND NOT EXISTS (
        SELECT 1 FROM listings_employeralias a WHERE a.normalized_name = e.normalized_name
      )
    UNION
    SELECT a.employer_id, a.normalized_name
    FROM listings_employeralias a
    WHERE a.employer_id IS NOT NULL
"""


def matched_names(employer: Employer) -> list[str]:
    """The government names that belong to one employer, in one query."""
    aliases = EmployerAlias.objects.filter(employer=employer) | EmployerAlias.objects.filter(
        normalized_name=employer.normalized_name
    )
    rows = list(aliases.values_list("normalized_name", "employer_id"))
    names = {name for name, owner in rows if owner == employer.pk}
    if employer.normalized_name and not any(n == employer.normalized_name for n, _ in rows):
        names.add(employer.normalized_name)
    return sorted(names)


def matched_names_sql(employer: Employer) -> RawSQL:
    """The names `matched_names` gives, as a subquery, so a query can filter on them without
    a round trip of its own."""
    sql = f"SELECT name FROM ({MATCHED_NAMES_SQL}) AS matched WHERE employer_id = %s"
    return RawSQL(sql, [employer.pk])


def government_names() -> RawSQL:
    """The names `matched_names` gives, as an array annotating the employer's own row: a page
    reads them with the employer, and a statement given them as values is planned with the
    statistics of those very names (a large employer's many filings, not an average's few)."""
    sql = (
        f"ARRAY(SELECT name FROM ({MATCHED_NAMES_SQL}) AS matched "
        'WHERE employer_id = "listings_employer"."id" ORDER BY name)'
    )
    return RawSQL(sql, (), output_field=ArrayField(CharField(max_length=300)))


def fill_normalized_names() -> int:
    """Employers created without a normalised name (by a feed import or the admin) get one."""
    missing = list(Employer.objects.filter(normalized_name="").only("pk", "name"))
    for employer in missing:
        employer.normalized_name = normalize_employer_name(employer.name)
    Employer.objects.bulk_update(missing, ["normalized_name"], batch_size=1000)
    return len(missing)
