"""Time ``parse_letter`` on a generated 100,000-line signatory list.

Run from the repository root:  python bench/bench_import.py [--lines N] [--seed S]

The list mixes the shapes the parser meets in real letters: numbered lines, acronyms in
brackets or after a dash, countries after a comma or dash, qualifiers, names in two
scripts (glued or spaced), stray non-breaking spaces, numbering gaps and a few exact
and cross-language duplicates.  It prints lines per second for the parse without the
duplicate search, the time of the duplicate search on the parsed list (what
``parse_letter`` runs last), and the lines per second of the two together.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _load_parser():
    """The parser is pure Python: Django is set up only if importing it needs Django."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "undersigned.settings")
    from django.core.exceptions import AppRegistryNotReady, ImproperlyConfigured

    try:
        from undersigned.importing.letter_parser import parse_letter
    except (AppRegistryNotReady, ImproperlyConfigured):
        import django

        django.setup()
        from undersigned.importing.letter_parser import parse_letter
    return parse_letter


WORDS = ["Human", "Rights", "Centre", "Alliance", "Women", "Network", "Justice", "Youth",
         "Forum", "Peace", "Watch", "Foundation", "Defenders", "Society", "Legal", "Action",
         "Civic", "Freedom", "Democracy", "Equality", "Dignity", "Solidarity", "Land",
         "Water", "Climate", "Media", "Press", "Health", "Education", "Indigenous",
         "Peoples", "Labour", "Migrants", "Refugees", "Children", "Minorities", "Voices"]
KINDS = ["Association", "Coalition", "Institute", "Council", "Initiative", "Project",
         "Collective", "Platform", "Union", "Committee"]
COUNTRIES = ["Colombia", "Kenya", "Pakistan", "Sri Lanka", "France", "Brazil", "Nepal",
             "Ghana", "Peru", "Mexico", "Philippines", "Uganda", "Tunisia", "Indonesia"]
SYLLABLES = ["ka", "lu", "mba", "te", "so", "ra", "ni", "go", "za", "mi", "do", "ri", "an",
             "el", "vo", "shi", "ta", "ke", "nu", "bo", "le", "xa", "qui", "pe", "yo", "wa"]
HAN_SYLLABLES = "卡盧姆特索拉尼戈扎米多里安埃沃希塔克努博勒薩基佩約瓦"
CHINESE = ["人權", "婦女", "青年", "和平", "正義", "發展", "網絡", "聯盟", "中心", "協會", "基金會",
           "自由", "民主", "環境", "兒童", "組織"]


def generate(lines: int, seed: int = 52) -> str:
    rng = random.Random(seed)
    out = ["Joint letter on the renewal of the mandate", "", "27 February 2023", "",
           "Dear Excellencies,", "",
           "We, the undersigned organisations, urge your delegation to support the renewal "
           "of the mandate of the Special Rapporteur.", "",
           "• co-sponsor the resolution;", "• vote in favour.", ""]
    number = 0
    for i in range(lines):
        number += 2 if rng.random() < 0.001 else 1
        if i > 10 and rng.random() < 0.003:
            out.append(f"{number}. {rng.choice(out[11:]).split('. ', 1)[1]}")  # listed twice
            continue
        syllables = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))]
        place = "".join(syllables).capitalize()
        name = " ".join([place, *rng.sample(WORDS, rng.randint(1, 2)), rng.choice(KINDS)])
        name = f"{name} {rng.choice(['for', 'of'])} {rng.choice(WORDS)}"
        shape = rng.random()
        if shape < 0.25:
            acronym = "".join(w[0] for w in name.split() if w[0].isupper())
            line = f"{name} ({acronym}{i % 97})"
        elif shape < 0.40:
            line = f"{name} - {rng.choice(COUNTRIES)}"
        elif shape < 0.50:
            line = f"{name}, {rng.choice(COUNTRIES)}"
        elif shape < 0.65:
            glue = "" if rng.random() < 0.5 else " "
            chinese = "".join(HAN_SYLLABLES[SYLLABLES.index(x)] for x in syllables)
            line = f"{name}{glue}{chinese}{''.join(rng.sample(CHINESE, 2))}"
        elif shape < 0.67:
            line = f"{name}, within the framework of the {rng.choice(WORDS)} Observatory"
        elif shape < 0.68:
            line = f"{name}\u00a0"
        else:
            line = name
        out.append(f"{number}. {line}")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=52)
    args = parser.parse_args(argv)
    parse_letter = _load_parser()

    started = time.perf_counter()
    text = generate(args.lines, args.seed)
    generated = time.perf_counter() - started
    print(f"generated {args.lines:,} signatory lines ({len(text) / 1e6:.1f} MB) "
          f"in {generated:.1f} s")

    # Warm caches (country names, months, OpenCC); the duplicate search is timed below.
    parse_letter(generate(200, args.seed + 1), duplicates=False)

    started, cpu = time.perf_counter(), time.process_time()
    result = parse_letter(text, duplicates=False)
    plain, plain_cpu = time.perf_counter() - started, time.process_time() - cpu
    count = len(result["signatories"])
    print(f"parse_letter without duplicate search: {plain:.1f} s, "
          f"{count / plain:,.0f} lines/s ({count:,} signatories, "
          f"{len(result['anomalies']):,} anomalies; CPU {plain_cpu:.1f} s)")

    from undersigned.importing.duplicates import find_possible_duplicates

    started, cpu = time.perf_counter(), time.process_time()
    found = find_possible_duplicates(result["signatories"])
    search, search_cpu = time.perf_counter() - started, time.process_time() - cpu
    full = plain + search
    print(f"duplicate search on the same list:     {search:.1f} s ({len(found):,} reports; "
          f"CPU {search_cpu:.1f} s)")
    print(f"parse_letter with duplicate search:    {full:.1f} s, "
          f"{count / full:,.0f} lines/s (CPU {plain_cpu + search_cpu:.1f} s, "
          f"{count / (plain_cpu + search_cpu):,.0f} lines per CPU second)")
    assert count == args.lines, (count, args.lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
