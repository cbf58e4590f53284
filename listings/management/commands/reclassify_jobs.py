import sys

from django.core.management.base import BaseCommand, CommandParser

from listings.ingest.sponsorship import VERSION
from listings.ingest.sponsorship.reclassify import BATCH_SIZE, reclassify_jobs


class Command(BaseCommand):
    help = (
        "Judge again the sponsorship of every job judged by an older classifier version; "
        "safe to interrupt and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args: object, batch_size: int, **options: object) -> None:
        summary = reclassify_jobs(batch_size, progress=sys.stderr.isatty())
        self.stdout.write(
            f"classifier version {VERSION}: {summary.judged} jobs judged, "
            f"{summary.changed} changed state"
        )
