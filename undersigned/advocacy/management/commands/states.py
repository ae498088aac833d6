"""List the UN Member and observer States with codes, regional group and names."""

import json

from django.core.management.base import BaseCommand, CommandError

from undersigned.advocacy.reference import GROUPS, LANGUAGES, all_states


class Command(BaseCommand):
    help = "List the 193 UN Member States and 2 observer States: codes, regional group, names."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--group", choices=list(GROUPS), help="only this regional group")
        parser.add_argument(
            "--lang", default="en", help=f"language of the name column ({', '.join(LANGUAGES)})"
        )

    def handle(self, *args, **options):
        if options["lang"] not in LANGUAGES:
            raise CommandError(f"unknown language {options['lang']!r}; one of {LANGUAGES}")
        states = [s for s in all_states() if not options["group"] or s.group == options["group"]]
        if options["json"]:
            self.stdout.write(
                json.dumps([s.as_dict() for s in states], ensure_ascii=False, indent=2)
            )
            return
        for s in states:
            group = s.group or "-"
            if s.group_role == "observer":
                group += " (observer)"
            status = "" if s.is_member else "  [observer State]"
            self.stdout.write(
                f"{s.iso2}  {s.iso3}  {group:<18}  {s.name_in(options['lang'])}{status}"
            )
        self.stdout.write(f"{len(states)} states")
