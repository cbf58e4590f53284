"""The job conditions a route can depend on, each written once as a Q over Job: the search
filter combines the ones a member's routes need, and alert matching annotates each new job
with the ones it meets (`job_terms`)."""

import re
from enum import StrEnum

from django.contrib.postgres.fields import ArrayField
from django.db.models import Case, CharField, Func, Q, Value, When

from listings.models.jobs import Job
from listings.taxonomy.catalog import Catalog
from listings.taxonomy.vocabulary import H1B_TRANSFER
from listings.visas import usmca
from listings.visas.profile import UNIVERSITY_DEGREES, Profile


class Term(StrEnum):
    """Each route's job condition. A posting that refuses sponsorship closes every route that
    needs a petition; an offer limited to some visas (Job.offer_limited_to) closes the routes
    it does not name; a posting that turns away students on OPT closes both OPT routes."""

    OPT = "opt"  # OPT: any job that does not turn away students on OPT (no petition needed)
    STEM_OPT = "stem-opt"  # STEM OPT: ... whose employer uses E-Verify
    E3 = "e-3"  # E-3: a posting that does not refuse, nor limit its offer to other visas
    H1B1 = "h-1b1"  # H-1B1: the same for H-1B1
    TRANSFER = "h-1b-transfer"  # an H-1B transfer: an H-1B offer takes transfers too
    # ... for someone never counted against the cap: only a cap-exempt employer can file
    TRANSFER_CAP_EXEMPT = "transfer-exempt"
    TN_ROLE = "tn-role"  # TN: ... and the role is on the USMCA professions list
    # ... under one profession: what a member without a degree fits (usmca.Profession.admits)
    TN_ENGINEER = "tn-engineer"
    TN_ANALYST = "tn-analyst"
    TN_DESIGNER = "tn-designer"
    TN_MATHEMATICIAN = "tn-mathematician"
    TN_CONSULTANT = "tn-consultant"
    CAP_EXEMPT = "cap-exempt"  # cap-exempt H-1B: ... and the employer is exempt from the cap
    E_VERIFY = "e-verify"  # the posting or the employer says it uses E-Verify (a filter too)


# The limited offers (codes of Job.offer_limited_to) each term's petition fits.
OFFERS_FOR = {
    Term.E3: ("e-3",),
    Term.H1B1: ("h-1b1",),
    Term.TRANSFER: ("h-1b", H1B_TRANSFER),
    Term.TRANSFER_CAP_EXEMPT: ("h-1b", H1B_TRANSFER),
    Term.TN_ROLE: ("tn",),
    Term.CAP_EXEMPT: ("h-1b",),
}
PROFESSION_TERMS: dict[Term, usmca.Profession] = {
    Term(f"tn-{profession.code}"): profession for profession in usmca.ALL
}
OFFERS_FOR.update(dict.fromkeys(PROFESSION_TERMS, ("tn",)))


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


def _offer_fits(codes: tuple[str, ...]) -> Q:
    """The posting does not refuse, and its offer is open to any visa or names one of
    `codes` (offer_limited_to holds codes separated by spaces)."""
    assert all(re.fullmatch(r"[a-z0-9-]+", code) for code in codes)
    named = Q(offer_limited_to__regex=rf"(^| )({'|'.join(codes)})( |$)")
    return ~Q(sponsorship=Job.Sponsorship.REFUSED) & (Q(offer_limited_to="") | named)


def term_q(term: Term, known: Catalog) -> Q:
    """Ids from the catalog, not joins: with ids PostgreSQL's statistics see how common each
    value is (a few employers, most roles) and pick the index that suits."""
    e_verify = Q(e_verify=True) | Q(employer_id__in=known.e_verify_employers)
    # Negated, the condition keeps the jobs whose accepts_opt is null (the posting says nothing
    # to students): only a posting that turns them away shuts them out.
    students = ~Q(accepts_opt=False)
    if term == Term.OPT:
        return students
    if term == Term.STEM_OPT:
        return students & e_verify
    if term == Term.E_VERIFY:
        return e_verify
    fits = _offer_fits(OFFERS_FOR[term])
    if term == Term.TN_ROLE:
        return fits & Q(role_id__in=tn_role_ids(known))
    if term in PROFESSION_TERMS:
        return fits & Q(role_id__in=tn_role_ids(known, PROFESSION_TERMS[term]))
    if term in (Term.CAP_EXEMPT, Term.TRANSFER_CAP_EXEMPT):
        return fits & Q(employer_id__in=known.cap_exempt_employers)
    return fits


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
