"""The management commands' shared shape: import, refresh what depends on the data, print a
summary; a bad file ends with a one-line message and a non-zero exit."""

from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError

from listings.caching import bump_govdata_version
from listings.sponsors.flag import refresh_city_areas
from listings.sponsors.tables import BadFile, Summary
from listings.sponsors.verified import refresh_verified_sponsors
from listings.sponsors.yearly import refresh_filing_years


class ImportCommand(BaseCommand):
    importer: Callable[..., Summary]
    counts: tuple[str, ...] = ()  # the yearly counts its rows feed (sponsors.yearly)

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        try:
            summary = type(self).importer(path, show_progress=self.stdout.isatty())
        except BadFile as error:
            raise CommandError(f"{path}: {error}") from None
        refresh_city_areas()
        refresh_filing_years(self.counts)
        changed = refresh_verified_sponsors()
        bump_govdata_version()
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(f"Jobs whose sponsor flags changed: {changed:,}.")
