"""The starter list of public job boards (starter_boards.csv next to this module): employers
that file many H-1B labour condition applications in the roles we list and publish their
openings on Greenhouse, Lever or Ashby. How they were chosen: docs/STARTER_BOARDS.md."""

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
    basis: str  # why the employer is on the list


@cache
def boards() -> tuple[Board, ...]:
    with PATH.open(newline="", encoding="utf-8") as handle:
        return tuple(
            Board(row["name"], row["format"], row["token"], row["employer"], row["basis"])
            for row in csv.DictReader(handle)
        )
