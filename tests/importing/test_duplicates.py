"""find_possible_duplicates: the local fallback, and the registry matcher when present."""

import pytest

from undersigned.importing import duplicates
from undersigned.importing.duplicates import find_possible_duplicates
from undersigned.importing.letter_parser import parse_signatory

LIST = [
    "ACAT Belgium",
    "ACAT Italia",
    "ACAT, GHANA",
    "ACAT-France",
    "Action by Christians for the Abolition of Torture – Canada",
    "Action by Christians for the Abolition of Torture (ACAT) – Cameroon",
    "Amnesty International",
    "Amnesty International Mongolia",
    "International Commission of Jurists",
    "International Commission of Jurists Australia",
    "Center to Alternatives to Development",
    "Centro de Alternativas al Desarrollo (CEALDES) - Colombia",
    "Human Rights Watch",
    "Human Rights Wacth",
    "Front Line Defenders",
    "Front Line Defenders",
    "Cairo Institute for Human Rights Studies (CIHRS)",
    "Cairo Institute of Human Rights Studies (CIHRS)",
]


def signatories():
    return [parse_signatory(text, i)[0] for i, text in enumerate(LIST, 1)]


def pairs(anomalies, kind=None):
    return {tuple(a["numbers"]) for a in anomalies if kind is None or a["kind"] == kind}


@pytest.fixture(params=["local", "registry"])
def mode(request, monkeypatch):
    if request.param == "local":
        monkeypatch.setattr(duplicates, "_external_matcher", lambda: None)
    elif duplicates._external_matcher() is None:
        pytest.skip("undersigned.orgs.matching.match_pairs is not available")
    return request.param


def test_duplicates_and_sections(mode):
    found = find_possible_duplicates(signatories())
    assert pairs(found, "duplicate") == {(15, 16)}
    possible = pairs(found, "possible_duplicate")
    assert (11, 12) in possible  # English and Spanish names of one organisation
    assert (13, 14) in possible  # a typo
    assert (17, 18) in possible  # same acronym, nearly the same name
    flat = {n for pair in pairs(found) for n in pair}
    assert not flat & {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, found  # sections of networks
    for anomaly in found:
        assert anomaly["detail"]


def test_external_matcher_with_names_as_keys(monkeypatch):
    def match_pairs(names):
        return [{"a": names[0], "b": names[1], "score": 0.9, "reasons": ["stub"]}]

    monkeypatch.setattr(duplicates, "_external_matcher", lambda: match_pairs)
    sigs = [parse_signatory("Alpha Org", 1)[0], parse_signatory("Alpha Organisation", 2)[0]]
    found = find_possible_duplicates(sigs)
    assert [(a["kind"], a["numbers"]) for a in found] == [("possible_duplicate", [1, 2])]
    assert "stub" in found[0]["detail"]


def test_broken_external_matcher_falls_back_once(monkeypatch):
    calls = []

    def match_pairs(names):
        calls.append(len(names))
        raise RuntimeError("not ready")

    import undersigned.orgs.matching as matching

    monkeypatch.setattr(matching, "match_pairs", match_pairs, raising=False)
    monkeypatch.setattr(duplicates, "_external_failed", [])
    found = find_possible_duplicates(signatories())
    assert (11, 12) in pairs(found)
    find_possible_duplicates(signatories())
    assert len(calls) == 1  # not retried
    assert "not ready" in duplicates._external_failed[0]


def test_long_lists_use_the_local_search(monkeypatch):
    calls = []
    monkeypatch.setattr(duplicates, "_external_matcher", lambda: calls.append)
    monkeypatch.setattr(duplicates, "EXTERNAL_LIMIT", 3)
    found = find_possible_duplicates(signatories())
    assert calls == [] and (15, 16) in pairs(found)


def test_unnumbered_lists_use_positions():
    sigs = [parse_signatory(t, None)[0] for t in ["Alpha Org", "Beta Org", "Alpha Org"]]
    found = find_possible_duplicates(sigs)
    assert [a["numbers"] for a in found] == [[1, 3]]
