from listings.models import DataImport
from listings.sponsors.command import ImportCommand
from listings.sponsors.perm import import_perm


class Command(ImportCommand):
    help = "Import a DOL PERM disclosure file (xlsx or CSV, any layout since FY2005)."
    importer = staticmethod(import_perm)
    counts = (DataImport.Kind.PERM,)
