import sys

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Rewrite every job row once, in batches of ids, so rows written before migration "
        "0019 keep their search vector in the row (a search tests it without a TOAST read). "
        "Safe to interrupt; --after resumes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--after", type=int, default=0, help="Start after this job id.")
        parser.add_argument("--batch-size", type=int, default=BATCH)

    def handle(self, *args: object, after: int, batch_size: int, **options: object) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT max(id) FROM listings_job")
            last = cursor.fetchone()[0] or 0
            rewritten = 0
            while after < last:
                # Writing a column as it is recomputes the stored generated search vector,
                # which PostgreSQL then stores as the column's storage now says. Nothing a
                # page shows changes (updated_at stays, so cached cards stay valid).
                cursor.execute(
                    "UPDATE listings_job SET employer_names = employer_names"
                    " WHERE id > %s AND id <= %s",
                    [after, after + batch_size],
                )
                rewritten += cursor.rowcount
                after += batch_size
                if sys.stderr.isatty():
                    sys.stderr.write(f"\r  up to id {after:,} of {last:,}")
        self.stdout.write(f"{rewritten:,} jobs rewritten")
