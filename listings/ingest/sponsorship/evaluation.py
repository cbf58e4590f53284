"""Honest figures for the classifier: k-fold cross-validation over the labelled postings,
grouped by company so that one employer's boilerplate never sits on both sides, stratified
so each fold holds offers and refusals. The model is fitted on the other folds; the rules
run as they do in production, as part of the model."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from sklearn.model_selection import StratifiedGroupKFold

from listings.ingest.normalize import html_to_text, looks_like_html, text_to_html
from listings.ingest.readers import ashby, greenhouse
from listings.ingest.sanitize import clean_html
from listings.ingest.sponsorship.classifier import Classification, classify
from listings.ingest.sponsorship.training import Posting, company_key, fit, load_postings
from listings.models import Job

STATES = [str(s) for s in (Job.Sponsorship.STATED, Job.Sponsorship.REFUSED, Job.Sponsorship.SILENT)]
FOLDS = 5
SEED = 20261128


@dataclass
class Report:
    matrix: dict[tuple[str, str], int] = field(
        default_factory=lambda: {(a, b): 0 for a in STATES for b in STATES}
    )  # (label, predicted) -> count
    misses: list[tuple[Posting, Classification]] = field(default_factory=list)
    scored: list[tuple[Posting, str]] = field(default_factory=list)

    def add(self, posting: Posting, result: Classification) -> None:
        self.matrix[(posting.label, str(result.state))] += 1
        self.scored.append((posting, str(result.state)))
        if result.state != posting.label:
            self.misses.append((posting, result))

    def rows(self) -> int:
        return sum(self.matrix.values())

    def by(self, key: str) -> dict[str, "Report"]:
        """The same scores split by a Posting attribute ("source", "format")."""
        parts: dict[str, Report] = {}
        for posting, predicted in self.scored:
            part = parts.setdefault(getattr(posting, key) or "(none)", Report())
            part.matrix[(posting.label, predicted)] += 1
            part.scored.append((posting, predicted))
        return dict(sorted(parts.items()))

    def precision(self, state: str) -> float:
        predicted = sum(self.matrix[(label, state)] for label in STATES)
        return self.matrix[(state, state)] / predicted if predicted else 1.0

    def recall(self, state: str) -> float:
        actual = sum(self.matrix[(state, p)] for p in STATES)
        return self.matrix[(state, state)] / actual if actual else 1.0


def folds(postings: list[Posting], k: int = FOLDS) -> list[list[int]]:
    """Indexes of the postings held out in each fold."""
    splitter = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=SEED)
    labels = [p.label for p in postings]
    groups = [company_key(p.company) for p in postings]
    return [list(test) for _, test in splitter.split(postings, labels, groups)]


def cross_validate(postings: list[Posting] | None = None, k: int = FOLDS) -> Report:
    """Each posting classified by a model fitted without its fold. Quoted phrases are
    training material only: they are sentences, not postings, so they are never scored."""
    postings = postings if postings is not None else load_postings()
    report = Report()
    for held_out in folds(postings, k):
        held = set(held_out)
        model = fit([p for n, p in enumerate(postings) if n not in held])
        for n in held_out:
            if not postings[n].key.startswith("phrase-"):
                report.add(postings[n], classify(postings[n].text, model))
    return report


def score(labels: Path, exclude_prefix: str = "") -> Report:
    """The shipped model on a labelled set it was not fitted on (files named per row);
    rows from files whose name starts with `exclude_prefix` are left out."""
    report = Report()
    for posting in load_labelled(labels):
        if not (exclude_prefix and posting.key.startswith(exclude_prefix)):
            report.add(posting, classify(posting.text))
    return report


def load_labelled(labels: Path) -> list[Posting]:
    """Rows of (source_file, record_id, company, label): the text is read from the file the
    way the importers read it, so what is scored is what an import would classify."""
    cache: dict[str, dict[str, str]] = {}
    found = []
    with labels.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row["source_file"]
            if name not in cache:
                cache[name] = _texts(labels.parent / name)
            text = cache[name][row["record_id"]]
            key = f"{name}:{row['record_id']}"
            found.append(Posting(key, row["company"], text, row["label"], "", name))
    return found


def _texts(path: Path) -> dict[str, str]:
    if path.name.startswith("linkedin"):
        with path.open(encoding="utf-8", newline="") as handle:
            return {
                row["job_id"]: _linkedin_text(row["description"]) for row in csv.DictReader(handle)
            }
    if path.name.startswith("sponsorship_phrases"):
        with path.open(encoding="utf-8", newline="") as handle:
            return {f"row-{n}": r["text"] for n, r in enumerate(csv.DictReader(handle), 1)}
    with path.open("rb") as stream:
        reader = ashby.read if path.name.startswith("ashby") else greenhouse.read
        return {job.external_id: _feed_text(job) for job in reader(stream)}


def _linkedin_text(description: str) -> str:
    markup = description if looks_like_html(description) else text_to_html(description)
    return html_to_text(clean_html(markup))


def _feed_text(job) -> str:
    text = html_to_text(clean_html(job.description_html))
    return f"{text}\n{job.extra_text}" if job.extra_text else text


def describe(report: Report, misses: bool = True) -> list[str]:
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
    for key in ("source", "format"):
        lines.append("")
        lines.extend(table(report.by(key), key))
    lines.append("")
    lines.append(f"{len(report.misses)} misses")
    for posting, result in report.misses if misses else []:
        quoted = json.dumps(result.evidence[:200], ensure_ascii=False)
        lines.append(
            f"- {posting.key} ({posting.company}): labelled {posting.label}, "
            f"got {result.state}" + (f" from {quoted}" if result.evidence else "")
        )
    return lines


def table(parts: dict[str, Report], key: str) -> list[str]:
    """Precision and recall of refusals and offers per source or format, so a weak one shows
    instead of being averaged away."""
    width = max([len(key), *map(len, parts)]) + 2
    head = ["rows", "refused P", "refused R", "stated P", "stated R"]
    lines = [f"by {key}".ljust(width) + "".join(h.rjust(13) for h in head)]
    for name, part in parts.items():
        cells = [str(part.rows())]
        for state in ("refused", "stated"):
            cells += [_figure(part, state, "precision"), _figure(part, state, "recall")]
        lines.append(name.ljust(width) + "".join(c.rjust(13) for c in cells))
    return lines


def _figure(report: Report, state: str, which: str) -> str:
    """ "-" where there is nothing to measure (no such label, or none predicted)."""
    if which == "recall":
        counted = sum(report.matrix[(state, p)] for p in STATES)
    else:
        counted = sum(report.matrix[(label, state)] for label in STATES)
    return f"{getattr(report, which)(state):.3f} ({counted})" if counted else "-"
