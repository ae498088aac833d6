"""Turn a letter file into plain text for ``parse_letter``.

``read_letter_file(path) -> str`` by extension:

* ``.txt`` ``.md`` ``.text``: bytes decoded by ``decode_text``: a BOM decides (UTF-8,
  UTF-16 LE/BE, UTF-32); otherwise UTF-8; otherwise UTF-16 without BOM when every other
  byte is NUL (Notepad's "Unicode"); otherwise cp1252, the Windows default that every
  byte decodes in.  Bytes that look binary (NULs in a file that is not UTF-16, or many
  control characters) are refused rather than imported as garbage.
* ``.html`` ``.htm``: stdlib ``html.parser``; block elements become lines, ``<li>`` of
  an ``<ol>`` become ``1.`` ``2.`` (honouring ``start``), of a ``<ul>`` ``•``; table cells
  are separated by tabs (so a country column stays a column); script/style dropped.
* ``.docx``: python-docx, body paragraphs and tables in document order.  Word's own
  numbering (numPr on the paragraph or inherited from its style, e.g. "List Number")
  is not in the text, so we count it: each (numId, level) gets its own counter starting
  at the level's ``start``, reset when a shallower level advances; bullet formats
  become "•".  Table rows become tab-separated lines.

Anything else, or a file over 50 MB, raises ``ImportProblem`` with a message for the
person who uploaded it.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from .errors import MAX_BYTES, ImportProblem

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text"}
ACCEPTED = ".txt, .md, .html or .docx"
MAX_XML = 200 * 1024 * 1024  # uncompressed size of an Office file's parts
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}


def _check_size(path: Path, name: str) -> None:
    if not path.exists():
        raise ImportProblem(f"The file {name} does not exist.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportProblem(
            f"{name} is {size / 1024 / 1024:.0f} MB; files over "
            f"{MAX_BYTES // 1024 // 1024} MB are not imported. Split it or remove images.")
    if size == 0:
        raise ImportProblem(f"{name} is empty.")


def _looks_utf16(data: bytes) -> str | None:
    sample = data[:4000]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str = "the file") -> tuple[str, str]:
    """(text, encoding used).  Raises ImportProblem for binary data."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ImportProblem(f"{name} starts like {encoding} text but is not.") from exc
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data[:8192]:
        raise ImportProblem(
            f"{name} is not a text file (it contains binary data). Save it as plain text "
            "(UTF-8), .docx or .html and try again.")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\t\n\r\x0c")
    if controls > max(8, len(text[:8192]) // 50):
        raise ImportProblem(
            f"{name} does not look like text (too many control characters). Is it a "
            "renamed binary file?")
    return text, encoding


def check_office_package(path: Path, name: str, kind: str, accepted: str) -> None:
    """Refuse, before any XML is parsed, an Office file (.xlsx, .docx) that declares a DTD
    or entities (nothing Office writes needs them; they are how "billion laughs" files
    blow up a parser) or whose parts unpack to more than ``MAX_XML``."""
    try:
        with zipfile.ZipFile(path) as package:
            total = 0
            for info in package.infolist():
                total += info.file_size
                if total > MAX_XML:
                    raise ImportProblem(
                        f"{name} unpacks to more than {MAX_XML // 1024 // 1024} MB; it is not "
                        f"an ordinary {kind} file. Open it and save it again.")
                if info.filename.endswith((".xml", ".rels")):
                    with package.open(info) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise ImportProblem(
                            f"{name} contains XML declarations (DTD or entities) that Office "
                            f"never writes; it was not read. Open it in a spreadsheet or word "
                            f"processor and save it again ({kind}).")
    except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise ImportProblem(
            f"{name} is not a readable {kind} file. Open it and save it again; this page "
            f"accepts {accepted}.") from exc


def read_letter_file(path, display_name: str | None = None) -> str:
    """Plain text of a letter file; see the module docstring.  ``display_name`` is the
    name the person gave the file (messages use it)."""
    path = Path(path)
    name = display_name or path.name
    _check_size(path, name)
    ext = Path(name).suffix.lower() if Path(name).suffix else path.suffix.lower()
    if ext in TEXT_EXTENSIONS:
        return decode_text(path.read_bytes(), name)[0]
    if ext in HTML_EXTENSIONS:
        return html_to_text(_decode_html(path.read_bytes(), name))
    if ext == ".docx":
        check_office_package(path, name, "Word (.docx)", ACCEPTED)
        try:
            return docx_to_text(path, name)
        except ImportProblem:
            raise
        except Exception as exc:  # noqa: BLE001 - damaged XML: a message, never a 500
            raise ImportProblem(
                f"{name} is damaged or not an ordinary Word (.docx) file "
                f"({type(exc).__name__}). Open it and save it again as .docx.") from exc
    if ext in {".doc", ".pdf", ".odt", ".rtf", ".pages"}:
        raise ImportProblem(
            f"{name}: {ext} files cannot be read. Save the letter as .docx, .html or "
            f"plain text (.txt) and import that; this page accepts {ACCEPTED}.")
    raise ImportProblem(
        f"{name}: unknown file type '{ext or 'none'}'. This page accepts {ACCEPTED}.")


# HTML ---------------------------------------------------------------------------------

def _decode_html(data: bytes, name: str) -> str:
    head = data[:2048].decode("ascii", errors="ignore")
    m = re.search(r"""<meta[^>]+charset=["']?([\w-]+)""", head, re.IGNORECASE)
    if m and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode(m[1])
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name)[0]


BLOCK_TAGS = {"p", "div", "section", "article", "header", "footer", "main", "aside",
              "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table",
              "tr", "li", "dl", "dt", "dd", "address", "figure", "figcaption", "hr", "form",
              "nav", "tbody", "thead", "tfoot"}
SKIP_TAGS = {"script", "style", "head", "title", "noscript", "template", "svg"}
PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote",
                  "pre", "hr"}


_WRAPPED_HYPHEN = re.compile(r"([^\W\d_])-[ \t]*\n\s*([^\W\d_])")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.lists: list[list] = []  # [kind, next number]
        self.in_cell = False
        self.cells: list[str] | None = None
        self.pre = 0

    def _flush(self, blank: bool = False) -> None:
        text = "".join(self.current)
        self.current = []
        if self.pre:
            lines = text.split("\n")
        else:
            # A word hard-wrapped at a hyphen ("MROD-\nBF") is one word again.
            text = _WRAPPED_HYPHEN.sub(r"\1-\2", text)
            lines = [re.sub(r"[ \t\r\n\f]+", " ", text).strip()]
        for line in lines:
            if line.strip():
                self.lines.append(line.rstrip())
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        attrs = dict(attrs)
        if tag == "br":
            if self.cells is not None:
                self.current.append(" ")
            else:
                self._flush()
            return
        if tag in ("td", "th"):
            if self.cells is None:
                self.cells = []
            self.current = []
            return
        if tag == "tr":
            self._flush()
            self.cells = []
            return
        if tag in BLOCK_TAGS:
            self._flush(blank=tag in PARAGRAPH_TAGS)
        if tag == "pre":
            self.pre += 1
        if tag == "ol":
            try:
                start = int(attrs.get("start") or 1)
            except ValueError:
                start = 1
            self.lists.append(["ol", start])
        elif tag == "ul":
            self.lists.append(["ul", 0])
        elif tag == "li":
            if self.lists and self.lists[-1][0] == "ol":
                number = self.lists[-1][1]
                if attrs.get("value", "").isdigit():
                    number = int(attrs["value"])
                self.current.append(f"{number}. ")
                self.lists[-1][1] = number + 1
            else:
                self.current.append("• ")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.cells is not None:
            self.cells.append(re.sub(r"\s+", " ", "".join(self.current)).strip())
            self.current = []
            return
        if tag == "tr" and self.cells is not None:
            # Empty cells are kept (a column stays a column); trailing ones dropped.
            while self.cells and not self.cells[-1]:
                self.cells.pop()
            if any(self.cells):
                self.lines.append("\t".join(self.cells) if len(self.cells) > 1
                                  else self.cells[0])
            self.cells = None
            return
        if tag == "table":
            self.cells = None
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in BLOCK_TAGS:
            self._flush(blank=tag in PARAGRAPH_TAGS)

    def handle_data(self, data):
        if not self.skip:
            self.current.append(data)

    def text(self) -> str:
        self._flush()
        return "\n".join(self.lines).strip("\n") + "\n"


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


# DOCX ----------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _numbering_formats(document) -> dict:
    """numId -> {ilvl: (numFmt, start)}."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}
    abstract: dict[str, dict[int, tuple[str, int]]] = {}
    for node in numbering.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in node.iter(f"{W}lvl"):
            ilvl = int(lvl.get(f"{W}ilvl", "0"))
            fmt = lvl.find(f"{W}numFmt")
            start = lvl.find(f"{W}start")
            levels[ilvl] = (fmt.get(f"{W}val") if fmt is not None else "decimal",
                            int(start.get(f"{W}val")) if start is not None else 1)
        abstract[node.get(f"{W}abstractNumId")] = levels
    out = {}
    for num in numbering.iter(f"{W}num"):
        ref = num.find(f"{W}abstractNumId")
        if ref is not None:
            out[num.get(f"{W}numId")] = abstract.get(ref.get(f"{W}val"), {})
    return out


def _num_pr(paragraph):
    """(numId, ilvl) of a paragraph's list numbering, from the paragraph or its style."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    num_id = str(num_pr.numId.val)
    if num_id == "0":
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return num_id, int(ilvl)


def docx_to_text(path: Path, name: str | None = None) -> str:
    name = name or path.name
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ImportProblem(
            f"{name} is not a readable Word (.docx) file. Open it in Word or "
            "LibreOffice and save it again as .docx.") from exc
    formats = _numbering_formats(document)
    counters: dict[tuple[str, int], int] = {}
    lines: list[str] = []
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            num = _num_pr(paragraph)
            if num is not None and text.strip():
                num_id, ilvl = num
                fmt, start = formats.get(num_id, {}).get(ilvl, ("decimal", 1))
                for key in [k for k in counters if k[0] == num_id and k[1] > ilvl]:
                    del counters[key]
                if fmt in ("bullet", "none"):
                    text = "• " + text.strip()
                else:
                    counters[(num_id, ilvl)] = counters.get((num_id, ilvl), start - 1) + 1
                    text = f"{counters[(num_id, ilvl)]}. " + text.strip()
                lines.append(text)
            else:
                if lines and lines[-1].strip():
                    lines.append("")  # a list ends: a paragraph is not its last item
                lines.append(text)
                if text.strip():
                    lines.append("")
        elif child.tag == f"{W}tbl":
            table = Table(child, document)
            for row in table.rows:
                cells = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    lines.append("\t".join(cells))
            lines.append("")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"
