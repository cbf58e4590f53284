from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from listings.ingest.evaluation import describe, evaluate, load

DEFAULT_LABELS = Path(settings.BASE_DIR) / "tests" / "data" / "sponsorship_labels.csv"


class Command(BaseCommand):
    help = "Score the sponsorship classifier on the labelled postings: confusion matrix, misses."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--labels", default=str(DEFAULT_LABELS), help="labels CSV")

    def handle(self, *args, labels: str, **options) -> None:
        path = Path(labels)
        if not path.is_file():
            raise CommandError(f"{path}: no such labels file")
        try:
            items = load(path)
        except (KeyError, OSError, ValueError) as error:
            raise CommandError(f"{path}: cannot read the labelled set ({error})") from error
        self.stdout.write(f"{len(items)} labelled items")
        for line in describe(evaluate(items)):
            self.stdout.write(line)
