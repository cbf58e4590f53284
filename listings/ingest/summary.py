"""What one import did, and the guard that keeps a bad read from unlisting a board: expiry
follows only a run that read the feed well enough to know what is gone."""

from dataclasses import dataclass, field

from django.conf import settings

from listings.ingest.readers.records import FileRefused, Skip

KEPT_SKIPS = 1000


class ExpiryRefused(FileRefused):
    """The run would unlist jobs it has no good reason to think are gone. Nothing of it is
    written; the operator confirms a real shrink with --allow-mass-expiry."""


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0
    expired: int = 0
    skipped: int = 0
    reopened: int = 0  # expired jobs open again: relisted, or reposted under another id
    future_dated: int = 0  # posting dates ahead of the import, stored as the import time
    unreadable: int = 0  # skips other than readable postings that are not for this site
    skips: list[Skip] = field(default_factory=list)  # the first KEPT_SKIPS, in file order
    skip_reasons: dict[str, int] = field(default_factory=dict)  # every skip, by reason

    def skip(self, skip: Skip) -> None:
        """Keeps memory flat on a huge file full of bad records: the first skips in full,
        the rest as counts per reason."""
        self.skipped += 1
        self.unreadable += not skip.out_of_scope
        if len(self.skips) < KEPT_SKIPS:
            self.skips.append(skip)
        else:
            reason = skip.reason.split(" (")[0].split("'")[0].split('"')[0].strip()
            self.skip_reasons[reason] = self.skip_reasons.get(reason, 0) + 1

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.merged + self.expired

    @property
    def read(self) -> int:
        """Records in the feed (repeats of one id included)."""
        return self.created + self.updated + self.unchanged + self.merged + self.skipped

    def line(self) -> str:
        line = (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.merged} merged as duplicates, {self.skipped} skipped, "
            f"{self.expired} expired"
        )
        if self.reopened:
            line += f", {self.reopened} reopened"
        if self.future_dated:
            line += f", {self.future_dated} dated in the future (stored as the import time)"
        return line


def expiry_refusal(summary: Summary, listed: int, missing: int) -> str | None:
    """Why this run must not expire anything, or None. `listed`: this origin's jobs open
    before the run; `missing`: how many of them the run did not see."""
    if summary.read and summary.unreadable == summary.read:
        first = summary.skips[0].reason if summary.skips else "unreadable"
        return (
            f"all {summary.read} records were skipped ({first}): is the format right?"
            if summary.read > 1
            else f"its only record was skipped ({first}): is the format right?"
        )
    if summary.read == 0 and listed:
        were = "job was" if listed == 1 else "jobs were"
        return f"the feed listed no jobs, where {listed} open {were} listed before"
    share = missing / listed if listed else 0
    if missing > settings.FEED_MASS_EXPIRY_FLOOR and share > settings.FEED_MASS_EXPIRY_SHARE:
        return (
            f"it would expire {missing} of {listed} open jobs ({share:.0%}, more than "
            f"{settings.FEED_MASS_EXPIRY_SHARE:.0%})"
        )
    return None
