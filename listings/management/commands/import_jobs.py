import sys

from django.core.management.base import BaseCommand, CommandError

from listings.ingest.pipeline import run_import
from listings.ingest.readers import READERS
from listings.ingest.readers.records import FileRefused
from listings.ingest.summary import ExpiryRefused


class Command(BaseCommand):
    help = (
        "Import jobs from a feed file or URL. Streams the file, upserts on (source, id), "
        "merges duplicates, sanitises descriptions, classifies sponsorship; a refused file "
        "changes nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("location", help="a file path or an http(s) URL")
        parser.add_argument("--format", required=True, help=f"one of: {', '.join(READERS)}")
        parser.add_argument(
            "--employer", default="", help="employer name for feeds that give none (Ashby, Lever)"
        )
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="seconds to wait on a URL (default 30)"
        )
        parser.add_argument(
            "--origin",
            default="",
            help="group jobs by this name instead of the path when expiring vanished ones",
        )
        parser.add_argument(
            "--allow-mass-expiry",
            action="store_true",
            help="expire what the feed no longer lists even when that is most of it or all",
        )

    def handle(self, *args, location: str, format: str, employer: str, origin: str, **options):
        timeout = options["timeout"]
        if not 0 < timeout <= 600:
            raise CommandError("--timeout must be between 0 and 600 seconds")
        if format not in READERS:
            raise CommandError(f"unknown --format {format!r}: use one of {', '.join(READERS)}")
        progress = sys.stderr.isatty() and options.get("verbosity", 1) > 0
        try:
            summary = run_import(
                location,
                format,
                origin=origin or None,
                employer=employer[:200],
                progress=progress,
                timeout=timeout,
                allow_mass_expiry=options["allow_mass_expiry"],
            )
        except ExpiryRefused as error:
            raise CommandError(refused_expiry(location, error)) from error
        except FileRefused as error:
            raise CommandError(f"refused {location}: {error}; nothing was changed") from error
        except KeyboardInterrupt:
            raise CommandError("interrupted; nothing was changed, run it again") from None
        for skip in summary.skips:
            self.stdout.write(f"skipped {skip.where}: {skip.reason}")
        if summary.skip_reasons:
            more = summary.skipped - len(summary.skips)
            self.stdout.write(f"... and {more} more skips:")
            for reason, count in sorted(summary.skip_reasons.items(), key=lambda p: -p[1]):
                self.stdout.write(f"    {count} x {reason}")
        self.stdout.write(self.style.SUCCESS(summary.line()))


def refused_expiry(name: str, error: ExpiryRefused) -> str:
    return (
        f"refused {name}: {error}; nothing was changed (if the feed is right, run it again "
        "with --allow-mass-expiry)"
    )
