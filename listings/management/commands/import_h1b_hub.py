from listings.models import DataImport
from listings.sponsors.command import ImportCommand
from listings.sponsors.hub import import_hub


class Command(ImportCommand):
    help = "Import a USCIS H-1B Employer Data Hub file (any published layout)."
    importer = staticmethod(import_hub)
    counts = (DataImport.Kind.HUB,)
