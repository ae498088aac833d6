"""SIGKILL in the middle of ``undersigned import-letter``: the import is one transaction, so
afterwards there is no letter or a letter with all its signatories, never half of them; the
database opens and is intact; the same import run again completes.

The letter has FAULT_IMPORT_LINES numbered signatories (default 600: the import costs
30-60 ms per signatory on this 2-core machine, and the whole suite must stay within its
budget; 30,000 would take half an hour)."""

import json
import os
import random
import resource
import time

import pytest

from tests.fault.support import cpu_seconds, kill_in_write_phase, run_timed

pytestmark = pytest.mark.fault

LINES = int(os.environ.get("FAULT_IMPORT_LINES", "600"))
SLUG = "big"
SYLLABLES = ["ka", "vu", "mi", "te", "sa", "ro", "lo", "be", "na", "zi", "do", "pu", "ri", "go",
             "fe", "ha", "ju", "mo", "ne", "xi", "wa", "yo", "qu", "ce"]

HEAD = """Keep the record straight

To: Members of the Human Rights Council

Geneva, 3 March 2024

Dear Excellencies,

We, the undersigned organisations, write to ask you to keep the record straight.

Sincerely,

"""


def write_letter(path, lines: int) -> None:
    """A published letter: a short text, then ``N. Name N (ACR)`` lines whose names are
    far enough apart that the matcher links none of them to another."""
    rng = random.Random(20240303)
    out = [HEAD]
    for n in range(1, lines + 1):
        a = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        b = "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()
        out.append(f"{n}. {a} {b} Organisation {n} ({a[:2].upper()}{b[:2].upper()}{n})\n")
    path.write_text("".join(out), encoding="utf-8")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


STATE = """
from undersigned.letters.models import Letter, Signature
from undersigned.orgs.models import Organization, OrganizationName
letter = Letter.objects.filter(slug=%(slug)r).first()
out = {
    "letters": Letter.objects.count(),
    "letter": letter is not None,
    "status": letter.status if letter else None,
    "signatures": Signature.objects.filter(letter=letter).count() if letter else 0,
    "approved": Signature.objects.filter(letter=letter, state="approved", active=True).count()
    if letter else 0,
    "numbers": sorted(s["number"] for s in Signature.objects.filter(letter=letter)
                      .values_list("source", flat=True)) if letter else [],
    "all_signatures": Signature.objects.count(),
    "organizations": Organization.objects.count(),
    "names": OrganizationName.objects.count(),
}
"""


def test_sigkill_mid_import_leaves_nothing_or_everything(fresh_site, tmp_path):
    started = time.monotonic()
    path = tmp_path / "big-letter.txt"
    write_letter(path, LINES)
    site = fresh_site("import")
    before = site.django(STATE % {"slug": SLUG})

    if site.kind == "postgresql":
        # Sequences are not transactional: kill once 30 % of the signatures are inserted
        # (later ones cost more: the registry grows), about 40 % of the run.
        reference = ""

        def ready(_t_write, _now, _proc):
            return site.rows_written("letters_signature") >= 0.3 * LINES
    else:
        # An open SQLite transaction shows no progress outside: run a complete import on a
        # copy of the database, and kill when 40 % of the CPU time it took is spent (CPU
        # time, unlike the clock, does not stretch with the machine's load).
        copy = fresh_site.clone(site, "import-copy")
        ref = run_timed(copy, "import-letter", str(path), "--slug", SLUG,
                        log=tmp_path / "copy.log")
        reference = (f" (on a copy: write transaction at {ref.write_at:.1f}s, end "
                     f"{ref.total:.1f}s, {ref.cpu_total:.1f}s CPU)")

        def ready(_t_write, _now, proc):
            return cpu_seconds(proc.pid) >= 0.4 * ref.cpu_total

    proc = site.spawn_cli("import-letter", str(path), "--slug", SLUG, "--json",
                          log=tmp_path / "killed-import.log")
    timing = kill_in_write_phase(site, proc, ready=ready)
    site.wait_no_writer()

    assert site.integrity_check() == "ok"
    after_kill = site.django(STATE % {"slug": SLUG})
    if after_kill["letter"]:
        # The kill came after the commit: then everything must be there.
        assert after_kill["approved"] == LINES
        assert after_kill["numbers"] == list(range(1, LINES + 1))
    else:
        # Rolled back entirely: not one organisation, name or signature left behind.
        assert after_kill == before, after_kill

    t0, cpu0 = time.monotonic(), _children_cpu()
    proc = site.cli("import-letter", str(path), "--slug", SLUG, "--json", timeout=900)
    full, full_cpu = time.monotonic() - t0, _children_cpu() - cpu0
    report = json.loads(proc.stdout)
    final = site.django(STATE % {"slug": SLUG})
    print(f"\n[fault:{site.kind}] import of {LINES} signatories: write transaction open at "
          f"{timing['t_write']:.1f}s, SIGKILL at {timing['t_kill']:.1f}s "
          f"({timing['cpu_kill']:.1f}s CPU) = {100 * timing['cpu_kill'] / full_cpu:.0f}% of the "
          f"complete re-run's CPU time (re-run: {full:.1f}s, {full_cpu:.1f}s CPU); after "
          f"the kill{reference}: letter {'present' if after_kill['letter'] else 'absent'}, "
          f"{after_kill['all_signatures']} signatures, {after_kill['organizations']} "
          f"organisations; whole test {time.monotonic() - started:.0f}s")
    assert report["signatures_added"] + report["already_there"] == LINES
    assert final["status"] == "closed"
    assert final["approved"] == final["signatures"] == LINES
    assert final["numbers"] == list(range(1, LINES + 1))
    assert final["organizations"] == LINES
    assert site.integrity_check() == "ok"
