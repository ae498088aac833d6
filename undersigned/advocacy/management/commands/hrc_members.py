"""The members of the Human Rights Council in a year."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from undersigned.advocacy.reference import GROUPS, HRC_SOURCE, HRC_YEARS, hrc_members


class Command(BaseCommand):
    help = "List the 47 members of the Human Rights Council in YEAR, with their terms."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--on", help="membership on this day (YYYY-MM-DD) instead of 31 December"
        )

    def handle(self, *args, **options):
        year = options["year"]
        on = None
        if options["on"]:
            try:
                on = dt.date.fromisoformat(options["on"])
            except ValueError as exc:
                raise CommandError(f"--on: {exc}") from exc
        try:
            seats = hrc_members(year, on=on)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {
                "year": year,
                "on": (on or dt.date(year, 12, 31)).isoformat(),
                "source": HRC_SOURCE,
                "members": [s.as_dict() for s in seats],
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Human Rights Council, {year} ({len(seats)} members)")
        for group, label in GROUPS.items():
            in_group = [s for s in seats if s.group == group]
            self.stdout.write(f"\n{label} ({len(in_group)})")
            for s in in_group:
                note = f"  ({s.note})" if s.note else ""
                self.stdout.write(f"  {s.state.iso3}  {s.state.name:<55} {s.term}{note}")
        self.stdout.write(
            f"\nSource: {HRC_SOURCE}. Years recorded: {HRC_YEARS.start}-{HRC_YEARS.stop - 1}."
        )
