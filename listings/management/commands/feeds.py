from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from listings.ingest import feeds
from listings.ingest.readers.records import FileRefused
from listings.ingest.starter import boards as starter_boards
from listings.ingest.summary import ExpiryRefused
from listings.management.commands.import_jobs import refused_expiry
from listings.models import Feed
from listings.models.feeds import FORMAT_CHOICES
from listings.sponsors.lca_counts import count_certified, government_names
from listings.sponsors.tables import BadFile

FORMATS = [code for code, _ in FORMAT_CHOICES]


class Command(BaseCommand):
    help = "Register, list, refresh, pause and resume the job feeds beat refreshes every hour."

    def add_arguments(self, parser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add = actions.add_parser("add", help="register a feed, or the starter list (--starter)")
        add.add_argument("name", nargs="?", help="a name of your choosing, e.g. Datadog")
        add.add_argument("format", nargs="?", help=f"one of: {', '.join(FORMATS)}")
        add.add_argument("location", nargs="?", help="the board token or the feed's https:// URL")
        add.add_argument("--employer", default="", help="employer name for Lever and Ashby")
        add.add_argument("--starter", action="store_true", help="the shipped list of public boards")
        actions.add_parser("list", help="each feed's health, open jobs and last refresh")
        refresh = actions.add_parser("refresh", help="refresh one feed now")
        refresh.add_argument("name")
        refresh.add_argument(
            "--allow-mass-expiry",
            action="store_true",
            help="confirm the board really shrank: expire what it no longer lists",
        )
        for action in ("pause", "resume"):
            actions.add_parser(action, help=f"{action} one feed").add_argument("name")
        lca = actions.add_parser(
            "lca",
            help="certified LCAs of each feed's employer, from DOL LCA disclosure files",
        )
        lca.add_argument("files", nargs="+", metavar="FILE", help="disclosure files, xlsx or CSV")
        lca.add_argument(
            "--starter", action="store_true", help="check the starter list, registered or not"
        )
        lca.add_argument("--year", type=int, help="fiscal year (default: the files' latest)")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    def _add(self, name, format, location, employer, starter: bool, **options) -> None:
        if starter:
            if name or format or location:
                raise CommandError("give either --starter or NAME FORMAT LOCATION, not both")
            added, known = _add_starter()
            self.stdout.write(f"{added} starter feeds added, {known} already registered")
            return
        if not (name and format and location):
            raise CommandError("feeds add needs NAME FORMAT LOCATION (or --starter)")
        if Feed.objects.filter(name=name).exists():
            raise CommandError(f"a feed named {name!r} is already registered")
        feed = Feed(name=name, format=format, location=location, employer_name=employer)
        try:
            feed.full_clean()
        except ValidationError as error:
            problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
            raise CommandError(f"not added: {problems}") from error
        feed.save()
        self.stdout.write(f"added {feed.name} ({feed.url}); beat's next refresh imports it")

    def _list(self, **options) -> None:
        rows = [["NAME", "FORMAT", "STATUS", "OPEN JOBS", "LAST SUCCESS", "LAST ERROR", "NEXT"]]
        for feed in Feed.objects.with_open_jobs():
            rows.append([
                feed.name,
                feed.format,
                feed.status,
                str(feed.open_jobs),
                _when(feed.last_success_at),
                " ".join((feed.last_error or "-").split())[:80],
                _when(feed.next_refresh) if feed.active else "paused",
            ])  # fmt: skip
        if len(rows) == 1:
            self.stdout.write("No feeds yet: `feeds add --starter` registers a starter list.")
            return
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))

    def _refresh(self, name: str, allow_mass_expiry: bool, **options) -> None:
        feed = _feed(name)
        try:
            feeds.refresh_feed(feed, allow_mass_expiry=allow_mass_expiry)
        except ExpiryRefused as error:
            raise CommandError(refused_expiry(name, error)) from error
        except FileRefused as error:
            raise CommandError(f"refused {name}: {error}; nothing was changed") from error
        feed.refresh_from_db()
        self.stdout.write(self.style.SUCCESS(f"{name}: {feed.last_summary}"))

    def _pause(self, name: str, **options) -> None:
        feed = _feed(name)
        if not feed.active:
            raise CommandError(f"{name} is already paused ({feed.pause_reason})")
        feed.pause("by an operator")
        self.stdout.write(f"paused {name}: its jobs stay listed and are not refreshed")

    def _resume(self, name: str, **options) -> None:
        feed = _feed(name)
        if feed.active:
            raise CommandError(f"{name} is not paused")
        feed.resume()
        self.stdout.write(f"resumed {name}: beat's next refresh reads it")

    def _lca(self, files: list[str], starter: bool, year: int | None, **options) -> None:
        if starter:
            employers = [(board.name, board.employer) for board in starter_boards()]
        else:
            employers = [
                (feed.name, feed.employer_name or feed.name)
                for feed in Feed.objects.order_by("name")
            ]
        if not employers:
            raise CommandError("no feeds registered: --starter checks the starter list")
        names = government_names(employer for _, employer in employers)
        try:
            filings = count_certified(files, set().union(*names.values()), year)
        except BadFile as error:
            raise CommandError(str(error)) from None
        if not filings.years:
            raise CommandError("the files hold no LCA filing that could be read")
        if filings.fiscal_year not in filings.years:
            covered = ", ".join(f"FY{y}" for y in sorted(filings.years))
            raise CommandError(f"the files decide no case in FY{year} (they cover {covered})")
        fy = f"FY{filings.fiscal_year}"
        read = f"{filings.rows:,} row{'s' * (filings.rows != 1)}"
        self.stdout.write(
            f"Certified LCAs decided in {fy}: {len(files)} file{'s' * (len(files) > 1)},"
            f" {read} ({filings.unreadable:,} unreadable). ROLES: SOC groups 15 (computer"
            " and mathematical) and 17 (architecture and engineering); ALL: every occupation."
        )
        rows = [(feed, employer, *filings.count(names[employer])) for feed, employer in employers]
        rows.sort(key=lambda row: (-row[2], -row[3], row[0].lower()))
        table = [["FEED", "EMPLOYER", "ROLES", "ALL"]]
        table += [[feed, employer, str(roles), str(every)] for feed, employer, roles, every in rows]
        widths = [max(len(row[i]) for row in table) for i in range(4)]
        for row in table:
            line = "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())
        none = sum(1 for row in rows if row[2] == 0)
        if none:
            self.stdout.write(
                f"{none} of {len(rows)} employers have no certified LCA in our roles in {fy}"
                " under their name: check the name against the filings' EMPLOYER_NAME (an"
                " alias in the admin joins another spelling), or pause the feed."
            )


def _feed(name: str) -> Feed:
    feed = Feed.objects.filter(name=name).first()
    if feed is None:
        raise CommandError(f"no feed named {name[:100]!r}: `feeds list` shows them")
    return feed


def _when(moment) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC" if moment else "-"


@transaction.atomic
def _add_starter() -> tuple[int, int]:
    """Registers the boards not registered yet (by name, or by the same format and token)."""
    known = {name.lower() for name in Feed.objects.values_list("name", flat=True)}
    known |= set(Feed.objects.values_list("format", "location"))
    new = [
        Feed(name=board.name, format=board.format, location=board.token,
             employer_name=board.employer)
        for board in starter_boards()
        if board.name.lower() not in known and (board.format, board.token) not in known
    ]  # fmt: skip
    Feed.objects.bulk_create(new)
    return len(new), len(starter_boards()) - len(new)
