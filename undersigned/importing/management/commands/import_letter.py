import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.importing import report
from undersigned.importing.errors import ImportProblem
from undersigned.importing.letter_parser import parse_letter
from undersigned.importing.readers import read_letter_file
from undersigned.importing.services import ImportRefused, letter_import
from undersigned.letters.models import Letter


class Command(BaseCommand):
    help = ("Read a published letter (txt, md, html, docx) and its signatory list: "
            "import-letter PATH [--lang TAG] [--dry-run] [--json] [--letter SLUG]")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--lang", help="BCP 47 tag of the text (default: detected)")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--letter", help="add the list to this letter instead of a new one")
        parser.add_argument("--slug", help="address of the new letter")

    def handle(self, *args, path, lang, dry_run, json: bool, letter, slug, **options):
        try:
            text = read_letter_file(path)
        except (ImportProblem, OSError) as exc:
            raise CommandError(str(exc)) from exc
        parsed = parse_letter(text, lang=lang)
        if dry_run:
            self._print_parsed(parsed, as_json=json)
            return
        target = None
        if letter:
            target = Letter.objects.filter(slug=letter).first()
            if target is None:
                raise CommandError(f"No letter has the address {letter!r}.")
        try:
            done = letter_import(parsed=parsed, source_name=Path(path).name, letter=target,
                                 slug=slug)
        except ImportRefused as exc:
            raise CommandError(str(exc)) from exc
        out = done.as_dict() | {"anomalies": parsed["anomalies"],
                                "anonymous_count": parsed["anonymous_count"],
                                "individuals": parsed["individuals"]}
        if json:
            self.stdout.write(_dumps(out))
        else:
            self.stdout.write(
                f"{done.letter.slug}: {done.signatures_added} signatories added, "
                f"{done.already_there} already there, {done.organizations_created} new "
                f"organisations in the registry, {len(parsed['anomalies'])} anomalies")

    def _print_parsed(self, parsed: dict, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(_dumps(parsed))
            return
        self.stdout.write(report.summary_line(parsed))
        for line in report.entry_lines(parsed) + report.anomaly_lines(parsed):
            self.stdout.write(line)


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
