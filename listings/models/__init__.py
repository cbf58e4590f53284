from listings.models.jobs import (
    AppliedMark,
    City,
    Employer,
    Job,
    JobQuerySet,
    ListingCount,
    Role,
    State,
    VisaType,
)

__all__ = [
    "AppliedMark",
    "City",
    "Employer",
    "Job",
    "JobQuerySet",
    "ListingCount",
    "Role",
    "State",
    "VisaType",
]
