"""Measuring the sponsorship classifier against hand-labelled real postings.

The labels file names each item by its file and record id; the text is read from that file
the way the importers read it, so what is measured is what an import would classify."""

import csv
import html
import json
from dataclasses import dataclass
from pathlib import Path

from listings.ingest import sponsorship
from listings.ingest.normalize import html_to_text, looks_like_html, text_to_html
from listings.ingest.readers import ashby, greenhouse
from listings.ingest.sanitize import clean_html

STATES = [sponsorship.STATED, sponsorship.REFUSED, sponsorship.SILENT]


@dataclass
class Item:
    key: str
    company: str
    label: str
    text: str


def _posting_text(description_html: str, extra: str = "") -> str:
    text = html_to_text(clean_html(description_html))
    return f"{text}\n{extra}" if extra else text


def _texts(folder: Path, name: str) -> dict[str, str]:
    path = folder / name
    if name.startswith("linkedin"):
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle)
            return {
                r["job_id"]: _posting_text(
                    r["description"]
                    if looks_like_html(r["description"])
                    else text_to_html(r["description"])
                )
                for r in rows
            }
    if name.startswith("sponsorship_phrases"):
        with path.open(encoding="utf-8", newline="") as handle:
            return {f"row-{n}": r["text"] for n, r in enumerate(csv.DictReader(handle), 1)}
    with path.open("rb") as stream:
        reader = ashby.read if name.startswith("ashby") else greenhouse.read
        return {
            job.external_id: _posting_text(job.description_html, job.extra_text)
            for job in reader(stream)
        }


def load(labels: Path) -> list[Item]:
    folder = labels.parent
    cache: dict[str, dict[str, str]] = {}
    items = []
    with labels.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["source_file"]
            if name not in cache:
                cache[name] = _texts(folder, name)
            text = cache[name][row["record_id"]]
            items.append(Item(f"{name}:{row['record_id']}", row["company"], row["label"], text))
    return items


@dataclass
class Report:
    matrix: dict[tuple[str, str], int]  # (label, predicted) -> count
    misses: list[tuple[Item, sponsorship.Classification]]

    def precision(self, state: str) -> float:
        predicted = sum(self.matrix[(label, state)] for label in STATES)
        return self.matrix[(state, state)] / predicted if predicted else 1.0

    def recall(self, state: str) -> float:
        actual = sum(self.matrix[(state, p)] for p in STATES)
        return self.matrix[(state, state)] / actual if actual else 1.0


def evaluate(items: list[Item]) -> Report:
    matrix = {(label, predicted): 0 for label in STATES for predicted in STATES}
    misses = []
    for item in items:
        result = sponsorship.classify(item.text)
        matrix[(item.label, result.state)] += 1
        if result.state != item.label:
            misses.append((item, result))
    return Report(matrix, misses)


def describe(report: Report) -> list[str]:
    width = 10
    lines = ["label \\ predicted".ljust(18) + "".join(s.rjust(width) for s in STATES)]
    for label in STATES:
        counts = "".join(str(report.matrix[(label, p)]).rjust(width) for p in STATES)
        lines.append(label.ljust(18) + counts)
    lines.append("")
    for state in STATES:
        lines.append(
            f"{state}: precision {report.precision(state):.3f}, recall {report.recall(state):.3f}"
        )
    lines.append("")
    lines.append(f"{len(report.misses)} misses")
    for item, result in report.misses:
        quoted = json.dumps(html.unescape(result.evidence)[:200], ensure_ascii=False)
        lines.append(
            f"- {item.key} ({item.company}): labelled {item.label}, got {result.state}"
            + (f" from {quoted}" if result.evidence else "")
        )
    return lines
