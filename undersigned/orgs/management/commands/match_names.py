"""``match_names FILE [--json] [--threshold X]``: which lines of a file name the same
organisation.

One name per line, any script. Lines are numbered from 0; blank lines keep their number but
are never matched. Output with ``--json``::

    {"clusters": [[0, 7], [3, 12, 40]],
     "pairs": [{"a": 0, "b": 7, "score": 0.93, "reasons": ["same acronym ACAT"]}]}

Singletons are left out. Without ``--json``, a listing a person can read.
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.orgs.matching import DEFAULT_THRESHOLD, cluster_pairs, match_pairs


class Command(BaseCommand):
    help = "Group the lines of FILE (one organisation name per line) that name the same organisation."

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 text file, one name per line ('-' for stdin)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                            help=f"minimum score of a pair, 0..1 (default {DEFAULT_THRESHOLD})")

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if not 0.0 <= threshold <= 1.0:
            raise CommandError("--threshold must be between 0 and 1")
        if options["file"] == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from exc
        text = data.decode("utf-8-sig", errors="replace")
        # splitlines() would also split on U+2028, form feeds and other characters that
        # belong to a line here; only \n, \r\n and \r end a line.
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        names = [line.strip() for line in lines]
        pairs = match_pairs(names, threshold=threshold)
        clusters = cluster_pairs(len(names), pairs)
        if options["json"]:
            self.stdout.write(json.dumps({"clusters": clusters, "pairs": pairs},
                                         ensure_ascii=False))
            return
        if not clusters:
            self.stdout.write(f"{len(names)} lines, no two name the same organisation.")
            return
        self.stdout.write(f"{len(names)} lines, {len(clusters)} groups of the same organisation:")
        by_pair = {(p["a"], p["b"]): p for p in pairs}
        for number, group in enumerate(clusters, 1):
            self.stdout.write("")
            self.stdout.write(f"Group {number}")
            for i in group:
                self.stdout.write(f"  line {i + 1:>5}  {_show(names[i])}")
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    pair = by_pair.get((a, b))
                    if pair:
                        why = "; ".join(pair["reasons"])
                        self.stdout.write(f"    {a + 1} ~ {b + 1}  {pair['score']:.2f}  {why}")


def _show(name: str, width: int = 100) -> str:
    shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in name)
    return shown if len(shown) <= width else shown[: width - 1] + "…"
