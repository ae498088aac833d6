"""Draw an SVG scorecard straight from a pasted list of states or a recorded vote."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.advocacy.reference import HRC_YEARS, LANGUAGES, all_states, hrc_members
from undersigned.advocacy.resolver import parse_vote, resolve_list
from undersigned.advocacy.scorecard import render_scorecard

VOTE_STATUS = {"yes": "done", "no": "not_done", "abstain": "declined", "absent": "n_a"}
VOTE_LABELS = {
    "done": "In favour",
    "not_done": "Against",
    "declined": "Abstained",
    "n_a": "Did not vote",
    "not_asked": "Not recorded",
}
VOTE_SYMBOLS = {"done": "Y", "not_done": "N", "declined": "A", "n_a": "–", "not_asked": "·"}
VOTE_LEGEND = ["done", "not_done", "declined", "n_a", "not_asked"]
LIST_LABELS = {"done": "Listed", "not_done": "Not listed"}


class Command(BaseCommand):
    help = (
        "Render an SVG tile-grid scorecard from a list of states (listed / not listed) or, "
        "with --vote, from a recorded vote. FILE '-' reads standard input."
    )
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("file", help="a text file, or - for standard input")
        parser.add_argument("--title", default="Scorecard")
        parser.add_argument("--subtitle", default="")
        parser.add_argument("--vote", action="store_true", help="the text is a recorded vote")
        parser.add_argument(
            "--hrc", type=int, metavar="YEAR", help="draw only the Council's members in YEAR"
        )
        parser.add_argument("--lang", default="en", choices=LANGUAGES)
        parser.add_argument("--columns", type=int, help="tiles per row in each group")
        parser.add_argument("-o", "--output", help="write the SVG here instead of stdout")

    def handle(self, *args, **options):
        if options["file"] == "-":
            text = (options.get("stdin") or sys.stdin).read()
        else:
            try:
                text = Path(options["file"]).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"cannot read {options['file']}: {exc}") from exc
        if options["hrc"] is not None:
            if options["hrc"] not in HRC_YEARS:
                raise CommandError(f"--hrc: years {HRC_YEARS.start}-{HRC_YEARS.stop - 1}")
            universe = [seat.state.iso3 for seat in hrc_members(options["hrc"])]
        else:
            universe = [s.iso3 for s in all_states()]

        if options["vote"]:
            result = parse_vote(text)
            statuses = dict.fromkeys(universe, "not_asked")
            for side, status in VOTE_STATUS.items():
                for item in result[side]:
                    statuses[item["iso3"]] = status
            labels, symbols, legend = VOTE_LABELS, VOTE_SYMBOLS, VOTE_LEGEND
        else:
            result = resolve_list(text)
            listed = {item["iso3"] for item in result["states"]}
            statuses = {code: "done" if code in listed else "not_done" for code in universe}
            statuses.update(dict.fromkeys(listed, "done"))
            labels, symbols, legend = LIST_LABELS, None, ["done", "not_done"]
        drawn = set(universe)
        for code in [c for c in statuses if c not in drawn]:
            self.stderr.write(f"note: {code} is left out: not among the states drawn")
            del statuses[code]
        for item in result["unresolved"]:
            self.stderr.write(f"unresolved: {item['as_written']}")
        try:
            svg = render_scorecard(
                statuses,
                title=options["title"],
                subtitle=options["subtitle"],
                lang=options["lang"],
                labels=labels,
                symbols=symbols,
                legend=legend,
                columns=options["columns"] or (4 if len(universe) <= 60 else 6),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["output"]:
            Path(options["output"]).write_text(svg, encoding="utf-8")
        else:
            self.stdout.write(svg)
