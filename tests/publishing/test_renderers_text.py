"""HTML, Markdown, plain text, CSV, XLSX and JSON renderers, and the registry."""

import csv
import datetime as dt
import io
import json
import re

import markdown as python_markdown
import openpyxl
import pytest

from undersigned.publishing.document import Entry, LetterDocument
from undersigned.publishing.renderers import FORMATS, render_bytes
from undersigned.publishing.renderers import markdown as md_renderer

from .helpers import read_shared_list, shared_document

HOSTILE = [
    Entry(1, "<script>alert('x')</script> Action", "行動<b>組織</b>", "A&B", "FR"),
    Entry(2, "=HYPERLINK(\"http://evil.example/\",\"click\")", None, None, None),
    Entry(3, "+1 Foundation", None, "-X", None),
    Entry(4, "@SUM(A1:A9)", "\tTabbed", None, None),
    Entry(5, "-2+3 Network", "\rCarriage", None, None),
    Entry(6, "Line\nbreak\n7. Forged entry", None, None, None),
    Entry(7, "*Stars* _under_ [link](javascript:alert(1)) `code` \\ &amp; &copy;", None, None, None),
    Entry(8, "جمعية حقوق الإنسان", "Правозащитный центр «Мемориал»", None, "PS"),
]


def hostile_doc(**overrides):
    fields = dict(lang="en", title="Joint letter <script>alert(1)</script>",
                  recipients="Member & Observer States", date=dt.date(2023, 2, 27),
                  paragraphs=["We **urge** you. <script>alert(2)</script>",
                              "See [the report](https://example.org/r) and <img src=x onerror=alert(3)>."],
                  asks=["Vote *yes*;", "Cosponsor."], entries=HOSTILE, anonymous_count=2)
    fields.update(overrides)
    return LetterDocument(**fields)


def test_registry_covers_every_format():
    doc = hostile_doc()
    assert set(FORMATS) == {"pdf", "docx", "html", "markdown", "text", "csv", "xlsx", "json"}
    for name, (render, content_type, extension) in FORMATS.items():
        assert callable(render) and "/" in content_type and extension.startswith(".")
        if name != "pdf":  # the PDF has its own tests
            assert render_bytes(name, doc)
    with pytest.raises(ValueError):
        render_bytes("odt", doc)


# --- HTML ---------------------------------------------------------------------------------
def test_html_escapes_and_loads_nothing():
    page = FORMATS["html"][0](hostile_doc())
    assert "<script" not in page.lower()
    assert "onerror" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Action" in page
    assert "行動&lt;b&gt;組織&lt;/b&gt;" in page
    assert re.search(r"<(link|img|iframe|object|embed)\b", page) is None
    assert "@import" not in page and "url(" not in page and " src=" not in page
    assert "default-src 'none'" in page
    assert "@media print" in page
    assert '<a href="https://example.org/r"' in page
    assert page.count("<li value=") == len(HOSTILE)
    assert "and 2 organisations that asked not to be named" in page


def test_html_arabic_is_rtl():
    page = FORMATS["html"][0](hostile_doc(lang="ar", title="رسالة مشتركة"))
    assert '<html lang="ar" dir="rtl">' in page
    assert "<bdi>جمعية حقوق الإنسان</bdi>" in page
    assert FORMATS["html"][0](hostile_doc()).startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')


# --- plain text and Markdown round trips ---------------------------------------------------
def parse_numbered(text: str, pattern: str) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for m in re.finditer(pattern, text, re.M)]


@pytest.mark.shared
def test_text_round_trip_shared_letter(shared_letter_path):
    doc = shared_document(shared_letter_path)
    out = FORMATS["text"][0](doc)
    got = parse_numbered(out, r"^  (\d+)\. (.+)$")
    assert got == [(e.number, doc.entry_text(e)) for e in doc.entries]
    assert [n for n, _ in got] == list(range(1, 166))
    assert "  3. ACAT Italia 義大利基督徒廢除酷刑行動組織" in out.splitlines()
    assert out.rstrip().endswith("以及 3 個要求不具名的組織")
    assert "  • 積極參與決議談判;" in out


def test_text_names_cannot_forge_lines():
    out = FORMATS["text"][0](hostile_doc())
    got = parse_numbered(out, r"^  (\d+)\. (.+)$")
    assert [n for n, _ in got] == list(range(1, 9))
    assert got[5] == (6, "Line break 7. Forged entry")
    assert "We urge you." in out
    assert "the report <https://example.org/r>" in out


def test_markdown_round_trip_and_escaping():
    doc = hostile_doc()
    out = FORMATS["markdown"][0](doc)
    got = [(n, md_renderer.unescape(t)) for n, t in parse_numbered(out, r"^(\d+)\. (.+)$")]
    assert got == [(e.number, doc.entry_text(e).replace("\n", " ")) for e in doc.entries]
    html = python_markdown.markdown(out)
    assert "<script" not in html and "<img" not in html
    assert "javascript:" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert "<em>" not in html.split("<ol>")[1]  # no emphasis inside the list
    assert "*Stars* _under_ [link](javascript:alert(1)) `code` \\ &amp;amp; &amp;copy;" in html


@pytest.mark.shared
def test_markdown_round_trip_shared_letter(shared_letter_path):
    doc = shared_document(shared_letter_path)
    out = FORMATS["markdown"][0](doc)
    got = [(n, md_renderer.unescape(t)) for n, t in parse_numbered(out, r"^(\d+)\. (.+)$")]
    assert got == [(e.number, doc.entry_text(e)) for e in doc.entries]


# --- CSV and XLSX: no formula can get in -------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def test_csv_neutralises_formulas():
    raw = FORMATS["csv"][0](hostile_doc())
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["number", "name", "translation", "acronym", "country", "printed"]
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert "'=HYPERLINK(\"http://evil.example/\",\"click\")" in cells
    assert "'@SUM(A1:A9)" in cells and "'-X" in cells and "Tabbed" in cells  # tab dropped
    assert [r[0] for r in rows[1:9]] == [str(n) for n in range(1, 9)]
    assert rows[-1][-1] == "and 2 organisations that asked not to be named"


def test_xlsx_never_holds_a_formula():
    book = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"][0](hostile_doc())))
    sheet = book.active
    values = []
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert not cell.value.startswith(FORMULA_START), cell.value
                values.append(cell.value)
    assert "'=HYPERLINK(\"http://evil.example/\",\"click\")" in values
    assert [sheet.cell(row=r, column=1).value for r in range(2, 10)] == list(range(1, 9))
    rtl = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"][0](hostile_doc(lang="ar"))))
    assert rtl.active.sheet_view.rightToLeft
    assert rtl.sheetnames == ["الموقّعون"]


@pytest.mark.shared
def test_xlsx_shared_letter_keeps_chinese(shared_letter_path):
    entries = read_shared_list(shared_letter_path)
    doc = shared_document(shared_letter_path)
    sheet = openpyxl.load_workbook(io.BytesIO(FORMATS["xlsx"][0](doc))).active
    rows = list(sheet.iter_rows(min_row=2, max_row=166, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [(e.number, e.name, e.translation) for e in entries]


# --- JSON -----------------------------------------------------------------------------------
def test_json_public_fields_only():
    data = json.loads(FORMATS["json"][0](hostile_doc()))
    assert set(data) == {"format", "version", "lang", "dir", "title", "recipients", "date",
                         "paragraphs", "asks", "layout", "signatories", "anonymous_count",
                         "closing", "edition", "digest"}
    assert set(data["signatories"][0]) == {"number", "name", "translation", "acronym",
                                           "country", "printed"}
    assert data["date"] == "2023-02-27"
    assert data["signatories"][7]["name"] == "جمعية حقوق الإنسان"
    assert data["anonymous_count"] == 2


def test_plain_text_of_rich_markdown():
    from undersigned.publishing.markup import to_plain

    text = to_plain("A line  \nbreak, [mail](mailto:a@b.org), [site](https://x.org).\n\n"
                    "    pre line one\n    pre line two\n\n- a\n- b")
    assert text == ("A line\nbreak, mail <a@b.org>, site <https://x.org>.\n\n"
                    "pre line one\npre line two\n\n• a\n• b")


@pytest.mark.parametrize(("lang", "recipients", "line"), [
    ("en", "To the Permanent Representatives of member states",
     "To the Permanent Representatives of member states"),
    ("en", "the Permanent Representatives", "To: the Permanent Representatives"),
    ("zh-hant", "致聯合國會員國常駐代表", "致聯合國會員國常駐代表"),
    ("zh-hant", "聯合國會員國常駐代表", "致：聯合國會員國常駐代表"),
    ("fr", "Aux représentants permanents", "Aux représentants permanents"),
    ("ar", "إلى الممثلين الدائمين", "إلى الممثلين الدائمين"),
    ("ru", "Постоянным представителям", "Кому: Постоянным представителям"),
])
def test_the_recipients_prefix_is_never_doubled(lang, recipients, line):
    doc = LetterDocument(lang=lang, title="T", recipients=recipients)
    assert doc.recipients_line() == line
    for fmt in ("text", "html", "markdown"):
        out = render_bytes(fmt, doc).decode()
        assert out.count(recipients) == 1
        for to in ("To", "致", "Кому"):
            assert f"{to}: {to}" not in out and f"{to}：{to}" not in out
