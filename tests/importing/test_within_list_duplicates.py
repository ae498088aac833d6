"""One organisation twice in one list, under an old and a new name or in two languages.

The parser asks ``duplicates.find_possible_duplicates`` (each entry's names, acronym,
country and website) and reports what it answers; the registry's record-matching toolkit
is to flag these labelled pairs.  The cases the current matcher misses are strict xfails:
when the toolkit flags one, its xfail fails and is to be turned into a plain test."""

from pathlib import Path

import pytest

from undersigned.importing.letter_parser import parse_letter

CASES = [line.split("\t") for line in
         (Path(__file__).parent / "data" / "within_list_duplicates.tsv").read_text(
             encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
FLAGGED_TODAY = {"International Federation for Human Rights"}  # found by the matcher today


def _flagged(first: str, second: str) -> bool:
    text = ("We urge you to act.\n\nSignatories:\n\n1. Amnesty International\n"
            f"2. {first}\n3. Human Rights Watch\n4. {second}\n")
    letter = parse_letter(text)
    return any(sorted(a["numbers"]) == [2, 4] for a in letter["anomalies"]
               if a["kind"] in ("duplicate", "possible_duplicate"))


@pytest.mark.parametrize("kind, first, second", [
    pytest.param(*case, marks=[] if case[1] in FLAGGED_TODAY else pytest.mark.xfail(
        strict=True, reason="for the registry's record-matching toolkit"))
    for case in CASES])
def test_one_organisation_under_two_names_is_flagged(kind, first, second):
    assert _flagged(first, second)
