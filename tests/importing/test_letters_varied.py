"""Letters written for these tests (tests/importing/letters): other languages, list shapes."""

from pathlib import Path

import pytest

from undersigned.importing.letter_parser import (
    detect_language,
    find_date,
    parse_letter,
    parse_signatory,
)

LETTERS = Path(__file__).parent / "letters"


def load(name):
    return parse_letter((LETTERS / name).read_text(encoding="utf-8"))


def first_names(letter):
    return [s["names"][0]["text"] for s in letter["signatories"]]


def kinds(letter, kind):
    return [a for a in letter["anomalies"] if a["kind"] == kind]


def test_english_numbered_with_parentheses():
    letter = load("en_numbered.txt")
    assert letter["language"] == "en"
    assert letter["date"] == "2024-03-03"
    assert letter["title"] == "Renew the mandate on freedom of association"
    assert letter["recipients"].startswith("Permanent Representatives of Member")
    assert letter["asks"] == ["co-sponsor the resolution;",
                              "vote in favour of it if a vote is called; and",
                              "oppose any hostile amendment."]
    assert letter["paragraphs"][0].startswith("We, the undersigned")
    assert letter["paragraphs"][-1] == "For questions, contact the coordination team."
    assert "Dear Excellencies," not in letter["paragraphs"]
    sigs = {s["number"]: s for s in letter["signatories"]}
    assert list(sigs) == [1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert (sigs[2]["names"][0]["text"], sigs[2]["country"]) == ("Article 19", "GB")
    assert (sigs[3]["names"][0]["text"], sigs[3]["acronym"], sigs[3]["country"]) == (
        "Asociación Pro Derechos Humanos", "APRODEH", "PE")
    assert sigs[3]["names"][0]["lang"] == "es"
    assert (sigs[5]["acronym"], sigs[5]["country"]) == ("LDH", "FR")
    assert [a["numbers"] for a in kinds(letter, "numbering_gap")] == [[9]]
    assert [a["numbers"] for a in kinds(letter, "duplicate")] == [[4, 7]]


def test_french_unnumbered_under_a_heading_with_tab_column():
    letter = load("fr_unnumbered.txt")
    assert letter["language"] == "fr"
    assert letter["date"] == "2024-03-01"
    assert letter["title"] == "Lettre conjointe sur les défenseurs des droits humains"
    assert letter["recipients"] == "Madame, Monsieur"
    assert letter["asks"] == ["soutenir la résolution ;", "vous opposer à tout amendement hostile."]
    assert len(letter["signatories"]) == 6
    assert all(s["number"] is None for s in letter["signatories"])
    first = letter["signatories"][0]
    assert (first["names"][0]["text"], first["country"]) == (
        "Ligue ivoirienne des droits de l'homme", "CI")
    acat = letter["signatories"][1]
    assert (acat["acronym"], acat["country"]) == ("ACAT-France", None)  # in the name: no country
    raddho = letter["signatories"][2]
    assert (raddho["acronym"], raddho["country"]) == ("RADDHO", "SN")
    assert not any("Ligue" in p for p in letter["paragraphs"])


def test_spanish_one_organisation_per_paragraph_with_country_lines():
    letter = load("es_paragraphs.txt")
    assert letter["language"] == "es"
    assert letter["date"] == "2023-02-27"
    assert letter["asks"] == ["Copatrocinen la resolución.", "Rechacen las enmiendas hostiles."]
    sigs = letter["signatories"]
    assert len(sigs) == 5
    assert (sigs[0]["names"][0]["text"], sigs[0]["acronym"], sigs[0]["country"]) == (
        "Centro de Estudios Legales y Sociales", "CELS", "AR")
    assert sigs[1]["country"] == "HN"
    assert sigs[4]["country"] is None  # Honduras inside the name stays in the name
    dup = kinds(letter, "possible_duplicate")
    assert [a["numbers"] for a in dup] == [[3, 4]]  # positions in an unnumbered list


def test_arabic_numbered_with_arabic_digits_and_bilingual_names():
    letter = load("ar_numbered.txt")
    assert letter["language"] == "ar"
    assert letter["date"] == "2023-02-27"
    assert letter["recipients"] == "أصحاب السعادة"
    assert len(letter["asks"]) == 2
    sigs = letter["signatories"]
    assert [s["number"] for s in sigs] == [1, 2, 3, 4]
    assert [(n["script"], n["lang"]) for n in sigs[0]["names"]] == [("Arab", "ar"), ("Latn", "en")]
    assert sigs[0]["names"][1]["text"] == "Cairo Institute for Human Rights Studies"
    assert sigs[1]["names"][1]["text"] == "Al-Haq"
    assert sigs[2]["names"][0]["text"] == "منظمة القسط لحقوق الإنسان"
    assert sigs[2]["country"] == "GB"


def test_russian_list_under_heading():
    letter = load("ru_numbered.txt")
    assert letter["language"] == "ru"
    assert letter["date"] == "2023-02-27"
    sigs = letter["signatories"]
    assert len(sigs) == 4
    assert [n["text"] for n in sigs[0]["names"]] == ["Общественный вердикт",
                                                      "Public Verdict Foundation"]
    assert sigs[0]["names"][0]["lang"] == "ru"
    assert (sigs[1]["names"][0]["text"], sigs[1]["country"]) == (
        "Правозащитный центр «Мемориал»", "RU")
    assert sigs[2]["country"] == "BY"


def test_columns_separated_by_tabs_without_heading():
    letter = load("en_columns.txt")
    assert letter["date"] == "2024-03-12"
    assert letter["title"] == "Joint statement on civic space"
    assert first_names(letter) == ["Amnesty International", "Bytes For All",
                                   "Committee to Protect Journalists", "SOS-Esclaves",
                                   "The Kvinna till Kvinna Foundation"]
    assert [s["country"] for s in letter["signatories"]] == [None, "PK", "US", "MR", "SE"]
    assert letter["paragraphs"] == [
        "We are deeply concerned about shrinking civic space and ask the Council to act."]


def test_simplified_chinese_letter():
    letter = load("zh_hans.txt")
    assert letter["language"] == "zh-Hans"
    assert letter["date"] == "2024-03-01"
    sigs = letter["signatories"]
    assert [n["text"] for n in sigs[0]["names"]] == ["国际特赦组织", "Amnesty International"]
    assert sigs[0]["names"][0]["script"] == "Hans"
    assert sigs[2]["names"][0]["script"] == "Hant"


def test_en_dash_column_and_unnumbered_bullets():
    text = ("Open letter\n\nWe urge you to act now on this matter, as explained below.\n\n"
            "Signed by:\n\n• Amnesty International – International\n"
            "• Bytes For All – Pakistan\n• Front Line Defenders – Ireland\n")
    letter = parse_letter(text)
    assert first_names(letter) == ["Amnesty International", "Bytes For All",
                                   "Front Line Defenders"]
    assert [s["country"] for s in letter["signatories"]] == [None, "PK", "IE"]
    assert letter["asks"] == []


def test_numbered_asks_before_numbered_list_stay_asks():
    text = ("We ask States to:\n\n1. support the resolution;\n2. reject amendments.\n\n"
            "Signatories\n\n1. Amnesty International\n2. Human Rights Watch\n"
            "3. Front Line Defenders\n")
    letter = parse_letter(text)
    assert letter["asks"] == ["support the resolution;", "reject amendments."]
    assert first_names(letter) == ["Amnesty International", "Human Rights Watch",
                                   "Front Line Defenders"]


def test_wrapped_numbered_items_are_joined():
    text = ("Dear all,\n\nPlease support.\n\n1. International Federation for Human\n"
            "   Rights (FIDH)\n2. World Organisation Against Torture (OMCT)\n3. Amnesty International\n")
    letter = parse_letter(text)
    assert first_names(letter)[0] == "International Federation for Human Rights"
    assert letter["signatories"][0]["acronym"] == "FIDH"
    assert "\n" in letter["signatories"][0]["raw"]
    assert letter["recipients"] == "all"


def test_no_list_at_all():
    letter = parse_letter("Just one paragraph of text without any list.")
    assert letter["signatories"] == []
    assert letter["paragraphs"] == ["Just one paragraph of text without any list."]


def test_given_language_wins():
    letter = parse_letter("1. A\n2. B\n3. C\n", lang="fr_FR")
    assert letter["language"] == "fr-FR"


@pytest.mark.parametrize("text, iso", [
    ("27 February 2023", "2023-02-27"),
    ("February 27, 2023", "2023-02-27"),
    ("27th February 2023", "2023-02-27"),
    ("2023 年 2 月 27 日", "2023-02-27"),
    ("2023年2月27日", "2023-02-27"),
    ("27/02/2023", "2023-02-27"),
    ("02/27/2023", "2023-02-27"),
    ("27.02.2023", "2023-02-27"),
    ("2023-02-27", "2023-02-27"),
    ("27 février 2023", "2023-02-27"),
    ("Genève, le 1er mars 2024", "2024-03-01"),
    ("27 de febrero de 2023", "2023-02-27"),
    ("27 февраля 2023 г.", "2023-02-27"),
    ("٢٧ فبراير ٢٠٢٣", "2023-02-27"),
    ("27 شباط 2023", "2023-02-27"),
    ("27. Februar 2023", "2023-02-27"),
    ("2023년 2월 27일", "2023-02-27"),
    ("no date here", None),
    ("31/02/2023", None),
])
def test_find_date(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize("text, lang", [
    ("We call on all States to support the resolution and the mandate.", "en"),
    ("Nous appelons les États à soutenir la résolution et le mandat.", "fr"),
    ("Pedimos a los Estados que apoyen la resolución y el mandato.", "es"),
    ("Мы призываем государства поддержать резолюцию.", "ru"),
    ("Ми закликаємо держави підтримати резолюцію і мандат.", "uk"),
    ("ندعو الدول إلى دعم القرار.", "ar"),
    ("我們呼籲各國支持這項決議。", "zh-Hant"),
    ("我们呼吁各国支持这项决议。", "zh-Hans"),
    ("12345 !!!", "und"),
])
def test_detect_language(text, lang):
    assert detect_language(text) == lang


@pytest.mark.parametrize("item, name, acronym, country, qualifier", [
    ("Amnesty International (AI)", "Amnesty International", "AI", None, None),
    ("FIDH (International Federation for Human Rights)",
     "International Federation for Human Rights", "FIDH", None, None),
    ("Syrians for Truth and Justice - STJ", "Syrians for Truth and Justice", "STJ", None, None),
    ("Centro de Alternativas al Desarrollo (CEALDES) - Colombia",
     "Centro de Alternativas al Desarrollo", "CEALDES", "CO", None),
    ("Bytes For All, Pakistan", "Bytes For All", None, "PK", None),
    ("ACAT, GHANA", "ACAT Ghana", None, "GH", None),
    ("Law Firm (Colombia)", "Law Firm", None, "CO", None),
    ("Foo Network, on behalf of the Bar Coalition", "Foo Network", None, None,
     "on behalf of the Bar Coalition"),
    ("Initiative for Dialogue (IDEALS), Inc.", "Initiative for Dialogue, Inc.", "IDEALS", None,
     None),
    ("Global Alliance for LGBT", "Global Alliance for LGBT", None, None, None),
    ("Human Rights Watch USA", "Human Rights Watch USA", None, None, None),
])
def test_parse_signatory(item, name, acronym, country, qualifier):
    sig, _ = parse_signatory(item, 1)
    assert sig["names"][0]["text"] == name
    assert (sig["acronym"], sig["country"], sig["qualifier"]) == (acronym, country, qualifier)


def test_glued_count_and_footnote_marks_are_trailing_garbage():
    sig, anomalies = parse_signatory("Zo Indigenous Forum (ZIF)165", 169, count=165)
    assert sig["names"][0]["text"] == "Zo Indigenous Forum" and sig["acronym"] == "ZIF"
    assert [a["kind"] for a in anomalies] == ["trailing_garbage"]
    assert "number of signatories" in anomalies[0]["detail"]
    sig, anomalies = parse_signatory("Amnesty International*", 3)
    assert sig["names"][0]["text"] == "Amnesty International"
    assert [a["kind"] for a in anomalies] == ["trailing_garbage"]
    # A number that is part of the name is left alone.
    sig, anomalies = parse_signatory("Article 19", 3, count=40)
    assert sig["names"][0]["text"] == "Article 19" and anomalies == []


def test_numbering_order_and_unnumbered_items_are_reported():
    text = "1. Alpha Org\n2. Beta Org\n2. Gamma Org\n\nDelta Org\n\n4. Epsilon Org\n"
    letter = parse_letter(text)
    assert [s["number"] for s in letter["signatories"]] == [1, 2, 2, None, 4]
    assert kinds(letter, "numbering_order")[0]["numbers"] == [2, 2]
    assert kinds(letter, "unnumbered_item")
    assert [a["numbers"] for a in kinds(letter, "numbering_gap")] == [[3]]


def test_numbered_asks_and_unnumbered_list_without_heading():
    text = ("Dear Ambassador,\n\nWe ask your government to:\n\n1. support the resolution;\n"
            "2. oppose hostile amendments;\n3. speak up in the debate.\n\n"
            "Amnesty International\nHuman Rights Watch\nFront Line Defenders\n"
            "Ligue des droits de l'Homme\n")
    letter = parse_letter(text)
    assert letter["recipients"] == "Ambassador"
    assert len(letter["asks"]) == 3
    assert first_names(letter) == ["Amnesty International", "Human Rights Watch",
                                   "Front Line Defenders", "Ligue des droits de l'Homme"]


def test_markdown_list():
    text = ("# Protect civic space\n\nWe urge all States to act.\n\n## Signatories\n\n"
            "1. **Amnesty International**\n2. [Front Line Defenders](https://frontlinedefenders.org)"
            "\n3. Human Rights Watch\n")
    letter = parse_letter(text)
    assert letter["title"] == "Protect civic space"
    assert first_names(letter) == ["Amnesty International", "Front Line Defenders",
                                   "Human Rights Watch"]


def test_signed_comma_heading():
    text = "We urge you to act.\n\nSigned,\n\nAlpha Org\nBeta Org\nGamma Org\n"
    letter = parse_letter(text)
    assert first_names(letter) == ["Alpha Org", "Beta Org", "Gamma Org"]
    assert letter["paragraphs"] == ["We urge you to act."]


def test_scope_in_brackets_is_dropped():
    sig, _ = parse_signatory("Amnesty International (Global)", 1)
    assert [n["text"] for n in sig["names"]] == ["Amnesty International"]
    assert sig["country"] is None and sig["acronym"] is None


def test_dash_numbering_pipe_column_and_individuals():
    letter = load("en_dash_numbered_individuals.txt")
    assert letter["title"] == "Joint NGO letter"
    assert letter["recipients"] == "Excellencies"
    sigs = letter["signatories"]
    assert [s["number"] for s in sigs] == [1, 2, 3, 4, 5]  # the person is set apart
    assert [(s["names"][0]["text"], s["acronym"], s["country"]) for s in sigs[:5]] == [
        ("Amnesty International", None, None),
        ("CIVICUS", None, "ZA"),  # a bracketed country annotates; it is not kept in the name
        ("Bytes For All", None, "PK"),
        ("Human Rights Watch", None, "US"),
        ("Asociación Civil por la Igualdad y la Justicia", "ACIJ", "AR"),
    ]
    assert letter["individuals"] == [{"name": "Jane Doe", "affiliation": "Professor of Law, "
                                      "University of Somewhere",
                                      "raw": "6 - Jane Doe, Professor of Law, University of "
                                             "Somewhere"}]
    assert kinds(letter, "individual")


@pytest.mark.parametrize("item, country", [
    ("Association des femmes - Guinea-Bissau", "GW"),
    ("Fundação Timor - Timor-Leste", "TL"),
    ("Geneva for Human Rights - Global Training (GHR)", None),
    ("X - Y - Colombia", "CO"),
])
def test_country_is_the_last_column(item, country):
    sig, _ = parse_signatory(item, 1)
    assert sig["country"] == country


def test_bullet_asks_and_bullet_list_with_date_after():
    letter = load("en_bullets_both.txt")
    assert letter["asks"] == ["support X;", "oppose Y."]
    assert first_names(letter) == ["Amnesty International", "Human Rights Watch",
                                   "Front Line Defenders"]
    assert letter["date"] == "2024-03-03"
    assert letter["recipients"] == "colleagues"


def test_dashed_date():
    assert find_date("Geneva, 27-Feb-2023") == "2023-02-27"


def test_chinese_names_keep_their_characters_but_not_stray_spaces():
    sig, anomalies = parse_signatory("Amnesty International 國際\u00a0\u00a0特赦\u200b組織", 1)
    assert sig["names"][1]["text"] == "國際 特赦組織"
    assert [a["kind"] for a in anomalies] == ["whitespace"]
    sig, _ = parse_signatory("Foo Bar 豈更基金會", 1)  # U+F900 compatibility ideograph kept
    assert sig["names"][1]["text"] == "豈更基金會"


@pytest.mark.parametrize("heading", [
    "Signatories:", "SIGNATORIES", "Signed,", "The undersigned", "Co-signatories:",
    "Endorsing organizations:", "Supported by:", "## Signatories (42)", "**Signatories**",
    "Organisations signataires :", "Premiers signataires", "Liste des signataires",
    "Organizaciones firmantes:", "Firman:", "Подписавшие организации:",
    "Организации, подписавшие письмо:", "المنظمات الموقعة:", "الموقعون", "聯署團體：",
    "簽署機構", "连署名单",
])
def test_signatory_headings(heading):
    text = (f"We urge all States to act on this now, as set out below.\n\n{heading}\n\n"
            "alpha org (lower case on purpose)\nBeta Org\n")
    letter = parse_letter(text)
    assert len(letter["signatories"]) == 2, heading
    assert letter["paragraphs"] == ["We urge all States to act on this now, as set out below."]


def test_page_markers_pasted_from_pdf_are_skipped():
    text = ("We urge you to act.\n\nSignatories\n\n1. Alpha Org\n2. Beta Org\n\nPage 1 of 2\n\n"
            "3. Gamma Org\n- 2 -\n4. Delta Org\n")
    letter = parse_letter(text)
    assert [s["number"] for s in letter["signatories"]] == [1, 2, 3, 4]
    assert [a["numbers"] for a in kinds(letter, "page_marker")] == [[2], [3]]
    assert not kinds(letter, "unnumbered_item")


def test_ngo_letter_format_subject_and_loose_recipients():
    letter = load("en_ngo_format.txt")
    assert letter["title"].startswith("Renewal of the mandate of the Special Rapporteur")
    assert letter["recipients"] == (
        "Permanent Representatives of Member and Observer States of the UN Human Rights "
        "Council (Geneva, Switzerland)")
    assert letter["date"] == "2023-02-20"
    assert letter["paragraphs"][0].startswith("We, the undersigned")
    assert len(letter["asks"]) == 2
    assert first_names(letter) == ["ARTICLE 19", "Amnesty International",
                                   "World Alliance for Citizen Participation",  # CIVICUS: its short name
                                   "International Service for Human Rights"]


@pytest.mark.parametrize("line, who", [
    ("To: Member States of the Human Rights Council", "Member States of the Human Rights Council"),
    ("Aux Représentants permanents des États membres", "Représentants permanents des États membres"),
    ("A las Representaciones Permanentes", "Representaciones Permanentes"),
    ("Dear Ambassador,", "Ambassador"),
    ("Madame la Présidente,", "Madame la Présidente"),
    ("尊敬的各位常驻代表：", "尊敬的各位常驻代表"),
])
def test_recipient_lines(line, who):
    letter = parse_letter(f"{line}\n\nWe urge you to act on this matter without delay.\n")
    assert letter["recipients"] == who
