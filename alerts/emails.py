"""Sending digests: claim a batch with a conditional update, send it over one connection,
record each digest as sent the moment the server accepts it.

What is due lives in PostgreSQL. A worker killed mid-batch leaves its digests claimed; once
the claim is older than ALERTS_CLAIM_SECONDS another worker takes them over. The one digest
the server may have accepted just before the kill is then sent again, under the same
Message-ID (at-least-once, see docs/ALERTS.md).
"""

import logging
import smtplib
import uuid
from collections import defaultdict
from urllib.parse import quote

from django.conf import settings
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from alerts.matching import DIGEST_JOBS
from alerts.models import Alert, Digest
from listings.models import Job
from listings.visas import routes
from listings.visas.clock import clock
from listings.visas.profile import JobFacts

log = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "alerts.unsubscribe"

# Refusals of one message; the connection stays usable for the rest of the batch.
_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, smtplib.SMTPSenderRefused)
_CLAIM_SQL = """
UPDATE alerts_digest SET status = %(sending)s, claim = %(claim)s, claimed_at = now(),
       attempts = attempts + 1
WHERE id IN (
    SELECT id FROM alerts_digest
    WHERE (status = %(pending)s AND next_attempt_at <= now())
       OR (status = %(sending)s AND claimed_at < now() - make_interval(secs => %(stale)s))
    ORDER BY id LIMIT %(limit)s
    FOR UPDATE SKIP LOCKED
)
RETURNING id
"""


# Unsubscribe tokens: signed, and naming one alert.
def unsubscribe_token(alert: Alert) -> str:
    return signing.dumps(alert.pk, salt=UNSUBSCRIBE_SALT)


def alert_for_token(token: str) -> Alert | None:
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return Alert.objects.filter(pk=pk).first()


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text body and HTML body of templates/emails/<template>_*."""
    subject = render_to_string(f"emails/{template}_subject.txt", context)
    text = render_to_string(f"emails/{template}.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    return " ".join(subject.split()), text, html


def clock_line(user, jobs: list[Job]) -> str:
    """The digest's first line for a member with a visa profile: their clock's headline and
    how many of these jobs need no lottery ("84 days of OPT left; 6 of these jobs need no
    lottery"). Reads the profile loaded with the user, and the jobs' cards: no query."""
    try:
        profile = user.visa_profile.as_profile()
    except ObjectDoesNotExist:
        return ""
    today = timezone.localdate()
    free = sum(routes.needs_no_lottery(profile, JobFacts.of(job), today) for job in jobs)
    if len(jobs) == 1:
        count = "this job needs no lottery" if free else "this job needs the lottery"
    else:
        count = f"{free} of these jobs need{'s' * (free == 1)} no lottery"
    return "; ".join(filter(None, [clock(profile, today).headline, count])) + "."


def digest_message(digest: Digest, jobs: list[Job], more: int = 0) -> EmailMultiAlternatives:
    """The email of one digest: `jobs` (at most DIGEST_JOBS), and `more` that matched too,
    left to the search page the email links to."""
    alert = digest.alert
    token = unsubscribe_token(alert)
    unsubscribe_url = settings.SITE_URL + reverse("alerts:unsubscribe", args=[token])
    mailto = f"mailto:{settings.ALERTS_UNSUBSCRIBE_EMAIL}?subject={quote('unsubscribe-' + token)}"
    context = {
        "alert": alert,
        "clock": clock_line(alert.user, jobs),
        "jobs": jobs,
        "more": more,
        "site_url": settings.SITE_URL,
        "alerts_url": settings.SITE_URL + reverse("alerts:list"),
        "search_url": settings.SITE_URL + alert.search_url,
        "unsubscribe_url": unsubscribe_url,
        "Sponsorship": Job.Sponsorship,
    }
    subject, text, html = render_email("alert_digest", context)
    message = EmailMultiAlternatives(
        subject,
        text,
        to=[alert.user.email],
        headers={
            "Message-ID": digest.message_id,
            "List-Unsubscribe": f"<{unsubscribe_url}>, <{mailto}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def claim_batch(size: int) -> tuple[uuid.UUID, list[int]]:
    claim = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL,
            {
                "claim": claim,
                "stale": settings.ALERTS_CLAIM_SECONDS,
                "limit": size,
                "pending": Digest.Status.PENDING,
                "sending": Digest.Status.SENDING,
            },
        )
        return claim, sorted(row[0] for row in cursor.fetchall())


# Each digest's newest DIGEST_JOBS live jobs, and how many live jobs it holds in all.
_DIGEST_JOBS_SQL = """
SELECT digest_id, job_id, total FROM (
    SELECT g.id AS digest_id, j.id AS job_id,
           count(*) OVER (PARTITION BY g.id) AS total,
           row_number() OVER (PARTITION BY g.id ORDER BY j.posted_at DESC, j.id DESC) AS rank
    FROM alerts_digest g
    JOIN alerts_delivery d
      ON d.alert_id = g.alert_id
     AND d.matched_at > coalesce(g.matched_after, '-infinity')
     AND d.matched_at <= g.matched_until
    JOIN listings_job j ON j.id = d.job_id
    WHERE g.id = ANY(%s) AND j.id IN ({live})
) AS ranked
WHERE rank <= %s
"""


def _jobs_by_digest(digest_ids: list[int]) -> tuple[dict[int, list[Job]], dict[int, int]]:
    """The jobs each digest lists (at most DIGEST_JOBS, newest first) and how many more it
    holds; two queries for the whole batch."""
    live_sql, live_params = Job.objects.live().values("id").order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            _DIGEST_JOBS_SQL.format(live=live_sql),
            [digest_ids, *live_params, DIGEST_JOBS],
        )
        rows = cursor.fetchall()
    cards = Job.objects.for_cards().filter(pk__in={job for _, job, _ in rows})
    by_id = {job.pk: job for job in cards}
    grouped, more = defaultdict(list), {}
    for digest_id, job_id, total in rows:
        if job_id in by_id:
            grouped[digest_id].append(by_id[job_id])
        more[digest_id] = total - min(total, DIGEST_JOBS)
    for jobs in grouped.values():
        jobs.sort(key=lambda job: (job.posted_at, job.pk), reverse=True)
    return grouped, more


def _still_mine(digest: Digest, claim: uuid.UUID) -> bool:
    # Renews the claim just before sending; 0 rows means another worker took it over.
    held = Digest.objects.filter(pk=digest.pk, claim=claim, status=Digest.Status.SENDING)
    return held.update(claimed_at=timezone.now()) == 1


def _finish(digest: Digest, claim: uuid.UUID, **fields) -> None:
    Digest.objects.filter(pk=digest.pk, claim=claim).update(claim=None, **fields)


def _retry_later(digest: Digest, claim: uuid.UUID, error: Exception) -> None:
    log.warning("alert digest %s not sent: %s", digest.pk, error)
    _finish(
        digest,
        claim,
        status=Digest.Status.PENDING,
        next_attempt_at=timezone.now() + Digest.backoff(digest.attempts),
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )


def send_batch(size: int | None = None) -> int:
    """Claims up to `size` due digests and sends them over one connection; returns how many
    were sent, or -1 when nothing was due. Connection failures leave the rest due, with
    backoff, and are raised so the task can retry."""
    claim, ids = claim_batch(size or settings.ALERTS_SEND_BATCH)
    if not ids:
        return -1
    digests = list(
        Digest.objects.filter(pk__in=ids, claim=claim).select_related("alert__user__visa_profile")
    )
    jobs, more = _jobs_by_digest(ids)
    sent = 0
    mail = get_connection()
    try:
        mail.open()
        for digest in digests:
            if digest.alert.paused or not jobs.get(digest.pk):
                why = "alert paused" if digest.alert.paused else "every job has closed"
                _finish(digest, claim, status=Digest.Status.CANCELLED, last_error=why)
                continue
            if not _still_mine(digest, claim):
                continue
            try:
                mail.send_messages(
                    [digest_message(digest, jobs[digest.pk], more.get(digest.pk, 0))]
                )
            except _MESSAGE_ERRORS as error:
                _retry_later(digest, claim, error)
                continue
            _finish(digest, claim, status=Digest.Status.SENT, sent_at=timezone.now())
            sent += 1
    except (OSError, smtplib.SMTPException) as error:
        for digest in digests:
            _retry_later(digest, claim, error)  # only those still claimed by us change
        raise
    finally:
        mail.close()
    return sent


def send_due_digests() -> int:
    """Sends batches until nothing is due; returns how many digests were sent."""
    total = 0
    while (sent := send_batch()) >= 0:
        total += sent
    return total
