from django.core.management.base import BaseCommand

from listings.ingest.feeds import expire_jobs


class Command(BaseCommand):
    help = "Expire jobs whose valid-through date has passed (also run by Celery beat)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{expire_jobs()} jobs expired")
