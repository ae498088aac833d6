"""Resolve a pasted list of state names (or a recorded vote) from a file or stdin."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.advocacy.resolver import parse_vote, resolve_list


class Command(BaseCommand):
    help = (
        "Read a list of states as pasted from a UN document, statement or NGO page and print "
        "the states, the other entities and the names that could not be resolved. "
        "FILE '-' reads standard input."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="a text file, or - for standard input")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument(
            "--vote", action="store_true", help="read a recorded vote (In favour: / Against: ...)"
        )
        parser.add_argument(
            "--strict", action="store_true", help="fail when any name is left unresolved"
        )

    def handle(self, *args, **options):
        if options["file"] == "-":
            text = (options.get("stdin") or sys.stdin).read()
        else:
            path = Path(options["file"])
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"cannot read {path}: {exc}") from exc
        result = parse_vote(text) if options["vote"] else resolve_list(text)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
        elif options["vote"]:
            self._print_vote(result)
        else:
            self._print_list(result)
        if options["strict"] and result["unresolved"]:
            raise CommandError(f"{len(result['unresolved'])} name(s) not resolved")

    def _state_line(self, item):
        mark = " *" if item["marked"] else ""
        return f"  {item['iso3']}  {item['name']}{mark}    [{item['as_written']}]"

    def _print_tail(self, result):
        if result["others"]:
            self.stdout.write(f"Others ({len(result['others'])}):")
            for o in result["others"]:
                self.stdout.write(f"  {o['kind']}: {o['name']}    [{o['as_written']}]")
        if result["unresolved"]:
            self.stdout.write(f"Unresolved ({len(result['unresolved'])}):")
            for u in result["unresolved"]:
                hint = ", ".join(s["name"] for s in u["did_you_mean"])
                self.stdout.write(
                    f"  {u['as_written']}" + (f"    did you mean: {hint}?" if hint else "")
                )

    def _print_list(self, result):
        self.stdout.write(f"States ({len(result['states'])}):")
        for item in result["states"]:
            self.stdout.write(self._state_line(item))
        if result["duplicates"]:
            names = ", ".join(d["name"] for d in result["duplicates"])
            self.stdout.write(f"Named more than once: {names}")
        self._print_tail(result)

    def _print_vote(self, result):
        for side, label in (
            ("yes", "In favour"),
            ("no", "Against"),
            ("abstain", "Abstaining"),
            ("absent", "Absent / non-voting"),
        ):
            if result[side] or side != "absent":
                self.stdout.write(f"{label} ({len(result[side])}):")
                for item in result[side]:
                    self.stdout.write(self._state_line(item))
        self._print_tail(result)
        for w in result["warnings"]:
            self.stdout.write(f"Warning: {w}")
