from listings.sponsors.command import ImportCommand
from listings.sponsors.flag import import_wages


class Command(ImportCommand):
    help = "Import OFLC FLAG wage data: ALC_Export.csv, Geography.csv, a folder or the zip."
    importer = staticmethod(import_wages)
