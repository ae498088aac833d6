"""Read a sign-on sheet (a Google/Microsoft Forms export, or a coordinator's own table).

``read_signon_sheet(path, mapping=None) -> SheetResult`` reads CSV/TSV and XLSX and
returns one dict per usable row::

    {"row": 7, "name": "Bytes For All", "acronym": "B4A", "country": "PK" | "INT" | None,
     "website": "https://bytesforall.pk" | None, "contact_name": ... | None,
     "contact_email": ... | None, "publish_name": True, "timestamp": "2023-02-27T10:15:00" | None}

plus ``rejected`` rows (row number and reason), sheet-level ``anomalies``
(``{"kind", "rows", "detail"}``), the ``mapping`` used (header -> field) and the columns
that were ignored.  Pure: no database, no network.

Choices:

* **Encodings** (CSV): BOM first (Excel writes UTF-16 for "Unicode text" and UTF-8-sig
  for "CSV UTF-8"), then UTF-8, then cp1252 (Excel's plain "CSV" on Windows).  Delimiter
  sniffed among , ; and tab (Excel in French/Spanish locales writes ;); a leading
  ``sep=;`` line is honoured.
* **XLSX** is opened read-only with cached values (``data_only``): we never evaluate
  formulas.  A second read-only pass finds formula cells, reported as ``formula``
  (with ``formula_without_value`` when the file never saved a result).  Hidden sheets are
  reported and not read; merged ranges (read from the sheet XML, which read-only mode
  does not expose) are reported and their value copied into every cell they cover.
* **Headers** are recognised from the usual Forms questions in English, French, Spanish
  and Chinese (see ``FIELD_PATTERNS``; order matters: "Country where your organisation
  is based" is a country, not a name).  A title row above the header is skipped.
  Without a recognisable organisation-name column we raise ``MappingNeeded`` listing
  the headers and fields: the caller passes ``mapping={"Header": "field"}`` (or
  ``{"field": "Header"}``; ``None`` ignores a column).  Other unknown columns do not
  stop the import: they are listed in ``unmapped`` and reported once (a Forms export
  nearly always has a "Comments" question); ``ask_for_unknown=True`` makes them raise
  ``MappingNeeded`` too, for a review page that wants every column confirmed.
* **Formula injection**: a value starting with ``= + - @`` (or tab/CR) is neutralised by
  removing those leading characters, so it can never run when the data is exported to a
  spreadsheet again, and reported (``neutralised``) with its row and column.
* **publish_name**: Yes/No/Oui/Non/Sí/No/是/否 and their longer forms ("Yes, you can
  publish our name", "同意").  An unclear answer means *not* published (reported).  A
  sheet with no such column names nobody until the coordinator chooses, for the whole
  sheet, "list by name" or "count without naming" (``publish_default``;
  ``needs_publish_choice`` until then): no silent default that names everyone.
* **Every row accounted for**: a row is usable (``rows``) or rejected with its reason
  (``rejected``); the same organisation on two rows (the registry's normalised name) makes
  the later row a repeat (``repeat_of``: one signature, the row kept as a repeat sign-on);
  a row without an email is flagged (``no_email``).
* **Limits**: ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns, ``MAX_CELL`` characters a cell,
  ``MAX_NAME`` a name; an .xlsx is read row by row as its XML holds them (the dimension it
  claims is not trusted), merged ranges fill only cells that exist, a DTD or entities are
  refused before parsing, damaged XML is a message.  Messages name the file as the person
  gave it (``display_name``) and the formats the page accepts.
* **country**: ISO alpha-2 from names in many languages or alpha-2/alpha-3 codes; ``INT``
  for international/regional answers and for several countries; unknown text is
  reported and left empty.
* **timestamp**: ISO 8601.  Day/month order is decided per column (a value with a first
  part over 12 means day first; a second part over 12 means month first); when no value
  decides, day first is assumed and reported.
* Files over 50 MB, empty files and binary files with a text extension raise
  ``ImportProblem`` with a readable message.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import lexicon
from .errors import MAX_BYTES, ImportProblem
from .readers import check_office_package, decode_text

FIELDS = ["timestamp", "name", "acronym", "country", "website", "contact_name",
          "contact_email", "publish_name"]

# (field, patterns on the folded header); the first field whose pattern matches wins.
FIELD_PATTERNS: list[tuple[str, list[str]]] = [
    ("timestamp", [r"timestamp", r"horodat", r"marca (temporal|de tiempo)", r"時間戳記",
                   r"时间戳", r"提交时间", r"提交時間", r"submitted( at| on)?$",
                   r"^completion time", r"^start time", r"heure de (fin|debut)",
                   r"hora de (finalizacion|inicio)", r"^date$", r"^fecha$"]),
    ("publish_name", [r"publi", r"公開", r"公开", r"列出", r"display",
                      r"(list|include|show) (your|our|the) (name|organi)", r"consent",
                      r"consentement", r"consentimiento", r"同意", r"anonym"]),
    ("contact_email", [r"e-?mail", r"courriel", r"correo", r"電子郵件", r"电子邮件", r"郵箱",
                       r"邮箱", r"adresse electronique", r"электронн"]),
    ("acronym", [r"acronym", r"abbreviation", r"short name", r"sigle", r"acronimo",
                 r"siglas?\b", r"縮寫", r"缩写", r"简称", r"簡稱", r"аббревиатура"]),
    ("website", [r"web ?site", r"\burl\b", r"site (web|internet)", r"sitio web",
                 r"pagina web", r"網站", r"网站", r"網址", r"网址", r"сайт"]),
    ("country", [r"countr", r"\bpays\b", r"\bpais\b", r"國家", r"国家", r"國別", r"国别",
                 r"地區", r"地区", r"страна", r"البلد", r"الدولة"]),
    ("contact_name", [r"contact", r"your (full )?name", r"^(full )?name$", r"^nom$",
                      r"votre nom", r"nom et prenom", r"prenom et nom", r"su nombre",
                      r"nombre completo", r"nombre y apellido", r"persona de contacto",
                      r"聯絡人", r"联系人", r"您的姓名", r"姓名", r"respondent", r"signed by",
                      r"person", r"имя", r"الاسم الكامل"]),
    ("name", [r"organi[sz]", r"\borganisme", r"\bentidad", r"\binstitucion", r"組織",
              r"组织", r"機構", r"机构", r"團體", r"团体", r"单位", r"單位", r"signator",
              r"signataire", r"firmante", r"\bgroup\b", r"\bngo\b", r"\bong\b",
              r"организац", r"المنظمة", r"الجهة"]),
]

YES = {"yes", "y", "oui", "o", "si", "sí", "sim", "ja", "da", "да", "true", "1", "x", "ok",
       "是", "是的", "同意", "可以", "好", "好的", "نعم", "agree", "i agree", "d'accord",
       "accord", "de acuerdo", "acepto", "j'accepte", "publish", "publier", "publicar"}
NO = {"no", "n", "non", "nao", "não", "nein", "нет", "false", "0", "否", "不", "不同意",
      "不可以", "不要", "لا", "disagree", "anonymous", "anonyme", "anonimo", "anónimo",
      "do not publish", "ne pas publier", "no publicar"}

TRIGGERS = "=+-@\t\r"
EMAIL_RE = re.compile(r"^[^@\s<>(),;:]+@[^@\s<>(),;:]+\.[^@\s<>(),;:]{2,}$")
CSV_EXTENSIONS = {".csv", ".tsv", ".txt", ".tab"}
XLSX_EXTENSIONS = {".xlsx", ".xlsm"}


class MappingNeeded(ImportProblem):
    """The columns could not be matched to fields: ask the coordinator for a mapping."""

    def __init__(self, headers: list[str], missing: list[str], unknown: list[str] | None = None):
        shown = ", ".join(f"'{h}'" for h in headers) or "(none)"
        what = (f"Could not tell which column holds {', '.join(missing)}." if missing else
                "Some columns were not recognised: "
                + ", ".join(f"'{h}'" for h in unknown or []) + ".")
        message = (
            f"{what} Columns found: "
            f"{shown}. Fields we can import: {', '.join(FIELDS)}. Pass a mapping such as "
            f"{{'{headers[0] if headers else 'Column'}': 'name'}} (a column mapped to None "
            "is ignored).")
        super().__init__(message, details={"headers": headers, "fields": FIELDS,
                                           "missing": missing})
        self.headers = headers
        self.missing = missing
        self.unknown = unknown or []


@dataclass
class SheetResult:
    rows: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)
    anomalies: list[dict] = field(default_factory=list)
    mapping: dict[str, str | None] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    source: dict = field(default_factory=dict)

    publish_default: bool | None = None
    needs_publish_choice: bool = False

    def anomaly(self, kind: str, rows, detail: str) -> None:
        self.anomalies.append({"kind": kind, "rows": sorted(set(rows)), "detail": detail})


# Entry point ---------------------------------------------------------------------------

ACCEPTED = ".csv, .tsv, .txt or .xlsx"
MAX_ROWS = 100_000  # data rows in one sheet
MAX_COLUMNS = 200
MAX_CELL = 10_000  # characters in one cell
MAX_NAME = 300  # characters in an organisation's name (the registry's limit)
MAX_MERGED = 5_000  # merged ranges read from one sheet


def read_signon_sheet(path, mapping: dict | None = None, *, ask_for_unknown: bool = False,
                      display_name: str | None = None,
                      publish_default: bool | None = None) -> SheetResult:
    """Read a sign-on sheet; see the module docstring.  With ``ask_for_unknown`` any
    column we cannot place (and that ``mapping`` does not mention) raises
    ``MappingNeeded`` instead of being reported and skipped.  ``display_name`` is the
    name the person gave the file (messages use it); ``publish_default`` is the
    coordinator's choice for a sheet without a "publish our name" column (True: list by
    name, False: count without naming; None: not chosen yet, ``needs_publish_choice``)."""
    path = Path(path)
    name = display_name or path.name
    if not path.exists():
        raise ImportProblem(f"The file {name} does not exist.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportProblem(
            f"{name} is {size / 1024 / 1024:.0f} MB; sheets over "
            f"{MAX_BYTES // 1024 // 1024} MB are not imported. Export only the answers.")
    if size == 0:
        raise ImportProblem(f"{name} is empty.")
    ext = Path(name).suffix.lower() if Path(name).suffix else path.suffix.lower()
    result = SheetResult()
    result.publish_default = publish_default
    if ext in CSV_EXTENSIONS:
        table = _read_csv(path, result, name)
    elif ext in XLSX_EXTENSIONS:
        table = _read_xlsx(path, result, name)
    elif ext in {".xls", ".ods", ".numbers"}:
        raise ImportProblem(
            f"{name}: {ext} sheets cannot be read. Save it as .xlsx or .csv (UTF-8); this page "
            f"accepts {ACCEPTED}.")
    else:
        raise ImportProblem(
            f"{name}: unknown file type '{ext or 'none'}'. This page accepts {ACCEPTED}.")
    if not any(any(_text(v) for v in row) for _, row in table):
        raise ImportProblem(f"{name} has no data.")
    _process(table, mapping, result, ask_for_unknown)
    return result


# CSV -----------------------------------------------------------------------------------

def _read_csv(path: Path, result: SheetResult, name: str) -> list[tuple[int, list]]:
    text, encoding = decode_text(path.read_bytes(), name)
    text = text.lstrip("\ufeff")
    delimiter = None
    first_line = text.split("\n", 1)[0].strip()
    if re.fullmatch(r"sep=.", first_line):
        delimiter = first_line[4]
        text = text.split("\n", 1)[1] if "\n" in text else ""
    if delimiter is None:
        delimiter = _sniff_delimiter(text[:50000])
    csv.field_size_limit(MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = []
    try:
        # Row numbers as a spreadsheet shows them (a cell with line breaks is one row).
        for number, row in enumerate(reader, 1):
            if number > MAX_ROWS + 20:
                raise ImportProblem(
                    f"{name} has more than {MAX_ROWS:,} rows; split it into smaller sheets.")
            table.append((number, row[:MAX_COLUMNS]))
    except csv.Error as exc:
        raise ImportProblem(f"{name} is not a readable CSV file ({exc}).") from exc
    result.source = {"format": "csv", "encoding": encoding, "delimiter": delimiter}
    return table


def _sniff_delimiter(sample: str) -> str:
    """The delimiter under which the header is best understood (most recognised
    fields), then under which rows have the most consistent width; csv.Sniffer alone
    is fooled by commas inside answers."""
    scores = []
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))[:50]
        except csv.Error:
            continue
        rows = [r for r in rows if any(c.strip() for c in r)]
        if not rows:
            continue
        recognised = max(len(_header_fields([c.strip() for c in r])) for r in rows[:10])
        widths = [len(r) for r in rows]
        mode = max(set(widths), key=widths.count)
        consistency = widths.count(mode) / len(widths) if mode > 1 else 0
        scores.append((recognised, consistency, mode, delimiter))
    if not scores:
        return ","
    best = max(scores)
    if best[0] == 0 and best[1] == 0:
        try:
            return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        except csv.Error:
            return ","
    return best[3]


# XLSX ----------------------------------------------------------------------------------

def _read_xlsx(path: Path, result: SheetResult, name: str) -> list[tuple[int, list]]:
    check_office_package(path, name, "Excel (.xlsx)", ACCEPTED)
    try:
        return _read_xlsx_checked(path, result, name)
    except ImportProblem:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged XML, odd parts: a message, never a 500
        raise ImportProblem(
            f"{name} is damaged or not an ordinary Excel (.xlsx) file ({type(exc).__name__}). "
            "Open it and save it again as .xlsx, or export the answers as CSV.") from exc


def _read_xlsx_checked(path: Path, result: SheetResult, name: str) -> list[tuple[int, list]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportProblem(
            f"{name} is not a readable Excel (.xlsx) file. Open it and save it again "
            f"as .xlsx, or export the answers as CSV; this page accepts {ACCEPTED}.") from exc
    try:
        hidden = [ws.title for ws in wb.worksheets if ws.sheet_state != "visible"]
        visible = [ws for ws in wb.worksheets if ws.sheet_state == "visible"] or wb.worksheets
        if hidden:
            result.anomaly("hidden_sheet", [],
                           f"hidden sheet(s) not read: {', '.join(hidden)}")
        for candidate in visible:
            # The dimension a file claims ("A1:XFD1048576") is not trusted: rows are read
            # as they are in the XML, each only as wide as it is.
            candidate.reset_dimensions()
        ws = visible[0]
        for candidate in visible:
            rows = list(candidate.iter_rows(max_row=10, max_col=MAX_COLUMNS, values_only=True))
            if any(_header_fields([_text(v) for v in row]).get("name") is not None
                   for row in rows if row):
                ws = candidate
                break
        table = []
        for i, row in enumerate(ws.iter_rows(values_only=True), 1):
            if i > MAX_ROWS + 20:
                raise ImportProblem(
                    f"{name} has more than {MAX_ROWS:,} rows; split it into smaller sheets.")
            table.append((i, list(row[:MAX_COLUMNS])))
        while table and not any(_text(v) for v in table[-1][1]):
            table.pop()
        if len(visible) > 1:
            result.anomaly("other_sheets", [], f"read sheet '{ws.title}'; other sheets: "
                           + ", ".join(s.title for s in visible if s is not ws))
        merged = _merged_ranges(wb, ws)
        sheet_path = getattr(ws, "_worksheet_path", None)
    finally:
        wb.close()
    if merged:
        covered = _fill_merged(table, merged)
        result.anomaly("merged_cells", covered,
                       f"{len(merged)} merged range(s) " + ", ".join(rng[4] for rng in merged[:20])
                       + (" ..." if len(merged) > 20 else "")
                       + " (their value was copied into each covered cell of the data)")
    _formula_cells(path, ws.title, table, result)
    result.source = {"format": "xlsx", "sheet": ws.title, "sheet_path": sheet_path}
    return table


def _merged_ranges(wb, ws) -> list[tuple[int, int, int, int, str]]:
    """(min_col, min_row, max_col, max_row, ref) read from the sheet XML."""
    from openpyxl.utils.cell import range_boundaries

    try:
        xml = wb._archive.read(ws._worksheet_path).decode("utf-8", errors="replace")
    except (AttributeError, KeyError):
        return []
    out = []
    for m in re.finditer(r'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}\d{1,7}:[A-Z]{1,3}\d{1,7})"',
                         xml):
        if len(out) >= MAX_MERGED:
            break
        min_col, min_row, max_col, max_row = range_boundaries(m[1])
        out.append((min_col, min_row, max_col, max_row, m[1]))
    return out


def _fill_merged(table, merged) -> list[int]:
    """Copy each merged range's value into the cells it covers, but only cells that exist
    (rows in the data, columns up to the widest row): a range over a whole column costs
    what the data costs.  Returns the rows touched."""
    by_row = {number: row for number, row in table}
    last_row = max(by_row, default=0)
    width = max((len(row) for row in by_row.values()), default=0)
    touched: set[int] = set()
    for min_col, min_row, max_col, max_row, _ref in merged:
        top = by_row.get(min_row)
        if top is None or len(top) < min_col:
            continue
        value = top[min_col - 1]
        if value is None:
            continue
        max_row, max_col = min(max_row, last_row), min(max_col, width)
        for r in range(min_row, max_row + 1):
            row = by_row.get(r)
            if row is None:
                continue
            while len(row) < max_col:
                row.append(None)
            for c in range(min_col, max_col + 1):
                if row[c - 1] is None:
                    row[c - 1] = value
                    touched.add(r)
    return sorted(touched | {m[1] for m in merged if m[1] <= last_row})


def _formula_cells(path: Path, title: str, table, result: SheetResult) -> None:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - the first pass already read the file
        return
    try:
        ws = wb[title]
        ws.reset_dimensions()
        cells, empty = [], []
        by_row = {number: row for number, row in table}
        last = max(by_row, default=0)
        for r, row in enumerate(ws.iter_rows(max_row=last or 1, max_col=MAX_COLUMNS), 1):
            for c, cell in enumerate(row, 1):
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", None) == "f" or (
                        isinstance(value, str) and value.startswith("=")):
                    ref = f"{cell.column_letter}{r}" if hasattr(cell, "column_letter") else f"R{r}C{c}"
                    cells.append((r, ref))
                    cached = by_row.get(r, [])
                    if len(cached) < c or cached[c - 1] is None or (
                            isinstance(cached[c - 1], str) and cached[c - 1].startswith("=")):
                        empty.append((r, ref))
    finally:
        wb.close()
    if cells:
        result.anomaly("formula", [r for r, _ in cells],
                       "cells with formulas (their saved values were used, nothing was "
                       "calculated): " + ", ".join(ref for _, ref in cells[:20]))
    if empty:
        result.anomaly("formula_without_value", [r for r, _ in empty],
                       "formulas with no saved value (open and save the file in Excel or "
                       "LibreOffice): " + ", ".join(ref for _, ref in empty[:20]))


# Headers -------------------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _fold_header(header: str) -> str:
    folded = lexicon.fold(header)
    return re.sub(r"[\s_*:?¿？：]+", " ", folded).strip()


def field_for_header(header: str) -> str | None:
    folded = _fold_header(header)
    if not folded:
        return None
    for name, patterns in FIELD_PATTERNS:
        if any(re.search(p, folded) for p in patterns):
            if name == "publish_name" and not _is_question(header, folded):
                continue  # "Name (as it should be published)" is the name
            return name
    return None


def _is_question(header: str, folded: str) -> bool:
    """A yes/no question, or a short column title such as "Publish" or "公開"."""
    return ("?" in header or "？" in header or len(folded.split()) <= 3 and len(folded) <= 25
            or bool(re.search(r"^(do|does|can|may|would|will|should|are|is)\b|consent|agree"
                              r"|accept|autoris|authori[sz]|permission|acuerdo|是否|可否|同意"
                              r"|¿", folded)))


def _header_fields(headers: list[str]) -> dict[str, int | None]:
    """field -> column index (first column that matches each field)."""
    found: dict[str, int | None] = {}
    for i, header in enumerate(headers):
        name = field_for_header(header)
        if name and name not in found:
            found[name] = i
    # A bare "Name" is the organisation when nothing else is.
    if "name" not in found and "contact_name" in found:
        header = _fold_header(headers[found["contact_name"]])
        if header in {"name", "nom", "nombre", "名称", "名稱"}:
            found["name"] = found.pop("contact_name")
    return found


def _apply_mapping(headers: list[str], mapping: dict) -> dict[str, int | None]:
    keys = set(mapping)
    if keys and keys <= set(FIELDS) and all(v is None or v in headers
                                            for v in mapping.values()):
        mapping = {v: k for k, v in mapping.items() if v is not None}
    unknown_fields = [v for v in mapping.values() if v is not None and v not in FIELDS]
    if unknown_fields:
        raise ImportProblem(
            f"Unknown field(s) in the mapping: {', '.join(map(str, unknown_fields))}. "
            f"Fields: {', '.join(FIELDS)}.")
    missing_headers = [h for h in mapping if h not in headers]
    if missing_headers:
        raise ImportProblem(
            f"The mapping names column(s) not in the sheet: {', '.join(missing_headers)}. "
            f"Columns: {', '.join(headers)}.")
    found = _header_fields(headers)
    for header, name in mapping.items():
        index = headers.index(header)
        found = {f: i for f, i in found.items() if i != index}
        if name is not None:
            found[name] = index
    return found


# Rows ----------------------------------------------------------------------------------

def _process(table: list[tuple[int, list]], mapping: dict | None, result: SheetResult,
             ask_for_unknown: bool = False) -> None:
    # The header is the first row (of the first ten) where an organisation column is found.
    header_at = None
    for k, (_, row) in enumerate(table[:10]):
        if _header_fields([_text(v) for v in row]).get("name") is not None:
            header_at = k
            break
    if header_at is None:
        header_at = next(k for k, (_, row) in enumerate(table) if any(_text(v) for v in row))
    header_row_number, header_cells = table[header_at]
    headers = [_text(v) for v in header_cells]
    while headers and not headers[-1]:
        headers.pop()
    headers = [h or f"Column {i + 1}" for i, h in enumerate(headers)]
    if header_at > 0:
        result.anomaly("title_rows", [n for n, _ in table[:header_at]],
                       f"rows above the header (row {header_row_number}) were skipped")
    columns = _apply_mapping(headers, mapping) if mapping else _header_fields(headers)
    if columns.get("name") is None:
        raise MappingNeeded(headers, ["the organisation name"])
    result.headers = headers
    result.mapping = {headers[i]: f for f, i in columns.items() if i is not None}
    ignored_by_mapping = {h for h, f in (mapping or {}).items() if f is None}
    result.unmapped = [h for h in headers if h not in result.mapping
                       and h not in ignored_by_mapping]
    if result.unmapped and ask_for_unknown:
        raise MappingNeeded(headers, [], unknown=result.unmapped)
    if result.unmapped:
        result.anomaly("unmapped_column", [], "columns not imported: "
                       + ", ".join(result.unmapped) + " (map them if they matter)")
    if "publish_name" not in columns:
        if result.publish_default is None:
            result.needs_publish_choice = True
            result.anomaly("no_publish_column", [],
                           "no 'publish our name' column: choose for the whole sheet whether "
                           "its organisations are listed by name or only counted")
        else:
            result.anomaly("no_publish_column", [],
                           "no 'publish our name' column: every organisation is "
                           + ("listed by name" if result.publish_default else
                              "counted without being named")
                           + " (the coordinator's choice for this sheet)")

    data = [(n, row) for n, row in table[header_at + 1:]]
    day_first = _day_first(data, columns.get("timestamp"), result)
    for number, row in data:
        values = {}
        for name, index in columns.items():
            if index is None:
                continue
            raw = row[index] if index < len(row) else None
            values[name] = raw
        if not any(_text(v) for v in row):
            continue
        if len(result.rows) + len(result.rejected) >= MAX_ROWS:
            raise ImportProblem(f"The sheet has more than {MAX_ROWS:,} rows; split it.")
        longest = max((len(_text(v)) for v in row), default=0)
        if longest > MAX_CELL:
            result.rejected.append({"row": number, "name": _text(values.get("name"))[:80],
                                    "reason": f"a cell holds {longest:,} characters (more than "
                                              f"{MAX_CELL:,}): not a sign-on answer",
                                    "values": {}})
            continue
        _row(number, values, headers, columns, day_first, result)
    _repeats_and_missing_email(result)
    _duplicates(result)


def _repeats_and_missing_email(result: SheetResult) -> None:
    """The same organisation on two rows is one signature: the later row is a repeat of
    the first (its details kept as a repeat sign-on).  Rows without an email address are
    flagged: nobody can be asked to confirm them."""
    from undersigned.core.text import normalize_name

    first: dict[str, int] = {}
    repeats: list[int] = []
    for row in result.rows:
        key = normalize_name(row["name"])
        if key in first:
            row["repeat_of"] = first[key]
            repeats.append(row["row"])
        else:
            first[key] = row["row"]
            row["repeat_of"] = None
        row["no_email"] = not row.get("contact_email")
    if repeats:
        result.anomaly("repeated_in_sheet", repeats,
                       f"{len(repeats)} row(s) repeat an organisation named on an earlier row: "
                       "one signature each, the later row kept as a repeat")
    missing = [row["row"] for row in result.rows if row["no_email"]]
    if missing:
        result.anomaly("no_email", missing, f"{len(missing)} row(s) without an email address: "
                       "they cannot be asked to confirm (import them only from a verified "
                       "sheet)")


def _neutralise(value: str, number: int, column: str, result: SheetResult) -> str:
    if value and value[0] in TRIGGERS:
        cleaned = value.lstrip(TRIGGERS + " ")
        result.anomaly("neutralised", [number],
                       f"row {number}, {column}: '{value[:40]}' starts like a spreadsheet "
                       f"formula; kept as '{cleaned[:40]}'")
        return cleaned
    return value


def _row(number, values, headers, columns, day_first, result: SheetResult) -> None:
    from .letter_parser import _clean, acronym_like

    text: dict[str, str] = {}
    for name, raw in values.items():
        if name == "timestamp" and isinstance(raw, (datetime.datetime, datetime.date)):
            continue
        text[name] = _neutralise(_clean(_text(raw)), number, headers[columns[name]], result)
    name = text.get("name", "")
    if not name:
        result.rejected.append({"row": number, "name": "", "reason": "no organisation name",
                                "values": {k: _text(v) for k, v in values.items()}})
        return
    if len(name) > MAX_NAME:
        result.rejected.append({"row": number, "name": name[:80] + "…",
                                "reason": f"the organisation's name is {len(name):,} characters "
                                          f"long ({MAX_NAME} at most)", "values": {}})
        return
    acronym = text.get("acronym") or None
    m = re.match(r"^(.*\S)\s*\(([^()]+)\)$", name)
    if m and acronym_like(m[2].strip()):
        if acronym is None:
            acronym = m[2].strip()
        if acronym == m[2].strip():
            name = m[1]
    country_text = text.get("country", "")
    if not country_text:
        # "Bytes For All, Pakistan" typed in the name box, the country box left empty.
        from .letter_parser import _take_country_suffix

        rest, code, printed = _take_country_suffix(name)
        if code and code != "INT" and len(rest.split()) >= 2:
            result.anomaly("country_from_name", [number],
                           f"row {number}: country '{printed}' taken from the name")
            name, country_text = rest.strip(" ,-–—"), printed.strip("()")
    out = {"row": number, "name": name, "acronym": acronym,
           "country": _country(country_text, number, result),
           "website": _website(text.get("website", ""), number, result),
           "contact_name": text.get("contact_name") or None,
           "contact_email": _email(text.get("contact_email", ""), number, result),
           "publish_name": _publish(text.get("publish_name"), "publish_name" in columns,
                                    number, result, result.publish_default),
           "timestamp": _timestamp(values.get("timestamp"), day_first, number, result)}
    result.rows.append(out)


def _country(value: str, number: int, result: SheetResult) -> str | None:
    if not value:
        return None
    folded = lexicon.fold(value)
    if folded in lexicon.INTERNATIONAL_WORDS or re.search(
            r"international|regional|global|worldwide|multiple|internacional|mondial", folded):
        return "INT"
    code = lexicon.lookup_country(value)
    if code:
        return code
    import pycountry

    if re.fullmatch(r"[A-Za-z]{2,3}", value):
        country = (pycountry.countries.get(alpha_2=value.upper()) if len(value) == 2
                   else pycountry.countries.get(alpha_3=value.upper()))
        if country is not None:
            return country.alpha_2
    parts = [p for p in re.split(r"\s*(?:[,;/&]|\band\b|\bet\b|\by\b)\s*", value) if p]
    codes = {lexicon.lookup_country(p) for p in parts}
    if len(parts) > 1 and None not in codes:
        result.anomaly("several_countries", [number],
                       f"row {number}: several countries '{value}' recorded as INT")
        return "INT"
    result.anomaly("unknown_country", [number], f"row {number}: country '{value}' not recognised")
    return None


NOTHING = {"n/a", "na", "-", "--", "none", "no", "non", "ninguno", "ninguna", "aucun", "无", "無",
           "沒有", "没有", "x", "."}


def _website(value: str, number: int, result: SheetResult) -> str | None:
    if not value or value.strip().casefold() in NOTHING:
        return None
    url = value.strip()
    if not re.match(r"^https?://", url, re.IGNORECASE):
        url = "https://" + url.removeprefix("//")
    if not re.fullmatch(r"https?://[^\s/$.?#][^\s]*\.[^\s]{2,}", url, re.IGNORECASE):
        result.anomaly("invalid_website", [number], f"row {number}: website '{value}' ignored")
        return None
    return url


def _email(value: str, number: int, result: SheetResult) -> str | None:
    if not value:
        return None
    parts = [p.strip(" <>") for p in re.split(r"[,;\s]+", value) if p.strip(" <>")]
    if len(parts) > 1:
        result.anomaly("several_emails", [number],
                       f"row {number}: several addresses, the first was kept")
    email = parts[0] if parts else ""
    email = email.removeprefix("mailto:")
    if email.casefold() in {"anonymous", "anonyme", "anónimo", "anonimo", "匿名"} | NOTHING:
        return None  # Microsoft Forms writes "anonymous" when it collects no address
    if not EMAIL_RE.match(email):
        result.anomaly("invalid_email", [number], f"row {number}: '{value}' is not an email")
        return None
    return email


def _publish(value, has_column: bool, number: int, result: SheetResult,
             default: bool | None = None) -> bool | None:
    if not has_column:
        return default
    text = lexicon.fold(value or "").strip(" .!。！")
    if not text:
        result.anomaly("unclear_publish", [number],
                       f"row {number}: no answer to 'publish our name'; not published")
        return False
    first = re.split(r"[\s,;:()/（）,，。-]+", text)[0]
    if text in NO or first in NO or text.startswith(("不", "否", "no ", "non ", "do not", "don't")):
        return False
    if text in YES or first in YES or text.startswith(("是", "同意", "可以")):
        return True
    result.anomaly("unclear_publish", [number],
                   f"row {number}: answer '{value}' to 'publish our name' is unclear; "
                   "not published")
    return False


_TS_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
               "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M", "%Y/%m/%d"]


def _day_first(data, index, result: SheetResult) -> bool:
    if index is None:
        return True
    votes_day = votes_month = 0
    undecided = False
    for _, row in data:
        value = _text(row[index]) if index < len(row) else ""
        m = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})", value)
        if not m:
            continue
        a, b = int(m[1]), int(m[2])
        if a > 12:
            votes_day += 1
        elif b > 12:
            votes_month += 1
        else:
            undecided = True
    if votes_month > votes_day:
        return False
    if not votes_day and undecided:
        result.anomaly("ambiguous_dates", [],
                       "timestamps could be day/month or month/day; read as day first")
    return True


def _timestamp(value, day_first: bool, number: int, result: SheetResult) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)) and 20000 < value < 80000:
        from openpyxl.utils.datetime import from_excel

        return from_excel(value).isoformat()
    text = _text(value)
    tz = None
    m = re.search(r"\s*(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", text)
    if m:
        if m[1]:
            minutes = int(m[2]) * 60 + int(m[3] or 0)
            tz = datetime.timezone(datetime.timedelta(minutes=minutes if m[1] == "+" else -minutes))
        else:
            tz = datetime.UTC
        text = text[:m.start()].strip()
    # Chinese forms: 上午 (morning) / 下午 (afternoon) before the time.
    m = re.match(r"^(\d{4})[/-](\d{1,2})[/-](\d{1,2})\s*(上午|下午|午前|午後)\s*(\d{1,2}):(\d{2})"
                 r"(?::(\d{2}))?$", text)
    if m:
        hour = int(m[5]) % 12 + (12 if m[4] in ("下午", "午後") else 0)
        text = f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d} {hour:02d}:{m[6]}:{m[7] or '00'}"

    def iso(moment: datetime.datetime) -> str:
        return (moment.replace(tzinfo=tz) if tz and moment.tzinfo is None else moment).isoformat()

    for fmt in _TS_FORMATS:
        try:
            return iso(datetime.datetime.strptime(text, fmt))  # noqa: DTZ007
        except ValueError:
            continue
    try:
        return iso(datetime.datetime.fromisoformat(text))
    except ValueError:
        pass
    m = re.match(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?"
                 r"\s*([AaPp][Mm])?)?$", text)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        y = y + 2000 if y < 100 else y
        d, mo = (a, b) if day_first else (b, a)
        hour, minute, second = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
        if m[7]:
            hour = hour % 12 + (12 if m[7].lower() == "pm" else 0)
        try:
            return iso(datetime.datetime(y, mo, d, hour, minute, second))  # noqa: DTZ001
        except ValueError:
            pass
    result.anomaly("invalid_timestamp", [number], f"row {number}: timestamp '{text}' not read")
    return None


def _duplicates(result: SheetResult) -> None:
    from .duplicates import find_possible_duplicates

    signatories = [{"number": row["row"], "names": [{"text": row["name"]}],
                    "acronym": row["acronym"], "country": row["country"]
                    if row["country"] != "INT" else None, "website": row.get("website")}
                   for row in result.rows if not row.get("repeat_of")]
    for anomaly in find_possible_duplicates(signatories):
        result.anomaly(anomaly["kind"], anomaly["numbers"],
                       "rows " + anomaly["detail"])
