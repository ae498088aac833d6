"""Bad input answers in time linear in its size, with a clear message, never a crash.

Speed itself is measured in ``bench/``; these tests only bound the time so loosely (a few
seconds plus ``SECONDS_PER_MB`` for each megabyte, on a loaded 2-core machine) that a
linear reader always passes and a quadratic one (seconds for a few hundred kilobytes,
minutes for a megabyte) fails."""

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.importing import bad_inputs
from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import decode_text, html_to_text, read_letter_file
from undersigned.importing.sheets import read_signon_sheet

BASE_SECONDS = 10
SECONDS_PER_MB = 40


def within_bound(megabytes: float, run) -> float:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    assert elapsed < BASE_SECONDS + SECONDS_PER_MB * megabytes, (elapsed, megabytes)
    return elapsed


# Units a coordinator's paste is made of, and the characters that make patterns backtrack.
UNITS = ["Human Rights Watch", "ACAT-France", " - ", " – ", "(", ")", ", ", "; ", " and ",
         "FIDH", "Kenya", "1. ", "\t", "  ", "**", "[", "](http://x)", "國際特赦組織", "مركز",
         "«", "»", "/", "Signatories: ", "\n", "\n\n", "a" * 50, "-" * 20, "Zo Forum (ZIF)165",
         "and 12 organisations that cannot be named", "2023 年 2 月 27 日", "Sept. 7, 2021"]
adversarial = st.tuples(st.lists(st.sampled_from(UNITS), min_size=1, max_size=8),
                        st.integers(min_value=2_000, max_value=40_000)).map(
    lambda t: "".join(t[0]) * max(1, t[1] // max(1, len("".join(t[0])))))
slow = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@slow
@given(adversarial)
def test_parser_is_linear_on_adversarial_pastes(text):
    within_bound(len(text.encode()) / 1e6, lambda: parse_letter(text))


@slow
@given(adversarial)
def test_html_reader_is_linear(text):
    html = "<table><tr><td>" + text.replace("\n", "</td><td>") + "</td></tr></table>"
    within_bound(len(html) / 1e6, lambda: parse_letter(html_to_text(html), duplicates=False))


@slow
@given(adversarial, st.sampled_from([",", ";", "\t"]))
def test_sheet_reader_is_linear(tmp_path_factory, text, delimiter):
    path = tmp_path_factory.mktemp("sheet") / "answers.csv"
    cells = text.replace("\n", " ").split(delimiter)[:2000] or [text]
    body = "Organisation name\n" + "\n".join('"' + c.replace('"', "'") + '"' for c in cells)
    path.write_text(body, encoding="utf-8")

    def read():
        try:
            read_signon_sheet(path)
        except ImportProblem as exc:
            assert str(exc)
    within_bound(path.stat().st_size / 1e6, read)


@slow
@given(st.binary(min_size=1, max_size=200_000))
def test_decoding_random_bytes_answers_text_or_a_message(data):
    def run():
        try:
            decode_text(data, "upload.txt")
        except ImportProblem as exc:
            assert "upload.txt" in str(exc)
    within_bound(len(data) / 1e6, run)


@pytest.mark.parametrize("text", [
    "Human Rights - Watch (ACAT), " * 2500,  # a 60 KB one-line paste
    "a" * 60_000,
    "1. " + "Foo (Bar " * 8000 + "\n2. A\n3. B\n",
    "Signatories: " + "; ".join(f"Org {i}, Kenya" for i in range(5000)),
])
def test_the_issue_pastes(text):
    within_bound(len(text) / 1e6, lambda: parse_letter(text))


@pytest.mark.parametrize("build, message", [
    (bad_inputs.one_cell_csv, None),
    (bad_inputs.merged_columns_xlsx, None),
    (bad_inputs.broken_xml_xlsx, "damaged"),
    (bad_inputs.entities_xlsx, "DTD or entities"),
])
def test_the_issue_sheets(tmp_path, build, message):
    suffix = ".csv" if build is bad_inputs.one_cell_csv else ".xlsx"
    path = build(tmp_path / f"sheet{suffix}")
    shown = f"Responses (final){suffix}"

    def read():
        try:
            result = read_signon_sheet(path, display_name=shown)
        except ImportProblem as exc:
            assert message and message in str(exc) and shown in str(exc)
        else:
            assert message is None
            assert len(result.rows) + len(result.rejected) <= 2
    within_bound(path.stat().st_size / 1e6, read)


def test_a_docx_with_entities_is_refused(tmp_path):
    path = bad_inputs.entities_docx(tmp_path / "letter.docx")
    with pytest.raises(ImportProblem, match="DTD or entities"):
        read_letter_file(path, display_name="Our letter.docx")
