from listings.models.feeds import Feed, JobSource, SponsorshipChange
from listings.models.government import (
    AcwiaWage,
    CityWageArea,
    DataImport,
    EmployerAlias,
    FilingYear,
    H1BApproval,
    LCAFiling,
    PermEvidence,
    PermFiling,
    PrevailingWage,
    SponsorEvidence,
    WageArea,
    WageCounty,
)
from listings.models.jobs import (
    AppliedMark,
    City,
    Employer,
    Job,
    JobQuerySet,
    Role,
    State,
    VisaType,
)
from listings.models.outcomes import Outcome
from listings.models.summary import ListingCount
from listings.models.tracker import SavedJob

__all__ = [
    "AppliedMark",
    "City",
    "CityWageArea",
    "DataImport",
    "Employer",
    "EmployerAlias",
    "Feed",
    "FilingYear",
    "H1BApproval",
    "Job",
    "JobQuerySet",
    "JobSource",
    "LCAFiling",
    "PermEvidence",
    "PermFiling",
    "Outcome",
    "ListingCount",
    "AcwiaWage",
    "SavedJob",
    "PrevailingWage",
    "Role",
    "SponsorEvidence",
    "SponsorshipChange",
    "State",
    "VisaType",
    "WageArea",
    "WageCounty",
]
