"""Layout detection, one test per shape a coalition pastes (letters written for these tests)."""

import pytest

from undersigned.importing.parsing import parse_letter, parse_signatory

INTRO = "Joint letter\n\nWe urge all States to support the resolution, as set out below.\n\n"


def entries(letter):
    return [([n["text"] for n in s["names"]], s["acronym"], s["country"])
            for s in letter["signatories"]]


def first_names(letter):
    return [s["names"][0]["text"] for s in letter["signatories"]]


def test_numbered():
    letter = parse_letter(INTRO + "1. Amnesty International\n2) Bytes For All, Pakistan\n"
                          "(3) Front Line Defenders – Ireland\n4 - Article 19\n")
    assert letter["layout"]["kind"] == "numbered"
    assert [s["number"] for s in letter["signatories"]] == [1, 2, 3, 4]
    assert [s["country"] for s in letter["signatories"]] == [None, "PK", "IE", None]


def test_bulleted_with_wrapped_lines():
    letter = parse_letter(INTRO + "Signatories:\n\n• Amnesty International\n"
                          "• International Federation for\n  Human Rights (FIDH)\n"
                          "• Human Rights Watch\n")
    assert letter["layout"]["kind"] == "bulleted"
    assert entries(letter)[1] == (["International Federation for Human Rights"], "FIDH", None)


def test_unnumbered_lines():
    letter = parse_letter(INTRO + "Signed,\n\nAmnesty International\nHuman Rights Watch\n"
                          "Front Line Defenders\nLigue des droits de l'Homme (LDH), France\n")
    assert letter["layout"]["kind"] == "lines"
    assert entries(letter)[-1] == (["Ligue des droits de l'Homme"], "LDH", "FR")


def test_inline_paragraph_hard_wrapped_with_individuals_and_anonymous_count():
    letter = parse_letter(
        INTRO + "Signed by: Amnesty International, Centro de Estudios Legales y Sociales,\n"
        "CELS, Bytes For All, Pakistan, International Federation for Human Rights\n"
        "(FIDH), within the framework of the Observatory, Front Line Defenders,\n"
        "Access Now and Article 19, and 4 organisations that cannot be named for\n"
        "security reasons.\n\n"
        "Individual signatories: Jane Doe, Professor of Law; John Smith, Lawyer.\n")
    assert letter["layout"]["kind"] == "inline"
    assert entries(letter) == [
        (["Amnesty International"], None, None),
        (["Centro de Estudios Legales y Sociales"], "CELS", None),
        (["Bytes For All"], None, "PK"),
        (["International Federation for Human Rights"], "FIDH", None),
        (["Front Line Defenders"], None, None), (["Access Now"], None, None),
        (["Article 19"], None, None)]
    assert letter["signatories"][3]["qualifier"] == "within the framework of the Observatory"
    assert letter["anonymous_count"] == 4
    assert [(p["name"], p["affiliation"]) for p in letter["individuals"]] == [
        ("Jane Doe", "Professor of Law"), ("John Smith", "Lawyer")]
    assert letter["paragraphs"] == ["We urge all States to support the resolution, as set out "
                                    "below."]


def test_semicolon_separated():
    letter = parse_letter(INTRO + "Signatories: Amnesty International; Bytes For All, "
                          "Pakistan; Red de Defensoras, Honduras; Human Rights Watch.\n")
    assert letter["layout"]["kind"] == "inline"
    assert letter["layout"]["separator"] == ";"
    assert [s["country"] for s in letter["signatories"]] == [None, "PK", "HN", None]


def test_individuals_block_set_apart():
    letter = parse_letter(INTRO + "Organisations:\n\nAmnesty International\nHuman Rights Watch\n"
                          "Access Now\n\nIndividuals:\n\nJane Doe (University of Nairobi)\n"
                          "John Smith, journalist\n")
    assert first_names(letter) == ["Amnesty International", "Human Rights Watch", "Access Now"]
    assert [(p["name"], p["affiliation"]) for p in letter["individuals"]] == [
        ("Jane Doe", "University of Nairobi"), ("John Smith", "journalist")]
    assert letter["layout"]["individuals"] == 2


def test_html_table_with_number_name_country_and_description(tmp_path):
    from undersigned.importing.readers import read_letter_file

    rows = "".join(f"<tr><td>{n}</td><td>{name}</td><td>{other}</td></tr>" for n, name, other in [
        (1, "Third World Network (TWN)", "TWN is an independent non-profit international "
         "network of organisations and individuals involved in issues relating to development"),
        (2, "Bytes For All", "Pakistan"), (3, "Attac Austria", "Austria"),
        (4, "Both ENDS", "The Netherlands")])
    path = tmp_path / "list.html"
    path.write_text(f"<p>We urge you to act now, as set out below.</p><p>Signatories:</p>"
                    f"<table><tr><th>No.</th><th>Organisation</th><th>Country</th></tr>{rows}"
                    "</table>", encoding="utf-8")
    letter = parse_letter(read_letter_file(path))
    assert letter["layout"]["kind"] == "table"
    assert letter["layout"]["column_roles"][:2] == ["number", "name"]
    assert [(s["number"], *e) for s, e in zip(letter["signatories"], entries(letter),
                                               strict=True)] == [
        (1, ["Third World Network"], "TWN", None), (2, ["Bytes For All"], None, "PK"),
        (3, ["Attac Austria"], None, "AT"), (4, ["Both ENDS"], None, "NL")]


def test_docx_table(tmp_path):
    import docx

    from undersigned.importing.readers import read_letter_file

    document = docx.Document()
    document.add_paragraph("We urge you to act now, as set out below.")
    document.add_paragraph("Signatories")
    table = document.add_table(rows=0, cols=2)
    for name, country in [("Amnesty International", "International"),
                          ("Bytes For All", "Pakistan"), ("Front Line Defenders", "Ireland")]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = name, country
    path = tmp_path / "letter.docx"
    document.save(path)
    letter = parse_letter(read_letter_file(path))
    assert letter["layout"]["kind"] == "table"
    assert [s["country"] for s in letter["signatories"]] == [None, "PK", "IE"]


def test_grouped_under_country_and_region_headings():
    letter = parse_letter(INTRO + "Signatories\n\nInternational organisations\n"
                          "Amnesty International\nCIVICUS\n\nKenya\nKatiba Institute\n"
                          "Kenya Human Rights Commission\n\nColombia:\nDejusticia\n"
                          "Comisión Colombiana de Juristas\n")
    assert [(s["names"][0]["text"], s["country"], s["group"]) for s in letter["signatories"]] == [
        ("Amnesty International", None, "International organisations"),
        ("CIVICUS", None, "International organisations"),
        ("Katiba Institute", "KE", "Kenya"), ("Kenya Human Rights Commission", "KE", "Kenya"),
        ("Dejusticia", "CO", "Colombia"), ("Comisión Colombiana de Juristas", "CO", "Colombia")]
    assert [g["title"] for g in letter["layout"]["groups"]] == [
        "International organisations", "Kenya", "Colombia"]


def test_numbered_under_region_headings():
    letter = parse_letter(INTRO + "Signatories:\n\nAfrica\n1. Katiba Institute\n"
                          "2. Legal Resources Centre\n\nAsia\n3. FORUM-ASIA\n4. Odhikar\n")
    assert [s["number"] for s in letter["signatories"]] == [1, 2, 3, 4]
    assert not [a for a in letter["anomalies"] if a["kind"] == "unnumbered_item"]
    assert [s["group"] for s in letter["signatories"]] == ["Africa", "Africa", "Asia", "Asia"]


def test_two_columns_copied_from_a_pdf():
    letter = parse_letter(INTRO + "Signatories:\n\nAccess Now                    Human Rights Watch\n"
                          "Amnesty International         Ligue des droits de l'Homme\n"
                          "Article 19                    Privacy International\n")
    assert letter["layout"]["kind"] == "columns"
    assert first_names(letter) == ["Access Now", "Amnesty International", "Article 19",
                                   "Human Rights Watch", "Ligue des droits de l'Homme",
                                   "Privacy International"]


@pytest.mark.parametrize("item, names, acronym, country", [
    ("FIDH – International Federation for Human Rights",
     ["International Federation for Human Rights"], "FIDH", None),
    ("MINBYUN – Lawyers for a Democratic Society", ["Lawyers for a Democratic Society"],
     "MINBYUN", None),
    ("Centro de Justicia y Paz (Cepaz)", ["Centro de Justicia y Paz"], "Cepaz", None),
    ("Programa Venezolano de Educación-Acción en Derechos Humanos – Provea",
     ["Programa Venezolano de Educación-Acción en Derechos Humanos"], "Provea", None),
    ("Centro de Derechos Humanos Fray Bartolomé de Las Casas (Frayba)",
     ["Centro de Derechos Humanos Fray Bartolomé de Las Casas"], "Frayba", None),
    ("Centro de Derechos Humanos Miguel Agustín Pro Juárez (Centro Prodh)",
     ["Centro de Derechos Humanos Miguel Agustín Pro Juárez"], "Centro Prodh", None),
    ("Red Nacional de Organismos Civiles de Derechos Humanos (Red TDT)",
     ["Red Nacional de Organismos Civiles de Derechos Humanos"], "Red TDT", None),
    ("ACAT-France", ["ACAT-France"], None, None),
    ("ICJ Kenya", ["ICJ Kenya"], None, None),
    ("ACAT Italia", ["ACAT Italia"], None, None),
    ("Kenya Human Rights Commission – Kenya", ["Kenya Human Rights Commission"], None, "KE"),
    ("Katiba Institute (Kenia)", ["Katiba Institute"], None, "KE"),
    ("Third World Network – Africa", ["Third World Network – Africa"], None, None),
    ("Cairo Institute for Human Rights Studies (CIHRS) / مركز القاهرة لدراسات حقوق الإنسان",
     ["Cairo Institute for Human Rights Studies", "مركز القاهرة لدراسات حقوق الإنسان"], "CIHRS",
     None),
    ("مركز القاهرة لدراسات حقوق الإنسان – Cairo Institute for Human Rights Studies, Egypt",
     ["مركز القاهرة لدراسات حقوق الإنسان", "Cairo Institute for Human Rights Studies"], None, "EG"),
    ("Memorial Human Rights Centre / Правозащитный центр «Мемориал»",
     ["Memorial Human Rights Centre", "Правозащитный центр «Мемориал»"], None, None),
    ("Правозащитный центр «Мемориал» – Memorial Human Rights Centre (Russia)",
     ["Правозащитный центр «Мемориал»", "Memorial Human Rights Centre"], None, "RU"),
    ("Общественный вердикт, Россия", ["Общественный вердикт"], None, "RU"),
])
def test_entry_forms(item, names, acronym, country):
    sig, _ = parse_signatory(item, 1)
    assert ([n["text"] for n in sig["names"]], sig["acronym"], sig["country"]) == (
        names, acronym, country)


@pytest.mark.parametrize("sentence, count", [
    ("And 12 organisations that cannot be named for security reasons.", 12),
    ("Y 7 organizaciones que por razones de seguridad no pueden hacer público su nombre.", 7),
    ("ainsi que 5 organisations qui souhaitent rester anonymes", 5),
    ("以及 3 個因安全考量不具名的組織", 3),
    ("و12 منظمة أخرى طلبت عدم ذكر اسمها", 12),
    ("и ещё 4 организации, попросившие не называть их", 4),
    ("Plus three organisations that asked not to be named", 3),
])
def test_anonymous_count_in_any_language(sentence, count):
    letter = parse_letter(INTRO + f"Signatories:\n\nAmnesty International\nHuman Rights Watch\n"
                          f"Access Now\n{sentence}\n")
    assert letter["anonymous_count"] == count
    assert first_names(letter) == ["Amnesty International", "Human Rights Watch", "Access Now"]


def test_anonymous_count_glued_to_the_last_entry():
    letter = parse_letter(INTRO + "1. Amnesty International\n2. Human Rights Watch\n"
                          "3. Access Now and 9 organisations that cannot be named\n")
    assert letter["anonymous_count"] == 9
    assert first_names(letter)[-1] == "Access Now"


@pytest.mark.parametrize("head, iso", [
    ("Posted on Sept. 7, 2021", "2021-09-07"),
    ("Joint statement\nPosted on Sept. 7, 2021", "2021-09-07"),
    ("2023 年 2 月 27 日", "2023-02-27"),
    ("Genève, le 1er mars 2024", "2024-03-01"),
])
def test_dates_in_the_header(head, iso):
    letter = parse_letter(head + "\n\nWe urge all States to act now.\n\nSignatories:\n"
                          "Alpha Org\nBeta Org\nGamma Org\n")
    assert letter["date"] == iso
