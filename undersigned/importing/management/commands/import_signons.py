import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.importing.errors import ImportProblem
from undersigned.importing.selectors import outcome_counts, outcomes_csv, signons_plan
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
        parser.add_argument("--publish", choices=["name", "count"],
                            help="for a sheet without a 'publish our name' column: list every "
                            "organisation by name, or only count them")
        parser.add_argument("--outcomes", metavar="CSV",
                            help="write every row's outcome and reason to this CSV file")
        parser.add_argument("--dry-run", action="store_true", help="write nothing")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, path, letter, map, verified, dry_run, json: bool, publish=None,
               outcomes=None, **options):
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
            result = read_signon_sheet(
                path, mapping=mapping or None,
                publish_default=None if publish is None else publish == "name")
        except ImportProblem as exc:
            raise CommandError(str(exc)) from exc
        if result.needs_publish_choice and not dry_run:
            raise CommandError("The sheet has no 'publish our name' column: say --publish name "
                               "(list every organisation) or --publish count (count them "
                               "without naming).")
        plan = signons_plan(letter=target, rows=result.rows, rejected=result.rejected,
                            verified=verified)
        summary = {"rows": result.rows, "rejected": result.rejected,
                   "anomalies": result.anomalies, "mapping": result.mapping,
                   "unmapped": result.unmapped, "outcomes": [o.as_dict() for o in plan],
                   "counts": outcome_counts(plan)}
        if not dry_run:
            try:
                report = signons_import(letter=target, rows=result.rows, rejected=result.rejected,
                                        source_name=Path(path).name, verified=verified)
            except ImportRefused as exc:
                raise CommandError(str(exc)) from exc
            plan = report.outcomes
            summary["import"] = report.as_dict()
            summary["outcomes"] = [o.as_dict() for o in plan]
            summary["counts"] = outcome_counts(plan)
        if outcomes:
            Path(outcomes).write_text(outcomes_csv(plan), encoding="utf-8")
        if json:
            self.stdout.write(_dumps(summary))
            return
        self.stdout.write(f"{len(result.rows)} usable rows, {len(result.rejected)} rejected, "
                          f"{len(result.anomalies)} anomalies")
        for r in result.rejected:
            self.stdout.write(f"  row {r.get('row')}: {r.get('reason') or r.get('why')}")
        for a in result.anomalies:
            self.stdout.write(f"  ! {a['kind']} rows {a['rows']}: {a['detail']}")
        counts = summary["counts"]
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{counts['rows']} rows: {counts['added']} {verb} added, {counts['already_there']} "
            f"already there, {counts['repeat']} repeats of an earlier row, {counts['skipped']} "
            "skipped")
        for o in plan:
            if o.outcome != "added":
                self.stdout.write(f"  row {o.row} {o.outcome}: {o.name} ({o.reason})")
        if not dry_run:
            rep = summary["import"]
            self.stdout.write(f"{rep['signatures_added']} sign-ons added, "
                              f"{rep['already_there']} already there, "
                              f"{len(rep['skipped'])} skipped")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)
