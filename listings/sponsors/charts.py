"""Bar charts drawn as SVG on the server: geometry computed here, drawn by
templates/listings/charts.html. No chart script, and colours come from CSS classes."""

from dataclasses import dataclass, field

WIDTH, HEIGHT, BASELINE = 640, 220, 190  # px; labels sit below the baseline
PLOT_TOP = 20


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    value: int
    series: int  # 0 or 1: the CSS class picks the colour


@dataclass
class Group:
    label: str
    label_x: int
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    legend: list[str]
    groups: list[Group]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = BASELINE


def grouped_bars(title: str, legend: list[str], rows: list[tuple[str, list[int]]]) -> Chart:
    """One group of bars per row (a fiscal year), one bar per series (approvals, denials)."""
    top = max((value for _, values in rows for value in values), default=0) or 1
    slot = WIDTH // max(len(rows), 1)
    bar_width = max(min(slot // (len(legend) + 1), 48), 4)
    groups = []
    for index, (label, values) in enumerate(rows):
        left = index * slot + (slot - bar_width * len(values)) // 2
        group = Group(label, index * slot + slot // 2)
        for series, value in enumerate(values):
            height = round((BASELINE - PLOT_TOP) * value / top)
            group.bars.append(
                Bar(
                    left + series * bar_width,
                    BASELINE - height,
                    bar_width - 2,
                    height,
                    value,
                    series,
                )
            )
        groups.append(group)
    return Chart(title, legend, groups)
