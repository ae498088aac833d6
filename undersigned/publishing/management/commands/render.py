from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import read_letter_file
from undersigned.publishing.document import LAYOUTS
from undersigned.publishing.renderers import FORMATS, render_bytes
from undersigned.publishing.selectors import document_from_parsed


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
        parsed = parse_letter(text, lang=lang, duplicates=False)
        if not parsed["signatories"]:
            raise CommandError(f"No signatory list was found in {path}.")
        doc = document_from_parsed(parsed, lang, layout=layout)
        data = render_bytes(format, doc)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(doc.entries)} signatories, {len(data)} bytes")
