"""The demo: fictional employers with fictional government records, and the jobs
`manage.py seed_demo` generates for them.

Vocabulary: places.py (real cities), employers.py (invented employers and what their records
say), roles.py (titles and pay), wording.py (the sentences of postings). records.py writes the
government records into the tables real imports fill; plan.py looks up the reference rows and
decides where listed jobs go; jobs.py drafts jobs; loading.py writes them by COPY through the
importer's own column list (`listings.ingest.columns`).
"""
