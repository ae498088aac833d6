"""The parser on hand-labelled real letters (the figures themselves are in ``make bench``):
the letters tuned on stay exact, the held-out ones stay at the goal."""

from pathlib import Path

import pytest

from tests.conftest import SHARED, need
from undersigned.importing.evaluation import load_labels, score
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import read_letter_file

REAL = Path(__file__).parent / "data" / "real"


def _source(labels: Path) -> Path:
    if labels.stem == "hrc52-hrd-mandate":
        return SHARED / "letters" / "hrc52-hrd-mandate.zh-Hant.txt"
    return next(p for p in labels.parent.glob(labels.stem + ".*") if p.suffix != ".tsv")


@pytest.mark.parametrize("kind, floor", [("tune", 1.0), ("heldout", 0.98)])
def test_exact_entries(kind, floor):
    exact = total = 0
    for labels in sorted((REAL / kind).glob("*.tsv")):
        source = _source(labels)
        need(source.exists(), f"{source} is not there (clone with ../shared beside it)")
        result = score(labels.stem, parse_letter(read_letter_file(source)),
                       load_labels(labels))
        exact += result.exact
        total += max(result.labelled, result.parsed)
    assert total and exact / total >= floor, (exact, total)
