"""Building the model from the labelled postings in `training/`: every posting is cut into
units, the units holding a posting's quoted evidence take its label, the units of silent
postings are silent, and the other units of a posting that speaks are left out (they may
repeat the same offer or refusal in other words). `build()` writes the shipped artefact;
the same files always give the same bytes."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from listings.ingest.sponsorship import rules
from listings.ingest.sponsorship.features import features
from listings.ingest.sponsorship.model import ARTEFACT, LinearModel
from listings.ingest.sponsorship.units import units

TRAINING = Path(__file__).with_name("training")
# Small on purpose: a few thousand units, and a model that must hold on unseen wording.
REGULARISATION = 0.5
_MIN_WEIGHT = 1e-4


@dataclass(frozen=True)
class Posting:
    key: str
    company: str
    text: str
    label: str
    evidence: str
    source: str = ""  # the dump it came from, for figures per source
    format: str = ""  # field, sentence, government or agency: for figures per format


def load_postings(folder: Path = TRAINING) -> list[Posting]:
    """The labelled postings, then the quoted phrases (each a posting of one sentence)."""
    csv.field_size_limit(16 * 1024 * 1024)
    with (folder / "postings.csv").open(encoding="utf-8", newline="") as handle:
        texts = {row["posting_id"]: row for row in csv.DictReader(handle)}
    found = []
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            posting = texts[row["posting_id"]]
            found.append(
                Posting(
                    row["posting_id"],
                    row["company"],
                    posting["description"],
                    row["sponsorship"],
                    row["evidence"],
                    source_of(posting["source_repo"], posting["source_path"]),
                    row["format"],
                )
            )
    return found + load_phrases(folder)


def source_of(repo: str, path: str) -> str:
    """One name per dump: the dated files of one repository are one source."""
    return f"{repo}:{re.sub(r'[0-9]{4}-[0-9]{2}(?:-[0-9]{2})?', '*', path)}"


def load_phrases(folder: Path = TRAINING) -> list[Posting]:
    with (folder / "phrases.csv").open(encoding="utf-8", newline="") as handle:
        return [
            Posting(f"phrase-{n}", row["company"], row["text"], row["state"], row["text"])
            for n, row in enumerate(csv.DictReader(handle), 1)
        ]


def company_key(company: str) -> str:
    """Groups for cross-validation: "Acme, Inc." and "ACME" are one company."""
    words = re.findall(r"[a-z0-9]+", company.lower())
    kept = [w for w in words if w not in {"inc", "llc", "ltd", "corp", "co", "the", "plc"}]
    return " ".join(kept) or company.lower()


def examples(postings: list[Posting]) -> tuple[list[set[str]], list[str]]:
    """(features, label) of every unit the model may be asked about."""
    rows, labels = [], []
    for posting in postings:
        span = _evidence_span(posting)
        for unit in units(posting.text):
            if rules.ignored(unit.text, unit.header and unit.field) or rules.boilerplate(unit.text):
                continue
            if posting.label == "silent":
                label = "silent"
            elif span and unit.start < span[1] and span[0] < unit.end:
                label = posting.label
            else:
                continue
            rows.append(features(unit))
            labels.append(label)
    return rows, labels


def _evidence_span(posting: Posting) -> tuple[int, int] | None:
    if not posting.evidence:
        return None
    start = posting.text.find(posting.evidence)
    return (start, start + len(posting.evidence)) if start >= 0 else None


def fit(postings: list[Posting]) -> LinearModel:
    # Imported here: training needs scikit-learn, classifying does not.
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows, labels = examples(postings)
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform([dict.fromkeys(row, 1) for row in rows])
    learner = LogisticRegression(C=REGULARISATION, class_weight="balanced", max_iter=5000, tol=1e-6)
    learner.fit(matrix, labels)
    names = vectoriser.get_feature_names_out()
    weights = {}
    for index, name in enumerate(names):
        column = tuple(float(w) for w in learner.coef_[:, index])
        if max(abs(w) for w in column) >= _MIN_WEIGHT:
            weights[str(name)] = column
    classes = tuple(str(c) for c in learner.classes_)
    return LinearModel(classes, tuple(float(b) for b in learner.intercept_), weights)


def build(folder: Path = TRAINING, artefact: Path = ARTEFACT) -> LinearModel:
    """Fit on every labelled posting and write the artefact; returns the model as stored."""
    raw = fit(load_postings(folder)).to_json()
    artefact.write_bytes(raw)
    return LinearModel.from_json(raw)
