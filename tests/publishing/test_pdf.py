"""The PDF (typst): every name back out of the text layer, fonts embedded, tagged,
Arabic and Cyrillic intact, and user text never interpreted as typst markup."""

import re
import shutil
import subprocess

import pytest

from tests.conftest import need
from undersigned.publishing.document import Entry, LetterDocument
from undersigned.publishing.renderers import pdf

from .helpers import assert_in_order, pdftotext, poppler, shared_document, squash


@pytest.fixture(autouse=True)
def _noto_fonts():
    need(pdf.font_dirs(), "Noto fonts (Debian fonts-noto-core and fonts-noto-cjk) are not installed")


def numbers_at_line_starts(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"^(\d+)\. ", text.replace("\f", "\n"), re.M)]


@pytest.fixture
def shared_pdf(shared_letter_path):
    doc = shared_document(shared_letter_path)
    return doc, pdf.render(doc)


@pytest.mark.shared
def test_all_165_names_come_back_in_order(shared_pdf, tmp_path):
    doc, data = shared_pdf
    text = pdftotext(data, tmp_path)
    assert len(doc.entries) == 165
    assert numbers_at_line_starts(text) == list(range(1, 166))
    assert_in_order(text, [f"{e.number}. {doc.entry_text(e)}" for e in doc.entries])
    flat = squash(text)
    for entry in doc.entries:  # each Chinese name exactly as written (lines may wrap)
        if entry.translation:
            assert squash(entry.translation) in flat, entry.translation
    assert "3. ACAT Italia 義大利基督徒廢除酷刑行動組織" in text
    assert squash("以及 3 個要求不具名的組織") in squash(text)


@pytest.mark.shared
def test_fonts_embedded_and_tagged(shared_pdf, tmp_path):
    _, data = shared_pdf
    fonts = poppler("pdffonts", data, tmp_path).splitlines()[2:]
    assert fonts, "no fonts listed"
    for line in fonts:
        columns = line.split()
        # name type... encoding emb sub uni object-id generation
        assert columns[-5] == "yes", f"not embedded: {line}"
    listed = " ".join(fonts)
    assert "NotoSans-Regular" in listed and "NotoSansCJKtc" in listed
    info = poppler("pdfinfo", data, tmp_path)
    assert re.search(r"^Tagged:\s+yes", info, re.M), info


ARABIC = "الجمعية المصرية للحقوق الشخصية"
RUSSIAN = "Правозащитный центр «Мемориал»"


def mixed_doc(lang: str, title: str) -> LetterDocument:
    return LetterDocument(
        lang=lang, title=title, recipients="", date=None, paragraphs=["نص الرسالة. Текст."],
        asks=[], anonymous_count=2,
        entries=[Entry(1, ARABIC, None, None, "EG"), Entry(2, RUSSIAN, None, None, "RU"),
                 Entry(3, "Amnesty International", ARABIC, "AI", None)],
    )


@pytest.mark.parametrize("lang,title", [("en", "Joint letter"), ("ru", "Совместное письмо"),
                                        ("ar", "رسالة مشتركة")])
def test_arabic_and_cyrillic_in_text_layer(lang, title, tmp_path):
    data = pdf.render(mixed_doc(lang, title))
    text = pdftotext(data, tmp_path)
    flat = squash(text)
    assert squash(ARABIC) in flat  # logical order, unshaped code points: shaping is reversible
    assert squash(RUSSIAN) in flat
    assert squash(title) in flat
    fonts = poppler("pdffonts", data, tmp_path)
    assert "NotoNaskhArabic" in fonts
    if lang == "ar":
        assert squash("ومنظمتان طلبتا عدم ذكر اسميهما") in flat


def test_arabic_document_is_right_to_left():
    data = pdf.typst_data(mixed_doc("ar", "رسالة"))
    assert data["dir"] == "rtl" and data["lang"] == "ar"
    assert data["fonts"][0] == "Noto Naskh Arabic"


def test_user_text_is_never_typst_markup(tmp_path):
    tricky = [
        '#import "/etc/passwd"', "*bold* _emph_ $x^2$ `raw`", "] #panic(\"boom\") [",
        "\\ // comment /* block */", "<label> @ref = heading", '#read("/etc/hostname")',
    ]
    doc = LetterDocument(lang="en", title='#panic("title")', recipients="$ math $",
                         date="#datetime.today()", paragraphs=['# heading? #eval("1+1")'],
                         asks=["*ask* #sys.inputs"],
                         entries=[Entry(i + 1, t, None, None, None) for i, t in enumerate(tricky)])
    text = pdftotext(pdf.render(doc), tmp_path)
    for item in tricky:
        assert squash(item) in squash(text), item
    assert squash('#panic("title")') in squash(text)
    assert squash("$ math $") in squash(text)


def test_long_lists_use_numbered_paragraphs(tmp_path):
    entries = [Entry(i, f"Organisation {i}", f"組織{i}", None, None) for i in range(1, 41)]
    doc = LetterDocument(lang="zh-Hant", title="清單", entries=entries)
    as_enum = pdftotext(pdf.render(doc), tmp_path)
    as_paragraphs = pdftotext(pdf.render(doc, enum_limit=10), tmp_path)
    for text in (as_enum, as_paragraphs):
        assert numbers_at_line_starts(text) == list(range(1, 41))
        assert "40. Organisation 40 組織40" in text


RICH_MARKDOWN = """## Our concerns

We **urge** states to act, see [the report](https://example.org/r),
<https://example.org/auto> or [write to us](mailto:info@example.org).
A line[BR]break, H<sub>2</sub>O and `code`.

#### Too deep a heading

1. first
2. second
    - nested *one*

> A quotation.

---

    preformatted #import "x"
    block
""".replace("[BR]", "  \n")  # Markdown's hard line break: two trailing spaces


def test_pdf_is_pdf_ua_and_renders_rich_markdown(tmp_path):
    doc = LetterDocument(lang="en", title="Rich letter", paragraphs=[RICH_MARKDOWN],
                         asks=["Vote *yes*"], entries=[Entry(1, "Amnesty International")])
    data = pdf.render(doc)
    assert b"pdfuaid:part" in data  # typst certified PDF/UA-1 (it refuses otherwise)
    text = pdftotext(data, tmp_path)
    assert_in_order(text, ["Our concerns", "We urge states to act", "the report",
                           "Too deep a heading", "first", "second", "nested one",
                           "A quotation.", 'preformatted #import "x"', "block", "1. Amnesty"])
    assert re.search(r"^Tagged:\s+yes", poppler("pdfinfo", data, tmp_path), re.M)


def test_pdf_falls_back_to_tagged_when_ua_is_impossible(tmp_path):
    doc = LetterDocument(lang="en", title="", entries=[Entry(1, "Untitled Org")])
    data = pdf.render(doc)  # PDF/UA needs a title; the letter is still published
    assert b"pdfuaid:part" not in data
    assert "1. Untitled Org" in pdftotext(data, tmp_path)


def test_same_edition_same_bytes():
    doc = LetterDocument(lang="zh-Hant", title="標題", entries=[Entry(1, "Amnesty", "國際特赦組織")])
    assert pdf.render(doc) == pdf.render(doc)


def test_missing_fonts_are_a_clear_error(settings):
    settings.PUBLISHING_FONT_DIRS = ["/nonexistent/fonts"]
    with pytest.raises(RuntimeError, match="fonts-noto-core"):
        pdf.render(LetterDocument(lang="en", title="x"))


def _coloured_pixels(data: bytes, tmp_path) -> int:
    """Pixels of the first page that are neither grey nor white: colour emoji drawn as
    glyphs (a missing glyph is a black box, text is black)."""
    need(shutil.which("pdftoppm"), "pdftoppm (Debian poppler-utils) is not installed")
    source = tmp_path / "page.pdf"
    source.write_bytes(data)
    ppm = subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", str(source)],
                         check=True, capture_output=True, timeout=120).stdout
    # P6 header: magic, width, height, maxval, each followed by one whitespace byte.
    fields, pos = [], 0
    while len(fields) < 4:
        match = re.compile(rb"\s*(\S+)\s").match(ppm, pos)
        fields.append(match.group(1))
        pos = match.end()
    pixels = ppm[pos:]
    return sum(1 for i in range(0, len(pixels) - 2, 3)
               if max(pixels[i:i + 3]) - min(pixels[i:i + 3]) > 60)


@pytest.mark.parametrize("lang", ["ar", "en", "zh-hant"])
def test_emoji_and_symbols_print_as_glyphs_in_every_language(lang, tmp_path):
    families = set(pdf.fonts().families())
    need("Noto Color Emoji" in families,
         "Noto Color Emoji is not installed (Debian fonts-noto-color-emoji)")
    emoji = "✊🏽 🌍 🕊️ ☮️"
    symbols = "✓ ★ → © ♀ ⚖"
    doc = LetterDocument(lang=lang, title={"ar": "رسالة", "en": "Letter",
                                           "zh-hant": "聯名信"}[lang],
                         paragraphs=[f"{emoji} {symbols}"], entries=[Entry(1, "Group 🌈")])
    data = pdf.render(doc)
    assert _coloured_pixels(data, tmp_path) > 20  # the emoji are drawn in colour
    text = squash(pdftotext(data, tmp_path))
    for ch in "✓★→©♀":
        assert ch in text, ch
    without = LetterDocument(lang=lang, title="x", paragraphs=["plain text"])
    assert _coloured_pixels(pdf.render(without), tmp_path) == 0
