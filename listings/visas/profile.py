"""A member's visa situation and a job's facts, as the plain values the route rules read."""

from dataclasses import dataclass
from datetime import date

from django.db import models

from listings.taxonomy.vocabulary import VISA_TYPES

VISA_CODE_BY_NAME = {visa.name: visa.code for visa in VISA_TYPES}


class Status(models.TextChoices):
    NONE = "none", "No US status (outside the US)"
    F1 = "f-1", "F-1 student"
    OPT = "opt", "F-1 OPT"
    STEM_OPT = "stem-opt", "F-1 STEM OPT"
    H1B = "h-1b", "H-1B"
    TN = "tn", "TN"
    E3 = "e-3", "E-3"
    H1B1 = "h-1b1", "H-1B1"
    L1 = "l-1", "L-1"
    O1 = "o-1", "O-1"
    OTHER = "other", "Other"


class Degree(models.TextChoices):
    NONE = "none", "No degree"
    ASSOCIATE = "associate", "Associate degree or post-secondary diploma"
    BACHELOR = "bachelor", "Bachelor's degree"
    MASTER = "master", "Master's degree"
    DOCTORATE = "doctorate", "Doctorate"


UNIVERSITY_DEGREES = (Degree.BACHELOR, Degree.MASTER, Degree.DOCTORATE)


@dataclass(frozen=True)
class Profile:
    """What a member told us, as plain values (accounts keeps the row)."""

    citizenships: frozenset[str]  # ISO 3166 alpha-2 codes
    status: str = Status.NONE
    degree: str = Degree.NONE
    stem: bool = False
    opt_end: date | None = None
    counted: bool | None = None  # H-1B holders: ever counted against the cap? None: not said
    experience: int = 0  # years of work in the field

    @property
    def abroad(self) -> bool:
        return self.status == Status.NONE


@dataclass(frozen=True)
class JobFacts:
    role_slug: str
    role_name: str
    employer: str
    sponsorship: str
    cap_exempt: bool
    e_verify: bool  # the posting's own notice, or what we know of the employer
    wage_level: int | None = None  # 0: below Level I; 1-4; None: we cannot tell
    visa_codes: frozenset[str] = frozenset()  # the visa types the posting names
    e_verify_evidence: str = ""  # why we know the employer uses E-Verify
    accepts_opt: bool | None = None  # the posting welcomes OPT students, shuts them out, or neither
    offer_limited_to: frozenset[str] = frozenset()  # Job.offer_limits: empty when not limited
    # The employer's certified PERM filings for this occupation and their fiscal year
    # (listings.sponsors.verified.with_evidence); 0 and None: none on record.
    occupation_perms: int = 0
    occupation_perm_year: int | None = None

    @property
    def green_card_only(self) -> bool:
        return self.visa_codes == {"green-card"}

    @classmethod
    def of(cls, job, wage_level: int | None = None) -> "JobFacts":
        return cls(
            role_slug=job.role.slug,
            role_name=job.role.name,
            employer=job.employer.name,
            sponsorship=job.sponsorship,
            cap_exempt=job.employer.is_cap_exempt,
            e_verify=job.e_verify or job.employer.uses_e_verify,
            wage_level=wage_level,
            visa_codes=_codes(getattr(job, "visa_names", None)),
            e_verify_evidence=e_verify_evidence(job),
            accepts_opt=job.accepts_opt,
            offer_limited_to=job.offer_limits,
            occupation_perms=getattr(job, "occupation_perms", None) or 0,
            occupation_perm_year=getattr(job, "occupation_perm_year", None),
        )


def _codes(names: list[str] | None) -> frozenset[str]:
    """The visa codes of the names a card query carries (Job.objects.for_cards)."""
    return frozenset(VISA_CODE_BY_NAME.get(name, "") for name in names or ())


def e_verify_evidence(job) -> str:
    """What tells us the employer of `job` uses E-Verify, in words ('' when nothing does)."""
    employer = job.employer
    if job.e_verify:
        return "this posting carries the E-Verify notice"
    if employer.e_verify is not None:  # the admin's answer wins over its other postings
        return "our records say it is enrolled" if employer.e_verify else ""
    if employer.e_verify_seen == "notice":
        return "another of its postings carries the E-Verify notice"
    if employer.e_verify_seen == "stem-opt":
        return "one of its postings says it takes STEM OPT candidates"
    return ""


def profile_of(request) -> Profile | None:
    """The member's profile that accounts put on the request, if there is one."""
    profile = getattr(request, "visa_profile", None)
    return profile if profile else None  # a lazy object wrapping None is falsy
