"""Word document (python-docx) that a coalition can still edit.

* The list is real numbered paragraphs: each entry is a ``List Number`` paragraph whose
  ``w:numPr`` points to a numbering definition made for this list (decimal, ``%1.``,
  starting at the first entry's number), so Word and LibreOffice show editable automatic
  numbering — insert a late signatory and the numbers below follow. If the entries' numbers
  are not consecutive (an edition that kept historical numbers), automatic numbering could
  not reproduce them, so the numbers are written as text with a hanging indent instead.
* Speed: python-docx's ``add_paragraph(style="List Number")`` looks the style up by name
  for every paragraph (9.5 s for 10,000 entries). Here the list paragraphs are generated
  as WordprocessingML with the style id and ``numPr`` set directly, parsed in one go and
  appended to the body (about 0.5 s for 10,000).
* Fonts: document defaults name Noto Sans for Latin/Cyrillic, the Noto Sans CJK face of
  the document's language in ``w:eastAsia`` (so Chinese renders with a Chinese font, not a
  Japanese fallback), and Noto Naskh Arabic in ``w:cs``; theme font references are removed
  because they take precedence over named fonts.
* Arabic: paragraphs get ``w:bidi`` (right to left) and runs containing right-to-left
  script get ``w:rtl``.
* Paragraphs come from the same sanitised Markdown tree as the PDF: bold, italic,
  links (real hyperlinks), bullet and numbered lists, headings, quotes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from xml.sax.saxutils import escape as xml_escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from undersigned.publishing.document import LetterDocument
from undersigned.publishing.markup import to_inline_nodes, to_nodes

from ._common import one_line
from .pdf import CJK_FACES

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")

LANG_TAGS = {"zh-hant": "zh-TW", "zh-hans": "zh-CN", "ar": "ar-SA", "en": "en-GB",
             "fr": "fr-FR", "es": "es-ES", "ru": "ru-RU"}


def _x(text: str) -> str:
    return xml_escape(_XML_INVALID.sub("", text))


def render(doc: LetterDocument) -> bytes:
    document = docx.Document()
    rtl = doc.direction == "rtl"
    _set_defaults(document, doc)
    core = document.core_properties
    core.title = one_line(doc.title)[:255]
    core.language = LANG_TAGS.get(doc.django_lang, doc.lang)
    # The template's own metadata ("python-docx", its 2013 dates) is not the coalition's.
    core.author = core.last_modified_by = core.comments = core.keywords = core.subject = ""
    core.category = ""
    if isinstance(doc.date, dt.date):
        day = doc.date if isinstance(doc.date, dt.datetime) else dt.datetime(
            doc.date.year, doc.date.month, doc.date.day, 12, tzinfo=dt.UTC)
        core.created = core.modified = day

    body = document.element.body
    sect_pr = body.find(qn("w:sectPr"))
    blocks: list[str] = [_para(one_line(doc.title), "Heading1", rtl)]
    if doc.recipients:
        blocks.append(_para(one_line(doc.recipients_line()), None, rtl))
    if doc.date:
        blocks.append(_para(doc.date_text(), None, rtl))
    writer = _NodeWriter(document, rtl)
    for paragraph in doc.paragraphs:
        for node in to_nodes(paragraph):
            blocks.extend(writer.block(node))
    for ask in doc.asks:
        blocks.append(writer.paragraph(to_inline_nodes(ask), "ListBullet"))
    blocks.append(_para(doc.signatories_heading(), "Heading2", rtl))
    blocks.extend(_entries(document, doc, rtl))
    closing = doc.anonymous_sentence()
    if closing:
        blocks.append(_para(closing, None, rtl, space_before=True))
    if doc.verification_line():
        blocks.append(_para(doc.verification_line(), None, rtl, space_before=True))

    fragment = parse_xml(f"<w:body {nsdecls('w', 'r')}>{''.join(blocks)}</w:body>")
    for child in list(fragment):
        sect_pr.addprevious(child)
    if rtl:
        bidi = parse_xml(f"<w:bidi {nsdecls('w')}/>")
        doc_grid = sect_pr.find(qn("w:docGrid"))
        if doc_grid is not None:
            doc_grid.addprevious(bidi)
        else:
            sect_pr.append(bidi)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- styles and fonts -------------------------------------------------------------------
def _set_defaults(document, doc: LetterDocument) -> None:
    code = doc.django_lang
    cjk = CJK_FACES.get(code) or CJK_FACES.get(doc.base_lang) or "Noto Sans CJK TC"
    east_asia_lang = "zh-CN" if cjk.endswith("SC") else "zh-TW"
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in r_pr.findall(qn("w:rFonts")) + r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    r_pr.insert(0, parse_xml(
        f'<w:rFonts {nsdecls("w")} w:ascii="Noto Sans" w:hAnsi="Noto Sans" '
        f'w:eastAsia="{cjk}" w:cs="Noto Naskh Arabic"/>'))
    r_pr.append(parse_xml(
        f'<w:lang {nsdecls("w")} w:val="{LANG_TAGS.get(code, doc.lang)}" '
        f'w:eastAsia="{east_asia_lang}" w:bidi="ar-SA"/>'))
    # No automatic extra space between CJK and Latin text: the names are printed exactly
    # as written (and copy out of the document unchanged).
    p_pr = styles.find(qn("w:docDefaults")).find(qn("w:pPrDefault")).find(qn("w:pPr"))
    p_pr.insert(0, parse_xml(f'<w:autoSpaceDN {nsdecls("w")} w:val="0"/>'))
    p_pr.insert(0, parse_xml(f'<w:autoSpaceDE {nsdecls("w")} w:val="0"/>'))
    if "Hyperlink" not in [s.name for s in document.styles]:
        link = document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        link.font.underline = True
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    # Headings in the default template name theme fonts; make them follow the defaults.
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Title"):
        style_r_pr = document.styles[name].element.find(qn("w:rPr"))
        if style_r_pr is not None:
            for fonts in style_r_pr.findall(qn("w:rFonts")):
                style_r_pr.remove(fonts)


# --- paragraphs as WordprocessingML ------------------------------------------------------
def _p_pr(style: str | None, rtl: bool, *, num_pr: str = "", spacing: str = "",
          ind: str = "") -> str:
    # Children in the order the schema requires (Word rejects other orders).
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    parts.append(num_pr)
    if rtl:
        parts.append("<w:bidi/>")
    parts += [spacing, ind]
    inner = "".join(parts)
    return f"<w:pPr>{inner}</w:pPr>" if inner else ""


def _run(text: str, *, bold: bool = False, italic: bool = False, style: str | None = None) -> str:
    if not text:
        return ""
    props = []
    if style:
        props.append(f'<w:rStyle w:val="{style}"/>')
    if bold:
        props.append("<w:b/><w:bCs/>")
    if italic:
        props.append("<w:i/><w:iCs/>")
    if _RTL_CHARS.search(text):
        props.append("<w:rtl/>")
    r_pr = f"<w:rPr>{''.join(props)}</w:rPr>" if props else ""
    return f'<w:r>{r_pr}<w:t xml:space="preserve">{_x(text)}</w:t></w:r>'


def _para(text: str, style: str | None, rtl: bool, *, space_before: bool = False) -> str:
    spacing = '<w:spacing w:before="240"/>' if space_before else ""
    return f"<w:p>{_p_pr(style, rtl, spacing=spacing)}{_run(text)}</w:p>"


def _consecutive(numbers: list[int]) -> bool:
    return all(b == a + 1 for a, b in zip(numbers, numbers[1:], strict=False))


def _entries(document, doc: LetterDocument, rtl: bool) -> list[str]:
    if not doc.entries:
        return []
    numbers = [e.number for e in doc.entries]
    width = len(str(max(numbers)))
    hanging = 240 + 120 * width  # twips: room for the widest number and its full stop
    if _consecutive(numbers):
        num_id = _add_numbering(document, start=numbers[0], hanging=hanging)
        p_pr = _p_pr(
            "ListNumber", rtl,
            num_pr=f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>',
            ind=f'<w:ind w:left="{hanging}" w:hanging="{hanging}"/>')
        prefix = None
    else:
        p_pr = _p_pr("ListParagraph", rtl, ind=f'<w:ind w:left="{hanging}" w:hanging="{hanging}"/>')
        prefix = "{}.\t"
    out = []
    for entry in doc.entries:
        primary, secondary = doc.entry_parts(entry)
        runs = _run(prefix.format(entry.number)) if prefix else ""
        runs += _run(one_line(primary))
        if secondary:
            runs += _run(" " + one_line(secondary))
        out.append(f"<w:p>{p_pr}{runs}</w:p>")
    return out


def _add_numbering(document, *, start: int, hanging: int) -> int:
    """A new abstract numbering (decimal ``%1.``) and a ``w:num`` using it; returns numId."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id = max(abstract_ids, default=0) + 1
    num_id = max(num_ids, default=0) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="{int(start)}"/><w:numFmt w:val="decimal"/>'
        '<w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:ind w:left="{hanging}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        "</w:abstractNum>"
    )
    # abstractNum elements must all precede the num elements.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{int(start)}"/></w:lvlOverride>'
        "</w:num>"
    ))
    return num_id


class _NodeWriter:
    """Markdown node tree (``markup.to_nodes``) to WordprocessingML paragraphs."""

    def __init__(self, document, rtl: bool) -> None:
        self.document = document
        self.rtl = rtl

    def block(self, node, depth: int = 0) -> list[str]:
        if isinstance(node, str):
            return [self.paragraph([node], None)] if node.strip() else []
        tag = node["t"]
        if tag in {"ul", "ol"}:
            style = "ListBullet" if tag == "ul" else "ListNumber"
            if depth:
                style += "2" if depth == 1 else "3"
            out = []
            for item in node["c"]:
                if not isinstance(item, dict):
                    continue
                inline = []
                nested = []
                for child in item["c"]:
                    if isinstance(child, dict) and child["t"] in {"ul", "ol"}:
                        nested.append(child)
                    elif isinstance(child, dict) and child["t"] == "p":
                        inline.extend(child["c"])
                    else:
                        inline.append(child)
                out.append(self.paragraph(inline, style))
                for child in nested:
                    out.extend(self.block(child, depth + 1))
            return out
        if tag in {"h2", "h3", "h4"}:
            return [self.paragraph(node["c"], "Heading" + tag[1])]
        if tag == "blockquote":
            out = []
            for child in node["c"]:
                if isinstance(child, dict) and child["t"] == "p":
                    out.append(self.paragraph(child["c"], "Quote"))
                else:
                    out.extend(self.block(child, depth))
            return out
        if tag == "hr":
            return ["<w:p/>"]
        return [self.paragraph(node["c"], None)]

    def paragraph(self, nodes, style: str | None) -> str:
        return f"<w:p>{_p_pr(style, self.rtl)}{self.runs(nodes)}</w:p>"

    def runs(self, nodes, bold: bool = False, italic: bool = False) -> str:
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(_run(node, bold=bold, italic=italic))
                continue
            tag = node["t"]
            if tag == "br":
                out.append("<w:r><w:br/></w:r>")
            elif tag in {"strong", "b"}:
                out.append(self.runs(node["c"], True, italic))
            elif tag in {"em", "i"}:
                out.append(self.runs(node["c"], bold, True))
            elif tag == "a" and node.get("href"):
                r_id = self.document.part.relate_to(node["href"], RT.HYPERLINK, is_external=True)
                inner = "".join(
                    _run(t, bold=bold, italic=italic, style="Hyperlink")
                    for t in _texts(node["c"])
                )
                out.append(f'<w:hyperlink r:id="{r_id}">{inner}</w:hyperlink>')
            else:
                out.append(self.runs(node["c"], bold, italic))
        return "".join(out)


def _texts(nodes) -> list[str]:
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        else:
            out.extend(_texts(node["c"]))
    return out
