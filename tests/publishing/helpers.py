"""Shared helpers for the publishing tests: documents to render and tools to read them back."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import need
from undersigned.publishing.document import Entry, LetterDocument, number_entries

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def read_shared_list(path: Path) -> list[Entry]:
    """The shared letter's list as entries (original name, Chinese name, acronym, country),
    numbered 1..n in printed order. Uses the colleague's parser when it is there; else a
    tiny local reader of ``  N. text`` lines after the bullets."""
    text = path.read_text(encoding="utf-8")
    try:
        from undersigned.importing.letter_parser import parse_letter
    except ImportError:  # pragma: no cover - the parser is in the repo now
        return number_entries(_local_parse(text))
    entries = []
    for sig in parse_letter(text)["signatories"]:
        latin = [n["text"] for n in sig["names"] if n["script"] not in {"Hant", "Hans", "Hani"}]
        han = [n["text"] for n in sig["names"] if n["script"] in {"Hant", "Hans", "Hani"}]
        name = latin[0] if latin else han.pop(0)
        if len(latin) > 1:
            name += "".join(f" ({extra})" for extra in latin[1:])
        entries.append(Entry(0, name, " ".join(han) or None, sig.get("acronym"), sig.get("country")))
    return number_entries(entries)


def _local_parse(text: str) -> list[Entry]:
    lines = text.splitlines()
    last_bullet = max(i for i, line in enumerate(lines) if line.strip().startswith("•"))
    entries = []
    for line in lines[last_bullet + 1:]:
        match = re.match(r"^\s+(\d+)\.\s*(.+?)\s*$", line.replace("\xa0", " "))
        if not match:
            continue
        body = match.group(2)
        han = HAN.search(body)
        if han:
            entries.append(Entry(0, body[: han.start()].strip(), body[han.start():].strip()))
        else:
            entries.append(Entry(0, body))
    return entries


def shared_document(path: Path, **overrides) -> LetterDocument:
    fields = dict(
        lang="zh-Hant",
        title="支持延長人權捍衛者特別報告員任期",
        recipients="聯合國人權理事會成員國",
        date=dt.date(2023, 2, 27),
        paragraphs=["第一段,含 **粗體** 與 [連結](https://example.org/)。", "第二段。"],
        asks=["積極參與決議談判;", "提案共同支持;"],
        entries=read_shared_list(path),
        anonymous_count=3,
        layout="both",
    )
    fields.update(overrides)
    return LetterDocument(**fields)


def squash(text: str) -> str:
    """Text with every whitespace and bidi mark removed: line wrapping, CJK/Latin gaps
    and visual-order marks differ between PDF producers; the characters must not."""
    return re.sub(r"\s+", "", BIDI_MARKS.sub("", text))


def assert_in_order(haystack: str, needles: list[str]) -> None:
    flat = squash(haystack)
    position = 0
    for needle in needles:
        found = flat.find(squash(needle), position)
        assert found >= 0, f"missing or out of order: {needle!r}"
        position = found + len(squash(needle))


def pdftotext(pdf: bytes, tmp_path: Path, *extra: str) -> str:
    need(shutil.which("pdftotext"), "pdftotext (Debian poppler-utils) is not installed")
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf)
    out = subprocess.run(["pdftotext", *extra, str(source), "-"], check=True,
                         capture_output=True, timeout=120)
    return out.stdout.decode("utf-8")


def poppler(tool: str, pdf: bytes, tmp_path: Path) -> str:
    need(shutil.which(tool), f"{tool} (Debian poppler-utils) is not installed")
    source = tmp_path / f"{tool}.pdf"
    source.write_bytes(pdf)
    out = subprocess.run([tool, str(source)], check=True, capture_output=True, timeout=120)
    return out.stdout.decode("utf-8")


def soffice_to_pdf(docx_bytes: bytes, tmp_path: Path) -> tuple[bytes, str]:
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    need(binary, "LibreOffice (Debian libreoffice-writer-nogui) is not installed")
    source = tmp_path / "letter.docx"
    source.write_bytes(docx_bytes)
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        capture_output=True, timeout=300,
    )
    log = (result.stdout + result.stderr).decode("utf-8", "replace")
    assert result.returncode == 0, log
    out = tmp_path / "letter.pdf"
    assert out.exists(), log
    return out.read_bytes(), log
