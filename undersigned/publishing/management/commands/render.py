"""``render PATH``: a clean copy of a published letter, without the database.

Each entry is printed as the organisation wrote it (whitespace, numbering and the split
between scripts cleaned, nothing renamed: "FIDH (International Federation for Human
Rights), within the framework of the Observatory ..." stays so), numbered 1..n in printed
order; the date is written in the letter's own language (CLDR, through the renderers'
formatter); the anomalies the parser found are printed as ``import-letter --dry-run``
prints them."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.importing import report
from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import read_letter_file
from undersigned.publishing.document import LAYOUTS, Entry, LetterDocument
from undersigned.publishing.renderers import FORMATS, render_bytes


def _date(iso: str | None):
    try:
        return dt.date.fromisoformat(iso) if iso else None
    except ValueError:
        return iso


def document_as_printed(parsed: dict, lang: str | None, layout: str) -> LetterDocument:
    entries = []
    for sig in parsed.get("signatories", []):
        printed = [p for p in sig.get("printed") or [] if p] or [
            n["text"] for n in sig.get("names") or []]
        if not printed:
            continue
        entries.append(Entry(number=len(entries) + 1, name=printed[0],
                             translation=" ".join(printed[1:]) or None,
                             country=sig.get("country")))
    return LetterDocument(
        lang=lang or parsed.get("language") or "en", title=parsed.get("title") or "",
        recipients=parsed.get("recipients") or "", date=_date(parsed.get("date")),
        paragraphs=list(parsed.get("paragraphs", [])), asks=list(parsed.get("asks", [])),
        entries=entries, anonymous_count=parsed.get("anonymous_count") or 0, layout=layout)


class Command(BaseCommand):
    help = ("Render a published letter file (txt, md, html, docx) as a clean document, without "
            "the database: render PATH --lang TAG --format FORMAT -o OUT")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--lang", help="BCP 47 tag of the edition (default: detected)")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--layout", default="both", choices=LAYOUTS)
        parser.add_argument("-o", "--output", required=True)

    def handle(self, *args, path, lang, format, layout, output, **options):
        try:
            text = read_letter_file(path)
        except (ImportProblem, OSError) as exc:
            raise CommandError(str(exc)) from exc
        parsed = parse_letter(text, lang=lang)
        if not parsed["signatories"]:
            raise CommandError(f"No signatory list was found in {path}.")
        doc = document_as_printed(parsed, lang, layout)
        data = render_bytes(format, doc)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(doc.entries)} signatories, {len(data)} bytes")
        self.stdout.write(report.summary_line(parsed))
        for line in report.anomaly_lines(parsed):
            self.stdout.write(line)
