"""Thin tasks: beat wakes them, PostgreSQL knows what is due. A lost wake-up delays mail and
never loses it, because the next one finds the same rows."""

import smtplib

from celery import shared_task

from alerts import emails, matching


@shared_task
def match_new_jobs() -> int:
    matched = matching.match_new_jobs()
    matching.prepare_digests()
    return matched


@shared_task(
    autoretry_for=(OSError, smtplib.SMTPException),
    retry_backoff=30,
    retry_backoff_max=600,
    max_retries=5,
)
def send_digests() -> int:
    matching.prepare_digests()
    return emails.send_due_digests()
