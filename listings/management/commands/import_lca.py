from listings.models import DataImport
from listings.sponsors.command import ImportCommand
from listings.sponsors.lca import import_lca


class Command(ImportCommand):
    help = "Import a DOL LCA disclosure file (xlsx or CSV)."
    importer = staticmethod(import_lca)
    counts = (DataImport.Kind.LCA,)
