"""Bar charts drawn as SVG on the server: geometry computed here, drawn by
templates/listings/chart.html. Bars run across, one group per fiscal year, so each bar's value
is written at its end however many years there are; both axes carry a title and the value
axis a scale. No chart script, and colours come from CSS classes. Every chart sits beside a
table of the same figures, its text alternative."""

from dataclasses import dataclass, field

WIDTH = 480  # px, the viewBox: narrow, so a phone shrinks the text less
PLOT_LEFT = 88  # fiscal-year labels sit left of it
PLOT_RIGHT = 410  # the longest bar ends here; its value is written after it
PLOT_TOP = 26  # the year axis' title sits above
BAR, GAP = 14, 12  # px: one bar's thickness, the space between years
TONES = ("brand", "no", "ok", "muted")  # the CSS classes a series may take


@dataclass
class Bar:
    y: int
    length: int
    value: int
    text: str  # the value as written at the bar's end
    series: str  # the series' name, for the bar's tooltip
    tone: str
    x: int = PLOT_LEFT
    height: int = BAR - 2

    @property
    def text_x(self) -> int:
        return self.x + self.length + 4

    @property
    def text_y(self) -> int:
        return self.y + self.height - 2


@dataclass
class Group:
    label: str  # "FY2026"
    note: str  # a second line under the label: "partial"
    y: int  # the top of its first bar
    bars: list[Bar] = field(default_factory=list)

    @property
    def label_y(self) -> int:
        return self.y + 11

    @property
    def note_y(self) -> int:
        return self.y + 24


@dataclass
class Tick:
    x: int
    text: str


@dataclass
class Chart:
    key: str  # unique on its page: the SVG's title and description ids derive from it
    title: str
    value_title: str  # the value axis: "Petitions"
    year_title: str  # the year axis
    legend: list[tuple[str, str]]  # (series name, tone)
    groups: list[Group]
    ticks: list[Tick]
    height: int
    source: str = ""  # the public dataset the figures come from
    width: int = WIDTH
    left: int = PLOT_LEFT
    right: int = PLOT_RIGHT
    top: int = PLOT_TOP

    @property
    def axis_y(self) -> int:  # the value axis, under the last group
        return self.height - 36

    @property
    def tick_y(self) -> int:
        return self.axis_y + 14

    @property
    def value_title_y(self) -> int:
        return self.height - 4

    @property
    def value_title_x(self) -> int:
        return (self.left + self.right) // 2


def grouped_bars(
    key: str,
    title: str,
    value_title: str,
    legend: list[tuple[str, str]],
    rows: list[tuple[str, str, list[int]]],
    money: bool = False,
    source: str = "",
) -> Chart:
    """One group of bars per row (label, note, values): a fiscal year, one bar per series
    (approvals, denials). `money` writes values as dollars in thousands ($152k)."""
    assert all(tone in TONES for _, tone in legend)
    top = max((value for *_, values in rows for value in values), default=0) or 1
    span = PLOT_RIGHT - PLOT_LEFT
    step = BAR * len(legend) + GAP
    groups = []
    for index, (label, note, values) in enumerate(rows):
        group = Group(label, note, PLOT_TOP + index * step)
        for number, value in enumerate(values):
            name, tone = legend[number]
            y = group.y + number * BAR
            length = round(span * value / top)
            group.bars.append(Bar(y, length, value, _text(value, money), name, tone))
        groups.append(group)
    height = PLOT_TOP + len(rows) * step + 36
    ticks = [Tick(PLOT_LEFT, _text(0, money)), Tick(PLOT_RIGHT, _text(top, money))]
    if top >= 4:  # a middle mark, at a whole number
        middle = top // 2
        ticks.insert(1, Tick(PLOT_LEFT + round(span * middle / top), _text(middle, money)))
    return Chart(key, title, value_title, "Fiscal year", legend, groups, ticks, height, source)


def _text(value: int, money: bool) -> str:
    if money:
        return f"${round(value / 1000):,}k" if value else "$0"
    return f"{value:,}"
