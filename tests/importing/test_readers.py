"""read_letter_file on files the tests generate: encodings, HTML lists, Word numbering."""

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE  # noqa: F401 - documents python-docx is present

from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter, read_letter_file

TEXT = "Lettre\n\nGenève, le 27 février 2023\n\n1. Ligue des droits de l'Homme\n2. ACAT-France\n3. 國際特赦組織\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_encodings(tmp_path, encoding):
    path = tmp_path / "letter.txt"
    path.write_bytes(TEXT.encode(encoding))
    assert read_letter_file(path) == TEXT


def test_cp1252_fallback(tmp_path):
    path = tmp_path / "letter.md"
    text = "Genève, 27 février 2023 – “quotes”\n\n1. Ligue des droits de l'Homme\n"
    path.write_bytes(text.encode("cp1252"))
    assert read_letter_file(path) == text


def test_binary_with_text_extension_is_refused(tmp_path):
    path = tmp_path / "letter.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(ImportProblem, match="not a text file|does not look like text"):
        read_letter_file(path)


def test_empty_and_unknown_and_missing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ImportProblem, match="empty"):
        read_letter_file(empty)
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(ImportProblem, match=r"\.docx"):
        read_letter_file(pdf)
    with pytest.raises(ImportProblem, match="does not exist"):
        read_letter_file(tmp_path / "nope.txt")


def test_too_large(tmp_path, monkeypatch):
    from undersigned.importing import readers

    monkeypatch.setattr(readers, "MAX_BYTES", 10)
    path = tmp_path / "big.txt"
    path.write_text("x" * 100)
    with pytest.raises(ImportProblem, match="MB"):
        read_letter_file(path)


HTML = """<!doctype html><html><head><meta charset="utf-8"><title>ignored</title>
<style>p {color: red}</style><script>var x = "<p>no</p>";</script></head><body>
<h1>Protect defenders</h1>
<p>Geneva, 27 February 2023</p>
<p>Dear Excellencies,</p>
<p>We write to you about the <b>renewal</b> of the
mandate &amp; its importance.</p>
<ul><li>Co-sponsor the resolution;</li><li>Vote for it.</li></ul>
<h2>Signatories</h2>
<ol start="3"><li>Amnesty International</li><li>Human Rights Watch</li>
<li value="7">Front Line Defenders</li></ol>
<table><tr><td>Bytes For All</td><td>Pakistan</td></tr></table>
</body></html>"""


def test_html(tmp_path):
    path = tmp_path / "letter.html"
    path.write_text(HTML, encoding="utf-8")
    text = read_letter_file(path)
    assert "ignored" not in text and "color" not in text and "no</p>" not in text
    assert "3. Amnesty International\n4. Human Rights Watch\n7. Front Line Defenders" in text
    assert "• Co-sponsor the resolution;" in text
    assert "Bytes For All\tPakistan" in text
    letter = parse_letter(text)
    assert letter["title"] == "Protect defenders"
    assert letter["date"] == "2023-02-27"
    assert letter["recipients"] == "Excellencies"
    assert letter["asks"] == ["Co-sponsor the resolution;", "Vote for it."]
    assert letter["paragraphs"][0] == (
        "We write to you about the renewal of the mandate & its importance.")
    assert [s["number"] for s in letter["signatories"]][:3] == [3, 4, 7]


def test_html_latin1_meta(tmp_path):
    path = tmp_path / "letter.htm"
    path.write_bytes('<meta charset="iso-8859-1"><p>Genève</p>'.encode("latin-1"))
    assert read_letter_file(path).strip() == "Genève"


def _numbered_docx(path):
    document = docx.Document()
    document.add_paragraph("Joint letter on defenders")
    document.add_paragraph("27 February 2023")
    document.add_paragraph("We urge you to support the resolution on defenders.")
    document.add_paragraph("Co-sponsor the resolution;", style="List Bullet")
    document.add_paragraph("Vote in favour.", style="List Bullet")
    document.add_paragraph("Signatories:")
    for name in ["Amnesty International", "ACAT-France 法國基督徒廢除酷刑行動組織",
                 "Human Rights Watch"]:
        document.add_paragraph(name, style="List Number")
    document.add_paragraph("Contact: coordination@example.org")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Bytes For All"
    table.rows[0].cells[1].text = "Pakistan"
    document.save(path)


def test_docx_auto_numbering(tmp_path):
    path = tmp_path / "letter.docx"
    _numbered_docx(path)
    text = read_letter_file(path)
    assert "1. Amnesty International\n2. ACAT-France" in text
    assert "3. Human Rights Watch" in text
    assert "• Co-sponsor the resolution;" in text
    assert "Bytes For All\tPakistan" in text
    letter = parse_letter(text)
    assert [s["number"] for s in letter["signatories"]] == [1, 2, 3]
    assert letter["signatories"][1]["names"][1]["text"] == "法國基督徒廢除酷刑行動組織"
    assert letter["asks"] == ["Co-sponsor the resolution;", "Vote in favour."]
    assert letter["date"] == "2023-02-27"
    assert letter["title"] == "Joint letter on defenders"


def test_broken_docx(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ImportProblem, match="Word"):
        read_letter_file(path)


def test_html_table_with_number_name_and_country_columns(tmp_path):
    path = tmp_path / "table.html"
    rows = "".join(f"<tr><td>{n}</td><td>{name}</td><td>{country}</td></tr>" for n, name, country in [
        (1, "Amnesty International", "International"), (2, "Bytes For All", "Pakistan"),
        (3, "Front Line Defenders", "Ireland")])
    path.write_text(f"<p>We urge you to act now, as set out below.</p><table>{rows}</table>",
                    encoding="utf-8")
    letter = parse_letter(read_letter_file(path))
    assert [(s["number"], s["names"][0]["text"], s["country"]) for s in letter["signatories"]] == [
        (1, "Amnesty International", None), (2, "Bytes For All", "PK"),
        (3, "Front Line Defenders", "IE")]
