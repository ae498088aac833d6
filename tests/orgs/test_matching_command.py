"""The match_names management command and property tests of the matcher."""

import json

from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from undersigned.orgs.matching import NameIndex, match_pairs, normalize, score_pair


def run(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("match_names", str(path), *args, stdout=out)
    return out.getvalue()


def test_json_output(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("ACAT-France\n\nACAT Belgium\nAction by Christians for the Abolition of "
                    "Torture – France\n國際特赦組織\nAmnesty International\n", encoding="utf-8")
    data = json.loads(run(path, "--json"))
    assert data["clusters"] == [[0, 3], [4, 5]]
    assert [(p["a"], p["b"]) for p in data["pairs"]] == [(0, 3), (4, 5)] or \
        {(p["a"], p["b"]) for p in data["pairs"]} == {(0, 3), (4, 5)}
    for p in data["pairs"]:
        assert set(p) == {"a", "b", "probability", "score", "reasons"}
        assert 0 <= p["probability"] <= 1 and p["reasons"]
        assert all(set(r) >= {"code", "text"} for r in p["reasons"])
    assert [r["row"] for r in data["rows"]] == [0, 3, 4, 5]


def test_threshold_option(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("Human Rights Watch\nHuman Rights Wacth\n", encoding="utf-8")
    assert json.loads(run(path, "--json"))["clusters"] == [[0, 1]]
    assert json.loads(run(path, "--json", "--threshold", "1.0"))["clusters"] == []


def test_readable_output(tmp_path):
    path = tmp_path / "names.txt"
    path.write_text("Amnesty International\nAmnesty Intl\nFreedom House\n", encoding="utf-8")
    out = run(path)
    assert "Group 1" in out and "line     1" in out and "line     2" in out
    assert "Freedom House" not in out


def test_bad_input(tmp_path):
    path = tmp_path / "names.txt"
    lines = ["", "a", "x" * 10_000, "!!!", "😀🎉", "\u202eACAT\u202c", "\x07\x1b[31mred",
             "منظمة العفو الدولية", "منظمة العفو الدولية", "עמותה", "\u2028", "Amnesty International"]
    path.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b"\xff\xfe broken\n")
    data = json.loads(run(path, "--json"))
    # the Arabic name twice, and its English name (the lexicon knows both)
    assert [7, 8, 11] in data["clusters"]
    assert all(0 not in c and 1 not in c and 10 not in c for c in data["clusters"])
    assert "Group" in run(path)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    assert json.loads(run(path, "--json")) == {"clusters": [], "rows": [], "pairs": []}


names = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, names)
def test_score_is_bounded_and_symmetric_enough(a, b):
    s1, r1 = score_pair(a, b)
    s2, _ = score_pair(b, a)
    assert 0.0 <= s1 <= 1.0 and 0.0 <= s2 <= 1.0
    assert all(isinstance(r, str) for r in r1)


@settings(max_examples=150, deadline=None)
@given(names)
def test_normalize_is_idempotent(a):
    once = normalize(a)
    assert normalize(once) == once


@settings(max_examples=50, deadline=None)
@given(st.lists(names, max_size=8))
def test_match_pairs_never_crashes(values):
    for p in match_pairs(values):
        assert 0 <= p["a"] < p["b"] < len(values)
        assert normalize(values[p["a"]]) and normalize(values[p["b"]])
    NameIndex.build(enumerate(values)).query(values[0] if values else "")
