"""The learned half of the classifier: a linear model over the features of a unit, stored as
JSON (classes, biases, and one weight per class for each feature seen in training), read
once per process and evaluated in plain Python: no pickle, no scientific libraries at run
time."""

import functools
import json
import math
from dataclasses import dataclass
from functools import reduce
from operator import add
from pathlib import Path

ARTEFACT = Path(__file__).with_name("model.json")
# Bump when the rules, the features or the training data change, so stored jobs are judged
# again (`manage.py reclassify_jobs`, and the beat task that runs it).
VERSION = 4


@dataclass(frozen=True)
class LinearModel:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    version: int = VERSION

    def probabilities(self, features: set[str]) -> list[float]:
        # Each class's score is its bias plus its weights, added in the features' order; the
        # rows are gathered and summed column by column in C rather than weight by weight.
        rows = [row for row in map(self.weights.get, features) if row is not None]
        if rows:
            columns = zip(*rows, strict=True)  # one column of weights per class
            scores = [reduce(add, column, b) for b, column in zip(self.bias, columns, strict=True)]
        else:
            scores = list(self.bias)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return [value / total for value in exps]

    def predict(self, features: set[str]) -> tuple[str, float]:
        probabilities = self.probabilities(features)
        best = max(range(len(probabilities)), key=probabilities.__getitem__)
        return self.classes[best], probabilities[best]

    def to_json(self) -> bytes:
        """Sorted and rounded, so the same training data gives the same bytes."""
        data = {
            "version": self.version,
            "classes": list(self.classes),
            "bias": [round(b, 4) for b in self.bias],
            "weights": {k: [round(w, 4) for w in v] for k, v in sorted(self.weights.items())},
        }
        return (json.dumps(data, sort_keys=True, separators=(",", ":")) + "\n").encode()

    @classmethod
    def from_json(cls, raw: bytes) -> "LinearModel":
        data = json.loads(raw)
        weights = {k: tuple(v) for k, v in data["weights"].items()}
        return cls(tuple(data["classes"]), tuple(data["bias"]), weights, data["version"])


@functools.cache
def shipped() -> LinearModel:
    """The model that ships with the code; read on first use, then kept for the process."""
    return LinearModel.from_json(ARTEFACT.read_bytes())
