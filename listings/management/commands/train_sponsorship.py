from django.core.management.base import BaseCommand

from listings.ingest.sponsorship.model import ARTEFACT
from listings.ingest.sponsorship.training import TRAINING, build


class Command(BaseCommand):
    help = "Rebuild the sponsorship model from the labelled postings shipped in the repository."

    def handle(self, *args: object, **options: object) -> None:
        model = build()
        self.stdout.write(
            f"{ARTEFACT.name}: {len(model.weights)} features, {ARTEFACT.stat().st_size:,} bytes, "
            f"from {TRAINING.name}/"
        )
