"""Files built to hurt a reader: the inputs the importing issue lists, made here (nothing is
downloaded).  Each builder writes a file and returns its path."""

import io
import re
import zipfile

import openpyxl

LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%s;" % (str(i - 1).encode() if i > 2
                                                                    else b"")) * 10)
                     for i in range(2, 10))
          + b"]>")


def _small_xlsx() -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Organisation", "Country", "Email"])
    ws.append(["Amnesty International", "Kenya", "a@example.org"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _patched(path, change) -> str:
    with zipfile.ZipFile(io.BytesIO(_small_xlsx())) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            dst.writestr(item, data)
    return path


def merged_columns_xlsx(path, columns: int = 200):
    """A 5 KB sheet whose XML merges ``columns`` whole columns (A3:A1048576, ...), and
    claims the whole sheet as its dimension."""
    from openpyxl.utils import get_column_letter

    refs = "".join(f'<mergeCell ref="{get_column_letter(c)}3:{get_column_letter(c)}1048576"/>'
                   for c in range(1, columns + 1))

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', xml)
        return xml.replace(b"</sheetData>", b"</sheetData>" + (
            f'<mergeCells count="{columns}">{refs}</mergeCells>').encode())
    return _patched(path, change)


def broken_xml_xlsx(path):
    return _patched(path, lambda xml: xml[: len(xml) // 2])


def entities_xlsx(path):
    """The billion-laughs entity expansion inside the sheet XML."""
    def change(xml: bytes) -> bytes:
        xml = re.sub(rb"^<\?xml[^>]*\?>", b"", xml)
        return b'<?xml version="1.0"?>' + LAUGHS + xml.replace(b"<v>", b"<v>&lol9;", 1)
    return _patched(path, change)


def entities_docx(path):
    import docx

    document = docx.Document()
    document.add_paragraph("Signatories")
    document.add_paragraph("Amnesty International")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = re.sub(rb"^<\?xml[^>]*\?>", b"", data)
                data = (b'<?xml version="1.0"?>' + LAUGHS
                        + data.replace(b"Amnesty", b"&lol9;", 1))
            dst.writestr(item, data)
    return path


def one_cell_csv(path, megabytes: float = 3):
    unit = "Human Rights - Watch (ACAT) , Kenya-Uganda "
    path.write_text("Organisation\n\"" + unit * int(megabytes * 1e6 / len(unit)) + "\"\n",
                    encoding="utf-8")
    return path
