from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from listings.ingest.sponsorship.evaluation import FOLDS, cross_validate, describe, score


class Command(BaseCommand):
    help = (
        "Score the sponsorship classifier: k-fold cross-validation on the training postings "
        "(grouped by company), or a labelled set it never saw (--labels)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folds", type=int, default=FOLDS)
        parser.add_argument("--labels", help="a labelled-set CSV to score the shipped model on")
        parser.add_argument("--misses", action="store_true", help="list every miss")

    def handle(self, *args: object, folds: int, labels: str | None, misses: bool, **options):
        if labels:
            path = Path(labels)
            if not path.is_file():
                raise CommandError(f"{path}: no such labels file")
            try:
                report = score(path)
            except (KeyError, OSError, ValueError) as error:
                raise CommandError(f"{path}: cannot read the labelled set ({error})") from error
            self.stdout.write(f"shipped model on {path.name}")
        else:
            report = cross_validate(k=folds)
            self.stdout.write(f"{folds}-fold cross-validation, grouped by company")
        for line in describe(report, misses):
            self.stdout.write(line)
