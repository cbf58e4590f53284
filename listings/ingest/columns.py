"""The job columns an import writes, named once. The feed importer (`upsert`) and the demo
generator (`listings.demo`) both write exactly these, so a new job column is one edit here
(and, for feeds, its value in `prepare`)."""

# What preparing a record decides, and what updating a changed record rewrites.
PREPARED = (
    "title",
    "slug",
    "role_id",
    "employer_id",
    "state_id",
    "city_id",
    "workplace",
    "employment_type",
    "experience",
    "salary_min",
    "salary_max",
    "salary_unit",
    "description_html",
    "apply_url",
    "posted_at",
    "valid_through",
    "sponsorship",
    "sponsorship_evidence",
    "e_verify",
    "sponsorship_version",
    "accepts_opt",
    "accepts_cpt",
    "offer_limited_to",
    "dedupe_key",
    # The employer's H-1B and green-card record as the run found it (the sponsor refresh
    # keeps them in step afterwards): set here, a new job is not written twice.
    "sponsors_h1b",
    "sponsors_green_card",
)

# A new job's row: where it came from, what was prepared, and the columns that later steps
# own (expiry, the verified-sponsor refresh) at their starting values.
INSERTED = (
    "source",
    "external_id",
    *PREPARED,
    "expired_at",
    "verified_sponsor",
    "created_at",
    "updated_at",
)
