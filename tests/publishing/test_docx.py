"""The Word document: real numbered paragraphs, East Asian and Arabic fonts, right to left,
and LibreOffice opens and converts it with the same text."""

import io
import re

import docx
import pytest
from docx.oxml.ns import qn

from undersigned.publishing.document import Entry, LetterDocument
from undersigned.publishing.renderers import docx as docx_renderer

from .helpers import (
    assert_in_order,
    pdftotext,
    poppler,
    shared_document,
    soffice_to_pdf,
    squash,
)


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def small_doc(**overrides) -> LetterDocument:
    fields = dict(
        lang="zh-Hant", title="聯合信", recipients="成員國", date=None,
        paragraphs=["We **urge** you to read [the report](https://example.org/r).\n\n- one\n- two"],
        asks=["Vote *yes*"], anonymous_count=1,
        entries=[Entry(5, "Amnesty International", "國際特赦組織"),
                 Entry(6, "Freedom House", "自由之家"),
                 Entry(7, "<script>alert(1)</script>\x07\x1b", None)],
    )
    fields.update(overrides)
    return LetterDocument(**fields)


def list_paragraphs(document):
    return [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None
            and p.style.name == "List Number"]


def test_entries_are_real_numbered_paragraphs():
    document = open_docx(docx_renderer.render(small_doc()))
    items = list_paragraphs(document)
    assert [p.text for p in items] == ["Amnesty International 國際特赦組織", "Freedom House 自由之家",
                                       "<script>alert(1)</script>"]
    num_ids = {p._p.pPr.numPr.numId.val for p in items}
    assert len(num_ids) == 1
    numbering = document.part.numbering_part.element
    num = [n for n in numbering.findall(qn("w:num")) if int(n.get(qn("w:numId"))) in num_ids][0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = [a for a in numbering.findall(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract_id][0]
    level = abstract.find(qn("w:lvl"))
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    assert level.find(qn("w:start")).get(qn("w:val")) == "5"  # numbering starts at the first entry
    # every abstractNum precedes every num, as the schema requires
    tags = [child.tag for child in numbering]
    assert max(i for i, t in enumerate(tags) if t == qn("w:abstractNum")) < tags.index(qn("w:num"))


def test_fonts_and_language():
    document = open_docx(docx_renderer.render(small_doc()))
    defaults = document.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Noto Sans CJK TC"
    assert fonts.get(qn("w:ascii")) == "Noto Sans"
    assert fonts.get(qn("w:cs")) == "Noto Naskh Arabic"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    simplified = open_docx(docx_renderer.render(small_doc(lang="zh-Hans")))
    fonts = simplified.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert fonts.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Noto Sans CJK SC"
    assert document.core_properties.title == "聯合信"
    assert document.core_properties.language == "zh-TW"


def test_markdown_paragraphs_become_runs_and_links():
    document = open_docx(docx_renderer.render(small_doc()))
    para = [p for p in document.paragraphs if p.text.startswith("We urge")][0]
    assert [r.text for r in para.runs if r.bold] == ["urge"]
    assert para._p.findall(qn("w:hyperlink"))
    assert "https://example.org/r" in [r.target_ref for r in document.part.rels.values()]
    assert [p.text for p in document.paragraphs if p.style.name == "List Bullet"] == [
        "one", "two", "Vote yes"]
    assert document.paragraphs[-1].text == "以及 1 個要求不具名的組織"


def test_arabic_is_right_to_left():
    doc = small_doc(lang="ar", title="رسالة مشتركة",
                    entries=[Entry(1, "الجمعية المصرية للحقوق الشخصية"), Entry(2, "Amnesty")])
    document = open_docx(docx_renderer.render(doc))
    for p in document.paragraphs:
        assert p._p.pPr.find(qn("w:bidi")) is not None, p.text
    arabic_runs = [r for p in list_paragraphs(document) for r in p.runs if "الجمعية" in r.text]
    assert arabic_runs and arabic_runs[0]._r.rPr.find(qn("w:rtl")) is not None
    sect = document.element.body.find(qn("w:sectPr"))
    assert sect.find(qn("w:bidi")) is not None


def test_gaps_in_numbers_are_kept_as_text():
    doc = small_doc(entries=[Entry(1, "A"), Entry(2, "B"), Entry(4, "D")])
    document = open_docx(docx_renderer.render(doc))
    assert not list_paragraphs(document)
    assert [p.text for p in document.paragraphs if p.style.name == "List Paragraph"] == [
        "1.\tA", "2.\tB", "4.\tD"]


def lo_numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^(\d+)\.(?:\s|$)", text.replace("\f", "\n"), re.M)]


@pytest.mark.shared
def test_libreoffice_converts_shared_letter_with_same_text(shared_letter_path, tmp_path):
    doc = shared_document(shared_letter_path)
    pdf, log = soffice_to_pdf(docx_renderer.render(doc), tmp_path)
    assert "error" not in log.lower()
    text = pdftotext(pdf, tmp_path)
    assert lo_numbers(text) == list(range(1, 166))  # LibreOffice's own automatic numbering
    assert_in_order(text, [doc.title, doc.recipients] + [doc.entry_text(e) for e in doc.entries])
    assert squash(doc.anonymous_sentence()) in squash(text)
    fonts = poppler("pdffonts", pdf, tmp_path)
    assert "NotoSansCJK" in fonts  # the w:eastAsia font, so Chinese is not a fallback face
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])


def test_libreoffice_converts_arabic_and_cyrillic(tmp_path):
    doc = small_doc(lang="ar", title="رسالة مشتركة", anonymous_count=2,
                    entries=[Entry(1, "الجمعية المصرية للحقوق الشخصية", None, None, "EG"),
                             Entry(2, "Правозащитный центр «Мемориал»", None, None, "RU")])
    pdf, log = soffice_to_pdf(docx_renderer.render(doc), tmp_path)
    text = squash(pdftotext(pdf, tmp_path))
    assert squash("الجمعية المصرية للحقوق الشخصية") in text
    assert squash("Правозащитный центр") in text
    assert squash("ومنظمتان طلبتا عدم ذكر اسميهما") in text
