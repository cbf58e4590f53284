"""The progress bar every import shows on a terminal, and hides in cron jobs and tests."""

from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn


def progress_bar(enabled: bool, description: str, total: int) -> tuple[Progress, Any]:
    """A rich progress bar on stderr; `enabled` is false off a terminal (cron, tests).
    A total of 0 (a download of unknown length) shows a bar without an end."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
        transient=True,
    )
    return bar, bar.add_task(description, total=total or None)
