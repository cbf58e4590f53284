"""The starter list of public job boards (starter_boards.csv next to this module): employers
with 25 or more certified H-1B labour condition applications in FY2025 that publish their
openings on Greenhouse, Lever or Ashby. How they were chosen: docs/STARTER_BOARDS.md;
`feeds lca FILE... --starter` rechecks them against the DOL disclosure files."""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PATH = Path(__file__).with_name("starter_boards.csv")


@dataclass(frozen=True)
class Board:
    name: str
    format: str
    token: str
    employer: str
    basis: str  # its certified LCAs: count, fiscal year and source


@cache
def boards() -> tuple[Board, ...]:
    with PATH.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Board(row["name"], row["format"], row["token"], row["employer"], row["basis"])
            for row in csv.DictReader(handle)
        )
