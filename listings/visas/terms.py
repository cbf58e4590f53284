"""The job conditions a route can depend on, each written once as a Q over Job: the search
filter combines the ones a member's routes need, and alert matching annotates each new job
with the ones it meets (`job_terms`)."""

from enum import StrEnum

from django.contrib.postgres.fields import ArrayField
from django.db.models import Case, CharField, Func, Q, Value, When

from listings.models.jobs import Job
from listings.taxonomy.catalog import Catalog
from listings.visas import usmca
from listings.visas.profile import UNIVERSITY_DEGREES, Profile


class Term(StrEnum):
    EVERY = "every"  # any job at all (OPT needs no petition)
    SPONSORING = "sponsoring"  # the posting does not refuse sponsorship
    TN_ROLE = "tn-role"  # ... and the role is on the USMCA professions list
    # ... under one profession: what a member without a degree fits (usmca.Profession.admits)
    TN_ENGINEER = "tn-engineer"
    TN_ANALYST = "tn-analyst"
    TN_DESIGNER = "tn-designer"
    TN_MATHEMATICIAN = "tn-mathematician"
    TN_CONSULTANT = "tn-consultant"
    CAP_EXEMPT = "cap-exempt"  # ... and the employer is exempt from the H-1B cap
    E_VERIFY = "e-verify"  # the posting or the employer says it uses E-Verify


PROFESSION_TERMS: dict[Term, usmca.Profession] = {
    Term(f"tn-{profession.code}"): profession for profession in usmca.ALL
}


def tn_role_ids(known: Catalog, profession: usmca.Profession | None = None) -> list[int]:
    """Ids of the roles on the USMCA list, or of those under one of its professions."""
    return sorted(
        known.roles[slug].pk
        for slug, professions in usmca.PROFESSIONS.items()
        if slug in known.roles and (profession is None or profession in professions)
    )


def tn_terms(profile: Profile) -> frozenset[Term]:
    """The TN terms a person fits: every listed role with a degree; without one, the roles
    under the professions whose own minimum they meet, or may meet by a licence we cannot see."""
    if profile.degree in UNIVERSITY_DEGREES:
        return frozenset({Term.TN_ROLE})
    return frozenset(
        term
        for term, profession in PROFESSION_TERMS.items()
        if profession.admits(profile) is not False
    )


def term_q(term: Term, known: Catalog) -> Q:
    """Ids from the catalog, not joins: with ids PostgreSQL's statistics see how common each
    value is (a few employers, most roles) and pick the index that suits."""
    sponsoring = ~Q(sponsorship=Job.Sponsorship.REFUSED)
    if term == Term.EVERY:
        return Q(pk__isnull=False)  # Q() would vanish from an OR
    if term == Term.SPONSORING:
        return sponsoring
    if term == Term.TN_ROLE:
        return sponsoring & Q(role_id__in=tn_role_ids(known))
    if term in PROFESSION_TERMS:
        return sponsoring & Q(role_id__in=tn_role_ids(known, PROFESSION_TERMS[term]))
    if term == Term.CAP_EXEMPT:
        return sponsoring & Q(employer_id__in=known.cap_exempt_employers)
    return Q(e_verify=True) | Q(employer_id__in=known.e_verify_employers)


def terms_q(terms: frozenset[Term], known: Catalog) -> Q:
    """Jobs that meet any of `terms`; none: no job."""
    combined = Q(pk__in=[])
    for term in sorted(terms):
        combined |= term_q(term, known)
    return combined


def job_terms(known: Catalog) -> Func:
    """The terms a job meets, as a varchar[] expression over Job built from `term_q`: what an
    alert compares its member's terms with, so a saved search reads each term as the page does."""
    cases = [
        Case(
            When(term_q(term, known), then=Value(term.value)),
            default=Value(None),
            output_field=CharField(max_length=20),
        )
        for term in Term
    ]
    return Func(
        *cases,
        template="array_remove(ARRAY[%(expressions)s]::varchar[], NULL)",
        output_field=ArrayField(CharField(max_length=20)),
    )
