"""The management commands' shared shape: import, refresh what depends on the data, print a
summary; a bad file ends with a one-line message and a non-zero exit."""

from collections.abc import Callable
from contextlib import suppress

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from redis.exceptions import RedisError

from listings.employers import refresh_verified_sponsors
from listings.govdata.base import BadFile, Summary
from listings.govdata.wages import refresh_city_areas

FAQ_VERSION_KEY = "govdata-version"


def bump_data_version() -> None:
    """Pages cache what they compute from government data under this version."""
    with suppress(RedisError):
        cache.set(FAQ_VERSION_KEY, (cache.get(FAQ_VERSION_KEY) or 0) + 1, timeout=None)


class ImportCommand(BaseCommand):
    importer: Callable[..., Summary]

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        try:
            summary = type(self).importer(path, show_progress=self.stdout.isatty())
        except BadFile as error:
            raise CommandError(f"{path}: {error}") from None
        refresh_city_areas()
        changed = refresh_verified_sponsors()
        bump_data_version()
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(f"Jobs whose verified-sponsor flag changed: {changed:,}.")
