"""Writing feed records in batches, set-based: one lookup of what exists, one insert of
what is new, one update of what changed; unchanged rows are not written at all, so a re-run
of the same file changes nothing. Duplicates (the same posting under another id, or from
another feed) join the existing job as another JobSource."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.utils import timezone
from psycopg2.extras import execute_values

from listings.ingest.columns import INSERTED, PREPARED
from listings.ingest.normalize import html_to_text, near_identical
from listings.ingest.prepare import Prepared, Vocabulary, load_places, prepare
from listings.ingest.readers.records import RawJob, Skip
from listings.ingest.summary import ExpiryRefused, Summary, expiry_refusal
from listings.models import Feed, Job, JobSource, SponsorshipChange

# Part of every stored hash: bump it when normalising or classifying changes, so the next
# import re-prepares records whose source data did not change.
PREPARE_VERSION = "2"


def raw_hash(raw: RawJob) -> str:
    data = [PREPARE_VERSION, *(v for k, v in vars(raw).items() if k != "where")]
    return hashlib.md5(
        json.dumps(data, default=str, ensure_ascii=False).encode(), usedforsecurity=False
    ).hexdigest()


class Run:
    """One import: batches written inside the caller's transaction, then the expiry of what
    this origin no longer lists."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.feed_id = _feed_id(origin)
        self.started = timezone.now()
        self.summary = Summary()
        self._keys: set[int] = set()
        with connection.cursor() as cursor:
            # Two imports of the same feed at once would race on the same rows: serialise.
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [origin])
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS import_seen (id bigint PRIMARY KEY) ON COMMIT DROP"
            )
            cursor.execute("TRUNCATE import_seen")

    def stage(self, raws: list[RawJob], vocab: Vocabulary) -> "_Staged":
        """The database half of reading a batch: what exists, and the employers and cities
        the batch needs. A record whose source data is byte-for-byte what we stored last time
        is done here: re-running a feed costs one lookup per batch."""
        raws = self._drop_repeats(raws)
        existing = self._existing(raws) if raws else {}
        todo, seen = [], []
        for raw in raws:
            digest = raw_hash(raw)
            found = existing.get((raw.source, raw.external_id))
            same = found and found[0] and found[2] == digest and not found[3]
            if same and found[4] == self.origin:
                self.summary.unchanged += 1
                seen.append(found[0])
                continue
            todo.append((raw, digest))
        vocab.load_employers([raw.employer for raw, _ in todo if raw.employer])
        load_places([raw for raw, _ in todo], vocab)
        return _Staged(todo, existing, seen)

    def prepare(self, staged: "_Staged", vocab: Vocabulary) -> "_Staged":
        """The CPU half: normalise, sanitise, classify. Touches no database."""
        for raw, digest in staged.todo:
            item = prepare(raw, vocab)
            if isinstance(item, Skip):
                self.summary.skip(item)
                continue
            item.content_hash = digest
            found = staged.existing.get((raw.source, raw.external_id))
            self._undate_future(item, found[6] if found else None)
            if found is None:
                staged.new.append(item)
                continue
            source_id, job_id, _, gone, _, state, _ = found
            item.job_id = job_id
            item.extra = {"source_id": source_id, "gone": gone, "old_state": state}
            staged.changed.append(item)
        return staged

    def _undate_future(self, item: Prepared, stored) -> None:
        """A posting date ahead of now (a wrong time zone is enough) would sort the job
        above everything for as long as it stays ahead: it becomes the time of the first
        import that saw it."""
        if item.fields["posted_at"] > self.started:
            self.summary.future_dated += 1
            item.fields["posted_at"] = min(stored or self.started, self.started)

    def persist(self, staged: "_Staged") -> None:
        self._update(staged.changed)
        self._create(staged.new)
        ids = [item.extra["source_id"] for item in staged.changed + staged.new]
        self._mark_seen(staged.seen + ids)

    # -- steps ----------------------------------------------------------------------------

    def _drop_repeats(self, batch: list[RawJob]) -> list[RawJob]:
        """The same record twice in one file is one job: the first wins. Keys are kept as
        hashes for the whole run (8 bytes of state per record, not the record)."""
        unique = []
        for item in batch:
            key = hash((item.source, item.external_id))
            if key in self._keys and item.external_id:  # no id: skipped when prepared
                self.summary.merged += 1
                continue
            self._keys.add(key)
            unique.append(item)
        return unique

    def _existing(self, batch: list[RawJob]) -> dict:
        """(source, external id) -> (source row id, job id, hash, gone, origin, sponsorship)
        for this batch, in one query; jobs from before sources were recorded count too."""
        by_source: dict[str, list[str]] = {}
        for item in batch:
            by_source.setdefault(item.source, []).append(item.external_id)
        match = Q()
        for source, ids in by_source.items():
            match |= Q(source=source, external_id__in=ids)
        found = {
            (s, e): (pk, job_id, digest, gone is not None, origin, state, posted)
            for pk, s, e, job_id, digest, gone, origin, state, posted in JobSource.objects.filter(
                match
            ).values_list(
                "pk",
                "source",
                "external_id",
                "job_id",
                "content_hash",
                "gone_at",
                "origin",
                "job__sponsorship",
                "job__posted_at",
            )
        }
        if len(found) < len(batch):
            legacy = Job.objects.filter(match).values_list(
                "pk", "source", "external_id", "sponsorship", "posted_at"
            )
            for pk, source, external_id, state, posted in legacy:
                found.setdefault((source, external_id), (None, pk, "", False, "", state, posted))
        return found

    def _update(self, items: list[Prepared]) -> None:
        if not items:
            return
        now = timezone.now()
        # A posting back in its feed is open again.
        self._rewrite(items, {item.job_id for item in items if item.extra.get("gone")}, now)
        self._save_sources(items, now)
        self.summary.updated += len(items)

    def _rewrite(self, items: list[Prepared], reopen: set[int], now) -> None:
        """Each item's job takes its fields (the first item per job wins), recording
        sponsorship flips; the jobs in `reopen` are open again."""
        firsts: dict[int, Prepared] = {}
        for item in items:
            firsts.setdefault(item.job_id, item)
        jobs = [Job(pk=pk, updated_at=now, **item.fields) for pk, item in firsts.items()]
        Job.objects.bulk_update(jobs, [*PREPARED, "updated_at"], batch_size=500)
        if reopen:
            expired = Job.objects.filter(pk__in=reopen, expired_at__isnull=False)
            self.summary.reopened += expired.update(expired_at=None)
        states = [
            (pk, i.extra["old_state"], i.fields["sponsorship"], i.fields["sponsorship_evidence"])
            for pk, i in firsts.items()
        ]
        SponsorshipChange.objects.record(states, now)
        through = Job.visa_types.through
        through.objects.filter(job_id__in=list(firsts)).delete()
        through.objects.bulk_create(
            [through(job_id=pk, visatype_id=v) for pk, i in firsts.items() for v in i.visa_ids]
        )

    def _save_sources(self, items: list[Prepared], now) -> None:
        """Each updated job's source row records this origin and what it held this time."""
        sources = [
            JobSource(
                pk=item.extra["source_id"],
                job_id=item.job_id,
                source=item.raw.source,
                external_id=item.raw.external_id,
                origin=self.origin,
                feed_id=self.feed_id,
                content_hash=item.content_hash,
                last_seen_at=now,
                gone_at=None,
            )
            for item in items
        ]
        with_pk = [s for s in sources if s.pk]
        fields = ["origin", "feed", "content_hash", "last_seen_at", "gone_at"]
        JobSource.objects.bulk_update(with_pk, fields, batch_size=500)
        created = JobSource.objects.bulk_create([s for s in sources if not s.pk])
        without_source = [i for i in items if not i.extra["source_id"]]
        for item, source in zip(without_source, created, strict=True):
            item.extra["source_id"] = source.pk

    def _create(self, items: list[Prepared]) -> None:
        if not items:
            return
        self._find_duplicates(items)
        reposts = [item for item in items if "old_state" in item.extra]
        if reposts:
            # Reopened rather than started anew: members' applied and saved marks, the
            # job's address and its history stay with the role the employer reposted.
            self._rewrite(reposts, {item.job_id for item in reposts}, timezone.now())
        fresh = [item for item in items if item.merge_into is None and item.job_id is None]
        for item, pk in zip(fresh, _insert_jobs(fresh), strict=True):
            item.job_id = pk
        for item in items:
            if item.merge_into is not None:
                item.job_id = item.merge_into.job_id
        through = Job.visa_types.through
        through.objects.bulk_create(
            [through(job_id=i.job_id, visatype_id=v) for i in fresh for v in i.visa_ids]
        )
        now = timezone.now()
        rows = [
            (i.job_id, i.raw.source, i.raw.external_id, self.origin, self.feed_id,
             i.content_hash, now, now)
            for i in items
        ]  # fmt: skip
        for item, pk in zip(items, _insert_returning(_INSERT_SOURCES, rows), strict=True):
            item.extra["source_id"] = pk
        self.summary.created += len(fresh)
        self.summary.merged += len(items) - len(fresh)

    def _find_duplicates(self, items: list[Prepared]) -> None:
        """A new record with the same employer, title and place as a job we have (or as an
        earlier record of this batch) and a near-identical description joins that job."""
        keys = {item.dedupe_key for item in items}
        candidates: dict[str, list[tuple[int, str, str | None]]] = {}
        today = timezone.localdate()
        found = Job.objects.filter(dedupe_key__in=keys).values_list(
            "pk", "dedupe_key", "description_html", "expired_at", "valid_through", "sponsorship"
        )
        for pk, key, description, expired_at, through, state in found:
            closed = expired_at is not None or (through is not None and through < today)
            text = html_to_text(description)
            candidates.setdefault(key, []).append((pk, text, state if closed else None))
        pending: dict[str, list[Prepared]] = {}
        for item in items:
            for pk, text, closed_state in candidates.get(item.dedupe_key, []):
                if near_identical(item.text, text):
                    item.job_id = pk
                    if closed_state is not None:
                        # A repost of a closed job: it opens again with this record's
                        # fields (its new address, date and text).
                        item.extra["old_state"] = closed_state
                    break
            if item.job_id is not None:
                continue
            for earlier in pending.get(item.dedupe_key, []):
                if near_identical(item.text, earlier.text):
                    item.merge_into = earlier
                    break
            if item.merge_into is None:
                pending.setdefault(item.dedupe_key, []).append(item)
        # Records joining an existing job count as merged, not created.
        for item in items:
            if item.job_id is not None and item.merge_into is None:
                item.merge_into = _Existing(item.job_id)

    def _mark_seen(self, source_ids: list[int]) -> None:
        if source_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO import_seen SELECT unnest(%s::bigint[]) ON CONFLICT DO NOTHING",
                    [source_ids],
                )

    def expire_missing(self, allow_mass_expiry: bool = False) -> int:
        """Jobs of this origin that the complete feed no longer lists expire, unless another
        source still lists them. ExpiryRefused when the run does not show the feed was read
        (see summary.expiry_refusal), unless the operator confirmed the shrink."""
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT count(*), count(*) FILTER (
                       WHERE NOT EXISTS (SELECT 1 FROM import_seen t WHERE t.id = s.id))
                   FROM listings_jobsource s WHERE s.origin = %s AND s.gone_at IS NULL""",
                [self.origin],
            )
            listed, missing = cursor.fetchone()
            reason = expiry_refusal(self.summary, listed, missing)
            if reason and not allow_mass_expiry:
                raise ExpiryRefused(reason)
            if not missing:
                return 0
            cursor.execute(
                """UPDATE listings_jobsource s SET gone_at = %s
                   WHERE s.origin = %s AND s.gone_at IS NULL
                     AND NOT EXISTS (SELECT 1 FROM import_seen t WHERE t.id = s.id)""",
                [self.started, self.origin],
            )
            cursor.execute(
                """UPDATE listings_job j SET expired_at = %s, updated_at = %s
                   WHERE j.expired_at IS NULL
                     AND EXISTS (SELECT 1 FROM listings_jobsource s
                                 WHERE s.job_id = j.id AND s.origin = %s AND s.gone_at = %s)
                     AND NOT EXISTS (SELECT 1 FROM listings_jobsource s
                                     WHERE s.job_id = j.id AND s.gone_at IS NULL)""",
                [self.started, self.started, self.origin, self.started],
            )
            self.summary.expired = cursor.rowcount
        return self.summary.expired


@dataclass
class _Existing:
    job_id: int


@dataclass
class _Staged:
    todo: list[tuple[RawJob, str]]
    existing: dict
    seen: list[int]
    changed: list[Prepared] = field(default_factory=list)
    new: list[Prepared] = field(default_factory=list)


# Plain multi-row INSERTs: at 100,000 rows the ORM's per-field preparation is most of the
# Python time of an import, and the generated columns are computed by PostgreSQL anyway.
_INSERT_JOBS = f"INSERT INTO listings_job ({', '.join(INSERTED)}) VALUES %s RETURNING id"
_INSERT_SOURCES = (
    "INSERT INTO listings_jobsource (job_id, source, external_id, origin, feed_id, "
    "content_hash, first_seen_at, last_seen_at) VALUES %s RETURNING id"
)


def _feed_id(origin: str) -> int | None:
    """The registered feed an origin names ("feed:12"), if it exists."""
    number = origin.removeprefix("feed:")
    if number == origin or not number.isdigit():
        return None
    return Feed.objects.filter(pk=int(number)).values_list("pk", flat=True).first()


def _insert_jobs(items: list[Prepared]) -> list[int]:
    now = timezone.now()
    start = {"expired_at": None, "verified_sponsor": False, "created_at": now, "updated_at": now}
    rows = []
    for item in items:
        row = {**start, "source": item.raw.source, "external_id": item.raw.external_id}
        row.update(item.fields)
        rows.append(tuple(row[name] for name in INSERTED))
    return _insert_returning(_INSERT_JOBS, rows)


def _insert_returning(sql: str, rows: list[tuple]) -> list[int]:
    """Ids in the order of `rows` (PostgreSQL returns a VALUES insert's rows in order)."""
    if not rows:
        return []
    with connection.cursor() as cursor:
        result = execute_values(cursor.cursor, sql, rows, page_size=len(rows), fetch=True)
    return [row[0] for row in result]
