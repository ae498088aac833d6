import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.importing.errors import ImportProblem
from undersigned.importing.services import ImportRefused, signons_import
from undersigned.importing.sheets import FIELDS, read_signon_sheet
from undersigned.letters.models import Letter


class Command(BaseCommand):
    help = ("Import a sign-on sheet (CSV or XLSX export of Google Forms and the like): "
            "import-signons PATH --letter SLUG [--map COLUMN=FIELD ...] [--verified] "
            "[--dry-run] [--json]")

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--letter", required=True)
        parser.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                            help=f"map a column to a field ({', '.join(FIELDS)}, or 'none')")
        parser.add_argument("--verified", action="store_true",
                            help="the sheet was already verified: no confirmation emails")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, path, letter, map, verified, dry_run, json: bool, **options):
        mapping = {}
        for item in map:
            column, sep, fieldname = item.partition("=")
            if not sep:
                raise CommandError(f"--map takes COLUMN=FIELD, not {item!r}.")
            fieldname = fieldname.strip()
            mapping[column.strip()] = None if fieldname.lower() in ("", "none") else fieldname
        target = Letter.objects.filter(slug=letter).first()
        if target is None:
            raise CommandError(f"No letter has the address {letter!r}.")
        try:
            result = read_signon_sheet(path, mapping=mapping or None)
        except ImportProblem as exc:
            raise CommandError(str(exc)) from exc
        summary = {"rows": result.rows, "rejected": result.rejected,
                   "anomalies": result.anomalies, "mapping": result.mapping,
                   "unmapped": result.unmapped}
        if not dry_run:
            try:
                report = signons_import(letter=target, rows=result.rows,
                                        source_name=Path(path).name, verified=verified)
            except ImportRefused as exc:
                raise CommandError(str(exc)) from exc
            summary["import"] = report.as_dict()
        if json:
            self.stdout.write(_dumps(summary))
            return
        self.stdout.write(f"{len(result.rows)} usable rows, {len(result.rejected)} rejected, "
                          f"{len(result.anomalies)} anomalies")
        for r in result.rejected:
            self.stdout.write(f"  row {r.get('row')}: {r.get('reason') or r.get('why')}")
        for a in result.anomalies:
            self.stdout.write(f"  ! {a['kind']} rows {a['rows']}: {a['detail']}")
        if not dry_run:
            rep = summary["import"]
            self.stdout.write(f"{rep['signatures_added']} sign-ons added, "
                              f"{rep['already_there']} already there, "
                              f"{len(rep['skipped'])} skipped")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
