"""Hypothesis: whatever text arrives, the parser answers in its documented shape."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import find_date, parse_letter, parse_signatory
from undersigned.importing.readers import decode_text, html_to_text

KEYS = {"language", "date", "title", "recipients", "paragraphs", "asks", "signatories",
        "individuals", "anonymous_count", "layout", "anomalies"}
SIG_KEYS = {"number", "raw", "names", "acronym", "country", "qualifier", "printed", "group"}
ENTRY_KEYS = SIG_KEYS - {"group"}

# Text biased towards what letters are made of: list markers, brackets, dashes, digits,
# CJK, Arabic, odd spaces.
alphabet = st.sampled_from(
    list(string.ascii_letters + string.digits + " .,;:()-–—•*\t\n")
    + list("國際特赦組织组人權阿拉伯مركزالقاهرةЦентрéèñü\u00a0\u200b\u3000")
)
letterish = st.text(alphabet=alphabet, max_size=400)
chaos = st.text(max_size=300)
settings_ = settings(max_examples=150, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow])


def check_shape(result):
    assert set(result) == KEYS
    assert isinstance(result["language"], str)
    assert result["date"] is None or len(result["date"]) == 10
    assert all(isinstance(p, str) and p for p in result["paragraphs"])
    assert all(isinstance(a, str) for a in result["asks"])
    for sig in result["signatories"]:
        assert set(sig) == SIG_KEYS
        assert sig["number"] is None or isinstance(sig["number"], int)
        for name in sig["names"]:
            assert set(name) == {"text", "script", "lang"}
            assert name["text"] == name["text"].strip()
            assert "\u00a0" not in name["text"] and "  " not in name["text"]
        assert sig["country"] is None or (len(sig["country"]) == 2 and sig["country"].isupper())
    for anomaly in result["anomalies"]:
        assert set(anomaly) == {"kind", "numbers", "detail"}
        assert all(isinstance(n, int) for n in anomaly["numbers"])


@settings_
@given(letterish)
def test_letterish_text_never_crashes(text):
    check_shape(parse_letter(text))


@settings_
@given(chaos)
def test_any_unicode_never_crashes(text):
    check_shape(parse_letter(text))


org_word = st.sampled_from(["Human", "Rights", "Centre", "Alliance", "for", "the", "Women",
                            "Network", "Justice", "Youth", "Forum", "Peace", "Watch",
                            "Foundation", "Defenders", "Society", "Legal", "Action"])
org_name = st.lists(org_word, min_size=1, max_size=6).map(
    lambda words: " ".join([words[0].capitalize(), *words[1:]]))


@settings_
@given(st.lists(org_name, min_size=3, max_size=40), st.sampled_from([". ", ") "]))
def test_numbered_list_round_trip(names, marker):
    text = "Joint letter\n\nWe urge you to act.\n\n" + "".join(
        f"{i}{marker}{name}\n" for i, name in enumerate(names, 1))
    result = parse_letter(text)
    check_shape(result)
    assert [s["number"] for s in result["signatories"]] == list(range(1, len(names) + 1))
    assert not [a for a in result["anomalies"] if a["kind"].startswith("numbering")]
    assert [s["raw"] for s in result["signatories"]] == [
        f"{i}{marker}{name}" for i, name in enumerate(names, 1)]


@settings_
@given(letterish, st.one_of(st.none(), st.integers(0, 500)))
def test_parse_signatory_never_crashes(text, number):
    sig, anomalies = parse_signatory(text, number, count=number)
    assert set(sig) - {"_bare"} == ENTRY_KEYS
    assert isinstance(anomalies, list)


@settings_
@given(chaos)
def test_find_date_never_crashes(text):
    value = find_date(text)
    assert value is None or len(value) == 10


@settings_
@given(st.binary(max_size=400))
def test_decode_answers_text_or_a_clear_problem(data):
    try:
        text, encoding = decode_text(data)
    except ImportProblem as exc:
        assert str(exc)
    else:
        assert isinstance(text, str) and encoding


@settings_
@given(chaos)
def test_html_never_crashes(html):
    assert isinstance(html_to_text(html), str)


@pytest.mark.parametrize("bad", [None, b"bytes", 12])
def test_non_text_is_a_type_error(bad):
    with pytest.raises(TypeError):
        parse_letter(bad)


cell = st.one_of(st.sampled_from(["Yes", "No", "Oui", "是", "Kenya", "a@example.org"]),
                st.text(alphabet=st.sampled_from(list("abcXYZ 12=+-@,;\"'\t\n國é")),
                        max_size=12))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=4, max_size=4), min_size=1, max_size=15),
       st.sampled_from([",", ";", "\t"]))
def test_every_sheet_row_is_kept_or_rejected(tmp_path_factory, rows, delimiter):
    import csv
    import io

    from undersigned.importing.sheets import read_signon_sheet

    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Organisation name", "Country", "Email", "Publish our name?"])
    writer.writerows(rows)
    path = tmp_path_factory.mktemp("sheet") / "answers.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    result = read_signon_sheet(path)
    non_empty = [r for r in rows if any(c.strip() for c in r)]
    assert len(result.rows) + len(result.rejected) == len(non_empty)
    for row in result.rows:
        assert row["name"] and row["name"][0] not in "=+-@"
        assert isinstance(row["publish_name"], bool)
