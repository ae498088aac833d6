"""read_signon_sheet on CSV and XLSX files generated here."""

import datetime

import openpyxl
import pytest

from undersigned.importing.errors import ImportProblem
from undersigned.importing.sheets import MappingNeeded, SheetResult, read_signon_sheet

GOOGLE_EN = [
    ["Timestamp", "Name of your organisation", "Acronym", "Country where your organisation is based",
     "Website", "Your name", "Email address",
     "Do you agree that we publish the name of your organisation?", "Comments"],
    ["2023/02/27 10:15:00 AM GMT+1", "Bytes For All", "B4A", "Pakistan", "bytesforall.pk",
     "Shahzad Ahmad", "shahzad@example.org", "Yes", ""],
    ["2023/02/27 11:00:00 PM GMT+1", "Ligue des droits de l'Homme", "LDH", "France",
     "https://www.ldh-france.org", "Anne Martin", "anne@example.org", "No", "merci"],
    ["2023/02/28 09:00:00 AM GMT+1", "", "", "Kenya", "", "Someone", "x@example.org", "Yes", ""],
    ["2023/02/28 09:05:00 AM GMT+1", "=HYPERLINK(\"http://evil\",\"Click\")", "", "Global", "",
     "Mallory", "not-an-email", "Yes, you can publish it", ""],
    ["", "", "", "", "", "", "", "", ""],
    ["2023/03/01 09:05:00 AM GMT+1", "Bytes for All", "", "PAK", "", "", "", "yes", ""],
]


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    import csv
    import io

    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def kinds(result: SheetResult, kind):
    return [a for a in result.anomalies if a["kind"] == kind]


@pytest.mark.parametrize("encoding, delimiter", [
    ("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1252", ";"), ("utf-8", "\t"),
])
def test_google_forms_csv(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "answers.csv", GOOGLE_EN, encoding, delimiter)
    result = read_signon_sheet(path)
    assert result.source["delimiter"] == delimiter
    assert result.mapping["Name of your organisation"] == "name"
    assert result.unmapped == ["Comments"]
    first, second, evil, again = result.rows
    assert first == {
        "row": 2, "name": "Bytes For All", "acronym": "B4A", "country": "PK",
        "website": "https://bytesforall.pk", "contact_name": "Shahzad Ahmad",
        "contact_email": "shahzad@example.org", "publish_name": True,
        "timestamp": "2023-02-27T10:15:00+01:00", "repeat_of": None, "no_email": False}
    assert second["publish_name"] is False and second["country"] == "FR"
    assert second["timestamp"] == "2023-02-27T23:00:00+01:00"
    assert result.rejected == [{"row": 4, "name": "", "reason": "no organisation name",
                                "values": result.rejected[0]["values"]}]
    assert evil["name"].startswith("HYPERLINK") and evil["country"] == "INT"
    assert evil["contact_email"] is None and evil["publish_name"] is True
    assert [a["rows"] for a in kinds(result, "neutralised")] == [[5]]
    assert kinds(result, "invalid_email")[0]["rows"] == [5]
    assert again["row"] == 7 and again["country"] == "PK"
    # The same organisation twice in one sheet: the later row is a repeat of the first.
    assert again["repeat_of"] == 2
    assert [a["rows"] for a in kinds(result, "repeated_in_sheet")] == [[7]]
    assert kinds(result, "no_email")[0]["rows"] == [5, 7]


def test_french_spanish_chinese_headers(tmp_path):
    fr = [["Horodateur", "Nom de l'organisation", "Sigle", "Pays", "Adresse e-mail",
           "Acceptez-vous que le nom de votre organisation soit publié ?"],
          ["27/02/2023 14:03:11", "Agir ensemble pour les droits humains", "", "Suisse",
           "a@example.org", "Oui"],
          ["28/02/2023 08:00:00", "Tournons La Page", "TLP", "International", "", "Non"]]
    result = read_signon_sheet(write_csv(tmp_path / "fr.csv", fr, "utf-8", ";"))
    assert [(r["name"], r["country"], r["publish_name"], r["timestamp"]) for r in result.rows] == [
        ("Agir ensemble pour les droits humains", "CH", True, "2023-02-27T14:03:11"),
        ("Tournons La Page", "INT", False, "2023-02-28T08:00:00")]
    es = [["Marca temporal", "Nombre de la organización", "Siglas", "País",
           "Correo electrónico", "¿Podemos publicar el nombre de su organización?"],
          ["2/27/2023 14:03:11", "Aula Abierta", "", "Venezuela", "b@example.org", "Sí"],
          ["2/28/2023 9:00:00", "Centro de Estudios Legales y Sociales (CELS)", "", "Argentina",
           "", "No"]]
    result = read_signon_sheet(write_csv(tmp_path / "es.csv", es))
    assert [(r["name"], r["acronym"], r["country"], r["publish_name"], r["timestamp"])
            for r in result.rows] == [
        ("Aula Abierta", None, "VE", True, "2023-02-27T14:03:11"),
        ("Centro de Estudios Legales y Sociales", "CELS", "AR", False, "2023-02-28T09:00:00")]
    zh = [["時間戳記", "組織名稱", "組織縮寫", "國家/地區", "電子郵件地址", "是否同意公開貴組織名稱？"],
          ["2023/2/27 下午 2:03:11", "台灣人權促進會", "TAHR", "台灣", "c@example.org", "是"],
          ["2023/2/27 下午 3:00:00", "民間司法改革基金會", "", "臺灣", "", "否"]]
    result = read_signon_sheet(write_csv(tmp_path / "zh.csv", zh, "utf-16"))
    assert [(r["name"], r["country"], r["publish_name"], r["timestamp"]) for r in result.rows] == [
        ("台灣人權促進會", "TW", True, "2023-02-27T14:03:11"),
        ("民間司法改革基金會", "TW", False, "2023-02-27T15:00:00")]
    assert not kinds(result, "invalid_timestamp")


def test_unknown_columns_ask_for_a_mapping(tmp_path):
    rows = [["Col A", "Col B"], ["Amnesty International", "UK"]]
    path = write_csv(tmp_path / "odd.csv", rows)
    with pytest.raises(MappingNeeded) as info:
        read_signon_sheet(path)
    message = str(info.value)
    assert "'Col A'" in message and "'Col B'" in message and "name" in message
    assert info.value.headers == ["Col A", "Col B"]
    result = read_signon_sheet(path, mapping={"Col A": "name", "Col B": "country"})
    assert result.rows[0]["name"] == "Amnesty International"
    assert result.rows[0]["country"] == "GB"
    # No consent column: nobody is named until the coordinator chooses for the sheet.
    assert result.rows[0]["publish_name"] is None and result.needs_publish_choice
    assert kinds(result, "no_publish_column")
    chosen = read_signon_sheet(path, mapping={"Col A": "name", "Col B": "country"},
                               publish_default=False)
    assert chosen.rows[0]["publish_name"] is False and not chosen.needs_publish_choice
    # Also field -> header, and None to ignore a column.
    result = read_signon_sheet(path, mapping={"name": "Col A"})
    assert result.rows[0]["country"] is None
    result = read_signon_sheet(path, mapping={"Col A": "name", "Col B": None})
    assert result.unmapped == []
    with pytest.raises(ImportProblem, match="Unknown field"):
        read_signon_sheet(path, mapping={"Col A": "organisation"})
    with pytest.raises(ImportProblem, match="not in the sheet"):
        read_signon_sheet(path, mapping={"Col Z": "name"})


def test_strict_mode_asks_about_every_unknown_column(tmp_path):
    path = write_csv(tmp_path / "answers.csv", GOOGLE_EN)
    with pytest.raises(MappingNeeded, match="'Comments'") as info:
        read_signon_sheet(path, ask_for_unknown=True)
    assert info.value.unknown == ["Comments"]
    result = read_signon_sheet(path, mapping={"Comments": None}, ask_for_unknown=True)
    assert result.unmapped == [] and len(result.rows) == 4



def test_unreadable_values_are_reported_not_fatal(tmp_path):
    rows = [["Timestamp", "Organisation", "Country", "Website", "Email", "Publish?"],
            ["yesterday", "Alpha Org", "Atlantis", "not a site", "a@example.org; b@example.org",
             "maybe"],
            ["27/02/2023 10:00:00", "Beta Org", "Kenya, Uganda", "beta.example.org", "", "是"]]
    result = read_signon_sheet(write_csv(tmp_path / "odd.csv", rows))
    alpha, beta = result.rows
    assert alpha["timestamp"] is None and alpha["country"] is None and alpha["website"] is None
    assert alpha["contact_email"] == "a@example.org" and alpha["publish_name"] is False
    for kind in ("invalid_timestamp", "unknown_country", "invalid_website", "several_emails",
                 "unclear_publish"):
        assert kinds(result, kind)[0]["rows"] == [2], kind
    assert beta["country"] == "INT" and kinds(result, "several_countries")[0]["rows"] == [3]
    assert beta["website"] == "https://beta.example.org" and beta["publish_name"] is True


def test_bare_name_column_and_title_row(tmp_path):
    rows = [["Sign-on list for the HRC52 letter"], ["Name", "Country"],
            ["Amnesty International", "International"], ["Viet Tan", "Viet Nam"]]
    result = read_signon_sheet(write_csv(tmp_path / "list.csv", rows))
    assert [(r["row"], r["name"], r["country"]) for r in result.rows] == [
        (3, "Amnesty International", "INT"), (4, "Viet Tan", "VN")]
    assert kinds(result, "title_rows")


def test_file_problems(tmp_path, monkeypatch):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportProblem, match="empty"):
        read_signon_sheet(empty)
    blank = tmp_path / "blank.csv"
    blank.write_text(",,\n,,\n")
    with pytest.raises(ImportProblem, match="no data"):
        read_signon_sheet(blank)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    with pytest.raises(ImportProblem, match="not a text file|does not look like text"):
        read_signon_sheet(binary)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"this is not a spreadsheet")
    with pytest.raises(ImportProblem, match="Excel"):
        read_signon_sheet(fake)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ImportProblem, match=r"\.xlsx"):
        read_signon_sheet(old)
    from undersigned.importing import sheets

    monkeypatch.setattr(sheets, "MAX_BYTES", 100)
    big = write_csv(tmp_path / "big.csv", GOOGLE_EN)
    with pytest.raises(ImportProblem, match="MB"):
        read_signon_sheet(big)


def at(hour, minute):
    """Excel date-times carry no time zone: naive on purpose."""
    return datetime.datetime(2023, 2, 27, hour, minute)  # noqa: DTZ001


def _workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Form responses 1"
    ws.append(["Start time", "Completion time", "Email", "Name", "Organisation name",
               "Organisation acronym", "Country", "Publish our name?"])
    ws.append([at(10, 0), at(10, 5),
               "anonymous", "Shahzad", "Bytes For All", "", "Pakistan", "Yes"])
    ws.append([at(11, 0), at(11, 5),
               "a@example.org", "Anne", '=CONCAT("Amnesty ","International")', "AI", "",
               "Yes"])
    ws.append([at(12, 0), at(12, 5),
               "b@example.org", "Bo", "Forum Menschenrechte", "", "Germany", "Yes"])
    ws.append([at(13, 0), at(13, 5),
               "c@example.org", "Cy", "Brot für die Welt", "", None, "Ja"])
    ws.merge_cells("G4:G5")
    hidden = wb.create_sheet("internal notes")
    hidden.append(["Organisation", "Note"])
    hidden.sheet_state = "hidden"
    wb.save(path)
    return path


def test_microsoft_forms_xlsx(tmp_path):
    result = read_signon_sheet(_workbook(tmp_path / "answers.xlsx"))
    assert result.source["sheet"] == "Form responses 1"
    assert result.mapping["Organisation name"] == "name"
    assert result.mapping["Name"] == "contact_name"
    rows = {r["row"]: r for r in result.rows}
    assert rows[2]["timestamp"] == "2023-02-27T10:00:00"
    assert rows[2]["contact_email"] is None  # "anonymous" is not an address
    assert 2 not in {r for a in kinds(result, "invalid_email") for r in a["rows"]}
    assert rows[2]["country"] == "PK"
    # openpyxl saves no cached value for a formula: reported, row unusable.
    assert 3 not in rows
    assert [r["row"] for r in result.rejected] == [3]
    assert kinds(result, "formula")[0]["rows"] == [3]
    assert kinds(result, "formula_without_value")
    assert kinds(result, "hidden_sheet")[0]["detail"].endswith("internal notes")
    merged = kinds(result, "merged_cells")
    assert merged and "G4:G5" in merged[0]["detail"]
    assert rows[4]["country"] == "DE" and rows[5]["country"] == "DE"
    assert rows[5]["publish_name"] is True


def test_cached_formula_values_are_used(tmp_path):
    """A workbook saved by a spreadsheet program has cached values; we use them."""
    path = _workbook(tmp_path / "answers.xlsx")
    import re
    import shutil
    import zipfile

    patched = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(patched, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                xml = re.sub(r'(<c r="E3"[^>]*?)(?: t="\w+")?>(<f>.*?</f>)(<v>.*?</v>)?</c>',
                             r'\1 t="str">\2<v>Amnesty International</v></c>', xml)
                data = xml.encode()
            dst.writestr(item, data)
    shutil.copy(patched, path)
    result = read_signon_sheet(path)
    rows = {r["row"]: r for r in result.rows}
    assert rows[3]["name"] == "Amnesty International"
    assert kinds(result, "formula")[0]["rows"] == [3]
    assert not kinds(result, "formula_without_value")


def test_row_numbers_are_spreadsheet_rows(tmp_path):
    rows = [["Organisation", "Comments"], ["Alpha Org", "line one\nline two"], ["", ""],
            ["Beta Org", ""]]
    result = read_signon_sheet(write_csv(tmp_path / "multi.csv", rows))
    assert [(r["row"], r["name"]) for r in result.rows] == [(2, "Alpha Org"), (4, "Beta Org")]


def test_country_typed_in_the_name_box_and_empty_answers(tmp_path):
    rows = [["Organisation name", "Country", "Website", "Email"],
            ["Bytes For All, Pakistan", "", "N/A", "n/a"],
            ["Amnesty International, UK", "International", "-", ""]]
    result = read_signon_sheet(write_csv(tmp_path / "a.csv", rows))
    first, second = result.rows
    assert (first["name"], first["country"]) == ("Bytes For All", "PK")
    assert kinds(result, "country_from_name")[0]["rows"] == [2]
    assert first["website"] is None and first["contact_email"] is None
    assert (second["name"], second["country"]) == ("Amnesty International, UK", "INT")
    assert not kinds(result, "invalid_website") and not kinds(result, "invalid_email")
