"""A member's visa situation and a job's facts, as the plain values the route rules read."""

from dataclasses import dataclass
from datetime import date

from django.db import models


class Status(models.TextChoices):
    NONE = "none", "No US status"
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
    ASSOCIATE = "associate", "Associate degree"
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


@dataclass(frozen=True)
class JobFacts:
    role_slug: str
    role_name: str
    employer: str
    sponsorship: str
    cap_exempt: bool
    e_verify: bool  # the posting's own notice, or the employer's admin flag
    wage_level: int | None = None  # 0: below Level I; 1-4; None: we cannot tell
    accepts_opt: bool | None = None  # the posting welcomes OPT students, shuts them out, or neither
    offer_limited_to: frozenset[str] = frozenset()  # Job.offer_limits: empty when not limited

    @classmethod
    def of(cls, job, wage_level: int | None = None) -> "JobFacts":
        return cls(
            role_slug=job.role.slug,
            role_name=job.role.name,
            employer=job.employer.name,
            sponsorship=job.sponsorship,
            cap_exempt=job.employer.is_cap_exempt,
            e_verify=job.e_verify or job.employer.e_verify,
            wage_level=wage_level,
            accepts_opt=job.accepts_opt,
            offer_limited_to=job.offer_limits,
        )


def profile_of(request) -> Profile | None:
    """The member's profile that accounts put on the request, if there is one."""
    profile = getattr(request, "visa_profile", None)
    return profile if profile else None  # a lazy object wrapping None is falsy
