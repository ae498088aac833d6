"""Importing 10,000 sign-on rows (a Google-Forms-style CSV) into SQLite and PostgreSQL with
``importing.services.signons_import`` (what the page, the command and a background task
call): the reading of the sheet and the writing timed apart, wall and CPU, then the same
sheet imported again (nothing added twice).

    python bench/bench_import_db.py [--rows 10000]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_signon import PG_URL, PY, REPO, pg_reachable  # noqa: E402

HEADERS = ["Timestamp", "Name of your organisation", "Acronym (if any)",
           "Country where your organisation is based", "Email address", "Contact person",
           "Can we publish the name of your organisation?"]
COUNTRIES = ["Kenya", "Colombia", "Pakistan", "France", "Brazil", "Philippines", "Nepal", "Peru"]
KINDS = ["Human Rights Network", "Civic Space Watch", "Legal Aid Centre", "Women's Forum",
         "Association for Press Freedom", "Indigenous Peoples Council"]


SYLLABLES = ["ka", "lo", "mi", "ne", "su", "ta", "ri", "zo", "ba", "de", "fu", "ga", "hi",
             "jo", "pa", "vu", "ye", "wa", "ko", "li"]


def word(i: int) -> str:
    """A distinct made-up word per number (organisation names carry no digits)."""
    out = ""
    for _ in range(4):
        out += SYLLABLES[i % len(SYLLABLES)]
        i //= len(SYLLABLES)
    return out.capitalize()


def make_sheet(path: Path, rows: int) -> None:
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.writer(fh)
        w.writerow(HEADERS)
        for i in range(rows):
            country = COUNTRIES[i % len(COUNTRIES)]
            w.writerow([f"3/{1 + i % 28}/2023 10:{i % 60:02d}:00",
                        f"{word(i)} {KINDS[i % len(KINDS)]}", "", country,
                        f"desk{i}@org{i}.example", f"Contact {i}", "Yes" if i % 9 else "No"])


CHILD = """
import os, sys, time, json, django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from undersigned.letters import services
from undersigned.letters.models import Letter, Signature
from undersigned.importing.sheets import read_signon_sheet
from undersigned.importing.services import signons_import
Letter.objects.filter(slug="bench-import").delete()
letter = services.letter_open(letter=services.letter_create(
    slug="bench-import", source_lang="en", languages=["en"], title="Bench"))
t0, c0 = time.perf_counter(), time.process_time()
sheet = read_signon_sheet(sys.argv[1])
t1, c1 = time.perf_counter(), time.process_time()
report = signons_import(letter=letter, rows=sheet.rows, rejected=sheet.rejected,
                        source_name="responses.csv", verified=True)
t2, c2 = time.perf_counter(), time.process_time()
again = signons_import(letter=letter, rows=sheet.rows, rejected=sheet.rejected,
                       source_name="responses.csv", verified=True)
t3 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "read_cpu": c1 - c0, "import": t2 - t1,
                  "import_cpu": c2 - c1, "again": t3 - t2, "rows": len(sheet.rows),
                  "added": report.signatures_added, "again_added": again.signatures_added,
                  "stored": Signature.objects.filter(letter=letter).count()}))
"""


def run_import(label: str, db_env: dict, sheet: Path, rows: int) -> int:
    """Read and import in one process (the service a view or a background task calls):
    the read and the write timed apart, wall and CPU; then the same sheet again (nothing
    added twice). Returns the number of errors."""
    import json

    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-import-"))
    env = {**os.environ, **db_env, "UNDERSIGNED_VAR": str(tmp),
           "DJANGO_SETTINGS_MODULE": "undersigned.settings", "EMAIL_ECHO": "0"}
    out = subprocess.run([PY, "-c", CHILD, str(sheet)], env=env, cwd=REPO, capture_output=True,
                         text=True, check=True).stdout.strip().splitlines()[-1]
    r = json.loads(out)
    errors = int(r["stored"] != rows) + int(r["again_added"] != 0)
    print(f"  {label:<11} read {r['read']:5.2f} s (CPU {r['read_cpu']:4.2f})   import "
          f"{r['import']:5.2f} s (CPU {r['import_cpu']:4.2f}, {rows / r['import']:6.0f} rows/s; "
          f"goal under 5 s)   same sheet again {r['again']:4.2f} s, {r['again_added']} added   "
          f"stored {r['stored']}   errors {errors}")
    return errors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    sheet = Path(tempfile.mkdtemp()) / "responses.csv"
    make_sheet(sheet, args.rows)
    load = os.getloadavg()[0]
    print(f"import of {args.rows} sign-on rows (verified sheet, one transaction; load average "
          f"{load:.1f} on {os.cpu_count()} cores)")
    errors = run_import("sqlite", {"DATABASE_URL": ""}, sheet, args.rows)
    if pg_reachable():
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c",
                        "DROP DATABASE IF EXISTS undersigned_bench_import"], capture_output=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c",
                        "CREATE DATABASE undersigned_bench_import"], capture_output=True)
        errors += run_import("postgresql", {"DATABASE_URL": PG_URL.rsplit("/", 1)[0]
                                            + "/undersigned_bench_import"}, sheet, args.rows)
    print(f"  errors {errors}")


if __name__ == "__main__":
    main()
