"""The real HRC52 letter (Traditional Chinese with a bilingual list), read from ../shared."""

import re

import pytest

from undersigned.importing.letter_parser import parse_letter, read_letter_file

pytestmark = pytest.mark.shared


@pytest.fixture
def letter(shared_letter_path):
    return parse_letter(read_letter_file(shared_letter_path))


@pytest.fixture
def by_number(letter):
    return {s["number"]: s for s in letter["signatories"]}


def kinds(letter, kind):
    return [a for a in letter["anomalies"] if a["kind"] == kind]


def names(sig):
    return [n["text"] for n in sig["names"]]


def test_header(letter):
    assert letter["language"] == "zh-Hant"
    assert letter["date"] == "2023-02-27"
    assert letter["title"] is None
    assert letter["recipients"] is None


def test_body_and_asks(letter):
    assert len(letter["paragraphs"]) == 4
    assert len(letter["asks"]) == 4
    assert not any(a.startswith("•") for a in letter["asks"])
    # Neither the list nor the asks leak into the paragraphs.
    body = "\n".join(letter["paragraphs"])
    assert "ACAT" not in body and "•" not in body
    assert letter["paragraphs"][0].startswith("他們")


def test_signatory_count_and_numbering(letter):
    numbers = [s["number"] for s in letter["signatories"]]
    assert len(numbers) == 165
    assert numbers[0] == 1 and numbers[-1] == 169
    assert numbers == sorted(numbers)
    gaps = kinds(letter, "numbering_gap")
    assert sorted(n for a in gaps for n in a["numbers"]) == [23, 117, 119, 126]


def test_last_line_and_glued_count(letter, by_number):
    last = by_number[169]
    assert names(last) == ["Zo Indigenous Forum"]
    assert last["acronym"] == "ZIF"
    garbage = kinds(letter, "trailing_garbage")
    if re.search(r"\)\d+\s*$", last["raw"]):
        # The published version has the count glued on: stripped and reported.
        assert [a["numbers"] for a in garbage] == [[169]]
        assert "165" in garbage[0]["detail"]
    else:
        assert garbage == []


def test_every_raw_line_is_kept(letter):
    for sig in letter["signatories"]:
        assert re.match(rf"\s*{sig['number']}\.", sig["raw"])


@pytest.mark.parametrize("number, latin, chinese", [
    (3, "ACAT Italia", "義大利基督徒廢除酷刑行動組織"),
    (5, "ACAT Spain-Catalonia", "西班牙加泰隆尼亞地區基督徒廢除酷刑行動組織"),
    (18, "Addameer Prisoner Support and Human Rights Association", "Addameer 監獄支持和人權協會"),
    (19, "African Policing Civilian Oversight Forum", "非洲警察民事監督論壇"),
    (105, "Judicial Reform Foundation Taiwan", "台灣財團法人民間司法改革基金會"),
    (164, "WWF International", "世界自然基金會"),
])
def test_two_scripts_split(by_number, number, latin, chinese):
    sig = by_number[number]
    assert sig["names"][0] == {"text": latin, "script": "Latn",
                               "lang": sig["names"][0]["lang"]}
    assert sig["names"][-1]["text"] == chinese
    assert sig["names"][-1]["script"] == "Hant"
    assert sig["names"][-1]["lang"] == "zh-Hant"


def test_english_names_are_tagged_english(by_number):
    assert by_number[26]["names"][0]["lang"] == "en"
    assert by_number[20]["names"][0]["lang"] == "fr"
    assert by_number[47]["names"][0]["lang"] == "es"


def test_simplified_character_reported_not_changed(letter, by_number):
    sig = by_number[162]
    assert sig["names"][-1]["text"] == "禁止酷刑委員會與非政府组織"
    found = kinds(letter, "simplified_in_traditional")
    assert [a["numbers"] for a in found] == [[162]]
    assert "组" in found[0]["detail"] and "組" in found[0]["detail"]


@pytest.mark.parametrize("number, name, acronym", [
    (26, "American Civil Liberties Union", "ACLU"),
    (31, "Association for Progressive Communications", "APC"),
    (146, "Syrians for Truth and Justice", "STJ"),
    (143, "Struggle to Economize Future Environment", "SEFE"),
    (65, "International Federation for Human Rights", "FIDH"),
    (10, "Action by Christians Against Torture", "ACAT-UK"),
    (122, "Platform for International Cooperation on Undocumented Migrants", "PICUM"),
    (17, "Action of Christians for the Abolition of Torture in Burundi", "Acat-Burundi"),
    (104, "Journalists and Writers Foundation", "JWF.org"),
    (116, "Network of the independent Commission for Human rights in North Africa",
     "CIDH AFRICA"),
    (12, "Action by Christians against Torture in Togo", "ACAT TOGO"),
    (61, "Equipo de Estudios Comunitarios y Acción Psicosocial", "ECAP"),
    (69, "The Global Alliance for LGBT Education", "GALE"),
    (88, "In Defense of Human Rights and Dignity Movement", "iDEFEND"),
    (113, "Mesoamerican Initiative of Women Human Rights Defenders", "IM-Defensoras"),
    (70, "Geneva for Human Rights - Global Training", "GHR"),
])
def test_acronyms(by_number, number, name, acronym):
    sig = by_number[number]
    assert sig["names"][0]["text"] == name
    assert sig["acronym"] == acronym


def test_bracketed_names_in_other_languages_are_names(by_number):
    c_libre = by_number[53]
    assert names(c_libre)[:2] == ["Committee for Free Expression", "Comité por la Libre Expresión"]
    assert c_libre["names"][1]["lang"] == "es"
    assert c_libre["acronym"] == "C-Libre"
    insan = by_number[79]
    assert names(insan) == ["Human Rights Association", "Insan Haklari Dernegi"]
    assert insan["acronym"] is None
    defend = by_number[57]
    assert names(defend) == ["DefendDefenders",
                             "East and Horn of Africa Human Rights Defenders Project"]


def test_qualifiers(by_number):
    observatory = "within the framework of the Observatory for the Protection of Human Rights Defenders"
    assert by_number[65]["qualifier"] == observatory
    assert by_number[162]["qualifier"] == observatory
    assert names(by_number[162])[0] == "World Organisation Against Torture"
    assert by_number[162]["acronym"] == "OMCT"


@pytest.mark.parametrize("number, name, country", [
    (47, "Centro de Alternativas al Desarrollo", "CO"),
    (94, "International Centre for Ethnic Studies", "LK"),
    (41, "Bytes For All", "PK"),
    (6, "ACAT Ghana", "GH"),  # a bare acronym keeps its country: see the module docstring
    (13, "Action by Christians for the Abolition of Torture", "CA"),
    (15, "Action by Christians for the Abolition of Torture", "CM"),
    (80, "Human Rights Concern", "ER"),
    (7, "ACAT-France", None),  # a country inside the name is the name, not an annotation
    (4, "ACAT RDC", None),
    (3, "ACAT Italia", None),
])
def test_countries(by_number, number, name, country):
    assert by_number[number]["names"][0]["text"] == name
    assert by_number[number]["country"] == country


def test_country_inside_a_name_stays_in_the_name(by_number):
    assert names(by_number[28])[0] == "Amnesty International Mongolia"
    assert by_number[28]["country"] is None
    assert by_number[47]["acronym"] == "CEALDES"


def test_whitespace_cleaned_and_reported(letter, by_number):
    assert names(by_number[71])[0] == "Global Alliance for Tibet & Persecuted Minorities"
    assert names(by_number[22]) == ["Al-Haq, Law in the Service of Man"]
    reported = {n for a in kinds(letter, "whitespace") for n in a["numbers"]}
    assert {22, 45, 71, 143}.issubset(reported)
    assert 1 not in reported
    for sig in letter["signatories"]:
        for name in sig["names"]:
            assert name["text"] == name["text"].strip()
            assert "  " not in name["text"] and "\u00a0" not in name["text"]


def test_possible_duplicates(letter):
    dups = kinds(letter, "possible_duplicate") + kinds(letter, "duplicate")
    pairs = [tuple(a["numbers"]) for a in dups]
    assert (45, 47) in pairs
    detail = next(a["detail"] for a in dups if tuple(a["numbers"]) == (45, 47))
    assert re.search("translat|language", detail)
    flat = {n for pair in pairs for n in pair}
    # Sections of one network are not duplicates.
    for number in (1, 2, 3, 6, 7, 13, 14, 15, 27, 28, 95, 96):
        assert number not in flat, (number, dups)


def test_typos(letter):
    typos = {a["numbers"][0]: a["detail"] for a in kinds(letter, "typo")}
    assert "Coalition" in typos[40]
    assert "Coordination" in typos[56]


def _shared_parts(path):
    lines = read_letter_file(path).splitlines()
    items = [re.sub(r"^\s*\d+\.\s*", "", line) for line in lines if re.match(r"^\s*\d+\.", line)]
    others = [line.strip() for line in lines if line.strip() and not re.match(r"^\s*\d+\.", line)]
    return others, items


def test_shared_letter_as_word_with_automatic_numbering(shared_letter_path, tmp_path):
    """Word numbers list paragraphs itself: the printed gaps disappear, 1..165."""
    import docx

    others, items = _shared_parts(shared_letter_path)
    document = docx.Document()
    for line in others:
        if line.startswith("•"):
            document.add_paragraph(line.lstrip("• "), style="List Bullet")
        else:
            document.add_paragraph(line)
    for item in items:
        document.add_paragraph(item, style="List Number")
    path = tmp_path / "letter.docx"
    document.save(path)
    letter = parse_letter(read_letter_file(path))
    assert [s["number"] for s in letter["signatories"]] == list(range(1, 166))
    assert not kinds(letter, "numbering_gap")
    assert letter["date"] == "2023-02-27" and letter["language"] == "zh-Hant"
    assert len(letter["asks"]) == 4 and len(letter["paragraphs"]) == 4
    assert letter["signatories"][2]["names"][1]["text"] == "義大利基督徒廢除酷刑行動組織"


def test_shared_letter_as_html(shared_letter_path, tmp_path):
    import html

    others, items = _shared_parts(shared_letter_path)
    body = "".join(f"<p>{html.escape(line)}</p>" for line in others if not line.startswith("•"))
    asks = "".join(f"<li>{html.escape(line.lstrip('• '))}</li>" for line in others
                   if line.startswith("•"))
    signatories = "".join(f"<li>{html.escape(item)}</li>" for item in items)
    path = tmp_path / "letter.html"
    path.write_text(f"<html><body>{body}<ul>{asks}</ul><ol>{signatories}</ol></body></html>",
                    encoding="utf-8")
    letter = parse_letter(read_letter_file(path))
    assert len(letter["signatories"]) == 165
    assert len(letter["asks"]) == 4
    assert letter["signatories"][-1]["acronym"] == "ZIF"
