"""find_possible_duplicates: the parser's duplicate search, on the matching toolkit."""

from undersigned.importing.duplicates import find_possible_duplicates, signatory_record
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


def test_duplicates_and_sections():
    found = find_possible_duplicates(signatories())
    assert pairs(found, "duplicate") == {(15, 16)}
    possible = pairs(found, "possible_duplicate")
    assert (13, 14) in possible  # a typo
    assert (17, 18) in possible  # same acronym, nearly the same name
    flat = {n for pair in pairs(found) for n in pair}
    assert not flat & {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, found  # sections of networks
    for anomaly in found:
        assert anomaly["detail"]


def test_a_signatory_is_a_record():
    sig = parse_signatory("台灣人權促進會 Taiwan Association for Human Rights (TAHR)", 1)[0]
    record = signatory_record(sig)
    assert len(record.names) == 2 and record.acronym.upper() == "TAHR"


def test_names_in_two_scripts_with_one_acronym():
    sigs = [parse_signatory("Taiwan Association for Human Rights (TAHR)", 1)[0],
            parse_signatory("台灣人權促進會 (TAHR)", 2)[0],
            parse_signatory("Human Rights Watch", 3)[0]]
    found = find_possible_duplicates(sigs)
    assert pairs(found) == {(1, 2)}, found
    assert "TAHR" in found[0]["detail"]


def test_unnumbered_lists_use_positions():
    sigs = [parse_signatory(t, None)[0] for t in ["Alpha Org", "Beta Org", "Alpha Org"]]
    found = find_possible_duplicates(sigs)
    assert [a["numbers"] for a in found] == [[1, 3]]
