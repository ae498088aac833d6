"""Importing 10,000 sign-on rows (a Google-Forms-style CSV) into SQLite and PostgreSQL
through `undersigned import-signons --verified`: time and rows per second, the reading of
the sheet and the writing measured apart.

    python bench/bench_import_db.py [--rows 10000]
"""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
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


def run_import(label: str, db_env: dict, sheet: Path, rows: int) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="undersigned-bench-import-"))
    env = {**os.environ, **db_env, "UNDERSIGNED_VAR": str(tmp),
           "DJANGO_SETTINGS_MODULE": "undersigned.settings", "EMAIL_ECHO": "0"}
    subprocess.run([PY, "-m", "undersigned.cli", "migrate", "-v0"], env=env, cwd=REPO, check=True)
    subprocess.run([PY, "-c", "import django; django.setup()\n"
                    "from undersigned.letters import services\n"
                    "from undersigned.letters.models import Letter\n"
                    "Letter.objects.filter(slug='bench-import').delete()\n"
                    "l = services.letter_create(slug='bench-import', source_lang='en', "
                    "languages=['en'], title='Bench')\n"
                    "services.letter_open(letter=l)\n"], env=env, cwd=REPO, check=True)
    read = subprocess.run(
        [PY, "-c", "import sys, time, django; django.setup()\n"
         "from undersigned.importing.sheets import read_signon_sheet\n"
         "t = time.perf_counter(); r = read_signon_sheet(sys.argv[1])\n"
         "print(time.perf_counter() - t, len(r.rows))", str(sheet)],
        env=env, cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    t0 = time.perf_counter()
    subprocess.run([PY, "-m", "undersigned.cli", "import-signons", str(sheet), "--letter",
                    "bench-import", "--verified"], env=env, cwd=REPO, check=True,
                   capture_output=True)
    total = time.perf_counter() - t0
    count = subprocess.run(
        [PY, "-c", "import django; django.setup()\n"
         "from undersigned.letters.models import Signature\n"
         "print(Signature.objects.filter(letter__slug='bench-import').count())"],
        env=env, cwd=REPO, capture_output=True, text=True, check=True).stdout.strip()
    print(f"  {label:<11} read {float(read[0]):6.2f} s ({int(read[1]) / float(read[0]):8.0f} "
          f"rows/s)   whole import command {total:6.2f} s ({rows / total:7.0f} rows/s)   "
          f"stored {count}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    sheet = Path(tempfile.mkdtemp()) / "responses.csv"
    make_sheet(sheet, args.rows)
    print(f"import of {args.rows} sign-on rows (verified sheet, one transaction)")
    run_import("sqlite", {"DATABASE_URL": ""}, sheet, args.rows)
    if pg_reachable():
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c",
                        "DROP DATABASE IF EXISTS undersigned_bench_import"], capture_output=True)
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-c",
                        "CREATE DATABASE undersigned_bench_import"], capture_output=True)
        run_import("postgresql", {"DATABASE_URL": PG_URL.rsplit("/", 1)[0]
                                  + "/undersigned_bench_import"}, sheet, args.rows)


if __name__ == "__main__":
    main()
