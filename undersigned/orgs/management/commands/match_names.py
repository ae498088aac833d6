"""``match_names FILE [--json] [--threshold P]``: which lines of a file are the same
organisation.

FILE is either a list of names, one per line, any script, or a CSV file whose header names
any of ``name``, ``acronym``, ``country``, ``website``, ``email`` (a ``name`` cell may hold
several names separated by ``|``). Rows are numbered from 0 (the header is not a row);
blank rows keep their number but are never matched. Output with ``--json``::

    {"clusters": [[0, 7], [3, 12, 40]],
     "rows": [{"row": 0, "names": ["..."], "acronym": "...", ...}, ...],
     "pairs": [{"a": 0, "b": 7, "probability": 0.93, "score": 0.93,
                "reasons": [{"code": "same_website", "text": "same website tahr.org.tw",
                             "params": {"domain": "tahr.org.tw"}}]}]}

``rows`` lists the rows of the clusters only. Singletons are left out. Without ``--json``,
a listing a person can read, with the reasons in words.
"""

import csv
import io
import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from undersigned.orgs.matching import Name, Record, cluster_records, default_threshold

FIELDS = ("name", "acronym", "country", "website", "email")


def read_records(text: str) -> list[Record]:
    """Records of a file's text: a CSV with a header naming any of FIELDS, else one name a
    line."""
    # splitlines() would also split on U+2028, form feeds and other characters that belong
    # to a line here; only \n, \r\n and \r end a line.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    header = _header(lines[0]) if lines else None
    if header is None:
        return [Record((Name(line.strip()),)) for line in lines]
    rows = csv.reader(io.StringIO("\n".join(lines[1:])))
    out = []
    for cells in rows:
        values = {field: (cells[i].strip() if i < len(cells) else "")
                  for field, i in header.items()}
        names = [n.strip() for n in values.get("name", "").split("|") if n.strip()]
        out.append(Record(tuple(Name(n) for n in names), acronym=values.get("acronym", ""),
                          country=values.get("country", ""), website=values.get("website", ""),
                          email=values.get("email", "")))
    return out


def _header(line: str) -> dict[str, int] | None:
    """Column of each known field when the first line is a CSV header naming ``name`` and
    only known fields (others are ignored when at least name is there)."""
    if "," not in line and ";" not in line and "\t" not in line:
        return None
    try:
        dialect = csv.Sniffer().sniff(line, delimiters=",;\t")
        cells = next(csv.reader([line], dialect))
    except (csv.Error, StopIteration):
        cells = next(csv.reader([line]))
    names = [c.strip().lower() for c in cells]
    found = {field: names.index(field) for field in FIELDS if field in names}
    if "name" not in found:
        return None
    if len(cells) > 1 and dialect_delimiter(line) != ",":
        raise CommandError("a CSV file must be comma-separated")
    return found


def dialect_delimiter(line: str) -> str:
    counts = {d: line.count(d) for d in ",;\t"}
    return max(counts, key=counts.get)


class Command(BaseCommand):
    help = ("Group the rows of FILE (one organisation name per line, or a CSV with name, "
            "acronym, country, website, email columns) that are the same organisation.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 text or CSV file ('-' for stdin)")
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.add_argument("--threshold", type=float, default=None,
                            help="minimum probability of a pair, 0..1 (default: the fitted "
                                 "model's threshold)")

    def handle(self, *args, **options):
        threshold = options["threshold"]
        if threshold is None:
            threshold = default_threshold()
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
        records = read_records(data.decode("utf-8-sig", errors="replace"))
        clusters, pairs = cluster_records(records, threshold=threshold)
        in_clusters = {i for group in clusters for i in group}
        pairs = [p for p in pairs if p["a"] in in_clusters]
        if options["json"]:
            rows = [_row(i, records[i]) for i in sorted(in_clusters)]
            self.stdout.write(json.dumps({
                "clusters": clusters, "rows": rows,
                "pairs": [{**p, "reasons": [r.as_dict() for r in p["reasons"]]} for p in pairs],
            }, ensure_ascii=False))
            return
        if not clusters:
            self.stdout.write(f"{len(records)} rows, no two are the same organisation.")
            return
        self.stdout.write(f"{len(records)} rows, {len(clusters)} groups of the same organisation:")
        by_pair = {(p["a"], p["b"]): p for p in pairs}
        for number, group in enumerate(clusters, 1):
            self.stdout.write("")
            self.stdout.write(f"Group {number}")
            for i in group:
                self.stdout.write(f"  line {i + 1:>5}  {_show(_label(records[i]))}")
            for i, a in enumerate(group):
                for b in group[i + 1:]:
                    pair = by_pair.get((a, b))
                    if pair:
                        why = " · ".join(r.text for r in pair["reasons"]) or "similar"
                        self.stdout.write(f"    {a + 1} ~ {b + 1}  {pair['probability']:.2f}  "
                                          f"{_show(why, 200)}")


def _row(i: int, r: Record) -> dict:
    out = {"row": i, "names": [n.text for n in r.names]}
    for field in ("acronym", "country", "website", "email"):
        if getattr(r, field):
            out[field] = getattr(r, field)
    return out


def _label(r: Record) -> str:
    text = " | ".join(n.text for n in r.names)
    extra = [v for v in (r.acronym, r.country, r.website, r.email) if v]
    return text + (f"  [{', '.join(extra)}]" if extra else "")


def _show(name: str, width: int = 100) -> str:
    shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in name)
    return shown if len(shown) <= width else shown[: width - 1] + "…"
